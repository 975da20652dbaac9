from odoo import api, fields, models
from odoo.exceptions import UserError

from .ntm_exemplar import RECOGNISED_STAGES
from .ntm_reward_proposal import GRASSROOTS_CATEGORIES


class NtmRewardProposalLine(models.Model):
    _name = "ntm.reward.proposal.line"
    _description = "Reward Proposal Line"
    _order = "proposal_id, sequence, id"

    proposal_id = fields.Many2one(
        "ntm.reward.proposal", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
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

    @api.depends("exemplar_id.category")
    def _compute_is_grassroots(self):
        for line in self:
            line.is_grassroots = line.exemplar_id.category in GRASSROOTS_CATEGORIES

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._guard_recognised()
        lines._guard_not_rewarded()
        return lines

    def _guard_recognised(self):
        """Only exemplars the head recognised are proposed for a reward."""
        allowed = self.env["ntm.exemplar"]._stages(RECOGNISED_STAGES)
        wrong = self.filtered(lambda line: line.exemplar_id.stage_id not in allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "%(dossier)s is not a recognised exemplar: it cannot be proposed.",
                    dossier=wrong[0].exemplar_id.display_name,
                )
            )

    def _guard_not_rewarded(self):
        """The law forbids rewarding the same achievement twice."""
        # sudo: the earlier decision may belong to another unit's proposal.
        earlier = self.sudo().search(
            [
                ("exemplar_id", "in", self.exemplar_id.ids),
                ("proposal_id.state", "=", "approved"),
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
