"""Shared layout of the addon's Excel files: a bold header row that stays
frozen, set column widths, numbers written as numbers."""


def add_formats(workbook):
    return {
        "header": workbook.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "vcenter",
                "align": "center",
                "border": 1,
                "bg_color": "#D9E1F2",
            }
        ),
        "title": workbook.add_format({"bold": True, "font_size": 13}),
        "text": workbook.add_format({"text_wrap": True, "valign": "top", "border": 1}),
        "int": workbook.add_format(
            {"num_format": "#,##0", "valign": "top", "border": 1}
        ),
        "float": workbook.add_format(
            {"num_format": "#,##0.0#", "valign": "top", "border": 1}
        ),
        "date": workbook.add_format(
            {"num_format": "dd/mm/yyyy", "valign": "top", "border": 1}
        ),
        "total": workbook.add_format(
            {"bold": True, "num_format": "#,##0", "border": 1}
        ),
        "total_label": workbook.add_format({"bold": True, "border": 1}),
    }


def write_table(sheet, formats, columns, rows, first_row=0, totals=False):
    """columns: (header, width, kind) with kind in text/int/float/date; rows:
    lists of values. Returns the index of the row after the table."""
    for col, (header, width, _kind) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write(first_row, col, header, formats["header"])
    sheet.freeze_panes(first_row + 1, 0)
    row_index = first_row
    for row_index, values in enumerate(rows, start=first_row + 1):
        for col, value in enumerate(values):
            kind = columns[col][2]
            if value is None or value is False:
                sheet.write_blank(row_index, col, None, formats[kind])
            elif kind in ("int", "float"):
                sheet.write_number(row_index, col, value, formats[kind])
            elif kind == "date":
                sheet.write_datetime(row_index, col, value, formats[kind])
            else:
                sheet.write_string(row_index, col, str(value), formats[kind])
    if totals and rows:
        row_index += 1
        sheet.write(row_index, 0, totals, formats["total_label"])
        for col, (_header, _width, kind) in enumerate(columns):
            if kind in ("int", "float") and col:
                sheet.write_number(
                    row_index,
                    col,
                    sum(r[col] or 0 for r in rows),
                    formats["total"],
                )
    return row_index + 1
