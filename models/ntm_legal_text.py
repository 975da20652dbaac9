from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .hanoi_date import hanoi_today, in_force_domain

ROLES = [
    ("law", "Law on Emulation and Reward"),
    ("decree", "Decree detailing the law"),
    ("circular", "Sector circular"),
]
# The plans of the movement are ntm.plan records: they apply by achievement
# year, not by the document's date.


class NtmLegalText(models.Model):
    """A legal text the documents cite ("Căn cứ ..."), with the days it is in
    force: a document cites, for each role, the text in force at its date, so
    a memo of June 2025 cites Decree 98/2023 and one of July 2025 Decree
    152/2025. Data the administrator keeps up to date when a text changes."""

    _name = "ntm.legal.text"
    _description = "Legal Text"
    _order = "sequence, valid_from desc, id"

    name = fields.Char(
        "Citation",
        required=True,
        help="The text as documents cite it after 'Căn cứ', in Vietnamese.",
    )
    number = fields.Char("Number and Symbol", help="e.g. 152/2025/NĐ-CP")
    date_issued = fields.Date("Issued On")
    role = fields.Selection(
        ROLES,
        required=True,
        help="What the text governs: a document cites one text per role.",
    )
    sequence = fields.Integer(default=10, help="Order of the citations in a document.")
    valid_from = fields.Date("In Force From", help="Empty: since always.")
    valid_until = fields.Date("In Force Until", help="Empty: still in force.")
    active = fields.Boolean(default=True)

    @api.constrains("valid_from", "valid_until", "role", "active")
    def _check_period(self):
        for text in self:
            start = text.valid_from or date.min
            end = text.valid_until or date.max
            if end < start:
                raise ValidationError(
                    self.env._(
                        "%(text)s cannot end before it comes into force.",
                        text=text.number or text.name,
                    )
                )
            overlapping = self.search(
                [
                    ("id", "!=", text.id),
                    ("role", "=", text.role),
                    *in_force_domain(start, end),
                ],
                limit=1,
            )
            if text.active and overlapping:
                raise ValidationError(
                    self.env._(
                        "%(text)s and %(other)s would both be in force on the same "
                        "days for the same role: end one before the other starts.",
                        text=text.number or text.name,
                        other=overlapping.number or overlapping.name,
                    )
                )

    @api.model
    def _in_force(self, day=None):
        """The texts in force on `day` (Hanoi's today by default), one per
        role, in citation order."""
        return self.search(in_force_domain(day or hanoi_today()))
