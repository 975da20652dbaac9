from odoo import fields, models

from ..models.feedback import done
from ..models.hanoi_date import hanoi_today


class NtmRewardDecisionWizard(models.TransientModel):
    """The coordination office's decision on a reward proposal: approval
    with the decision's number and date, or revocation with its reason. The
    proposal's decision fields are written only through it."""

    _name = "ntm.reward.decision.wizard"
    _description = "Record the Reward Decision"

    proposal_id = fields.Many2one("ntm.reward.proposal", required=True)
    mode = fields.Selection(
        [("approve", "Approve"), ("revoke", "Revoke")], required=True, default="approve"
    )
    decision_number = fields.Char(help="Number and symbol, e.g. '812/QĐ-UBND'.")
    decision_date = fields.Date(default=hanoi_today)
    reason = fields.Text("Reason for Revocation")

    def action_confirm(self):
        self.ensure_one()
        proposal = self.proposal_id
        if self.mode == "revoke":
            proposal.action_revoke(
                self.reason, self.decision_number, self.decision_date
            )
            message = self.env._(
                "The decision on %(proposal)s is revoked; its exemplars are "
                "recognised again.",
                proposal=proposal.name,
            )
        else:
            proposal.action_approve(self.decision_number, self.decision_date)
            message = self.env._(
                "Decision %(number)s is recorded: %(count)s exemplars rewarded.",
                number=proposal.decision_number,
                count=len(proposal.line_ids),
            )
        return done(message)
