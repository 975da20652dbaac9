from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .ntm_council import ROLES
from .ntm_decision_mixin import is_decision


class NtmCouncilAttendance(models.Model):
    _name = "ntm.council.attendance"
    _inherit = ["ntm.decision.mixin"]
    _description = "Council Session Attendance"
    _order = "session_id, id"
    _decision_fields = ("has_voted",)
    _fixed_fields = ("session_id",)
    _required_text_fields = ()

    session_id = fields.Many2one(
        "ntm.council.session", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one("res.users", "Member", required=True, ondelete="restrict")
    # The record rules read the parent's unit, stored here.
    unit_id = fields.Many2one(related="session_id.unit_id", store=True, index=True)
    role = fields.Selection(ROLES, required=True, default="member")
    state = fields.Selection(
        [
            ("present", "Present"),
            ("written", "Absent, written opinion"),
            ("absent", "Absent"),
        ],
        "Attendance",
        required=True,
        default="present",
    )
    written_opinion = fields.Text()
    has_voted = fields.Boolean(
        "Took Part in the Vote",
        readonly=True,
        help="Recorded at the tally: the member cast at least one ballot. How they "
        "voted is not kept.",
    )

    _sql_constraints = [
        (
            "user_unique",
            "unique(session_id, user_id)",
            "A member is listed once per session.",
        ),
    ]

    @api.constrains("user_id", "session_id")
    def _check_member(self):
        """Only members of the session's council attend it (and count toward
        its quorum)."""
        for attendance in self:
            council = attendance.session_id.sudo().council_id
            if attendance.user_id not in council.member_ids.user_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a member of %(council)s: only its members "
                        "attend its sessions.",
                        user=attendance.user_id.name,
                        council=council.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        attendances._guard_session_draft()
        return attendances

    def write(self, vals):
        self._guard_session_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_voting(self):
        self._guard_session_draft()

    def _guard_session_draft(self):
        """Attendance is fixed when the vote opens."""
        if is_decision(self.env):
            return
        started = self.session_id.filtered(lambda s: s.state != "draft")
        if started:
            raise UserError(
                self.env._(
                    "The vote of %(session)s is open or closed: its attendance no "
                    "longer changes.",
                    session=started[0].name,
                )
            )
