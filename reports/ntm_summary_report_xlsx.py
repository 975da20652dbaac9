from odoo import models

from .xlsx_common import add_formats, write_table


class ReportSummaryXlsx(models.AbstractModel):
    """The review's statistics, one sheet per breakdown."""

    _name = "report.ntm_exemplar.report_summary_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Review Statistics (Excel)"

    def generate_xlsx_report(self, workbook, data, objs):
        formats = add_formats(workbook)
        stage_columns = [
            ("total", self.env._("Dossiers")),
            ("fostering", self.env._("Discovered, fostered")),
            ("review", self.env._("Under review")),
            ("recognised", self.env._("Recognised")),
            ("rewarded", self.env._("Rewarded")),
        ]
        sheets = [
            (
                self.env._("By Unit"),
                self.env._("Unit"),
                "units",
                [*stage_columns, ("propagation", self.env._("Propagation"))],
            ),
            (
                self.env._("By Category"),
                self.env._("Category"),
                "categories",
                [
                    stage_columns[0],
                    ("eligible", self.env._("Eligible")),
                    *stage_columns[3:],
                ],
            ),
            (
                self.env._("By Stage"),
                self.env._("Stage"),
                "stages",
                [("total", self.env._("Dossiers"))],
            ),
            (
                self.env._("Propagation"),
                self.env._("Channel"),
                "channels",
                [
                    ("total", self.env._("Times")),
                    ("audience", self.env._("People reached")),
                ],
            ),
            (
                self.env._("Rewards"),
                self.env._("Reward"),
                "rewards",
                [
                    ("collective", self.env._("Collectives")),
                    ("individual", self.env._("Individuals")),
                    ("household", self.env._("Households")),
                    ("total", self.env._("Total")),
                ],
            ),
        ]
        statistics = {report.id: report._statistics() for report in objs}
        for title, first_header, key, columns in sheets:
            sheet = workbook.add_worksheet(title[:31])
            row = 0
            for report in objs:
                row = write_table(
                    sheet,
                    formats,
                    [(first_header, 40, "text")]
                    + [(header, 16, "int") for _key, header in columns],
                    [
                        [line["label"]] + [line[k] for k, _h in columns]
                        for line in statistics[report.id][key]
                    ],
                    first_row=row,
                    totals=self.env._("Total"),
                    title=(report.name, title),
                    # One filter per sheet: one report's table.
                    autofilter=len(objs) == 1,
                )
                row += 1
