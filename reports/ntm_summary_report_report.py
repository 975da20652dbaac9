from odoo import api, models

from .nd30_report import text_lines


def weigh_statistics_row(row):
    """Lines a row of a statistics table takes; False is the totals row."""
    return 1.3 + (text_lines(row["label"], 34) - 1 if row else 0)


class ReportSummary(models.AbstractModel):
    _name = "report.ntm_exemplar.report_summary"
    _inherit = "ntm.nd30.report"
    _description = "Review Report (Sơ kết / Tổng kết)"

    @api.model
    def _document_values(self, docs):
        return {
            "statistics": {report.id: report._statistics() for report in docs},
            "weigh_statistics_row": weigh_statistics_row,
        }
