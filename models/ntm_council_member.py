from odoo import api, fields, models

from .ntm_council import ROLES


class NtmCouncilMember(models.Model):
    _name = "ntm.council.member"
    _inherit = ["ntm.decision.mixin"]
    _description = "Council Member"
    _order = "council_id, role_sequence, id"
    _fixed_fields = ("council_id",)
    _required_text_fields = ()

    council_id = fields.Many2one(
        "ntm.council", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users", required=True, index=True, ondelete="restrict"
    )
    # The record rules read the parent's unit, stored here.
    unit_id = fields.Many2one(related="council_id.unit_id", store=True, index=True)
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

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members.council_id._guard_no_open_vote()
        return members

    def write(self, vals):
        self.council_id._guard_no_open_vote()
        res = super().write(vals)
        self.council_id._guard_no_open_vote()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_voting(self):
        self.council_id._guard_no_open_vote()
