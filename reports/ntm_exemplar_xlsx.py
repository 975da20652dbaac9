from collections import defaultdict

from odoo import models

from ..models.hanoi_date import hanoi_today
from .xlsx_common import add_formats, write_table

# The dossier's columns before the criteria (bench/ exports the same ones).
DOSSIER_FIELDS = [
    "ref",
    "name",
    "partner_id",
    "category",
    "unit_id",
    "year",
    "stage_id",
    "eligibility",
    "criteria_met_count",
    "criteria_count",
    "score",
]


class ReportExemplarXlsx(models.AbstractModel):
    """Dossiers with the values of their criteria: one row per dossier, one
    column per criterion."""

    _name = "report.ntm_exemplar.report_exemplar_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Dossiers with Criteria Values (Excel)"

    def generate_xlsx_report(self, workbook, data, objs):
        self._write_dossiers(workbook, objs)

    def _write_dossiers(self, workbook, dossiers):
        formats = add_formats(workbook)
        dossiers = dossiers.with_context(active_test=False)
        records = dossiers.read(DOSSIER_FIELDS)
        # One query for all lines: 10,000 dossiers have 130,000 of them.
        lines = self.env["ntm.exemplar.criterion.line"].search_fetch(
            [("exemplar_id", "in", dossiers.ids)],
            [
                "exemplar_id",
                "criterion_id",
                "value_number",
                "value_bool",
                "is_evaluated",
            ],
        )
        # One column per code: the same criterion in the plans of several
        # years (its copy in the next plan) is one column.
        criteria = []
        for criterion in lines.criterion_id.sorted(lambda c: (c.sequence, c.id)):
            if criterion.code not in {c.code for c in criteria}:
                criteria.append(criterion)
        values = defaultdict(dict)
        yes, no = self.env._("Yes"), self.env._("No")
        for line in lines:
            if not line.is_evaluated:
                continue
            value = (
                (yes if line.value_bool == "yes" else no)
                if line.measure == "boolean"
                else line.value_number
            )
            values[line.exemplar_id.id][line.criterion_id.code] = value
        categories = dict(dossiers._fields["category"]._description_selection(self.env))
        eligibility = dict(
            dossiers._fields["eligibility"]._description_selection(self.env)
        )
        columns = [
            (self.env._("Reference"), 16, "text"),
            (self.env._("Title"), 36, "text"),
            (self.env._("Nominee"), 30, "text"),
            (self.env._("Category"), 24, "text"),
            (self.env._("Proposing Unit"), 30, "text"),
            (self.env._("Year"), 8, "year"),
            (self.env._("Stage"), 18, "text"),
            (self.env._("Eligibility"), 14, "text"),
            (self.env._("Criteria Met"), 10, "int"),
            (self.env._("Number of Criteria"), 10, "int"),
            (self.env._("Score"), 9, "float"),
        ] + [
            (
                f"{c.code} - {c.name}",
                18,
                "text" if c.measure == "boolean" else "float",
            )
            for c in criteria
        ]
        rows = []
        for record in records:
            dossier_values = values.get(record["id"], {})
            rows.append(
                [
                    record["ref"],
                    record["name"],
                    record["partner_id"] and record["partner_id"][1],
                    categories.get(record["category"], ""),
                    record["unit_id"] and record["unit_id"][1],
                    record["year"],
                    record["stage_id"] and record["stage_id"][1],
                    eligibility.get(record["eligibility"], ""),
                    record["criteria_met_count"],
                    record["criteria_count"],
                    record["score"],
                ]
                + [dossier_values.get(c.code) for c in criteria]
            )
        sheet = workbook.add_worksheet(self.env._("Dossiers"))
        write_table(
            sheet,
            formats,
            columns,
            rows,
            title=(
                self.env._("EXEMPLAR DOSSIERS AND THEIR CRITERIA"),
                self.env._(
                    "%(count)s dossiers, exported on %(date)s",
                    count=len(rows),
                    date=hanoi_today().strftime("%d/%m/%Y"),
                ),
            ),
        )
        # The legend: each criterion of each plan the dossiers were judged
        # by, since a code's requirement may change from one plan to the next.
        judged_by = lines.criterion_id.sorted(
            lambda c: (c.sequence, c.code, c.plan_id.year_from or 0, c.id)
        )
        legend = workbook.add_worksheet(self.env._("Criteria"))
        write_table(
            legend,
            formats,
            [
                (self.env._("Code"), 10, "text"),
                (self.env._("Criterion"), 60, "text"),
                (self.env._("Plan"), 40, "text"),
                (self.env._("Requirement"), 30, "text"),
                (self.env._("Mandatory"), 12, "text"),
            ],
            [
                [
                    c.code,
                    c.name,
                    c.plan_id.display_name,
                    c._requirement_text(
                        c.measure, c.operator, c.threshold, c.threshold_max
                    ),
                    yes if c.is_mandatory else no,
                ]
                for c in judged_by
            ],
        )
