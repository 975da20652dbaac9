from odoo import api, models
from odoo.exceptions import UserError


class ReportCouncilMinutes(models.AbstractModel):
    _name = "report.ntm_exemplar.report_council_minutes"
    _inherit = "ntm.nd30.report"
    _description = "Council Session Minutes"

    @api.model
    def _document_values(self, docs):
        # The minutes record a closed vote: before that there is no tally.
        not_closed = docs.filtered(lambda s: s.state != "closed")
        if not_closed:
            raise UserError(
                self.env._(
                    "The minutes of %(session)s are printed once the vote is closed.",
                    session=not_closed[0].name,
                )
            )
        return {}
