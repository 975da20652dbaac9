from odoo import api, fields, models

from .ntm_council import ROLES


class NtmCouncilMember(models.Model):
    _name = "ntm.council.member"
    _description = "Council Member"
    _order = "council_id, role_sequence, id"

    council_id = fields.Many2one(
        "ntm.council", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users", required=True, index=True, ondelete="restrict"
    )
    role = fields.Selection(ROLES, required=True, default="member")
    role_sequence = fields.Integer(compute="_compute_role_sequence", store=True)

    _sql_constraints = [
        (
            "user_unique",
            "unique(council_id, user_id)",
            "A user sits once in a council.",
        ),
    ]

    @api.depends("role")
    def _compute_role_sequence(self):
        order = {key: index for index, (key, _label) in enumerate(ROLES)}
        for member in self:
            member.role_sequence = order.get(member.role, 99)
