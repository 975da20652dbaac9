from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.activities import deadline_year
from ..models.hanoi_date import hanoi_today
from ..models.ntm_decision_mixin import as_decision
from ..models.ntm_top_five import TOP


class NtmTopFiveWizard(models.TransientModel):
    _name = "ntm.top.five.wizard"
    _description = "Select the Annual Top Five"

    year = fields.Integer(
        required=True,
        default=lambda self: deadline_year(self.env, "top_five", hanoi_today()),
    )
    line_ids = fields.One2many("ntm.top.five.wizard.line", "wizard_id", "Candidates")

    @api.onchange("year")
    def _onchange_year(self):
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(values) for values in self._candidate_values()
        ]

    def _candidate_values(self):
        rows = self.env["ntm.top.five"]._candidates(self.year)
        return [
            {
                "rank": rank,
                "exemplar_id": row["exemplar"].id,
                "score": row["score"],
                "approval": 100 * row["approval"],
                "propagation_count": row["propagation"],
                "is_selected": rank <= TOP,
            }
            for rank, row in enumerate(rows, start=1)
        ]

    def action_load(self):
        """Fill the candidates (for callers without onchange)."""
        self._onchange_year()
        return self._reopen()

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("ntm_exemplar.group_coordinator"):
            raise UserError(
                self.env._("Only the coordination office selects the top five.")
            )
        selected = self.line_ids.filtered("is_selected")
        if len(selected) != TOP:
            raise UserError(
                self.env._(
                    "Select exactly five exemplars, not %(count)s.", count=len(selected)
                )
            )
        ranking = Markup("<ol>%s</ol>") % Markup("").join(
            Markup("<li>%s</li>") % line.explanation
            for line in self.line_ids.sorted("rank")
        )
        selection = as_decision(self.env["ntm.top.five"]).create(
            {
                "year": self.year,
                "exemplar_ids": [(6, 0, selected.exemplar_id.ids)],
                "ranking": ranking,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "ntm.top.five",
            "res_id": selection.id,
            "view_mode": "form",
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
