"""Shared layout of the addon's Excel files: title rows, a bold header row
that stays frozen, filters and repeats on every printed page, set column
widths, numbers as numbers, years as years, dates as dd/mm/yyyy, printed on
A4 landscape one page wide."""

# xlsxwriter's paper code for A4.
PAPER_A4 = 9


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
        "subtitle": workbook.add_format({"italic": True, "align": "left"}),
        "int": workbook.add_format(
            {"num_format": "#,##0", "valign": "top", "border": 1}
        ),
        # A year is no quantity: 2025, not "2.025".
        "year": workbook.add_format(
            {"num_format": "0", "valign": "top", "align": "center", "border": 1}
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


def write_table(
    sheet,
    formats,
    columns,
    rows,
    first_row=0,
    totals=False,
    title=(),
    autofilter=True,
):
    """columns: (header, width, kind) with kind in text/int/float/year/date;
    rows: lists of values; title: lines written above the table, the first
    in bold. Returns the index of the row after the table."""
    first_row = write_title(sheet, formats, title, len(columns), first_row)
    for col, (header, width, _kind) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write(first_row, col, header, formats["header"])
    sheet.freeze_panes(first_row + 1, 0)
    if autofilter:
        sheet.autofilter(first_row, 0, first_row + max(len(rows), 1), len(columns) - 1)
    page_setup(sheet, first_row)
    row_index = first_row
    for row_index, values in enumerate(rows, start=first_row + 1):
        for col, value in enumerate(values):
            kind = columns[col][2]
            if value is None or value is False:
                sheet.write_blank(row_index, col, None, formats[kind])
            elif kind in ("int", "float", "year"):
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


def write_title(sheet, formats, title, width, first_row):
    """The title lines across `width` columns, the first in bold, then a
    blank row; returns the row the table starts on."""
    for index, line in enumerate(title):
        style = formats["title"] if index == 0 else formats["subtitle"]
        if width > 1:
            sheet.merge_range(first_row, 0, first_row, width - 1, line, style)
        else:
            sheet.write(first_row, 0, line, style)
        first_row += 1
    return first_row + 1 if title else first_row


def page_setup(sheet, header_row):
    """A4 landscape, one page wide, the header row repeated on each page."""
    sheet.set_paper(PAPER_A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.set_footer("&C&P / &N")
