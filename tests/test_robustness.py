"""Misuse and bad input, tried on purpose: each attempt must be refused with a
clear message, in the user's language, and leave the database as it was."""

import base64
import logging
import sys
from datetime import timedelta

from odoo.exceptions import AccessError, MissingError
from odoo.tests import Form, new_test_user, tagged

from ..models.hanoi_date import hanoi_today
from .common import MisuseCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestRobustness(MisuseCommon):
    """Every attempt goes through `_refused`, which counts it; the count of
    attempts and refusals is printed when the class is done."""

    attempts = 0
    refused = 0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = hanoi_today()
        cls.stages = {
            key: cls.env.ref(f"ntm_exemplar.stage_{key}")
            for key in (
                "discovered",
                "fostering",
                "recognized",
                "proposed_city",
                "rewarded",
            )
        }

    @classmethod
    def tearDownClass(cls):
        summary = f"Robustness: {cls.attempts} attempts, {cls.refused} refused"
        sys.stdout.write(f"\n{summary}\n")
        sys.stdout.flush()
        _logger.info(summary)
        super().tearDownClass()

    # ------------------------------------------------------------------
    # Thresholds and settings
    # ------------------------------------------------------------------

    def _save_settings(self, values, lang="en_US"):
        admin = self.user_settings_admin
        form = Form(
            self.env["res.config.settings"].with_user(admin).with_context(lang=lang)
        )
        for field, value in values.items():
            setattr(form, field, value)
        form.save().execute()

    def test_out_of_range_thresholds_are_refused(self):
        # Thresholds of a plan without decided dossiers (Settings edit those
        # of the current plan: tests/test_settings.py).
        plan = self._past_plan()
        criteria = {c.code: c.with_user(self.user_admin) for c in plan.criterion_ids}
        cases = [
            ("TC.H01", {"threshold": 120}, ("percentage", "between 0 and 100")),
            ("TC.H11", {"threshold": -1}, ("percentage",)),
            ("TC.H03", {"threshold": -5}, ("cannot be negative",)),
            (
                "TC.H09",
                {"measure": "range", "threshold": 90, "threshold_max": 85},
                ("low end of the range",),
            ),
        ]
        for code, vals, words in cases:
            self._refused(
                f"criterion {code} {vals}",
                lambda code=code, vals=vals: criteria[code].write(vals),
                words,
            )
        cases = [
            (
                {"ntm_quorum_numerator": 3, "ntm_quorum_denominator": 2},
                ("share", "between 0 and 1"),
            ),
            ({"ntm_approval_denominator": 0}, ("share",)),
            ({"ntm_review_deadline_day": 31, "ntm_review_deadline_month": 2}, ("day",)),
            ({"ntm_review_reminder_days": -3}, ("reminder", "negative")),
        ]
        for values, words in cases:
            self._refused(
                f"settings {values}",
                lambda values=values: self._save_settings(values),
                words,
            )
        self._refused(
            "settings: a share above 1, in Vietnamese",
            lambda: self._save_settings(
                {"ntm_quorum_numerator": 3, "ntm_quorum_denominator": 2}, lang="vi_VN"
            ),
            ("Tỷ lệ phải là",),
            vietnamese=True,
        )
        income = criteria["TC.H03"]
        self._login(self.user_admin)
        self._refused(
            "a negative criterion threshold over JSON-RPC",
            lambda: self._rpc(
                "ntm.criterion", "write", [[income.id], {"threshold": -1}]
            ),
            ("cannot be negative",),
        )

    # ------------------------------------------------------------------
    # Dates
    # ------------------------------------------------------------------

    def test_a_heads_decision_dated_before_the_session_is_refused(self):
        dossier = self._candidate()
        session = self._session(dossier)
        session.action_open()
        self._vote(session, dossier, {i: "agree" for i in range(10)})
        session.action_close()
        result = self._result(session, dossier).with_user(
            self.users["manager", self.district_a]
        )
        result.write(
            {
                "decision_number": "30/QĐ-UBND",
                "decision_date": session.date - timedelta(days=1),
            }
        )
        self._refused(
            "recognise with a decision dated the day before the session",
            result.action_recognize,
            ("decision", "before the council session"),
        )
        self._refused(
            "not select with a decision dated the day before the session",
            result.action_not_select,
            ("decision", "before the council session"),
        )

    def test_a_recorded_decision_cannot_be_backdated_before_the_session(self):
        dossier = self._recognised(1)
        result = dossier.council_result_ids.with_user(
            self.users["manager", self.district_a]
        )
        self._refused(
            "move a recorded decision's date before the session",
            lambda: result.write(
                {"decision_date": result.session_id.date - timedelta(days=30)}
            ),
            ("no longer change",),
        )

    def test_a_dossier_year_outside_the_filing_years_is_refused(self):
        too_far = self.today.year + 2
        vals = self._dossier_vals(year=too_far)
        Exemplar = self.Exemplar.with_user(self.user_officer)
        self._refused(
            "file a dossier two years ahead",
            lambda: Exemplar.create(vals),
            ("too far ahead", str(too_far)),
        )
        dossier = self._new_dossier(self.user_officer)
        self._refused(
            "move a dossier two years ahead",
            lambda: dossier.write({"year": too_far}),
            ("too far ahead",),
        )
        self._refused(
            "a year before 2000",
            lambda: dossier.write({"year": 1999}),
            ("between 2000 and 2100",),
        )

    def test_a_dossier_for_next_year_is_accepted(self):
        dossier = self._new_dossier(self.user_officer, year=self.today.year + 1)
        self.assertEqual(dossier.year, self.today.year + 1)

    # ------------------------------------------------------------------
    # The review pipeline
    # ------------------------------------------------------------------

    def test_an_officer_cannot_skip_stages_over_json_rpc(self):
        dossier = self._new_dossier(self.user_officer)
        self.assertEqual(dossier.stage_id, self.stages["discovered"])
        recognized = self.stages["recognized"].id
        self._login(self.user_officer)
        self._refused(
            "officer: write discovered -> recognised",
            lambda: self._rpc(
                "ntm.exemplar", "write", [[dossier.id], {"stage_id": recognized}]
            ),
            ("by hand",),
        )
        self._refused(
            "officer: web_save discovered -> recognised",
            lambda: self._rpc(
                "ntm.exemplar",
                "web_save",
                [[dossier.id], {"stage_id": recognized}],
                {"specification": {"stage_id": {}}},
            ),
            ("by hand",),
        )
        self._login(self.user_officer, lang="vi_VN")
        self._refused(
            "officer: write discovered -> recognised, in Vietnamese",
            lambda: self._rpc(
                "ntm.exemplar", "write", [[dossier.id], {"stage_id": recognized}]
            ),
            ("chuyển thủ công",),
            vietnamese=True,
        )

    def test_a_manager_cannot_skip_the_council_over_json_rpc(self):
        dossier = self._new_dossier(self.user_manager)
        self._evaluate_all(dossier)
        self.assertTrue(dossier.is_eligible)
        self._login(self.user_manager)
        for key in ("recognized", "proposed_city", "rewarded"):
            self._refused(
                f"manager: discovered -> {key}",
                lambda key=key: self._rpc(
                    "ntm.exemplar",
                    "write",
                    [[dossier.id], {"stage_id": self.stages[key].id}],
                ),
                ("by hand",),
            )

    def test_a_second_open_dossier_of_a_nominee_in_a_year_is_refused(self):
        self._new_dossier(self.user_officer, partner=self.nominee)
        vals = self._dossier_vals(self.commune_a1, partner=self.nominee)
        Exemplar = self.Exemplar.with_user(self.user_officer)
        self._refused(
            "a second dossier for the same nominee and year",
            lambda: Exemplar.create(vals),
            ("already has an open dossier",),
        )
        self._refused(
            "a second dossier for the same nominee and year, in Vietnamese",
            lambda: self._vi(Exemplar).create(vals),
            ("đã có hồ sơ",),
            vietnamese=True,
        )
        other_unit = self._dossier_vals(self.commune_b1, partner=self.nominee)
        self._refused(
            "the same nominee filed by another unit",
            lambda: self.Exemplar.with_user(
                self.users["officer", self.commune_b1]
            ).create(other_unit),
            ("already has an open dossier",),
        )

    # ------------------------------------------------------------------
    # The secret ballot
    # ------------------------------------------------------------------

    def _open_session(self):
        dossier = self._candidate()
        session = self._session(dossier)
        session.action_open()
        return dossier, session

    def _ballot(self, session, member):
        return (
            self.env["ntm.ballot"]
            .sudo()
            .search([("session_id", "=", session.id), ("user_id", "=", member.id)])
            .sudo(False)
        )

    def test_a_non_member_cannot_vote(self):
        dossier, session = self._open_session()
        outsider = new_test_user(
            self.env,
            login="t_outsider",
            groups="base.group_user,ntm_exemplar.group_council",
            lang="vi_VN",
            ntm_unit_ids=[(6, 0, self.district_a.ids)],
        )
        self._refused(
            "a non-member votes on the agenda",
            lambda: dossier.with_user(outsider).action_cast_vote("agree"),
            ("no open ballot",),
        )
        self._refused(
            "a non-member votes on the agenda, in Vietnamese",
            lambda: self._vi(dossier.with_user(outsider)).action_cast_vote("agree"),
            ("không có phiếu",),
            vietnamese=True,
        )
        ballot = {"session_id": session.id, "exemplar_id": dossier.id}
        Ballot = self.env["ntm.ballot"].with_user(outsider)
        self._refused(
            "a non-member slips a ballot of their own into the box",
            lambda: self._vi(Ballot).create(ballot),
            ("mở bỏ phiếu",),
            vietnamese=True,
        )
        self._refused(
            "a non-member slips a ballot in someone else's name",
            lambda: Ballot.create({**ballot, "user_id": self.user_manager.id}),
            ("never by hand",),
        )

    def test_an_absent_member_cannot_vote(self):
        dossier = self._candidate()
        session = self._session(dossier, absent=1)
        session.action_open()
        absent = session.attendance_ids.filtered(lambda a: a.state == "absent").user_id
        self._refused(
            "an absent member votes on the agenda",
            lambda: dossier.with_user(absent).action_cast_vote("agree"),
            ("no open ballot",),
        )
        Ballot = self.env["ntm.ballot"].with_user(absent)
        ballot = {"session_id": session.id, "exemplar_id": dossier.id}
        self._refused(
            "an absent member slips a ballot into the box",
            lambda: Ballot.create(ballot),
            ("never by hand",),
        )
        self._refused(
            "an absent member slips a ballot into the box, in Vietnamese",
            lambda: self._vi(Ballot).create(ballot),
            ("mở bỏ phiếu",),
            vietnamese=True,
        )

    def test_a_member_votes_once(self):
        dossier, session = self._open_session()
        member = self.members[0]
        self._vote(session, dossier, {0: "agree"})
        ballot = self._ballot(session, member).with_user(member)
        self._refused(
            "change a cast vote",
            lambda: ballot.action_cast_vote("disagree"),
            ("already cast",),
        )
        self._refused(
            "vote again from the dossier",
            lambda: dossier.with_user(member).action_cast_vote("agree"),
            ("already cast",),
        )
        self._refused(
            "change a cast vote, in Vietnamese",
            lambda: self._vi(ballot).action_cast_vote("disagree"),
            ("phiếu đã được bỏ",),
            vietnamese=True,
        )
        self._login(member)
        self._refused(
            "a second ballot for the same dossier over JSON-RPC",
            lambda: self._rpc(
                "ntm.ballot",
                "create",
                [{"session_id": session.id, "exemplar_id": dossier.id}],
            ),
            ("never by hand",),
        )

    def test_nobody_votes_after_closing(self):
        dossier, session = self._open_session()
        member = self.members[1]
        ballot = self._ballot(session, member)
        session.action_close()
        self._refused(
            "vote from the dossier after closing",
            lambda: dossier.with_user(member).action_cast_vote("agree"),
            ("no open ballot",),
        )
        self._refused(
            "write the ballot after closing",
            lambda: ballot.with_user(member).write({"vote": "agree"}),
            ("ntm.ballot",),
            exc=(AccessError, MissingError),
        )

    def test_an_admin_cannot_read_a_ballot(self):
        dossier, session = self._open_session()
        self._vote(session, dossier, {0: "agree"})
        ballot = self._ballot(session, self.members[0])
        for admin in (self.user_settings_admin, self.env.ref("base.user_admin")):
            self._refused(
                f"{admin.login} reads a ballot",
                lambda admin=admin: ballot.with_user(admin).read(["vote", "user_id"]),
                ("ntm.ballot",),
                exc=AccessError,
            )
        # Access errors speak the language of the user's preferences.
        self.user_settings_admin.lang = "vi_VN"
        self._refused(
            "an admin reads a ballot, in Vietnamese",
            lambda: ballot.with_user(self.user_settings_admin).read(["vote"]),
            ("không có quyền",),
            exc=AccessError,
            vietnamese=True,
        )

    # ------------------------------------------------------------------
    # The top five
    # ------------------------------------------------------------------

    def test_a_sixth_top_five_pick_is_refused(self):
        six = self._recognised(6)
        coordinator = self.user_coordinator
        form = Form(self.env["ntm.top.five.wizard"].with_user(coordinator))
        form.year = self.today.year
        wizard = form.save()
        # Only these six: the wizard preselects the first five of the year.
        wizard.line_ids.write({"is_selected": False})
        wizard.line_ids.filtered(lambda line: line.exemplar_id in six).write(
            {"is_selected": True}
        )
        self._refused(
            "confirm six picks in the wizard",
            wizard.action_confirm,
            ("exactly five", "not 6"),
        )
        self._refused(
            "confirm six picks in the wizard, in Vietnamese",
            self._vi(wizard).action_confirm,
            ("đúng 05",),
            vietnamese=True,
        )
        TopFive = self.env["ntm.top.five"].with_user(coordinator)
        self._refused(
            "create a top five of six",
            lambda: TopFive.create(
                {"year": self.today.year, "exemplar_ids": [(6, 0, six.ids)]}
            ),
            ("never created by hand",),
        )

    # ------------------------------------------------------------------
    # The import of a proposal list
    # ------------------------------------------------------------------

    def test_a_file_that_is_not_excel_is_refused_by_the_import(self):
        Import = self.env["ntm.exemplar.import"].with_user(self.user_officer)
        files = {
            "danh_sach.csv": "STT;Tên;Nhóm\n1;Hộ ông A;Cá nhân\n".encode(),
            "danh_sach.xlsx": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
            "trong.xlsx": b"",
        }
        for name, content in files.items():
            wizard = Import.create(
                {"file": base64.b64encode(content) or False, "file_name": name}
            )
            self._refused(
                f"import {name}",
                wizard.action_import,
                ("excel",),
            )

    # ------------------------------------------------------------------
    # Units and stages
    # ------------------------------------------------------------------

    def test_a_unit_cannot_become_its_own_ancestor(self):
        Unit = self.env["ntm.unit"].with_user(self.user_admin)
        cases = (
            ("a unit as its own parent", self.commune_a1, self.commune_a1),
            ("a district under its commune", self.district_a, self.commune_a1),
            ("the city under a commune", self.city, self.commune_b2),
        )
        for label, unit, parent in cases:
            self._refused(
                label,
                lambda unit=unit, parent=parent: Unit.browse(unit.id).write(
                    {"parent_id": parent.id}
                ),
                ("cannot be placed under", parent.name),
            )

    def test_a_unit_in_use_is_not_deleted_over_json_rpc(self):
        self._new_dossier(unit=self.commune_a1)
        self._login(self.user_admin)
        self._refused(
            "delete a commune holding a dossier",
            lambda: self._rpc("ntm.unit", "unlink", [[self.commune_a1.id]]),
            ("another model requires the record", "archive it instead"),
        )
        self._refused(
            "delete a district holding communes",
            lambda: self._rpc("ntm.unit", "unlink", [[self.district_b.id]]),
            ("archive it instead",),
        )
        self._login(self.user_admin, lang="vi_VN")
        self._refused(
            "delete a commune holding a dossier, in Vietnamese",
            lambda: self._rpc("ntm.unit", "unlink", [[self.commune_a1.id]]),
            ("lưu trữ",),
            vietnamese=True,
        )

    def test_a_stage_in_use_is_not_deleted(self):
        Stage = self.env["ntm.exemplar.stage"].with_user(self.user_admin)
        paused = Stage.create(
            {"name": "Tạm dừng", "sequence": 95, "is_officer_stage": True}
        )
        dossier = self._new_dossier(self.user_manager)
        dossier.write({"stage_id": paused.id})
        dossier.action_archive()
        self._refused(
            "delete a stage holding an archived dossier",
            paused.unlink,
            ("still holds 1 dossiers", "cannot be deleted"),
        )
        for key in ("discovered", "rewarded"):
            self._refused(
                f"delete the pipeline's stage {key}",
                Stage.browse(self.stages[key].id).unlink,
                ("review pipeline", "cannot be deleted"),
            )
        self._login(self.user_admin)
        self._refused(
            "delete a pipeline stage over JSON-RPC",
            lambda: self._rpc(
                "ntm.exemplar.stage", "unlink", [[self.stages["fostering"].id]]
            ),
            ("review pipeline",),
        )

    # ------------------------------------------------------------------
    # Rewarded dossiers
    # ------------------------------------------------------------------

    def test_a_rewarded_dossier_is_archived_not_deleted(self):
        dossier = self._recognised(1)
        self._approved(dossier, number="40/QĐ-UBND")
        self.assertEqual(dossier.stage_id, self.stages["rewarded"])
        for label, who in (
            ("the unit's manager", dossier.with_user(self.manager)),
            ("the system", dossier.sudo()),
        ):
            self._refused(
                f"{label} deletes a rewarded dossier",
                who.unlink,
                ("was rewarded", "archive it instead"),
            )
        dossier.with_user(self.manager).action_archive()
        self.assertFalse(dossier.active)
