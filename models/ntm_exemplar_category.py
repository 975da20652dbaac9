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
    last_year = fields.Integer(
        "Accepts Dossiers Until",
        help="Last achievement year for which dossiers of this category are filed "
        "(districts: 2025, the district level ended on 1 July 2025). Empty: no "
        "end. Earlier dossiers stay as they are.",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "Each category exists once."),
    ]
