from odoo import api, models

from .nd30_report import text_lines


def weigh_criterion_line(line):
    """Lines a row of the criteria table takes (see nd30_report.pages)."""
    criterion = text_lines(line.criterion_id.name, 32)
    if line.evidence_note:
        criterion += text_lines(line.evidence_note, 32)
    return 0.4 + max(criterion, text_lines(line.requirement, 18))


class ReportExemplarAchievements(models.AbstractModel):
    _name = "report.ntm_exemplar.report_exemplar_achievements"
    _inherit = "ntm.nd30.report"
    _description = "Achievement Report of an Exemplar"

    @api.model
    def _document_values(self, docs):
        return {"weigh_criterion_line": weigh_criterion_line}
