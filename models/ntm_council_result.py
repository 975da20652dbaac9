from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .hanoi_date import hanoi_today
from .ntm_council import APPROVAL_BASES
from .ntm_decision_mixin import as_decision, is_decision


class NtmCouncilResult(models.Model):
    """What the council decided on a dossier: counts only, never who voted
    what; then the head's decision."""

    _name = "ntm.council.result"
    _inherit = ["ntm.decision.mixin"]
    _description = "Council Result"
    _order = "session_id, id"
    # The tally writes the counts, the head's decision its outcome.
    _decision_fields = (
        "agree_count",
        "disagree_count",
        "abstain_count",
        "no_vote_count",
        "conflict_count",
        "base_count",
        "is_passed",
        "decision",
        "council_round",
        # The reward the council voted the dossier for, and its rule then.
        "reward_form_id",
        "reward_rule_percent",
        "reward_rule_base",
        "reward_rule_secret",
        "reward_base_count",
        "is_reward_rule_met",
    )
    _fixed_fields = ("session_id", "exemplar_id")
    _required_text_fields = ()

    session_id = fields.Many2one(
        "ntm.council.session", required=True, index=True, ondelete="cascade"
    )
    unit_id = fields.Many2one(related="session_id.unit_id", store=True, index=True)
    exemplar_id = fields.Many2one(
        "ntm.exemplar", "Dossier", required=True, index=True, ondelete="cascade"
    )
    council_round = fields.Integer(
        readonly=True, help="The dossier's council round this result decides."
    )
    agree_count = fields.Integer("Agree", readonly=True)
    disagree_count = fields.Integer("Disagree", readonly=True)
    abstain_count = fields.Integer("Abstain", readonly=True)
    no_vote_count = fields.Integer("No Vote", readonly=True)
    conflict_count = fields.Integer("Conflicts of Interest", readonly=True)
    base_count = fields.Integer(
        "Base", readonly=True, help="The number the required share is taken of."
    )
    is_passed = fields.Boolean(
        "Selected by the Council",
        readonly=True,
        help="The council's approval rule was met, and the rule of the reward "
        "voted for when it has one.",
    )
    # Snapshot at the tally: a later change of the reward's rule leaves the
    # vote as it was counted.
    reward_form_id = fields.Many2one(
        "ntm.reward.form",
        "Reward Voted For",
        readonly=True,
        ondelete="restrict",
        help="The reward the council voted the dossier for.",
    )
    reward_rule_percent = fields.Float(
        "Reward's Minimum (%)",
        digits=(5, 2),
        readonly=True,
        help="The reward's minimum share of agreeing votes at the tally; 0: the "
        "reward set no rule of its own.",
    )
    reward_rule_base = fields.Selection(
        APPROVAL_BASES, "Reward's Share Of", readonly=True
    )
    reward_rule_secret = fields.Boolean("Reward's Secret Ballot", readonly=True)
    reward_base_count = fields.Integer(
        "Reward's Base",
        readonly=True,
        help="The number the reward's minimum share is taken of.",
    )
    is_reward_rule_met = fields.Boolean(
        "Reward's Rule Met",
        readonly=True,
        help="The agreeing votes reached the reward's minimum share (also set "
        "when the reward has no rule of its own).",
    )
    reward_rule_display = fields.Char(
        "Reward's Voting Rule", compute="_compute_reward_rule_display"
    )
    decision = fields.Selection(
        [("recognize", "Recognise"), ("not_select", "Do not select")],
        "Head's Decision",
        readonly=True,
    )
    decision_number = fields.Char()
    decision_date = fields.Date(default=hanoi_today)

    _sql_constraints = [
        (
            "dossier_unique",
            "unique(session_id, exemplar_id)",
            "One result per dossier and session.",
        ),
    ]

    @api.depends_context("lang")
    @api.depends("reward_rule_percent", "reward_rule_base", "reward_rule_secret")
    def _compute_reward_rule_display(self):
        Form = self.env["ntm.reward.form"]
        for result in self:
            result.reward_rule_display = (
                Form._vote_rule_text(
                    result.reward_rule_percent,
                    result.reward_rule_base,
                    result.reward_rule_secret,
                )
                if result.reward_rule_percent
                else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_decision(self.env):
            raise UserError(
                self.env._("A council result is made only by closing the vote.")
            )
        results = super().create(vals_list)
        for result in results:
            if result.exemplar_id not in result.session_id.exemplar_ids:
                raise UserError(
                    self.env._("A result belongs to a dossier of its session's agenda.")
                )
        return results

    def write(self, vals):
        if not is_decision(self.env) and {"decision_number", "decision_date"} & set(
            vals
        ):
            decided = self.filtered("decision")
            if decided:
                raise UserError(
                    self.env._(
                        "The head's decision on %(dossier)s is recorded: its number "
                        "and date no longer change.",
                        dossier=decided[0].exemplar_id.display_name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        if not is_decision(self.env):
            raise UserError(self.env._("A council result stays on record."))

    @api.constrains("decision", "decision_date", "session_id")
    def _check_decision_after_session(self):
        """The head decides after the council's session, never before it."""
        for result in self.filtered("decision"):
            session_date = result.session_id.date
            if (
                result.decision_date
                and session_date
                and (result.decision_date < session_date)
            ):
                raise ValidationError(
                    self.env._(
                        "The head's decision on %(dossier)s is dated %(date)s, before "
                        "the council session of %(session_date)s: the head decides "
                        "after the council.",
                        dossier=result.exemplar_id.display_name,
                        date=result.decision_date.strftime("%d/%m/%Y"),
                        session_date=session_date.strftime("%d/%m/%Y"),
                    )
                )

    def action_recognize(self):
        self._decide("recognize")

    def action_not_select(self):
        self._decide("not_select")

    def _decide(self, decision):
        """The head of the unit's decision, recorded by a manager: the
        dossiers move to 'recognised' or 'not selected'."""
        self._guard_can_decide(decision)
        as_decision(self).write({"decision": decision})
        stage = "stage_recognized" if decision == "recognize" else "stage_not_selected"
        as_decision(self.exemplar_id).write(
            {"stage_id": self.env.ref(f"ntm_exemplar.{stage}").id}
        )

    def _guard_can_decide(self, decision):
        """A manager records the decision once, with its number and date, after
        the session closed; only a dossier the council selected is recognised."""
        if not self.env.user.has_group("ntm_exemplar.group_manager"):
            raise UserError(
                self.env._("Only a unit manager records the head's decision.")
            )
        for result in self:
            dossier = result.exemplar_id.display_name
            if result.session_id.state != "closed":
                raise UserError(
                    self.env._("The head decides after the session is closed.")
                )
            current = result.exemplar_id
            if (
                not current.stage_id.is_council
                or result.council_round != current.council_round
            ):
                raise UserError(
                    self.env._(
                        "This result of %(dossier)s is from an earlier council round: "
                        "the dossier needs a new vote.",
                        dossier=dossier,
                    )
                )
            if result.decision:
                raise UserError(
                    self.env._(
                        "The decision on %(dossier)s is already recorded.",
                        dossier=dossier,
                    )
                )
            if not (result.decision_number or "").strip() or not result.decision_date:
                raise UserError(
                    self.env._(
                        "Give the number and date of the head's decision on "
                        "%(dossier)s.",
                        dossier=dossier,
                    )
                )
            if decision == "recognize" and not result.is_passed:
                raise UserError(
                    self.env._(
                        "%(dossier)s was not selected by the council: it cannot be "
                        "recognised.",
                        dossier=dossier,
                    )
                )
