from odoo import models

from .xlsx_common import add_formats, write_table


class ReportSummaryXlsx(models.AbstractModel):
    """The review's statistics, one sheet per breakdown."""

    _name = "report.ntm_exemplar.report_summary_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Review Statistics (Excel)"

    def generate_xlsx_report(self, workbook, data, objs):
        _ = self.env._
        formats = add_formats(workbook)
        stage_columns = [
            ("total", _("Dossiers")),
            ("fostering", _("Discovered, fostered")),
            ("review", _("Under review")),
            ("recognised", _("Recognised")),
            ("rewarded", _("Rewarded")),
        ]
        sheets = [
            (
                _("By Unit"),
                _("Unit"),
                "units",
                [*stage_columns, ("propagation", _("Propagation"))],
            ),
            (
                _("By Category"),
                _("Category"),
                "categories",
                [stage_columns[0], ("eligible", _("Eligible")), *stage_columns[3:]],
            ),
            (_("By Stage"), _("Stage"), "stages", [("total", _("Dossiers"))]),
            (
                _("Propagation"),
                _("Channel"),
                "channels",
                [("total", _("Times")), ("audience", _("People reached"))],
            ),
            (
                _("Rewards"),
                _("Reward"),
                "rewards",
                [
                    ("collective", _("Collectives")),
                    ("individual", _("Individuals")),
                    ("household", _("Households")),
                    ("total", _("Total")),
                ],
            ),
        ]
        statistics = {report.id: report._statistics() for report in objs}
        for title, first_header, key, columns in sheets:
            sheet = workbook.add_worksheet(title[:31])
            row = 0
            for report in objs:
                sheet.write(row, 0, report.name, formats["title"])
                row = write_table(
                    sheet,
                    formats,
                    [(first_header, 40, "text")]
                    + [(header, 16, "int") for _key, header in columns],
                    [
                        [line["label"]] + [line[k] for k, _h in columns]
                        for line in statistics[report.id][key]
                    ],
                    first_row=row + 1,
                    totals=_("Total"),
                )
                row += 1
