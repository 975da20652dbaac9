from odoo import api, models

from .nd30_report import plain, text_lines


def weigh_list_item(item):
    """Lines a row of the attached list takes (see nd30_report.pages)."""
    kind, _number, line = item
    if kind != "line":
        return 1.3
    dossier = line.exemplar_id
    name = text_lines(line.partner_id.name, 24)
    if dossier.nominee_position:
        name += text_lines(dossier.nominee_position, 24)
    return 0.4 + max(
        name,
        text_lines(line.unit_id.display_name, 16),
        text_lines(line.achievement_summary or plain(dossier.achievements, 400), 34),
        text_lines(line.reward_form_id.name, 12),
    )


class ReportRewardProposal(models.AbstractModel):
    _name = "report.ntm_exemplar.report_reward_proposal"
    _inherit = "ntm.nd30.report"
    _description = "Reward Proposal Memo and List"

    @api.model
    def _document_values(self, docs):
        return {"weigh_list_item": weigh_list_item}
