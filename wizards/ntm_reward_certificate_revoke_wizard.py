from odoo import fields, models

from ..models.feedback import done
from ..models.hanoi_date import hanoi_today


class NtmRewardCertificateRevokeWizard(models.TransientModel):
    """The authority's decision revoking one reward: its number, date and
    reason go to the certificate's verification page at once."""

    _name = "ntm.reward.certificate.revoke.wizard"
    _description = "Revoke a Reward Certificate"

    certificate_id = fields.Many2one(
        "ntm.reward.certificate", required=True, ondelete="cascade"
    )
    decision_number = fields.Char(
        "Revoking Decision", required=True, help="Number and symbol: '45/QĐ-UBND'."
    )
    decision_date = fields.Date(required=True, default=hanoi_today)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.certificate_id._revoke(
            self.decision_number, self.decision_date, self.reason
        )
        return done(
            self.env._(
                "Certificate %(number)s is revoked: its QR code now says so.",
                number=self.certificate_id.register_display,
            )
        )
