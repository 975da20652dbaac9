from odoo import api, models
from odoo.exceptions import UserError

from .nd30_report import text_lines


def weigh_result(result):
    """Lines a row of the tally takes (see nd30_report.pages)."""
    dossier = result.exemplar_id
    # The line below a dossier voted for a reward: what it asked, whether met.
    reward = (
        0.5 + (2 if result.reward_rule_percent else 1) if result.reward_form_id else 0
    )
    return (
        0.5
        + text_lines(dossier.partner_id.name, 17)
        + text_lines(dossier.unit_id.display_name, 17)
        + reward
    )


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
        return {"weigh_result": weigh_result}
