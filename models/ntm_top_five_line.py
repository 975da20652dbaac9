from odoo import api, fields, models
from odoo.exceptions import UserError

from .ntm_decision_mixin import is_decision


class NtmTopFiveLine(models.Model):
    """One of the five as the coordination office confirmed it: its rank in
    the year's ranking and the figures it was ranked on that day. Later
    changes (a new propagation, a re-evaluation) do not move it: the
    introduction to the city prints these."""

    _name = "ntm.top.five.line"
    _inherit = ["ntm.decision.mixin"]
    _description = "Ranked Exemplar of the Top Five"
    _order = "top_five_id, rank, id"
    # Written by the selection wizard's confirmation only.
    _decision_fields = (
        "top_five_id",
        "rank",
        "exemplar_id",
        "ranking_score",
        "support_share",
        "propagation_count",
        "decision_date",
        "explanation",
    )
    _required_text_fields = ()

    top_five_id = fields.Many2one(
        "ntm.top.five", required=True, index=True, ondelete="cascade"
    )
    rank = fields.Integer(readonly=True, help="Rank in the year's ranking.")
    exemplar_id = fields.Many2one(
        "ntm.exemplar", "Dossier", required=True, index=True, ondelete="restrict"
    )
    unit_id = fields.Many2one(related="exemplar_id.unit_id")
    ranking_score = fields.Float(readonly=True, digits=(16, 2))
    support_share = fields.Float(
        "Council Support (%)",
        readonly=True,
        digits=(16, 1),
        help="Agreeing votes out of the base of the council's rule, in the round "
        "the head recognised.",
    )
    propagation_count = fields.Integer(
        "Propagation",
        readonly=True,
        help="Propagation activities logged by the dossier's own unit or a unit "
        "above it.",
    )
    decision_date = fields.Date("Head's Decision", readonly=True)
    explanation = fields.Text("Why This Rank", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not is_decision(self.env):
            raise UserError(
                self.env._(
                    "The ranking of the top five is stored by confirming the "
                    "selection wizard, never written by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        # Not even a value written back unchanged: the line is a record of the
        # confirmation.
        if not is_decision(self.env):
            self._guard_decision_fields(vals)
            raise UserError(
                self.env._(
                    "The confirmed ranking of the top five is written only by "
                    "confirming the selection wizard."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if not is_decision(self.env):
            raise UserError(
                self.env._("The confirmed ranking of the top five stays on record.")
            )
