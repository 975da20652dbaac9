from odoo import models


class ReportUnitExemplarXlsx(models.AbstractModel):
    """The dossiers of the units and of every unit below them."""

    _name = "report.ntm_exemplar.report_unit_exemplar_xlsx"
    _inherit = "report.ntm_exemplar.report_exemplar_xlsx"
    _description = "Dossiers of a Unit Subtree (Excel)"

    def generate_xlsx_report(self, workbook, data, objs):
        domain = [("unit_id", "child_of", objs.ids)]
        if (data or {}).get("year"):
            domain.append(("year", "=", int(data["year"])))
        self._write_dossiers(workbook, self.env["ntm.exemplar"].search(domain))
