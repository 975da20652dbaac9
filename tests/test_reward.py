import base64
from datetime import date

from odoo.exceptions import UserError

from .test_council import CouncilCommon


class RewardCommon(CouncilCommon):
    """Recognised exemplars proposed by district A's manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.users["manager", cls.district_a]
        cls.form = cls.env.ref("ntm_exemplar.reward_form_city_certificate_thematic")
        cls.stage = {
            key: cls.env.ref(f"ntm_exemplar.stage_{key}")
            for key in ("recognized", "proposed_city", "rewarded")
        }

    def _proposal(self, dossiers, form=None):
        proposal = (
            self.env["ntm.reward.proposal"]
            .with_user(self.manager)
            .create(
                {
                    "unit_id": self.district_a.id,
                    "kind": "thematic",
                    "reward_form_id": (form or self.form).id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {"exemplar_id": d.id, "achievement_summary": "Thành tích"},
                        )
                        for d in dossiers
                    ],
                }
            )
        )
        return proposal

    def _provide_documents(self, proposal):
        for document in proposal.document_ids:
            attachment = (
                self.env["ir.attachment"]
                .with_user(self.manager)
                .create({"name": "tep.pdf", "datas": base64.b64encode(b"%PDF-1.4")})
            )
            document.attachment_ids = [(6, 0, attachment.ids)]

    def _approved(self, dossiers, number="15/QĐ-UBND"):
        proposal = self._proposal(dossiers)
        self._provide_documents(proposal)
        proposal.with_user(self.manager).action_submit()
        proposal.write({"decision_number": number, "decision_date": date(2026, 2, 1)})
        proposal.with_user(self.user_coordinator).action_approve()
        return proposal


class TestRewardProposal(RewardCommon):
    def test_a_proposal_gets_a_number_and_its_dossier_checklist(self):
        proposal = self._proposal(self._recognised(1))
        self.assertRegex(proposal.name, r"^TTr-KT/\d{4}/\d{4}$")
        self.assertEqual(
            sorted(proposal.document_ids.mapped("document_type")),
            ["achievement_report", "memo", "minutes"],
        )
        fighter = self.env.ref("ntm_exemplar.reward_title_grassroots_fighter")
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
        proposal.write(
            {"decision_number": "16/QĐ-UBND", "decision_date": date(2026, 2, 1)}
        )
        with self.assertRaises(UserError):
            proposal.with_user(self.manager).action_approve()

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
        proposal.revoke_reason = "Phát hiện kê khai thành tích không trung thực"
        coordinator.action_revoke()
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
