from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests import TransactionCase, tagged

from ..models.ntm_exemplar import CATEGORIES

# login -> what the demo user is (README.md, "Demo logins"); password = login.
DEMO_LOGINS = {
    "ntm.admin": "group_admin",
    "ntm.coordinator": "group_coordinator",
    "ntm.manager": "group_manager",
    "ntm.officer.district": "group_officer",
    "ntm.manager.commune": "group_manager",
    "ntm.officer": "group_officer",
    "ntm.council": "group_council",
    "ntm.council2": "group_council",
    "ntm.council3": "group_council",
    "ntm.council4": "group_council",
    "ntm.council5": "group_council",
}


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The shape of the demo `make demo` shows: skipped when the addon was
    installed without demo data."""

    def setUp(self):
        super().setUp()
        module = self.env["ir.module.module"].search([("name", "=", "ntm_exemplar")])
        if not module.demo:
            self.skipTest("installed without demo data")

    def _demo(self, model):
        data = self.env["ir.model.data"].search(
            [("module", "=", "ntm_exemplar"), ("model", "=", model)]
        )
        return self.env[model].browse(data.mapped("res_id")).exists()

    def _ref(self, xmlid):
        return self.env.ref(f"ntm_exemplar.{xmlid}")

    def test_one_user_per_role_and_level_logs_in_in_vietnamese(self):
        Users = self.env["res.users"]
        for login, group in DEMO_LOGINS.items():
            with self.subTest(login=login):
                user = Users.search([("login", "=", login)])
                self.assertEqual(len(user), 1)
                self.assertEqual(user.lang, "vi_VN")
                self.assertEqual(user.tz, "Asia/Ho_Chi_Minh")
                self.assertTrue(user.has_group(f"ntm_exemplar.{group}"))
                # The password is the login (raises AccessDenied otherwise).
                user.with_user(user)._check_credentials(
                    {"type": "password", "login": login, "password": login},
                    {"interactive": False},
                )
        units = {
            login: Users.search([("login", "=", login)]).ntm_unit_ids
            for login in DEMO_LOGINS
        }
        commune = self._ref("unit_commune_00481")
        district = self._ref("unit_district_017")
        self.assertEqual(units["ntm.officer"], commune)
        self.assertEqual(units["ntm.manager.commune"], commune)
        self.assertEqual(units["ntm.officer.district"], district)
        self.assertEqual(units["ntm.manager"], district)
        council = self._ref("council_demo_dong_anh")
        self.assertEqual(
            council.member_ids.user_id.mapped("login"),
            [login for login in DEMO_LOGINS if login.startswith("ntm.council")],
        )

    def test_about_forty_dossiers_of_every_category_at_every_stage(self):
        dossiers = self._demo("ntm.exemplar")
        self.assertTrue(35 <= len(dossiers) <= 45, len(dossiers))
        self.assertEqual(
            set(dossiers.mapped("category")), {key for key, _label in CATEGORIES}
        )
        self.assertEqual(dossiers.stage_id, self._demo("ntm.exemplar.stage"))
        units = dossiers.unit_id | dossiers.unit_id.parent_id
        for district in ("unit_district_017", "unit_district_018", "unit_district_269"):
            self.assertIn(self._ref(district), units)

    def test_criteria_are_evaluated_with_evidence_some_eligible_some_not(self):
        dossiers = self._demo("ntm.exemplar")
        self.assertEqual(
            set(dossiers.mapped("eligibility")),
            {"eligible", "not_eligible", "incomplete"},
        )
        evaluated = dossiers.criterion_line_ids.filtered("is_evaluated")
        self.assertTrue(evaluated.filtered(lambda line: not line.is_met))
        self.assertTrue(all(evaluated.mapped("evidence_note")))
        self.assertTrue(dossiers.evidence_ids)

    def test_a_closed_session_with_its_tally_and_the_heads_decisions(self):
        session = self._ref("council_session_demo_closed")
        self.assertEqual(session.state, "closed")
        self.assertLess(session.date, date.today())
        self.assertEqual(session.result_ids.exemplar_id, session.exemplar_ids)
        self.assertEqual(set(session.result_ids.mapped("is_passed")), {True, False})
        self.assertTrue(session.result_ids.filtered("conflict_count"))
        self.assertTrue(session.minutes)
        recognised = self.env["ntm.exemplar"]._stages_flagged("is_recognised")
        for result in session.result_ids:
            with self.subTest(dossier=result.exemplar_id.name):
                self.assertTrue(result.decision_number)
                if result.is_passed:
                    self.assertEqual(result.decision, "recognize")
                    self.assertIn(result.exemplar_id.stage_id, recognised)
                else:
                    self.assertEqual(result.decision, "not_select")
                    self.assertEqual(
                        result.exemplar_id.stage_id,
                        self._ref("stage_not_selected"),
                    )

    def test_an_open_session_waits_for_the_members_votes(self):
        session = self._ref("council_session_demo_open")
        self.assertEqual(session.state, "open")
        self.assertFalse(session.result_ids)
        ballots = (
            self.env["ntm.ballot"].sudo().search([("session_id", "=", session.id)])
        )
        self.assertTrue(ballots.filtered(lambda b: not b.vote))
        self.assertTrue(ballots.filtered("vote"))
        # The demo council member still has ballots to cast, his own only.
        member = self._ref("user_demo_council")
        mine = self.env["ntm.ballot"].with_user(member).search([])
        self.assertEqual(mine.user_id, member)
        self.assertEqual(len(mine), len(session.exemplar_ids))
        self.assertFalse(mine.filtered("vote"))

    def test_a_proposal_awaits_approval_and_one_is_approved(self):
        submitted = self._ref("reward_proposal_demo_submitted")
        approved = self._ref("reward_proposal_demo_approved")
        self.assertEqual(submitted.state, "submitted")
        self.assertEqual(
            submitted.line_ids.exemplar_id.stage_id, self._ref("stage_proposed_city")
        )
        self.assertEqual(approved.state, "approved")
        self.assertTrue(approved.decision_number and approved.decision_date)
        self.assertEqual(
            approved.line_ids.exemplar_id.stage_id, self._ref("stage_rewarded")
        )
        for proposal in submitted | approved:
            self.assertTrue(all(proposal.document_ids.mapped("is_provided")))

    def test_last_years_top_five(self):
        year = self._ref("council_session_demo_closed").year
        top = self.env["ntm.top.five"].search(
            [("year", "=", year), ("state", "=", "confirmed")]
        )
        self.assertEqual(len(top), 1)
        self.assertEqual(len(top.exemplar_ids), 5)
        self.assertEqual(set(top.exemplar_ids.mapped("year")), {year})
        recognised = self.env["ntm.exemplar"]._stages_flagged("is_recognised")
        self.assertFalse(top.exemplar_ids.stage_id - recognised)
        self.assertTrue(top.ranking)

    def test_propagation_every_month_with_gaps(self):
        records = self._demo("ntm.propagation")
        today = date.today()
        self.assertTrue(records)
        self.assertTrue(
            all(today - relativedelta(months=7) <= r.date < today for r in records)
        )
        months = {r.date.replace(day=1) for r in records}
        self.assertGreaterEqual(len(months), 6)
        gaps = [
            unit
            for unit, mine in records.grouped("unit_id").items()
            if len({r.date.replace(day=1) for r in mine}) < len(months)
        ]
        self.assertTrue(gaps, "some units miss a month")
        self.assertTrue(records.exemplar_ids)

    def test_chatter_history_and_activities(self):
        dossiers = self._demo("ntm.exemplar")
        stage_moves = self.env["mail.message"].search(
            [
                ("model", "=", "ntm.exemplar"),
                ("res_id", "in", dossiers.ids),
                ("subtype_id", "=", self._ref("mt_exemplar_stage").id),
            ]
        )
        moved = dossiers.filtered(lambda d: d.stage_id != self._ref("stage_discovered"))
        self.assertEqual(set(stage_moves.mapped("res_id")), set(moved.ids))
        notes = dossiers.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertTrue(notes)
        self.assertTrue(dossiers.activity_ids)
        self.assertTrue(
            dossiers.activity_ids.filtered(
                lambda a: a.activity_type_id == self._ref("mail_act_review")
            )
        )
