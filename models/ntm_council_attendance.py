from odoo import fields, models

from .ntm_council import ROLES


class NtmCouncilAttendance(models.Model):
    _name = "ntm.council.attendance"
    _description = "Council Session Attendance"
    _order = "session_id, id"

    session_id = fields.Many2one(
        "ntm.council.session", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one("res.users", "Member", required=True, ondelete="restrict")
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

    _sql_constraints = [
        (
            "user_unique",
            "unique(session_id, user_id)",
            "A member is listed once per session.",
        ),
    ]
