from odoo import api, models

from .nd30_report import plain, text_lines


def weigh_exemplar(line):
    """Lines a row of the introduction takes (see nd30_report.pages)."""
    exemplar = line.exemplar_id
    # The achievements' column holds about 36 characters a line (measured
    # on the printed memo: 33 to 38).
    return 0.6 + max(
        text_lines(exemplar.partner_id.name, 20),
        text_lines(plain(exemplar.achievements, 600) or exemplar.name, 36)
        + text_lines(line.explanation, 36),
    )


class ReportTopFive(models.AbstractModel):
    _name = "report.ntm_exemplar.report_top_five"
    _inherit = "ntm.nd30.report"
    _description = "Introduction of the Year's Top Five"

    @api.model
    def _document_values(self, docs):
        # Each selection as it was confirmed: its stored ranking and the
        # figures of that day, never ranked again.
        return {
            "ranked_rows": {selection.id: selection.line_ids for selection in docs},
            "weigh_exemplar": weigh_exemplar,
        }
