from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

ROLES = [
    ("chair", "Chair"),
    ("vice_chair", "Vice-chair"),
    ("secretary", "Secretary"),
    # "Ủy viên" in the plan: a member who holds no office in the council.
    ("member", "Ordinary Member"),
]
APPROVAL_BASES = [
    ("all", "All members"),
    ("present", "Members present"),
]


# What the tally applies: fixed while a vote is open.
RULE_FIELDS = {
    "unit_id",
    "member_ids",
    "quorum_numerator",
    "quorum_denominator",
    "approval_strict",
    "approval_numerator",
    "approval_denominator",
    "approval_base",
    "count_written_opinions",
}


def is_valid_share(numerator, denominator):
    """A quorum or an approval share is a fraction between 0 and 1."""
    return denominator > 0 and 0 <= numerator <= denominator


def _param(env, key, default):
    # sudo: company-wide defaults live in system parameters.
    return env["ir.config_parameter"].sudo().get_param(f"ntm_exemplar.{key}", default)


class NtmCouncil(models.Model):
    _name = "ntm.council"
    _description = "Emulation and Reward Council"
    _inherit = ["ntm.unit.scoped.mixin", "ntm.decision.mixin", "mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    unit_id = fields.Many2one(tracking=True)
    member_ids = fields.One2many("ntm.council.member", "council_id", "Members")
    _required_text_fields = ("name",)
    active = fields.Boolean(default=True)
    quorum_numerator = fields.Integer(
        default=lambda self: int(_param(self.env, "quorum_numerator", 1)), tracking=True
    )
    quorum_denominator = fields.Integer(
        default=lambda self: int(_param(self.env, "quorum_denominator", 2)),
        tracking=True,
    )
    approval_strict = fields.Boolean(
        "More Than (Strict)",
        default=lambda self: _param(self.env, "approval_comparison", "more") == "more",
        tracking=True,
        help="Checked: the agreeing votes must be more than the share; unchecked: "
        "at least the share.",
    )
    approval_numerator = fields.Integer(
        default=lambda self: int(_param(self.env, "approval_numerator", 1)),
        tracking=True,
    )
    approval_denominator = fields.Integer(
        default=lambda self: int(_param(self.env, "approval_denominator", 2)),
        tracking=True,
    )
    approval_base = fields.Selection(
        APPROVAL_BASES,
        "Share Of",
        required=True,
        default=lambda self: _param(self.env, "approval_base", "all"),
        tracking=True,
    )
    count_written_opinions = fields.Boolean(
        default=True,
        help="Absent members' written opinions count as votes (and in the base "
        "when the share is of the members present).",
    )
    rule_display = fields.Char("Approval Rule", compute="_compute_rule_display")

    @api.constrains(
        "quorum_numerator",
        "quorum_denominator",
        "approval_numerator",
        "approval_denominator",
    )
    def _check_shares(self):
        for council in self:
            for num, den in (
                (council.quorum_numerator, council.quorum_denominator),
                (council.approval_numerator, council.approval_denominator),
            ):
                if not is_valid_share(num, den):
                    raise ValidationError(
                        self.env._(
                            "Council %(council)s: a share must be a fraction between "
                            "0 and 1 (e.g. 1/2, 2/3, 9/10).",
                            council=council.name,
                        )
                    )

    @api.depends_context("lang")
    @api.depends(
        "approval_strict", "approval_numerator", "approval_denominator", "approval_base"
    )
    def _compute_rule_display(self):
        bases = dict(self._fields["approval_base"]._description_selection(self.env))
        for council in self:
            council.rule_display = self.env._(
                "%(comparison)s %(num)s/%(den)s of %(base)s",
                comparison=self.env._("more than")
                if council.approval_strict
                else self.env._("at least"),
                num=council.approval_numerator,
                den=council.approval_denominator,
                base=bases.get(council.approval_base, "").lower(),
            )

    def write(self, vals):
        if set(vals) & RULE_FIELDS:
            self._guard_no_open_vote()
        return super().write(vals)

    def _guard_no_open_vote(self):
        """While a session votes, its council's rules and members stand: the
        tally applies the rules the vote was opened under."""
        voting = (
            self.env["ntm.council.session"]
            .sudo()
            .search([("council_id", "in", self.ids), ("state", "=", "open")], limit=1)
        )
        if voting:
            raise UserError(
                self.env._(
                    "The vote of %(session)s is open: the rules and members of "
                    "%(council)s do not change until it is closed.",
                    session=voting.name,
                    council=voting.council_id.name,
                )
            )

    def _voting_attendance_states(self):
        """Who votes: the members present, and the absent members who gave a
        written opinion where the council counts them."""
        self.ensure_one()
        return ("present", "written") if self.count_written_opinions else ("present",)

    def _has_quorum(self, present):
        """At least quorum_numerator/quorum_denominator of the members."""
        self.ensure_one()
        total = len(self.member_ids)
        return bool(total) and present * self.quorum_denominator >= (
            self.quorum_numerator * total
        )

    def _passes(self, agree, base):
        """Exact comparison in integers: 6 of 9 is exactly 2/3."""
        self.ensure_one()
        if base <= 0:
            return False
        lhs = agree * self.approval_denominator
        rhs = self.approval_numerator * base
        return lhs > rhs if self.approval_strict else lhs >= rhs
