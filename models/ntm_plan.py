from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .hanoi_date import hanoi_today

# An open end: a plan without a first year covers every earlier year, one
# without a last year every later one, until the next plan starts.
FIRST, LAST = 0, 10**4


class NtmPlan(models.Model):
    """A plan of the movement and the achievement years it covers, with its
    own criteria and thresholds: a dossier is judged by the plan covering its
    year, so the criteria of 2026 are prepared without changing how the
    dossiers of 2025 read."""

    _name = "ntm.plan"
    _description = "Plan of the Movement"
    _order = "year_from desc, id desc"

    name = fields.Char(
        "Title",
        required=True,
        help="The plan's title as its document gives it, in Vietnamese.",
    )
    number = fields.Char("Number and Symbol", help="e.g. 123/KH-SNNMT")
    date_issued = fields.Date("Issued On")
    issuer = fields.Char(
        "Issued By",
        default="Sở Nông nghiệp và Môi trường",
        help="The body that issued the plan, as documents cite it.",
    )
    year_from = fields.Integer(
        "From Year", help="First achievement year covered. Empty: every earlier year."
    )
    year_to = fields.Integer(
        "To Year",
        help="Last achievement year covered. Empty: until the next plan starts.",
    )
    years_display = fields.Char("Years", compute="_compute_years_display")
    criterion_ids = fields.One2many("ntm.criterion", "plan_id", "Criteria")
    dossier_count = fields.Integer("Dossiers", compute="_compute_dossier_count")
    citation = fields.Char(
        compute="_compute_citation",
        help="How the documents cite the plan after 'Căn cứ'.",
    )

    @api.depends("year_from", "year_to")
    def _compute_years_display(self):
        for plan in self:
            start = str(plan.year_from) if plan.year_from else "…"
            end = str(plan.year_to) if plan.year_to else "…"
            plan.years_display = f"{start} – {end}"

    def _compute_dossier_count(self):
        counts = dict(
            self.env["ntm.exemplar"]._read_group(
                [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.dossier_count = counts.get(plan, 0)

    @api.depends("name", "number", "date_issued", "issuer")
    def _compute_citation(self):
        # Part of legal documents: in Vietnamese whatever the reader's language.
        for plan in self:
            parts = ["Kế hoạch"]
            if plan.number:
                parts.append(f"số {plan.number}")
            if plan.date_issued:
                day = plan.date_issued
                parts.append(f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}")
            if plan.issuer:
                parts.append(f"của {plan.issuer}")
            name = plan.name or ""
            # "… của Sở … về tuyên truyền …": the title continues the sentence.
            parts.append(f"về {name[:1].lower()}{name[1:]}" if name else "")
            plan.citation = " ".join(part for part in parts if part)

    def _span(self):
        self.ensure_one()
        return (self.year_from or FIRST, self.year_to or LAST)

    def _covers(self, year):
        start, end = self._span()
        return start <= year <= end

    @api.constrains("year_from", "year_to")
    def _check_years(self):
        # A handful of plans (one per five years or so): all of them.
        plans = self.search([])  # pylint: disable=no-search-all
        for plan in self:
            start, end = plan._span()
            if end < start:
                raise ValidationError(
                    self.env._(
                        "Plan %(plan)s ends (%(end)s) before it starts (%(start)s).",
                        plan=plan.display_name,
                        start=start,
                        end=end,
                    )
                )
            for other in plans - plan:
                other_start, other_end = other._span()
                if start <= other_end and other_start <= end:
                    raise ValidationError(
                        self.env._(
                            "Plans %(plan)s (%(years)s) and %(other)s "
                            "(%(other_years)s) would cover the same achievement "
                            "years: a year is judged by one plan only.",
                            plan=plan.display_name,
                            years=plan.years_display,
                            other=other.display_name,
                            other_years=other.years_display,
                        )
                    )

    @api.constrains("criterion_ids", "year_from", "year_to")
    def _check_categories_have_criteria(self):
        """Each category accepting dossiers in the plan's years has criteria
        of its own in the plan (section III.1.2 gives every one of them)."""
        if self.env.context.get("install_filename") or self.env.context.get(
            "ntm_plan_check_later"
        ):
            # The data files give a plan first, then its criteria; a test
            # checks the plans they ship.
            return
        # The seven categories of the plan's section II.
        categories = self.env["ntm.exemplar.category"].search([])  # pylint: disable=no-search-all
        for plan in self:
            start = plan.year_from or FIRST
            criteria = plan.criterion_ids.filtered(
                lambda c: c.active and c.kind == "specific"
            )
            for category in categories:
                if category.last_year and category.last_year < start:
                    continue
                if not criteria.filtered(lambda c, cat=category: cat in c.category_ids):
                    raise ValidationError(
                        self.env._(
                            "Plan %(plan)s has no criteria for %(category)s, which "
                            "still accepts dossiers in its years: add them before "
                            "saving.",
                            plan=plan.display_name,
                            category=category.name,
                        )
                    )

    @api.model
    def _for_years(self, years):
        """{year: plan} for each year a plan covers, in one search."""
        plans = self.search([])  # pylint: disable=no-search-all
        return {
            year: plan
            for year in set(years)
            for plan in plans
            if year and plan._covers(year)
        }

    @api.model
    def _current(self):
        """The plan of this year's achievements (the thresholds Settings
        edits), else the latest plan."""
        year = hanoi_today().year
        return self._for_years([year]).get(year) or self.search([], limit=1)

    def _decided_dossiers(self):
        return self.env["ntm.exemplar"].search(
            [("plan_id", "in", self.ids), ("stage_id.is_decided", "=", True)]
        )

    def _guard_criteria_editable(self):
        """The criteria a decision was taken on stay as they were: a plan
        with decided dossiers keeps its criteria (open a new plan instead)."""
        # A correction of the shipped data (migrations, check_upgrade) runs as
        # the superuser: a context key alone is anyone's to send over RPC.
        if self.env.su and self.env.context.get("ntm_plan_correction"):
            return
        decided = self._decided_dossiers()
        if decided:
            raise UserError(
                self.env._(
                    "Plan %(plan)s already has decided dossiers (%(dossier)s, …): its "
                    "criteria no longer change. Open a new plan for the coming "
                    "years instead.",
                    plan=decided[0].plan_id.display_name,
                    dossier=decided[0].display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        if not self.env.context.get("ntm_plan_defer_move"):
            plans._move_dossiers([plan._span() for plan in plans])
        return plans

    def write(self, vals):
        spans = []
        if {"year_from", "year_to"} & vals.keys():
            spans = [plan._span() for plan in self]
        res = super().write(vals)
        if spans and not self.env.context.get("ntm_plan_defer_move"):
            self._move_dossiers(spans + [plan._span() for plan in self])
        return res

    @api.model
    def _move_dossiers(self, spans):
        """Dossiers of the years in `spans` whose covering plan changed go to
        the plan covering them now; only open dossiers may move."""
        Exemplar = self.env["ntm.exemplar"]
        dossiers = Exemplar.search(
            [
                ("year", ">=", min(start for start, _end in spans)),
                ("year", "<=", max(end for _start, end in spans)),
            ]
        )
        plans = self._for_years(dossiers.mapped("year"))
        moving = dossiers.filtered(lambda d: plans.get(d.year) != d.plan_id)
        orphan = moving.filtered(lambda d: not plans.get(d.year))
        if orphan:
            raise UserError(
                self.env._(
                    "No plan would cover %(year)s any more, the year of %(dossier)s: "
                    "every year with dossiers keeps a plan.",
                    year=orphan[0].year,
                    dossier=orphan[0].display_name,
                )
            )
        locked = moving.filtered(lambda d: d.stage_id.locks_dossier)
        if locked:
            raise UserError(
                self.env._(
                    "%(dossier)s (%(year)s) is already before the council or decided "
                    "under plan %(plan)s: the years of its plan no longer change.",
                    dossier=locked[0].display_name,
                    year=locked[0].year,
                    plan=locked[0].plan_id.display_name,
                )
            )
        if moving:
            Exemplar.invalidate_model(["plan_id"])
            self.env.add_to_compute(Exemplar._fields["plan_id"], moving)
            moving._sync_criterion_lines()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.env["ntm.exemplar"].search_count([("plan_id", "in", self.ids)]):
            raise UserError(
                self.env._("A plan that judged dossiers cannot be deleted.")
            )

    def action_open_new_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Plan"),
            "res_model": "ntm.plan.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_source_plan_id": self.id},
        }

    def action_view_dossiers(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dossiers"),
            "res_model": "ntm.exemplar",
            "view_mode": "list,form",
            "domain": [("plan_id", "=", self.id)],
        }
