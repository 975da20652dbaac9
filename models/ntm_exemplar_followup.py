from odoo import fields, models

from .hanoi_date import hanoi_today


class NtmExemplarFollowup(models.Model):
    """A yearly follow-up of a recognised exemplar: does it keep developing?"""

    _name = "ntm.exemplar.followup"
    _inherit = ["ntm.decision.mixin"]
    _description = "Exemplar Follow-up"
    _order = "date desc, id desc"
    _fixed_fields = ("exemplar_id",)
    _required_text_fields = ()

    exemplar_id = fields.Many2one(
        "ntm.exemplar", "Dossier", required=True, index=True, ondelete="cascade"
    )
    # The record rules read the parent's unit, stored here.
    unit_id = fields.Many2one(related="exemplar_id.unit_id", store=True, index=True)
    date = fields.Date(required=True, default=hanoi_today)
    year = fields.Integer(required=True, default=lambda self: hanoi_today().year)
    keeps_developing = fields.Boolean("Continues to Develop", default=True)
    notes = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", "Followed Up By", default=lambda self: self.env.user
    )

    _sql_constraints = [
        (
            "year_unique",
            "unique(exemplar_id, year)",
            "One follow-up per exemplar and year.",
        ),
    ]
