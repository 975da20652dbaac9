from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import NtmCommon


class TestPropagation(NtmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Propagation = cls.env["ntm.propagation"]
        cls.recognized = cls.env.ref("ntm_exemplar.stage_recognized")
        cls.propagate = cls.env.ref("ntm_exemplar.mail_act_propagate")

    def _recognised(self, unit):
        dossier = self.Exemplar.create(self._dossier_vals(unit))
        # Set as the council and the head would have: the guards are tested elsewhere.
        dossier.sudo().flush_recordset()
        self.env.cr.execute(
            "UPDATE ntm_exemplar SET stage_id = %s WHERE id = %s",
            [self.recognized.id, dossier.id],
        )
        dossier.invalidate_recordset()
        return dossier

    def _log(self, unit, when, channel="portal", user=None):
        return self.Propagation.with_user(user or self.users["officer", unit]).create(
            {"name": "Bài viết", "unit_id": unit.id, "date": when, "channel": channel}
        )

    def test_monthly_check_reminds_units_that_did_not_propagate(self):
        self._recognised(self.commune_a1)
        self._recognised(self.commune_a2)
        self._log(self.commune_a2, date(2026, 3, 20))
        self.Propagation._cron_monthly_check(today=date(2026, 4, 1))
        reminded = self.env["mail.activity"].search(
            [
                ("res_model", "=", "ntm.unit"),
                ("activity_type_id", "=", self.propagate.id),
            ]
        )
        self.assertEqual(reminded.mapped("res_id"), [self.commune_a1.id])
        self.assertEqual(reminded.user_id, self.users["manager", self.commune_a1])
        self.Propagation._cron_monthly_check(today=date(2026, 4, 2))
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "ntm.unit"),
                    ("activity_type_id", "=", self.propagate.id),
                ]
            ),
            1,
            "one reminder while the first is open",
        )

    def test_units_without_recognised_exemplars_are_not_reminded(self):
        self.Exemplar.create(self._dossier_vals(self.commune_b1))
        self.Propagation._cron_monthly_check(today=date(2026, 4, 1))
        self.assertFalse(
            self.env["mail.activity"].search(
                [
                    ("res_model", "=", "ntm.unit"),
                    ("activity_type_id", "=", self.propagate.id),
                ]
            )
        )

    def test_report_counts_by_unit_month_and_channel(self):
        self._log(self.commune_a1, date(2026, 3, 2), "portal")
        self._log(self.commune_a1, date(2026, 3, 9), "portal")
        self._log(self.commune_a1, date(2026, 3, 12), "television")
        self._log(self.commune_b1, date(2026, 4, 1), "portal")
        # What the pivot asks: counts per unit, month and channel.
        groups = self.Propagation._read_group(
            [("unit_id", "in", self.units.ids)],
            ["unit_id", "date:month", "channel"],
            ["__count"],
        )
        counts = {(unit, month, channel): n for unit, month, channel, n in groups}
        march, april = date(2026, 3, 1), date(2026, 4, 1)
        self.assertEqual(counts[self.commune_a1, march, "portal"], 2)
        self.assertEqual(counts[self.commune_a1, march, "television"], 1)
        self.assertEqual(counts[self.commune_b1, april, "portal"], 1)

    def test_a_unit_logs_only_its_own_propagation(self):
        with self.assertRaises(AccessError):
            self._log(self.commune_b1, date(2026, 3, 1), user=self.user_officer)
        record = self._log(self.commune_b1, date(2026, 3, 1))
        with self.assertRaises(AccessError):
            record.with_user(self.user_officer).read(["name"])
        self.assertIn(
            record,
            self.Propagation.with_user(self.users["manager", self.district_b]).search(
                []
            ),
        )

    def test_a_propagation_features_several_exemplars(self):
        first = self.Exemplar.create(self._dossier_vals())
        second = self.Exemplar.create(self._dossier_vals())
        record = self._log(self.commune_a1, date(2026, 3, 1))
        record.exemplar_ids = [(6, 0, (first | second).ids)]
        self.assertIn(record, first.propagation_ids)
        self.assertIn(record, second.propagation_ids)

    def test_writing_contest_entries_follow_the_exemplars_unit(self):
        dossier = self.Exemplar.create(self._dossier_vals(self.commune_b1))
        author = self.env["res.partner"].create({"name": "Nguyễn Thị Tác Giả"})
        entry = self.env["ntm.writing.entry"].create(
            {
                "name": "Người hiến đất mở đường",
                "author_id": author.id,
                "exemplar_id": dossier.id,
                "award": "first",
            }
        )
        self.assertEqual(entry.unit_id, self.commune_b1)
        with self.assertRaises(AccessError):
            entry.with_user(self.user_officer).read(["name"])


class TestFostering(NtmCommon):
    def test_a_fostering_plan_gives_each_helper_an_activity_by_its_deadline(self):
        dossier = self.Exemplar.create(self._dossier_vals())
        dossier.write(
            {
                "fostering_goal": "Hoàn thiện hồ sơ chứng nhận OCOP",
                "fostering_helper_ids": [
                    (6, 0, [self.user_manager.id, self.user_officer.id])
                ],
                "fostering_deadline": date(2026, 6, 30),
            }
        )
        fostering = self.env.ref("ntm_exemplar.mail_act_fostering")
        activities = dossier.activity_ids.filtered(
            lambda a: a.activity_type_id == fostering
        )
        self.assertEqual(activities.user_id, self.user_manager | self.user_officer)
        self.assertEqual(set(activities.mapped("date_deadline")), {date(2026, 6, 30)})
        dossier.fostering_deadline = date(2026, 9, 30)
        self.assertEqual(set(activities.mapped("date_deadline")), {date(2026, 9, 30)})
        self.assertEqual(
            len(
                dossier.activity_ids.filtered(lambda a: a.activity_type_id == fostering)
            ),
            2,
        )

    @mute_logger("odoo.sql_db")
    def test_one_follow_up_per_year(self):
        dossier = self.Exemplar.create(self._dossier_vals())
        Followup = self.env["ntm.exemplar.followup"]
        Followup.create(
            {"exemplar_id": dossier.id, "year": 2026, "notes": "Mở rộng sản xuất"}
        )
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            Followup.create(
                {"exemplar_id": dossier.id, "year": 2026, "notes": "Lặp lại"}
            )

    def test_the_dossier_shows_the_nominees_history(self):
        old = self.Exemplar.create(self._dossier_vals(partner=self.nominee, year=2024))
        new = self.Exemplar.create(self._dossier_vals(partner=self.nominee, year=2026))
        other = self.Exemplar.create(self._dossier_vals())
        self.assertEqual(new.partner_dossier_ids, old | new)
        self.assertNotIn(other, new.partner_dossier_ids)
