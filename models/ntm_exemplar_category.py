from odoo import fields, models

from .ntm_exemplar import CATEGORIES


class NtmExemplarCategory(models.Model):
    """The categories of nominees as records, so that a criterion can name
    the categories it applies to (the dossier keeps a selection)."""

    _name = "ntm.exemplar.category"
    _description = "Exemplar Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(CATEGORIES, required=True)
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Each category exists once."),
    ]
