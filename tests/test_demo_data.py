from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from ..models.hanoi_date import hanoi_today
from ..models.ntm_exemplar import CATEGORIES

# Hanoi's district level ended on 30 June 2025; the demo's history lies before.
REFORM = date(2025, 7, 1)

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

    def _review_year(self):
        """The year under review, as the demo writes it."""
        return (hanoi_today() - relativedelta(months=3)).year

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
        # Since the reform they work in the new communes: Xã Vân Nội's
        # officials, and the council, in Xã Phúc Thịnh; Huyện Đông Anh's
        # manager and officer in Xã Đông Anh.
        phuc_thinh = self._ref("unit_2025_00466")
        dong_anh = self._ref("unit_2025_00454")
        self.assertEqual(units["ntm.officer"], phuc_thinh)
        self.assertEqual(units["ntm.manager.commune"], phuc_thinh)
        self.assertEqual(units["ntm.officer.district"], dong_anh)
        self.assertEqual(units["ntm.manager"], dong_anh)
        council_logins = [
            login for login in DEMO_LOGINS if login.startswith("ntm.council")
        ]
        for login in council_logins:
            self.assertEqual(units[login], phuc_thinh, login)
        for login, unit in units.items():
            with self.subTest(login=login):
                self.assertTrue(unit.is_operating)
        # The council of the former district keeps its members and its
        # session; today's council is Xã Phúc Thịnh's.
        for xmlid, unit in (
            ("council_demo_dong_anh", "unit_district_017"),
            ("council_demo_phuc_thinh", "unit_2025_00466"),
        ):
            council = self._ref(xmlid)
            self.assertEqual(council.unit_id, self._ref(unit))
            self.assertEqual(council.member_ids.user_id.mapped("login"), council_logins)

    def test_about_forty_dossiers_of_every_category_at_every_stage(self):
        dossiers = self._demo("ntm.exemplar")
        self.assertTrue(35 <= len(dossiers) <= 45, len(dossiers))
        self.assertEqual(
            set(dossiers.mapped("category")), {key for key, _label in CATEGORIES}
        )
        self.assertEqual(dossiers.stage_id, self._demo("ntm.exemplar.stage"))
        # History in the former districts and communes, today in the new units.
        units = dossiers.unit_id | dossiers.unit_id.parent_id
        for district in ("unit_district_017", "unit_district_018", "unit_district_269"):
            self.assertIn(self._ref(district), units)
        history = dossiers.filtered(lambda d: d.year < self._review_year())
        current = dossiers - history
        self.assertEqual(set(history.mapped("year")), {2024, 2025})
        self.assertFalse(history.unit_id.filtered("is_operating"))
        self.assertGreaterEqual(len(current), 12)
        self.assertGreaterEqual(len(current.stage_id), 6)
        for unit in (
            "unit_2025_00466",
            "unit_2025_00454",
            "unit_2025_00577",
            "unit_2025_09574",
        ):
            self.assertIn(self._ref(unit), current.unit_id)
        # The district categories end with 2025.
        self.assertFalse(
            current.filtered(lambda d: d.category in ("district", "urban_district"))
        )

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
        # The review of 2024 by the council of Huyện Đông Anh, in January 2025.
        self.assertEqual(session.year, 2024)
        self.assertEqual(session.date, date(2025, 1, 8))
        self.assertEqual(session.unit_id, self._ref("unit_district_017"))
        self.assertEqual(
            set(session.result_ids.mapped("decision_date")), {date(2025, 1, 12)}
        )
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

    def test_this_years_first_round_recognised_its_dossiers(self):
        session = self._ref("council_session_demo_round_1")
        self.assertEqual(session.state, "closed")
        self.assertEqual(session.year, self._review_year())
        self.assertEqual(session.council_id, self._ref("council_demo_phuc_thinh"))
        self.assertLess(session.date, hanoi_today())
        self.assertEqual(set(session.result_ids.mapped("decision")), {"recognize"})
        self.assertTrue(session.minutes)

    def test_an_open_session_waits_for_the_members_votes(self):
        session = self._ref("council_session_demo_open")
        self.assertEqual(session.state, "open")
        self.assertEqual(session.year, self._review_year())
        self.assertEqual(session.council_id, self._ref("council_demo_phuc_thinh"))
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
        # Huyện Đông Anh's proposal and the city's decision date from the
        # first half of 2025; Xã Phúc Thịnh's awaits the decision today.
        self.assertEqual(approved.unit_id, self._ref("unit_district_017"))
        self.assertLess(approved.decision_date, REFORM)
        self.assertEqual(submitted.unit_id, self._ref("unit_2025_00466"))
        self.assertGreaterEqual(submitted.date, REFORM)
        draft = self._ref("reward_proposal_demo_draft")
        self.assertEqual(draft.state, "draft")
        self.assertLess(draft.date, REFORM)

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
        self.assertLess(top.date, REFORM)

    def test_propagation_every_month_with_gaps(self):
        records = self._demo("ntm.propagation")
        today = hanoi_today()
        recent = records.filtered(lambda r: r.date >= REFORM)
        self.assertTrue(recent)
        self.assertTrue(
            all(today - relativedelta(months=7) <= r.date < today for r in recent)
        )
        months = {r.date.replace(day=1) for r in recent}
        self.assertGreaterEqual(len(months), 6)
        gaps = [
            unit
            for unit, mine in recent.grouped("unit_id").items()
            if len({r.date.replace(day=1) for r in mine}) < len(months)
        ]
        self.assertTrue(gaps, "some units miss a month")
        self.assertTrue(recent.exemplar_ids)
        # The history: the former units propagated their exemplars of 2024
        # in the first half of 2025.
        history = records - recent
        self.assertTrue(history)
        self.assertFalse(history.unit_id.filtered("is_operating"))
        self.assertEqual(set(history.exemplar_ids.mapped("year")), {2024})

    def test_records_sit_in_units_operating_at_their_date(self):
        """History in the units of its time, today in the units of today."""
        dated = [
            *self._demo("ntm.propagation"),
            *self._demo("ntm.reward.proposal"),
            *self._demo("ntm.council.session"),
            *self.env["ntm.top.five"].search([]),
        ]
        for record in dated:
            with self.subTest(record=record.display_name):
                self.assertTrue(record.unit_id._operates_on(record.date))
        followups = self._demo("ntm.exemplar.followup")
        self.assertTrue(followups)
        for followup in followups:
            self.assertTrue(followup.unit_id._operates_on(followup.date))

    def test_nothing_of_this_year_in_a_unit_no_longer_in_operation(self):
        year = self._review_year()
        current = [
            *self._demo("ntm.exemplar").filtered(lambda d: d.year == year),
            *self._demo("ntm.council.session").filtered(lambda s: s.year == year),
            *self._demo("ntm.propagation").filtered(lambda p: p.date.year == year),
            *self._demo("ntm.reward.proposal").filtered(lambda p: p.date.year == year),
        ]
        self.assertGreaterEqual(len(current), 20)
        for record in current:
            with self.subTest(record=record.display_name):
                self.assertTrue(record.unit_id.is_operating)

    def test_phuc_thinh_officer_reads_van_noi_history_but_cannot_write_it(self):
        officer = self._ref("user_demo_officer")
        van_noi = self._ref("unit_commune_00481")
        history = self._demo("ntm.exemplar").filtered(
            lambda d: d.unit_id == van_noi and d.year == 2024
        )
        self.assertEqual(len(history), 3)
        Dossier = self.env["ntm.exemplar"].with_user(officer)
        self.assertEqual(Dossier.search([("id", "in", history.ids)]), history)
        for dossier in history.with_user(officer):
            with self.subTest(dossier=dossier.name):
                self.assertTrue(dossier.name)
                with self.assertRaises(AccessError):
                    dossier.check_access("write")
        # Today's dossiers of Xã Phúc Thịnh are hers to work on.
        self._ref("exemplar_demo_household_land").with_user(officer).check_access(
            "write"
        )

    def test_dossiers_print_as_issued_by_the_unit_of_their_time(self):
        report = "ntm_exemplar.report_exemplar_achievements"
        van_noi = self._ref("exemplar_demo_y1_coop_vietgap")
        phuc_thinh = self._ref("exemplar_demo_coop_ocop")
        self.assertEqual(van_noi.unit_id.document_body, "Ủy ban nhân dân xã Vân Nội")
        self.assertEqual(
            phuc_thinh.unit_id.document_body, "Ủy ban nhân dân xã Phúc Thịnh"
        )
        Report = self.env["ir.actions.report"].with_context(lang="vi_VN")
        for dossier, body, other in (
            (van_noi, "Ủy ban nhân dân xã Vân Nội", "xã Phúc Thịnh"),
            (phuc_thinh, "Ủy ban nhân dân xã Phúc Thịnh", "xã Vân Nội"),
        ):
            with self.subTest(dossier=dossier.name):
                html, _kind = Report._render_qweb_html(report, dossier.ids)
                html = html.decode()
                self.assertIn(body, html)
                self.assertNotIn(f"Ủy ban nhân dân {other}", html)

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

    def test_every_unit_that_issues_a_document_names_its_signer(self):
        issuers = (
            self.env["ntm.reward.proposal"].search([]).unit_id
            | self.env["ntm.summary.report"].search([]).unit_id
            | self.env["ntm.top.five"].search([]).unit_id
        )
        self.assertTrue(issuers)
        self.assertFalse(
            issuers.filtered(lambda unit: not unit.signer_name).mapped("display_name")
        )

    def test_the_honour_board_proposals_and_certificates(self):
        pages = self._demo("ntm.exemplar.publication")
        published = pages.filtered(lambda p: p.state == "published")
        self.assertEqual(len(published), 4)
        self.assertEqual(set(published.mapped("consent_state")), {"given"})
        self.assertTrue(all(len(p.photo_ids) == 2 for p in published))
        self.assertTrue(all(published.photo_ids.sudo().mapped("public")))
        self.assertFalse((pages - published).photo_ids.sudo().filtered("public"))
        self.assertEqual(
            published.unit_id,
            self._ref("unit_2025_00466") | self._ref("unit_2025_00454"),
        )
        self.assertEqual(set(published.propagation_id.mapped("channel")), {"portal"})
        proposals = self.env["ntm.citizen.nomination"].search(
            [("remote_key", "=", "demo")]
        )
        self.assertEqual(len(proposals), 2)
        self.assertEqual(set(proposals.mapped("status")), {"received"})
        activity = self._ref("mail_act_citizen_nomination")
        for proposal in proposals:
            self.assertEqual(proposal.exemplar_id.source, "citizen")
            self.assertTrue(
                proposal.exemplar_id.activity_ids.filtered(
                    lambda a: a.activity_type_id == activity
                )
            )
        certificates = self._ref("reward_proposal_demo_approved").certificate_ids
        self.assertEqual(
            sorted(certificates.mapped("register_display")), ["1/2025", "2/2025"]
        )
        self.assertEqual(set(certificates.mapped("state")), {"valid"})
