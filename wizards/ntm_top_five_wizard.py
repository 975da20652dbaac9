from markupsafe import Markup

from odoo import Command, api, fields, models
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
                "rank": row["rank"],
                "exemplar_id": row["exemplar"].id,
                "score": row["score"],
                "ranking_score": row["ranking_score"],
                "approval": 100 * row["approval"],
                "propagation_count": row["propagation"],
                "decision_date": row["decision_date"],
                "explanation": row["explanation"],
                "is_selected": row["rank"] <= TOP,
            }
            for row in rows
        ]

    def action_load(self):
        """Fill the candidates (for callers without onchange)."""
        self._onchange_year()
        return self._reopen()

    def action_confirm(self):
        """Introduce the five selected: the year is ranked again here, on the
        server, and the five are stored with the figures of that ranking, not
        with the figures of the wizard's lines."""
        self.ensure_one()
        if not self.env.user.has_group("ntm_exemplar.group_coordinator"):
            raise UserError(
                self.env._("Only the coordination office selects the top five.")
            )
        selected = self.line_ids.filtered("is_selected").exemplar_id
        if len(selected) != TOP:
            raise UserError(
                self.env._(
                    "Select exactly five exemplars, not %(count)s.", count=len(selected)
                )
            )
        rows = self.env["ntm.top.five"]._candidates(self.year)
        candidates = {row["exemplar"]: row for row in rows}
        strangers = selected.filtered(lambda d: d not in candidates)
        if strangers:
            raise UserError(
                self.env._(
                    "%(dossier)s is not a recognised exemplar of %(year)s: it cannot "
                    "be selected.",
                    dossier=strangers[0].display_name,
                    year=self.year,
                )
            )
        ranking = Markup("<ol>%s</ol>") % Markup("").join(
            Markup("<li>%s</li>") % row["explanation"] for row in rows
        )
        five = sorted((candidates[d] for d in selected), key=lambda r: r["rank"])
        TopFive = self.env["ntm.top.five"]
        selection = as_decision(TopFive).create(
            {
                "year": self.year,
                "exemplar_ids": [Command.set(selected.ids)],
                "line_ids": [Command.create(TopFive._line_values(row)) for row in five],
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
