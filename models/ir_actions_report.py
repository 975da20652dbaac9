import io
import os

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo import models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

# Decree 30/2020/NĐ-CP: pages are numbered in Arabic numerals, 13-14 pt,
# centred in the top margin, the first page not numbered.
PAGE_NUMBER_SIZE = 13
PAGE_NUMBER_FROM_TOP = 11 * mm
# The documents' font (static/src/scss/ntm_report.scss), for the numbers too:
# Tinos (Debian: fonts-croscore), metrically Times New Roman, with every
# Vietnamese letter; Times-Roman, built into every PDF reader, otherwise.
DOCUMENT_FONT_FILES = (
    ("Tinos", "/usr/share/fonts/truetype/croscore/Tinos-Regular.ttf"),
    (
        "LiberationSerif",
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    ),
)


def _page_number_font():
    for name, path in DOCUMENT_FONT_FILES:
        if name in pdfmetrics.getRegisteredFontNames():
            return name
        if os.path.exists(path):
            pdfmetrics.registerFont(TTFont(name, path))
            return name
    return "Times-Roman"


def number_pages(stream):
    """The PDF of `stream` with its pages numbered from page 2. Stamped on
    the rendered file: Debian's wkhtmltopdf (unpatched Qt) ignores the
    header Odoo would put the number in."""
    reader = PdfFileReader(stream, strict=False, overwriteWarnings=False)
    count = reader.getNumPages()
    if count < 2:
        stream.seek(0)
        return stream
    overlay = io.BytesIO()
    font = _page_number_font()
    sheet = canvas.Canvas(
        overlay, initialFontName=font, initialFontSize=PAGE_NUMBER_SIZE
    )
    for index in range(count):
        page = reader.getPage(index)
        width = float(abs(page.mediaBox.getWidth()))
        height = float(abs(page.mediaBox.getHeight()))
        sheet.setPageSize((width, height))
        if index:
            sheet.setFont(font, PAGE_NUMBER_SIZE)
            sheet.drawCentredString(
                width / 2, height - PAGE_NUMBER_FROM_TOP, str(index + 1)
            )
        sheet.showPage()
    sheet.save()
    numbers = PdfFileReader(overlay, overwriteWarnings=False)
    writer = PdfFileWriter()
    for index in range(count):
        page = reader.getPage(index)
        if index:
            page.mergePage(numbers.getPage(index))
        writer.addPage(page)
    output = io.BytesIO()
    writer.write(output)
    output.seek(0)
    return output


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        streams = super()._render_qweb_pdf_prepare_streams(
            report_ref, data, res_ids=res_ids
        )
        paperformat = self.env.ref(
            "ntm_exemplar.paperformat_nd30", raise_if_not_found=False
        )
        report = self._get_report(report_ref)
        if paperformat and report.sudo().paperformat_id == paperformat:
            # Each document (one per record) numbers its own pages.
            for values in streams.values():
                if values.get("stream") and not values.get("attachment"):
                    values["stream"] = number_pages(values["stream"])
        return streams
