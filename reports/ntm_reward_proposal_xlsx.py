from odoo import models

from .nd30_report import plain
from .xlsx_common import add_formats, write_table


class ReportRewardProposalXlsx(models.AbstractModel):
    """The list attached to reward proposals (danh sách đề nghị khen thưởng)."""

    _name = "report.ntm_exemplar.report_reward_proposal_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Reward Proposal List (Excel)"

    def generate_xlsx_report(self, workbook, data, objs):
        formats = add_formats(workbook)
        categories = dict(
            self.env["ntm.exemplar"]
            ._fields["category"]
            ._description_selection(self.env)
        )
        columns = [
            (self.env._("No."), 6, "int"),
            (self.env._("Collective, individual or household"), 32, "text"),
            (self.env._("Nominee Type"), 14, "text"),
            (self.env._("Category"), 24, "text"),
            (self.env._("Proposing Unit"), 30, "text"),
            (self.env._("Summary of Achievements"), 60, "text"),
            (self.env._("Reward"), 30, "text"),
            (self.env._("Proposal"), 18, "text"),
            (self.env._("Memo Number"), 16, "text"),
            (self.env._("Decision Number"), 16, "text"),
            (self.env._("Decision Date"), 12, "date"),
        ]
        rows, totals = [], {}
        for proposal in objs:
            for group in proposal._report_groups():
                for line in group["lines"]:
                    rows.append(
                        [
                            len(rows) + 1,
                            line.partner_id.name,
                            group["label"],
                            categories.get(line.category, ""),
                            line.unit_id.display_name,
                            line.achievement_summary
                            or plain(line.exemplar_id.achievements),
                            proposal.reward_form_id.name,
                            proposal.name,
                            proposal.document_number or "",
                            proposal.decision_number or "",
                            proposal.decision_date,
                        ]
                    )
                    totals[group["label"]] = totals.get(group["label"], 0) + 1
        sheet = workbook.add_worksheet(self.env._("List"))
        title = [self.env._("LIST OF NOMINEES PROPOSED FOR A REWARD")]
        if len(objs) == 1:
            memo = (
                self.env._(
                    "(Attached to memo %(number)s of %(date)s of %(unit)s)",
                    number=objs.document_number,
                    date=objs.date.strftime("%d/%m/%Y"),
                    unit=objs.unit_id.name,
                )
                if objs.document_number
                else self.env._(
                    "(Draft proposal of %(unit)s, %(date)s)",
                    unit=objs.unit_id.name,
                    date=objs.date.strftime("%d/%m/%Y"),
                )
            )
            title += [objs.reward_form_id.name, memo]
        next_row = write_table(sheet, formats, columns, rows, title=title)
        # Totals by nominee type under the list.
        sheet.write(next_row + 1, 1, self.env._("Total"), formats["total_label"])
        sheet.write_number(next_row + 1, 2, len(rows), formats["total"])
        for offset, (label, count) in enumerate(totals.items(), start=2):
            sheet.write(next_row + offset, 1, label, formats["total_label"])
            sheet.write_number(next_row + offset, 2, count, formats["total"])
