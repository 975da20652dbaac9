from odoo import api, models
from odoo.exceptions import UserError


class ReportRewardCertificate(models.AbstractModel):
    _name = "report.ntm_exemplar.report_reward_certificate"
    _inherit = "ntm.nd30.report"
    _description = "Reward Certificate"

    @api.model
    def _document_values(self, docs):
        revoked = docs.filtered(lambda c: c.state != "valid")
        if revoked:
            raise UserError(
                self.env._(
                    "Certificate %(number)s was revoked: it is no longer printed.",
                    number=revoked[0].register_display,
                )
            )
        return {}
