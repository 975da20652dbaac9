import math

from num2words import num2words

from odoo import api, models
from odoo.tools import html2plaintext


def place_date(place, date):
    """'Vân Nội, ngày 05 tháng 01 năm 2027': Decree 30 writes days below 10
    and the months January and February with a leading zero."""
    if not date:
        return f"{place}, ngày ..... tháng ..... năm ......."
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def vn_number(value, digits=0):
    """12345.5 -> '12.345,5': Vietnamese thousands and decimal separators."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def in_words(value):
    """5 -> 'năm', for the figures documents write out in words."""
    return num2words(int(value), lang="vi")


def plain(html, limit=0):
    """The text of an Html field, for tables; `limit` characters at most."""
    text = " ".join(html2plaintext(html or "").split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def plain_paragraphs(html):
    """The paragraphs of an Html field, as plain text."""
    return [
        " ".join(part.split())
        for part in html2plaintext(html or "").split("\n\n")
        if part.strip()
    ]


def text_lines(text, width):
    """Lines a text takes in a table cell about `width` characters wide."""
    return sum(
        max(1, math.ceil(len(part) / width)) for part in str(text or "").split("\n")
    )


def pages(items, weigh, first=45, rest=55):
    """Rows of a long table cut into page-sized chunks, each printed as its
    own table after a page break. Debian's wkhtmltopdf (built on unpatched Qt)
    neither repeats a table's header on a new page nor keeps a row whole, so
    the documents do it: `weigh` tells the lines a row takes, `first` and
    `rest` the lines the table may use on its first and on later pages.
    Rows come numbered across the pages: (1, item), (2, item)..."""
    chunks, current, used, capacity = [], [], 0.0, first
    for number, item in enumerate(items, start=1):
        weight = weigh(item)
        if current and used + weight > capacity:
            chunks.append(current)
            current, used, capacity = [], 0.0, rest
        current.append((number, item))
        used += weight
    if current or not chunks:
        chunks.append(current)
    return chunks


class Nd30Helpers:
    """What the document templates need to lay out Decree 30 documents."""

    place_date = staticmethod(place_date)
    number = staticmethod(vn_number)
    in_words = staticmethod(in_words)
    plain = staticmethod(plain)
    plain_paragraphs = staticmethod(plain_paragraphs)
    pages = staticmethod(pages)
    text_lines = staticmethod(text_lines)

    @staticmethod
    def upper(text):
        return (text or "").upper()

    @staticmethod
    def body_lines(text):
        """The issuing body's name in capitals, broken where Vietnamese
        documents break it: "ỦY BAN NHÂN DÂN" / "XÃ PHÚC THỊNH", never inside
        the unit's own name."""
        name = " ".join((text or "").upper().split())
        for head in ("ỦY BAN NHÂN DÂN ", "HỘI ĐỒNG NHÂN DÂN "):
            if name.startswith(head) and len(name) > len(head):
                return [head.strip(), name[len(head) :]]
        return [name]

    @staticmethod
    def lines(text):
        """Recipients typed one per line -> '- Như trên;' lines."""
        stripped = (
            line.strip().lstrip("-").strip() for line in (text or "").split("\n")
        )
        return [f"- {line}" for line in stripped if line]

    @staticmethod
    def address(partner):
        """A partner's address on one line (street, ward, district, city)."""
        parts = (partner.street, partner.street2, partner.city, partner.state_id.name)
        return ", ".join(part.strip() for part in parts if part and part.strip())

    @staticmethod
    def date(value):
        return value.strftime("%d/%m/%Y") if value else ""


class NtmNd30Report(models.AbstractModel):
    """Base of the addon's PDF documents: the records, and the helpers of the
    Decree 30 layout (ntm_exemplar.nd30_* templates)."""

    _name = "ntm.nd30.report"
    _description = "Administrative Document (Decree 30)"

    @api.model
    def _get_report_values(self, docids, data=None):
        report_name = self._name.removeprefix("report.")
        report = self.env["ir.actions.report"]._get_report_from_name(report_name)
        # Legal documents are written in Vietnamese, whoever prints them.
        lang = "vi_VN" if self.env["res.lang"]._lang_get("vi_VN") else self.env.lang
        docs = self.env[report.model].with_context(lang=lang).browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": report.model,
            "docs": docs,
            "data": data,
            "nd30": Nd30Helpers,
            **self._document_values(docs),
        }

    @api.model
    def _document_values(self, docs):
        """Values a document computes once for all its records."""
        return {}
