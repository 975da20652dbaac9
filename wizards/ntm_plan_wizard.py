from odoo import api, fields, models
from odoo.exceptions import UserError


class NtmPlanWizard(models.TransientModel):
    """Open the next plan from the previous one: the new plan starts with a
    copy of its criteria, which the admin then adapts to the new years; the
    previous plan ends the year before."""

    _name = "ntm.plan.wizard"
    _description = "Open a New Plan"

    source_plan_id = fields.Many2one(
        "ntm.plan",
        "Previous Plan",
        required=True,
        default=lambda self: self.env["ntm.plan"].search([], limit=1),
    )
    name = fields.Char("Title", required=True)
    number = fields.Char("Number and Symbol")
    date_issued = fields.Date("Issued On")
    issuer = fields.Char("Issued By", default="Sở Nông nghiệp và Môi trường")
    year_from = fields.Integer("From Year", required=True)
    year_to = fields.Integer("To Year", help="Empty: until the next plan starts.")

    @api.onchange("source_plan_id")
    def _onchange_source_plan_id(self):
        source = self.source_plan_id
        if source and not self.year_from:
            self.year_from = (source.year_to or max(source.year_from, 2025)) + 1

    def action_open_plan(self):
        self.ensure_one()
        if not self.env.user.has_group("ntm_exemplar.group_admin"):
            raise UserError(self.env._("Only an administrator opens a new plan."))
        source = self.source_plan_id
        if self.year_from <= (source.year_from or 0):
            raise UserError(
                self.env._(
                    "The new plan starts after the first year of %(plan)s (%(year)s).",
                    plan=source.display_name,
                    year=source.year_from,
                )
            )
        # The plan is checked once its criteria are copied.
        Plan = self.env["ntm.plan"].with_context(
            ntm_plan_defer_move=True, ntm_plan_check_later=True
        )
        spans = [source._span()]
        if not source.year_to or source.year_to >= self.year_from:
            source.with_context(ntm_plan_defer_move=True).write(
                {"year_to": self.year_from - 1}
            )
        plan = Plan.create(
            {
                "name": self.name,
                "number": self.number,
                "date_issued": self.date_issued,
                "issuer": self.issuer,
                "year_from": self.year_from,
                "year_to": self.year_to,
            }
        )
        plan = plan.with_context(ntm_plan_defer_move=False, ntm_plan_check_later=False)
        self._copy_criteria(plan)
        plan._check_categories_have_criteria()
        plan._move_dossiers([*spans, plan._span()])
        return {
            "type": "ir.actions.act_window",
            "res_model": "ntm.plan",
            "res_id": plan.id,
            "view_mode": "form",
        }

    def _copy_criteria(self, plan):
        """The previous plan's criteria into `plan` (translations included),
        but not those only of categories that no longer accept dossiers in
        the new years (the district level)."""
        # The seven categories of the plan's section II.
        categories = self.env["ntm.exemplar.category"].search([])  # pylint: disable=no-search-all
        open_categories = categories.filtered(
            lambda c: not c.last_year or c.last_year >= self.year_from
        )
        for criterion in self.source_plan_id.criterion_ids.filtered("active"):
            kept = criterion.category_ids & open_categories
            if criterion.kind == "specific" and not kept:
                continue
            criterion.copy(
                {"plan_id": plan.id, "category_ids": [fields.Command.set(kept.ids)]}
            )
