from odoo import api, models


class ReportSummary(models.AbstractModel):
    _name = "report.ntm_exemplar.report_summary"
    _inherit = "ntm.nd30.report"
    _description = "Review Report (Sơ kết / Tổng kết)"

    @api.model
    def _document_values(self, docs):
        return {"statistics": {report.id: report._statistics() for report in docs}}
