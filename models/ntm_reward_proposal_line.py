from odoo import api, fields, models
from odoo.exceptions import UserError

from .hanoi_date import hanoi_today
from .ntm_reward_proposal import GRASSROOTS_CATEGORIES


class NtmRewardProposalLine(models.Model):
    _name = "ntm.reward.proposal.line"
    _inherit = ["ntm.decision.mixin"]
    _description = "Reward Proposal Line"
    _order = "proposal_id, sequence, id"
    _decision_fields = ("is_rewarded",)
    _fixed_fields = ("proposal_id",)
    _required_text_fields = ()

    proposal_id = fields.Many2one(
        "ntm.reward.proposal", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    # The record rules read the proposal's unit, stored here (unit_id is the
    # dossier's, shown in the list).
    proposal_unit_id = fields.Many2one(
        related="proposal_id.unit_id", store=True, index=True, string="Proposal's Unit"
    )
    exemplar_id = fields.Many2one(
        "ntm.exemplar", required=True, index=True, ondelete="restrict"
    )
    partner_id = fields.Many2one(related="exemplar_id.partner_id")
    category = fields.Selection(related="exemplar_id.category")
    nominee_type = fields.Selection(related="exemplar_id.nominee_type")
    unit_id = fields.Many2one(related="exemplar_id.unit_id")
    reward_form_id = fields.Many2one(related="proposal_id.reward_form_id")
    state = fields.Selection(related="proposal_id.state")
    decision_number = fields.Char(related="proposal_id.decision_number")
    decision_date = fields.Date(related="proposal_id.decision_date")
    achievement_summary = fields.Text(
        help="The summary of achievements printed in the proposal's list."
    )
    is_rewarded = fields.Boolean(
        "Rewarded",
        readonly=True,
        copy=False,
        help="The city approved the reward for this line. A dossier is rewarded "
        "by one line at most (a unique index, which holds under concurrent "
        "approvals too).",
    )
    is_grassroots = fields.Boolean(
        "Small Collective / Direct Worker / Farmer",
        compute="_compute_is_grassroots",
        store=True,
        readonly=False,
    )

    _sql_constraints = [
        (
            "exemplar_unique",
            "unique(proposal_id, exemplar_id)",
            "An exemplar is listed once per proposal.",
        ),
    ]

    def init(self):
        # One reward per achievement, by construction: a partial unique index.
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS ntm_reward_proposal_line_one_reward "
            "ON ntm_reward_proposal_line (exemplar_id) WHERE is_rewarded"
        )

    @api.depends("exemplar_id.category")
    def _compute_is_grassroots(self):
        for line in self:
            line.is_grassroots = line.exemplar_id.category in GRASSROOTS_CATEGORIES

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._guard_proposal_editable()
        lines._guard_recognised()
        lines._guard_not_rewarded()
        lines._guard_not_blocked()
        lines._guard_council_vote()
        return lines

    def write(self, vals):
        self._guard_proposal_editable()
        res = super().write(vals)
        if "exemplar_id" in vals:
            self._guard_recognised()
            self._guard_not_rewarded()
            self._guard_not_blocked()
            self._guard_council_vote()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        self._guard_proposal_editable()

    def _guard_proposal_editable(self):
        self.proposal_id._guard_dossier_editable()

    def _guard_recognised(self):
        """Only exemplars the head recognised, of the proposing unit or of
        the units below it, are proposed for a reward."""
        for line in self:
            # sudo: the check reads the dossier's stage and unit, and names
            # the dossier only when the user may read it.
            dossier = line.sudo().exemplar_id
            unit = line.sudo().proposal_id.unit_id
            in_scope = dossier.unit_id.parent_path.startswith(unit.parent_path)
            if not in_scope or not dossier.stage_id.is_recognised:
                name = (
                    dossier.display_name
                    if line.exemplar_id.has_access("read")
                    else self.env._("This dossier")
                )
                raise UserError(
                    self.env._(
                        "%(dossier)s is not a recognised exemplar of %(unit)s or of "
                        "a unit below it: it cannot be proposed.",
                        dossier=name,
                        unit=unit.complete_name,
                    )
                )

    def _guard_not_blocked(self, day=None):
        """No reward while the nominee is under discipline, inspection or an
        unresolved complaint (on `day`: the proposal's date by default)."""
        for line in self:
            refusal = line.exemplar_id._reward_block_on(
                day or line.proposal_id.date or hanoi_today()
            )
            if refusal:
                raise UserError(refusal)

    def _guard_council_vote(self):
        """A reward that asks for its own majority is proposed only for a
        dossier whose latest council result (its current round, recognised
        by the head) voted it for that reward and met the reward's rule."""
        lines = self.filtered(
            lambda line: line.proposal_id.reward_form_id.vote_required
        )
        if not lines:
            return
        # sudo: results of councils above the proposing unit count all the
        # same; only the verdict comes back to the user.
        results = (
            self.env["ntm.council.result"]
            .sudo()
            .search(
                [
                    ("exemplar_id", "in", lines.exemplar_id.ids),
                    ("session_id.state", "=", "closed"),
                    ("decision", "=", "recognize"),
                ],
                order="id desc",
            )
        )
        for line in lines:
            refusal = line._council_vote_refusal(results)
            if refusal:
                raise UserError(refusal)

    def _council_vote_refusal(self, results):
        """Why the line's reward may not be proposed for its dossier, or False."""
        self.ensure_one()
        dossier = self.sudo().exemplar_id
        form = self.proposal_id.reward_form_id
        result = results.filtered(
            lambda r: r.exemplar_id == dossier
            and r.council_round == dossier.council_round
        )[:1]
        name = (
            dossier.display_name
            if self.exemplar_id.has_access("read")
            else self.env._("This dossier")
        )
        values = {"dossier": name, "form": form.name, "rule": form.vote_rule_display}
        if not result.reward_form_id:
            return self.env._(
                "%(dossier)s cannot be proposed for %(form)s: this reward requires "
                "the council to vote the dossier for it (%(rule)s), and the council "
                "voted on no reward for it. Choose the reward on the dossier before "
                "it goes to the council.",
                **values,
            )
        if result.reward_form_id != form:
            return self.env._(
                "%(dossier)s cannot be proposed for %(form)s: the council voted it "
                "for %(voted)s. This reward requires the council's vote for it "
                "(%(rule)s).",
                voted=result.reward_form_id.name,
                **values,
            )
        if not result.reward_rule_percent or not result.is_reward_rule_met:
            return self.env._(
                "%(dossier)s cannot be proposed for %(form)s: this reward requires "
                "%(rule)s, and the council's vote did not reach it (%(agree)s "
                "agreeing of %(base)s).",
                agree=result.agree_count,
                base=result.reward_base_count or result.base_count,
                **values,
            )
        return False

    def _guard_not_rewarded(self):
        """The law forbids rewarding the same achievement twice."""
        # sudo: the earlier decision may belong to another unit's proposal.
        earlier = self.sudo().search(
            [
                ("exemplar_id", "in", self.exemplar_id.ids),
                ("is_rewarded", "=", True),
                ("id", "not in", self.ids),
            ]
        )
        for line in self:
            previous = earlier.filtered(
                lambda e, line=line: e.exemplar_id == line.exemplar_id
            )
            if previous:
                proposal = previous[0].proposal_id
                raise UserError(
                    self.env._(
                        "%(dossier)s was already rewarded for this achievement by "
                        "decision %(number)s of %(date)s: the same achievement is not "
                        "rewarded twice.",
                        dossier=line.exemplar_id.display_name,
                        number=proposal.decision_number,
                        date=proposal.decision_date.strftime("%d/%m/%Y")
                        if proposal.decision_date
                        else "",
                    )
                )
