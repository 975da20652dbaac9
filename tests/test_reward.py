from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.ntm_reward_proposal import GENERATED_MARK
from .common import RewardCommon


class TestRewardProposal(RewardCommon):
    def test_a_proposal_gets_a_number_and_its_dossier_checklist(self):
        fighter = self.env.ref("ntm_exemplar.reward_title_grassroots_fighter")
        proposal = self._proposal(self._recognised(1, reward_form=fighter))
        self.assertRegex(proposal.name, r"^TTr-KT/\d{4}/\d{4}$")
        self.assertEqual(
            sorted(proposal.document_ids.mapped("document_type")),
            ["achievement_report", "memo", "minutes"],
        )
        proposal.reward_form_id = fighter
        self.assertIn("initiative", proposal.document_ids.mapped("document_type"))

    def test_submission_needs_the_dossier_documents(self):
        proposal = self._proposal(self._recognised(1))
        with self.assertRaises(UserError) as err:
            proposal.with_user(self.manager).action_submit()
        self.assertIn("memo", str(err.exception))
        self._provide_documents(proposal)
        proposal.with_user(self.manager).action_submit()
        self.assertEqual(proposal.state, "submitted")
        self.assertEqual(
            proposal.line_ids.exemplar_id.stage_id, self.stage["proposed_city"]
        )

    def _printed(self, proposal, document_type):
        return self._document(proposal, document_type).attachment_ids.filtered(
            lambda a: a.description == GENERATED_MARK
        )

    def _document(self, proposal, document_type):
        return proposal.document_ids.filtered(
            lambda d: d.document_type == document_type
        )

    def _attach(self, document, name="to-trinh.pdf"):
        """A file of the unit's own on a checklist document."""
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.manager)
            .create({"name": name, "raw": b"%PDF-1.4"})
        )
        document.with_user(self.manager).attachment_ids = [(4, attachment.id)]
        return attachment

    def _named(self, dossiers):
        for index, dossier in enumerate(dossiers):
            dossier.partner_id.name = f"Người thử {index}"
        return dossiers

    def test_submission_prints_the_minutes_and_achievement_reports(self):
        dossiers = self._named(self._recognised(2))
        proposal = self._proposal(dossiers)
        self.assertFalse(self._printed(proposal, "minutes"), "nothing before")
        self._attach(self._document(proposal, "memo"))
        proposal.with_user(self.manager).action_submit()
        self.assertEqual(proposal.state, "submitted")
        for document_type in ("minutes", "achievement_report"):
            printed = self._printed(proposal, document_type)
            self.assertEqual(len(printed), 1, document_type)
            self.assertEqual(printed.res_model, "ntm.reward.proposal")
            self.assertEqual(printed.res_id, proposal.id)
        text = self._printed(proposal, "achievement_report").raw.decode()
        for dossier in dossiers:
            self.assertIn(dossier.partner_id.name, text)
        session = dossiers.council_result_ids.session_id
        minutes = self._printed(proposal, "minutes").raw.decode()
        self.assertIn(session.document_number, minutes)

    def test_a_resubmission_prints_for_the_list_as_it_is_then(self):
        dossiers = self._named(self._recognised(2))
        proposal = self._proposal(dossiers)
        self._attach(self._document(proposal, "memo"))
        proposal.with_user(self.manager).action_submit()
        first = self._printed(proposal, "achievement_report")
        proposal.with_user(self.user_coordinator).action_return()
        proposal.line_ids[1].with_user(self.manager).unlink()
        proposal.with_user(self.manager).action_submit()
        printed = self._printed(proposal, "achievement_report")
        self.assertEqual(len(printed), 1)
        self.assertFalse(first.exists(), "the earlier print is replaced")
        self.assertNotIn(dossiers[1].partner_id.name, printed.raw.decode())

    def test_the_units_own_file_is_kept_and_not_printed_over(self):
        proposal = self._proposal(self._recognised(1))
        self._attach(self._document(proposal, "memo"))
        report = self._document(proposal, "achievement_report")
        own = self._attach(report, "bao-cao-ky.pdf")
        proposal.with_user(self.manager).action_submit()
        self.assertEqual(report.attachment_ids, own)
        self.assertEqual(len(self._printed(proposal, "minutes")), 1)

    def test_a_failed_print_says_what_is_missing_and_submits_nothing(self):
        proposal = self._proposal(self._recognised(1))
        self._attach(self._document(proposal, "memo"))
        Report = type(self.env["ir.actions.report"])
        failure = UserError("Wkhtmltopdf failed (error code: -11).")
        with (
            patch.object(Report, "_render_qweb_pdf", side_effect=failure),
            self.assertRaises(UserError) as err,
        ):
            proposal.with_user(self.manager).action_submit()
        self.assertIn("Council minutes", str(err.exception))
        self.assertEqual(proposal.state, "draft")

    def test_only_recognised_exemplars_are_proposed(self):
        dossier = self.Exemplar.create(self._dossier_vals(self.district_a))
        with self.assertRaises(UserError):
            self._proposal(dossier)

    def test_approval_rewards_the_exemplars(self):
        dossiers = self._recognised(2)
        proposal = self._approved(dossiers)
        self.assertEqual(proposal.state, "approved")
        self.assertEqual(dossiers.stage_id, self.stage["rewarded"])

    def test_approval_needs_the_decision_number_and_date(self):
        proposal = self._proposal(self._recognised(1))
        self._provide_documents(proposal)
        proposal.with_user(self.manager).action_submit()
        with self.assertRaises(UserError):
            proposal.with_user(self.user_coordinator).action_approve()

    def test_only_the_coordination_office_decides(self):
        proposal = self._proposal(self._recognised(1))
        self._provide_documents(proposal)
        proposal.with_user(self.manager).action_submit()
        with self.assertRaises(UserError):
            proposal.with_user(self.manager).action_approve(
                "16/QĐ-UBND", date(2026, 2, 1)
            )

    def test_the_same_achievement_is_not_rewarded_twice(self):
        dossier = self._recognised(1)
        self._approved(dossier, number="17/QĐ-UBND")
        with self.assertRaises(UserError) as err:
            self._proposal(dossier)
        self.assertIn("17/QĐ-UBND", str(err.exception))
        self.assertIn("01/02/2026", str(err.exception))

    def test_a_revoked_decision_gives_its_reason_and_moves_the_exemplars_back(self):
        dossier = self._recognised(1)
        proposal = self._approved(dossier)
        coordinator = proposal.with_user(self.user_coordinator)
        with self.assertRaises(UserError):
            coordinator.action_revoke()
        coordinator.action_revoke("Phát hiện kê khai thành tích không trung thực")
        self.assertEqual(proposal.state, "revoked")
        self.assertEqual(dossier.stage_id, self.stage["recognized"])
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = proposal.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "revoke_reason"
        )
        self.assertIn("không trung thực", tracked.new_value_text)
        # Once revoked, the achievement may be proposed again.
        self._proposal(dossier)

    def test_returning_a_proposal_lets_the_unit_complete_it(self):
        dossier = self._recognised(1)
        proposal = self._proposal(dossier)
        self._provide_documents(proposal)
        proposal.with_user(self.manager).action_submit()
        proposal.with_user(self.user_coordinator).action_return()
        self.assertEqual(dossier.stage_id, self.stage["recognized"])
        proposal.with_user(self.manager).action_submit()
        self.assertEqual(proposal.state, "submitted")

    def test_the_proposal_shows_the_share_of_grassroots_nominees(self):
        households = self._recognised(1, category="other")
        companies = self._recognised(3, category="enterprise")
        proposal = self._proposal(households | companies)
        self.assertEqual(proposal.grassroots_share, 25.0)

    def test_the_nominees_reward_history_shows_on_every_dossier(self):
        dossier = self._recognised(1)
        proposal = self._approved(dossier, number="18/QĐ-UBND")
        later = self.Exemplar.create(
            self._dossier_vals(
                self.district_a, partner=dossier.partner_id, year=dossier.year + 1
            )
        )
        self.assertEqual(later.partner_reward_line_ids.proposal_id, proposal)
        self.assertEqual(later.partner_reward_line_ids.decision_number, "18/QĐ-UBND")


class TestRewardHistory(RewardCommon):
    def test_the_commune_officer_reads_the_reward_of_its_dossier(self):
        dossier = self._recognised(1, unit=self.commune_a1)
        proposal = self._approved(dossier, number="812/QĐ-UBND")
        as_officer = dossier.with_user(self.user_officer)
        self.assertEqual(
            as_officer.partner_reward_line_ids.mapped("decision_number"),
            ["812/QĐ-UBND"],
            "a reward proposed by the district, shown on the commune's dossier",
        )
        # Not the proposal itself, nor another unit's rewards.
        with self.assertRaises(AccessError):
            proposal.with_user(self.user_officer).check_access("write")
        other = self.users["officer", self.commune_b1]
        self.assertFalse(
            self.env["ntm.reward.proposal.line"]
            .with_user(other)
            .search([("id", "in", proposal.line_ids.ids)])
        )


class TestRewardBlock(RewardCommon):
    """No reward while the nominee is under discipline, inspection or an
    unresolved complaint."""

    def _block(self, dossier, user=None, **vals):
        dossier.with_user(user or self.manager).write(
            {
                "reward_block": "inspection",
                "reward_block_reason": "Đang thanh tra việc sử dụng đất",
                "reward_block_since": date(2026, 1, 1),
                **vals,
            }
        )

    def test_a_blocked_nominee_cannot_be_proposed(self):
        dossier = self._recognised(1)
        self._block(dossier)
        with self.assertRaises(UserError) as err:
            self._proposal(dossier)
        self.assertIn("Đang thanh tra việc sử dụng đất", str(err.exception))
        self.assertFalse(
            self.env["ntm.reward.proposal.line"].search(
                [("exemplar_id", "=", dossier.id)]
            )
        )

    def test_a_block_after_submission_stops_the_approval(self):
        dossier = self._recognised(1)
        proposal = self._proposal(dossier)
        self._provide_documents(proposal)
        proposal.with_user(self.manager).action_submit()
        self._block(dossier, user=self.user_coordinator)
        with self.assertRaises(UserError):
            proposal.with_user(self.user_coordinator).action_approve(
                "15/QĐ-UBND", date(2026, 2, 1)
            )
        self.assertEqual(proposal.state, "submitted")

    def test_a_lifted_block_lets_the_reward_through(self):
        dossier = self._recognised(1)
        self._block(dossier, reward_block_until=date(2026, 1, 10))
        proposal = self._proposal(dossier)  # dated 20 January 2026
        self.assertEqual(proposal.line_ids.exemplar_id, dossier)

    def test_a_block_needs_its_reason_and_start(self):
        dossier = self._recognised(1)
        with self.assertRaises(ValidationError):
            self._block(dossier, reward_block_reason=" ")
        self.assertFalse(dossier.reward_block)

    def test_council_members_do_not_read_the_block(self):
        dossier = self._recognised(1)
        self._block(dossier)
        with self.assertRaises(AccessError):
            dossier.with_user(self.members[0]).read(["reward_block_reason"])

    def test_no_document_prints_the_block(self):
        dossier = self._recognised(1)
        self._block(dossier, reward_block_until=date(2026, 1, 10))
        proposal = self._proposal(dossier)
        Report = self.env["ir.actions.report"]
        for report, records in (
            ("ntm_exemplar.action_report_reward_proposal", proposal),
            ("ntm_exemplar.action_report_exemplar_achievements", dossier),
        ):
            html = Report._render_qweb_html(report, records.ids)[0].decode()
            self.assertNotIn("Đang thanh tra", html, report)
