from odoo import models

from ..models.hanoi_date import hanoi_today
from ..wizards.ntm_exemplar_import import COLUMNS

# The sheets of the template; the import reads the first one.
LIST_SHEET = "Danh sách đề nghị"
GUIDE_SHEET = "Hướng dẫn"
UNITS_SHEET = "Đơn vị"
WIDTHS = {
    "seq": 6,
    "nominee": 40,
    "category": 36,
    "unit": 34,
    "achievements": 70,
    "source": 22,
    "year": 8,
    "birthdate": 14,
}
# Rows of the list offering the categories and sources as drop-down lists.
LIST_ROWS = 1000
SAMPLE = {
    "seq": 1,
    "nominee": "Hợp tác xã Dịch vụ nông nghiệp Vân Nội",
    "category": "enterprise",
    "achievements": "Sản phẩm rau an toàn đạt OCOP 4 sao; thu nhập của thành viên "
    "tăng 20% so với năm trước.",
    "source": "movement",
}


class ExemplarImportTemplateXlsx(models.AbstractModel):
    """The Excel file units fill in with the nominees they propose: a list
    with the columns the import reads, a guide to them with the categories
    and sources accepted and a sample row, and the units the user may file
    dossiers for."""

    _name = "report.ntm_exemplar.exemplar_import_template"
    _inherit = "report.report_xlsx.abstract"
    _description = "Proposal List Template"

    def generate_xlsx_report(self, workbook, data, objs):
        # The file circulates among Vietnamese units: Vietnamese when installed.
        installed = dict(self.env["res.lang"].get_installed())
        lang = "vi_VN" if "vi_VN" in installed else self.env.lang
        report = self.with_context(lang=lang)
        styles = {
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "bold": workbook.add_format({"bold": True}),
            "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
            "text": workbook.add_format({"num_format": "@", "valign": "top"}),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy", "valign": "top"}),
        }
        categories = report._selection("category")
        sources = report._selection("source")
        units = self.env["ntm.exemplar"].new({}).allowed_unit_ids._origin
        list_sheet = workbook.add_worksheet(LIST_SHEET)
        guide = workbook.add_worksheet(GUIDE_SHEET)
        ranges = report._write_guide(guide, styles, categories, sources, units)
        report._write_list(list_sheet, styles, ranges)
        report._write_units(workbook.add_worksheet(UNITS_SHEET), styles, units)
        list_sheet.activate()

    def _selection(self, field_name):
        field = self.env["ntm.exemplar"]._fields[field_name]
        return field._description_selection(self.env)

    def _write_list(self, sheet, styles, ranges):
        for index, column in enumerate(COLUMNS):
            cell_format = {"unit": styles["text"], "birthdate": styles["date"]}.get(
                column.key, styles["wrap"]
            )
            sheet.set_column(index, index, WIDTHS[column.key], cell_format)
            sheet.write(0, index, column.header, styles["header"])
            if column.key in ranges:
                sheet.data_validation(
                    1,
                    index,
                    LIST_ROWS,
                    index,
                    {
                        "validate": "list",
                        "source": ranges[column.key],
                        # Codes are accepted too: warn, do not refuse.
                        "error_type": "warning",
                    },
                )
        sheet.freeze_panes(1, 0)

    def _write_guide(self, sheet, styles, categories, sources, units):
        """Write the guide; return {column key: range of its accepted labels}."""
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, 1, 14)
        sheet.set_column(2, 2, 80, styles["wrap"])
        # Columns D to G hold only the example row: the widths of the list.
        for index, column in enumerate(COLUMNS[3:], start=3):
            sheet.set_column(index, index, WIDTHS[column.key])
        sheet.write(
            0, 0, self.env._("How to fill in the proposal list"), styles["title"]
        )
        sheet.write(
            1,
            0,
            self.env._(
                "One nominee per row of the sheet '%(sheet)s', from row 2. Columns "
                "marked (*) are required. If one row is wrong, nothing is imported "
                "and the errors are listed row by row.",
                sheet=LIST_SHEET,
            ),
        )
        notes = {
            "seq": self.env._("Row number; not imported."),
            "nominee": self.env._(
                "Name of the collective, individual or household. A contact of "
                "the same name is reused; otherwise one is created."
            ),
            "category": self.env._(
                "One of the categories below: its label or its code."
            ),
            "unit": self.env._(
                "Code, name or complete name (District / Commune) of a unit you "
                "file dossiers for: see the sheet '%(sheet)s'.",
                sheet=UNITS_SHEET,
            ),
            "achievements": self.env._("Summary of the outstanding achievements."),
            "source": self.env._(
                "One of the sources below: its label or its code. Empty: emulation "
                "movement."
            ),
            "year": self.env._(
                "Emulation year. Empty: the year chosen on the import screen."
            ),
            "birthdate": self.env._(
                "Of an individual, dd/mm/yyyy: tells apart two people of the same "
                "name in the same commune."
            ),
        }
        row = 3
        for col, title in enumerate(
            (self.env._("Column"), self.env._("Required"), self.env._("What to Write"))
        ):
            sheet.write(row, col, title, styles["header"])
        for column in COLUMNS:
            row += 1
            sheet.write(row, 0, column.label)
            sheet.write(row, 1, self.env._("Yes") if column.required else "")
            sheet.write(row, 2, notes[column.key])
        ranges = {}
        for key, title, choices in (
            ("category", self.env._("Nominee Categories"), categories),
            ("source", self.env._("Discovery Sources"), sources),
        ):
            row += 2
            sheet.write(row, 0, title, styles["header"])
            sheet.write(row, 1, self.env._("Code"), styles["header"])
            first = row + 2  # first label, counted from 1 as Excel does
            for code, label in choices:
                row += 1
                sheet.write(row, 0, label)
                sheet.write(row, 1, code)
            ranges[key] = f"='{GUIDE_SHEET}'!$A${first}:$A${row + 1}"
        row += 2
        sheet.write(row, 0, self.env._("Example"), styles["bold"])
        row += 1
        labels = {"category": dict(categories), "source": dict(sources)}
        sample = {
            **SAMPLE,
            "category": labels["category"][SAMPLE["category"]],
            "source": labels["source"][SAMPLE["source"]],
            "unit": units[:1].code or units[:1].display_name or "",
            "year": hanoi_today().year,
            "birthdate": "",
        }
        for index, column in enumerate(COLUMNS):
            sheet.write(row, index, column.header, styles["header"])
            sheet.write(row + 1, index, sample[column.key], styles["wrap"])
        return ranges

    def _write_units(self, sheet, styles, units):
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 1, 70)
        sheet.write(0, 0, self.env._("Code"), styles["header"])
        sheet.write(0, 1, self.env._("Unit"), styles["header"])
        for row, unit in enumerate(units, start=1):
            sheet.write_string(row, 0, unit.code or "")
            sheet.write_string(row, 1, unit.display_name)
        sheet.freeze_panes(1, 0)
