from odoo import api, models


class ReportTopFive(models.AbstractModel):
    _name = "report.ntm_exemplar.report_top_five"
    _inherit = "ntm.nd30.report"
    _description = "Introduction of the Year's Top Five"

    @api.model
    def _document_values(self, docs):
        # The figures the ranking was made on, for each selected exemplar.
        rows = {}
        TopFive = self.env["ntm.top.five"]
        for year in set(docs.mapped("year")):
            for row in TopFive._candidates(year):
                rows[row["exemplar"].id] = row
        return {"ranking_rows": rows}
