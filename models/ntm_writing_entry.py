from odoo import fields, models

from .hanoi_date import hanoi_today

AWARDS = [
    ("first", "First prize"),
    ("second", "Second prize"),
    ("third", "Third prize"),
    ("consolation", "Consolation prize"),
]


class NtmWritingEntry(models.Model):
    """An entry of the writing contest on exemplars, good people and good deeds."""

    _name = "ntm.writing.entry"
    _inherit = ["ntm.decision.mixin"]
    _description = "Writing Contest Entry"
    _order = "year desc, id desc"

    name = fields.Char("Title", required=True)
    author_id = fields.Many2one("res.partner", required=True, index=True)
    exemplar_id = fields.Many2one(
        "ntm.exemplar",
        "Exemplar Written About",
        required=True,
        index=True,
        ondelete="restrict",
    )
    unit_id = fields.Many2one(related="exemplar_id.unit_id", store=True, index=True)
    year = fields.Integer(
        "Contest Year",
        required=True,
        default=lambda self: hanoi_today().year,
    )
    award = fields.Selection(AWARDS)
    text = fields.Html()
