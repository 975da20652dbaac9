from odoo import api, models

from .nd30_report import plain, text_lines


def weigh_exemplar(row):
    """Lines a row of the introduction takes (see nd30_report.pages)."""
    exemplar = row["exemplar"]
    return 0.6 + max(
        text_lines(exemplar.partner_id.name, 20),
        text_lines(plain(exemplar.achievements, 600) or exemplar.name, 30),
    )


class ReportTopFive(models.AbstractModel):
    _name = "report.ntm_exemplar.report_top_five"
    _inherit = "ntm.nd30.report"
    _description = "Introduction of the Year's Top Five"

    @api.model
    def _document_values(self, docs):
        # Each selection in its ranking order, with the figures it was made
        # on: the ranking of the five only, not of the whole year again.
        TopFive = self.env["ntm.top.five"]
        return {
            "ranked_rows": {
                selection.id: TopFive._candidates(
                    selection.year, selection.exemplar_ids
                )
                for selection in docs
            },
            "weigh_exemplar": weigh_exemplar,
        }
