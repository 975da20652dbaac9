"""The reform of 1 July 2025: dated units, the reform as shipped data, reads
across it, refusals on former units, deciding levels and categories by date,
users of former units."""

import csv
import os
from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import format_date

from ..models.hanoi_date import hanoi_today
from .common import NtmCommon

DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data")


def _read(name):
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@tagged("post_install", "-at_install")
class TestShippedReform(NtmCommon):
    """The shipped units as the reform left them."""

    def ref(self, xmlid):
        return self.env.ref(f"ntm_exemplar.{xmlid}")

    def test_the_126_new_units_are_those_of_the_data_file(self):
        rows = _read("ntm.unit-2025.csv")
        units = self.env["ntm.unit"].search([("valid_from", "=", "2025-07-01")])
        self.assertEqual(len(units), 126)
        self.assertEqual(units.mapped("unit_type").count("ward"), 51)
        self.assertEqual(units.mapped("unit_type").count("commune"), 75)
        shipped = {row["id"]: row for row in rows}
        for xmlid, row in shipped.items():
            unit = self.ref(xmlid)
            self.assertEqual(
                (unit.name, unit.code, unit.unit_type, unit.parent_id),
                (row["name"], row["code"], row["unit_type"], self.ref("unit_hanoi")),
            )
            self.assertTrue(unit.is_operating)

    def test_every_former_unit_is_linked_to_its_receiving_units(self):
        Unit = self.env["ntm.unit"].with_context(active_test=False)
        for row in _read("ntm.unit-reform_2025.csv"):
            unit = self.ref(row["id"])
            receivers = [r for r in row["receiving_unit_ids:id"].split(",") if r]
            with self.subTest(unit=unit.name):
                self.assertEqual(unit.reorganization, row["reorganization"])
                self.assertEqual(unit.valid_until, date(2025, 6, 30))
                self.assertFalse(unit.is_operating)
                self.assertEqual(
                    unit.successor_id,
                    self.ref(row["successor_id:id"])
                    if row["successor_id:id"]
                    else Unit,
                )
                self.assertEqual(
                    unit.receiving_unit_ids,
                    Unit.browse([self.ref(r).id for r in receivers]),
                )

    def test_hand_checked_successors(self):
        self.assertEqual(
            self.ref("unit_commune_00481").successor_id.name, "Xã Phúc Thịnh"
        )
        self.assertEqual(
            self.ref("unit_commune_00505").successor_id.name, "Xã Đông Anh"
        )
        self.assertEqual(
            self.ref("unit_commune_09592").successor_id.name, "Phường Sơn Tây"
        )
        bat_trang = self.ref("unit_commune_00583")
        self.assertEqual(bat_trang.successor_id.name, "Xã Bát Tràng")
        self.assertGreater(len(bat_trang.receiving_unit_ids), 1)

    def test_a_code_names_one_unit_at_a_time(self):
        # Phường Bạch Mai kept its name and code: two units, one after the other.
        bach_mai = self.env["ntm.unit"].search([("name", "=", "Phường Bạch Mai")])
        former, new = bach_mai.filtered("valid_until"), bach_mai.filtered("valid_from")
        self.assertEqual(len(former | new), 2)
        self.assertEqual(former.code, new.code)
        self.assertEqual(former.valid_until, date(2025, 6, 30))
        with self.assertRaises(ValidationError):
            self.env["ntm.unit"].create(
                {
                    "name": "Phường trùng mã",
                    "code": new.code,
                    "unit_type": "ward",
                    "valid_from": "2026-01-01",
                }
            )

    def test_a_former_unit_shows_its_end_date(self):
        van_noi = self.ref("unit_commune_00481").with_context(lang="en_US")
        end = format_date(van_noi.env, date(2025, 6, 30))
        self.assertEqual(
            van_noi.display_name, f"Huyện Đông Anh / Xã Vân Nội (until {end})"
        )
        if self.env["res.lang"]._lang_get("vi_VN").active:
            self.assertEqual(
                van_noi.with_context(lang="vi_VN").display_name,
                "Huyện Đông Anh / Xã Vân Nội (đến 30/06/2025)",
            )

    def test_a_dissolved_district_refuses_new_dossiers_with_the_reason(self):
        officer = self._new_user(
            "t_dong_anh_officer",
            "ntm_exemplar.group_officer",
            self.ref("unit_district_017"),
        )
        vals = self._dossier_vals(self.ref("unit_district_017"))
        district_dossiers = self.Exemplar.search(
            [("unit_id", "=", self.ref("unit_district_017").id)]
        )
        day = format_date(officer.env, date(2025, 7, 1))
        with self.assertRaisesRegex(
            UserError,
            f"Huyện Đông Anh was dissolved on {day}; choose a unit in operation",
        ):
            self.Exemplar.with_user(officer).create(vals)
        if self.env["res.lang"]._lang_get("vi_VN").active:
            with self.assertRaisesRegex(
                UserError,
                "Huyện Đông Anh đã giải thể từ 01/07/2025; chọn đơn vị hiện hành",
            ):
                self.Exemplar.with_user(officer).with_context(lang="vi_VN").create(vals)
        # Its history stays; nothing was added.
        self.assertEqual(
            self.Exemplar.search([("unit_id", "=", self.ref("unit_district_017").id)]),
            district_dossiers,
        )

    def test_a_merged_commune_names_its_successor_in_the_refusal(self):
        van_noi = self.ref("unit_commune_00481")
        officer = self._new_user(
            "t_van_noi_officer", "ntm_exemplar.group_officer", van_noi
        )
        with self.assertRaisesRegex(
            UserError, "Xã Vân Nội was merged into Xã Phúc Thịnh"
        ):
            self.Exemplar.with_user(officer).create(self._dossier_vals(van_noi))
        for model, vals in (
            ("ntm.council", {"name": "Hội đồng xã Vân Nội"}),
            ("ntm.propagation", {"name": "Tin bài", "channel": "radio"}),
        ):
            with self.subTest(model=model), self.assertRaises(UserError):
                self.env[model].with_user(officer).create(
                    {**vals, "unit_id": van_noi.id}
                )

    def test_a_council_of_a_dissolved_district_holds_no_new_session(self):
        district = self.ref("unit_district_017")
        with patch.object(type(self.env["ntm.council"]), "_unit_must_operate", False):
            council = self.env["ntm.council"].create(
                {"name": "Hội đồng huyện", "unit_id": district.id}
            )
        with self.assertRaisesRegex(UserError, "Huyện Đông Anh was dissolved"):
            self.env["ntm.council.session"].create(
                {"name": "Phiên 2026", "council_id": council.id, "year": 2026}
            )

    def test_a_2024_dossier_prints_its_former_issuer(self):
        van_noi = self.ref("unit_commune_00481")
        with patch.object(type(self.Exemplar), "_unit_must_operate", False):
            dossier = self.Exemplar.create(self._dossier_vals(van_noi, year=2024))
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "ntm_exemplar.action_report_exemplar_achievements", dossier.ids
        )
        self.assertIn("XÃ VÂN NỘI", html.decode().upper())
        self.assertNotIn("PHÚC THỊNH", html.decode().upper())

    def test_each_receiving_unit_of_a_divided_commune_reads_its_dossiers(self):
        bat_trang = self.ref("unit_commune_00583")
        with patch.object(type(self.Exemplar), "_unit_must_operate", False):
            dossier = self.Exemplar.create(self._dossier_vals(bat_trang, year=2024))
        for receiver in bat_trang.receiving_unit_ids:
            officer = self._new_user(
                f"t_recv_{receiver.id}", "ntm_exemplar.group_officer", receiver
            )
            with self.subTest(unit=receiver.name):
                self.assertEqual(
                    self.Exemplar.with_user(officer).search([("id", "=", dossier.id)]),
                    dossier,
                )
                with self.assertRaises(AccessError):
                    dossier.with_user(officer).write({"name": "Sửa hồ sơ cũ"})
        neighbour = self.ref("unit_2025_00466")  # Xã Phúc Thịnh, not a receiver
        officer = self._new_user("t_neighbour", "ntm_exemplar.group_officer", neighbour)
        self.assertFalse(
            self.Exemplar.with_user(officer).search([("id", "=", dossier.id)])
        )

    def test_district_categories_take_no_dossier_after_2025(self):
        phuc_thinh = self.ref("unit_2025_00466")
        with self.assertRaisesRegex(
            ValidationError, "accepts dossiers up to the year 2025"
        ):
            self.Exemplar.create(
                self._dossier_vals(phuc_thinh, category="district", year=2026)
            )
        dossier = self.Exemplar.create(
            self._dossier_vals(phuc_thinh, category="commune", year=2026)
        )
        self.assertEqual(dossier.category, "commune")

    def test_the_commune_chairman_decides_grassroots_titles_since_the_reform(self):
        form = self.ref("reward_title_grassroots_fighter")
        self.assertEqual(
            form._level_for(self.ref("unit_2025_00466"), date(2026, 1, 10)), "commune"
        )
        self.assertEqual(
            form._level_for(self.ref("unit_commune_00481"), date(2025, 1, 10)),
            "district",
        )

    def test_district_commendations_are_refused_after_the_reform(self):
        phuc_thinh = self.ref("unit_2025_00466")
        Proposal = self.env["ntm.reward.proposal"]
        with self.assertRaisesRegex(ValidationError, "No authority decides"):
            Proposal.create(
                {
                    "unit_id": phuc_thinh.id,
                    "reward_form_id": self.ref(
                        "reward_form_district_commendation_thematic"
                    ).id,
                    "date": "2026-01-20",
                }
            )
        proposal = Proposal.create(
            {
                "unit_id": phuc_thinh.id,
                "reward_form_id": self.ref("reward_form_commune_commendation").id,
                "date": "2026-01-20",
            }
        )
        self.assertEqual(proposal.addressee, "Ủy ban nhân dân xã Phúc Thịnh")

    def test_a_memo_cites_the_decree_in_force_at_its_date(self):
        proposal = self.env["ntm.reward.proposal"].create(
            {
                "unit_id": self.ref("unit_2025_00466").id,
                "reward_form_id": self.ref("reward_form_commune_commendation").id,
                "date": "2026-01-20",
            }
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("ntm_exemplar.report_reward_proposal", proposal.ids)[0]
            .decode()
        )
        self.assertIn("Nghị định số 152/2025/NĐ-CP", html)
        self.assertNotIn("98/2023", html)
        proposal.date = date(2025, 2, 10)
        self.assertIn("Nghị định số 98/2023/NĐ-CP", proposal._decree())


@tagged("post_install", "-at_install")
class TestReformMechanics(NtmCommon):
    """A reform made by the admin on the test tree: A1 and A2 end, B1
    receives A1 whole; A2 is divided between B1 (main) and B2."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dossier_a1 = cls.Exemplar.create(
            cls._dossier_vals(cls.commune_a1, name="Hồ sơ A1")
        )
        cls.dossier_a2 = cls.Exemplar.create(
            cls._dossier_vals(cls.commune_a2, name="Hồ sơ A2")
        )
        cls.commune_a1.write(
            {"reorganization": "merged", "successor_id": cls.commune_b1.id}
        )
        cls.commune_a2.write(
            {
                "reorganization": "merged",
                "successor_id": cls.commune_b1.id,
                "receiving_unit_ids": [(6, 0, (cls.commune_b1 | cls.commune_b2).ids)],
            }
        )
        cls.officer_b1 = cls.users["officer", cls.commune_b1]
        cls.officer_b2 = cls.users["officer", cls.commune_b2]

    def test_a_merge_without_date_ends_the_unit_yesterday(self):
        today = hanoi_today()
        self.assertEqual(self.commune_a1.valid_until, today - timedelta(days=1))
        self.assertFalse(self.commune_a1.is_operating)
        self.assertEqual(self.commune_a1.receiving_unit_ids, self.commune_b1)

    def test_the_day_is_hanois_whatever_the_users_time_zone(self):
        # 23:30 UTC on 2 Dec is 06:30 on 3 Dec in Hanoi: a user with no time
        # zone (UTC for Odoo) files on Hanoi's day, as one set to Hanoi does.
        utc_user = self.users["officer", self.commune_b1]
        utc_user.tz = False
        with freeze_time("2026-12-02 23:30:00"):
            self.assertEqual(hanoi_today(), date(2026, 12, 3))
            unit = self.env["ntm.unit"].create(
                {"name": "Xã thử", "unit_type": "commune", "parent_id": self.city.id}
            )
            unit.write({"reorganization": "dissolved"})
            self.assertEqual(unit.valid_until, date(2026, 12, 2))
            self.assertIn(
                unit, self.env["ntm.unit"].search([("is_operating", "=", False)])
            )
            session = (
                self.env["ntm.council.session"]
                .with_user(utc_user)
                .default_get(["date"])
            )
            self.assertEqual(session["date"], date(2026, 12, 3))

    def test_the_successor_reads_and_cannot_write(self):
        Exemplar = self.Exemplar.with_user(self.officer_b1)
        self.assertEqual(
            Exemplar.search([("id", "in", (self.dossier_a1 | self.dossier_a2).ids)]),
            self.dossier_a1 | self.dossier_a2,
        )
        with self.assertRaises(AccessError):
            self.dossier_a1.with_user(self.officer_b1).write({"name": "Sửa"})
        self.assertEqual(self.dossier_a1.name, "Hồ sơ A1")

    def test_a_partial_receiver_reads_only_the_divided_unit(self):
        Exemplar = self.Exemplar.with_user(self.officer_b2)
        self.assertEqual(
            Exemplar.search([("id", "in", (self.dossier_a1 | self.dossier_a2).ids)]),
            self.dossier_a2,
        )

    def test_a_neighbouring_unit_sees_nothing_of_the_former_units(self):
        neighbour = self.env["ntm.unit"].create(
            {"name": "Xã C", "unit_type": "commune", "parent_id": self.district_b.id}
        )
        stranger = self._new_user("t_stranger", "ntm_exemplar.group_officer", neighbour)
        self.assertFalse(
            self.Exemplar.with_user(stranger).search(
                [("id", "in", (self.dossier_a1 | self.dossier_a2).ids)]
            )
        )
        with self.assertRaises(AccessError):
            self.dossier_a1.with_user(stranger).read(["name"])

    def test_reads_follow_a_chain_of_reforms(self):
        self.commune_b1.write(
            {"reorganization": "merged", "successor_id": self.commune_b2.id}
        )
        self.assertEqual(
            self.Exemplar.with_user(self.officer_b2).search(
                [("id", "in", (self.dossier_a1 | self.dossier_a2).ids)]
            ),
            self.dossier_a1 | self.dossier_a2,
        )

    def test_users_of_former_units_are_listed_and_reassigned_by_the_admin(self):
        officer_a1 = self.users["officer", self.commune_a1]
        listed = self.env["res.users"].search([("ntm_former_unit_ids", "!=", False)])
        self.assertIn(officer_a1, listed)
        self.assertNotIn(self.officer_b1, listed)
        self.assertEqual(officer_a1.ntm_suggested_unit_ids, self.commune_b1)
        with self.assertRaises(AccessError):
            officer_a1.with_user(self.user_officer).action_ntm_reassign_units()
        self.assertEqual(officer_a1.ntm_unit_ids, self.commune_a1)
        officer_a1.action_ntm_reassign_units()
        self.assertEqual(officer_a1.ntm_unit_ids, self.commune_b1)
        self.assertNotIn(
            officer_a1,
            self.env["res.users"].search([("ntm_former_unit_ids", "!=", False)]),
        )

    def test_summary_report_counts_by_the_units_of_the_year_or_of_today(self):
        report = self.env["ntm.summary.report"].create(
            {"unit_id": self.city.id, "year": hanoi_today().year, "kind": "annual"}
        )
        by_year = {row["unit"]: row["total"] for row in report._stats_by_unit()}
        self.assertEqual(by_year[self.district_a], 2)
        report.unit_grouping = "today"
        by_today = {row["unit"]: row["total"] for row in report._stats_by_unit()}
        self.assertEqual(by_today[self.district_b], 2)
        self.assertFalse(by_today.get(self.district_a))
