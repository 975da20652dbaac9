import datetime
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from .hanoi_date import hanoi_today
from .ntm_decision_mixin import as_decision
from .ntm_exemplar import CATEGORIES, NOMINEE_TYPES
from .ntm_propagation import CHANNELS

KINDS = [
    ("mid_year", "Six-month review (sơ kết)"),
    ("annual", "Annual review (tổng kết)"),
]


class NtmSummaryReport(models.Model):
    """The unit's six-month or annual review of the discovery, fostering and
    propagation of exemplars (section IV.1 of the plan): figures computed from
    the dossiers of the unit and the units below it, and the unit's own
    assessment."""

    _name = "ntm.summary.report"
    _description = "Review Report (Sơ kết / Tổng kết)"
    _inherit = ["ntm.unit.scoped.mixin", "ntm.decision.mixin", "mail.thread"]
    # A review of a year is reported by the units of that year.
    _unit_must_operate = False
    # Issuing numbers the report: only action_issue writes these.
    _decision_fields = ("state", "document_number")
    _required_text_fields = ()
    _order = "year desc, date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    unit_id = fields.Many2one(tracking=True)
    year = fields.Integer(
        required=True,
        default=lambda self: hanoi_today().year,
        tracking=True,
    )
    kind = fields.Selection(
        KINDS, "Report Kind", required=True, default="annual", tracking=True
    )
    date = fields.Date(required=True, default=hanoi_today, tracking=True)
    unit_grouping = fields.Selection(
        [
            ("year", "Units of the year"),
            ("today", "Today's units"),
        ],
        "Count By",
        required=True,
        default="year",
        tracking=True,
        help="Units of the year: each dossier counts in the unit that filed it, as "
        "the units stood that year. Today's units: the dossiers of former units "
        "count in the units that took them over.",
    )
    date_from = fields.Date("Period Start", compute="_compute_period")
    date_to = fields.Date("Period End", compute="_compute_period")
    state = fields.Selection(
        [("draft", "Draft"), ("issued", "Issued")],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )
    document_number = fields.Char(
        "Report Number", readonly=True, copy=False, tracking=True
    )
    assessment = fields.Html(
        "General Assessment",
        help="Strengths, shortcomings and their causes, in the unit's words.",
    )
    directions = fields.Html(
        help="Tasks and solutions for the next period.",
    )
    recipients = fields.Text(
        # Part of a legal document: in Vietnamese whoever creates it.
        default="Văn phòng Điều phối NTM Thành phố;\nLưu: VT.",
        help="Recipients (Nơi nhận), one per line.",
    )

    @api.depends("kind", "year", "unit_id.name")
    @api.depends_context("lang")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for report in self:
            report.name = self.env._(
                "%(kind)s %(year)s - %(unit)s",
                kind=kinds.get(report.kind, ""),
                year=report.year,
                unit=report.unit_id.name or "",
            )

    @api.depends("kind", "year")
    def _compute_period(self):
        for report in self:
            year = report.year or hanoi_today().year
            report.date_from = datetime.date(year, 1, 1)
            report.date_to = datetime.date(
                year,
                6 if report.kind == "mid_year" else 12,
                30 if report.kind == "mid_year" else 31,
            )

    def action_issue(self):
        """Give the report its number; its figures stay computed from the data."""
        if not self.env.user.has_group("ntm_exemplar.group_manager"):
            raise UserError(self.env._("Only a unit manager issues a review report."))
        for report in self:
            if report.state != "draft":
                raise UserError(
                    self.env._("%(report)s is already issued.", report=report.name)
                )
            as_decision(report).document_number = report.unit_id._next_document_number(
                "BC", report.date
            )
        as_decision(self).write({"state": "issued"})

    @api.model
    def _default_unit_id(self):
        """The user's unit, whose review counts the units below it; for the
        coordination office, the city (its office is no unit that files)."""
        unit = super()._default_unit_id()
        if self.env.user.has_group("ntm_exemplar.group_coordinator"):
            while unit.parent_id:
                unit = unit.parent_id
        return unit

    # Statistics: one grouped query per breakdown, whatever the volume.

    def _dossier_domain(self):
        self.ensure_one()
        domain = [("unit_id", "child_of", self.unit_id.id), ("year", "=", self.year)]
        if self.kind == "mid_year":
            end = datetime.datetime.combine(self.date_to, datetime.time.max)
            domain.append(("create_date", "<=", end))
        return domain

    def _stage_groups(self):
        """{key: stages} of the columns of the unit and category tables."""
        Exemplar = self.env["ntm.exemplar"]
        return {
            "fostering": Exemplar._stages(["stage_discovered", "stage_fostering"]),
            "review": Exemplar._stages(["stage_nominated", "stage_council"]),
            "recognised": Exemplar._stages_flagged("is_recognised"),
            "rewarded": Exemplar._stages(["stage_rewarded"]),
        }

    def _stats_by_unit(self):
        """One row per unit directly below the report's unit (its subtree
        counted in it) that operated in the year, or in operation today when
        counting by today's units, and one for the unit's own dossiers."""
        self.ensure_one()
        top = self.unit_id
        first_day = datetime.date(self.year, 1, 1)
        last_day = datetime.date(self.year, 12, 31)
        by_today = self.unit_grouping == "today"
        today = hanoi_today()
        children = top.child_ids.filtered(
            lambda unit: unit._operates_on(today)
            if by_today
            else (not unit.valid_from or unit.valid_from <= last_day)
            and (not unit.valid_until or unit.valid_until >= first_day)
        )
        counts = ("total", "fostering", "review", "recognised", "rewarded")

        def new_row(unit):
            return dict.fromkeys(counts, 0) | {
                "unit": unit,
                "label": unit._dated_name(),
                "propagation": 0,
            }

        rows = {unit.id: new_row(unit) for unit in top | children}

        def row_of(unit):
            if by_today:
                # A former unit counts in the unit that took it over.
                unit = unit._current_successors() or unit
            # The child of `top` on the unit's path; `top` itself otherwise.
            path = [int(i) for i in (unit.parent_path or "").split("/") if i]
            if top.id in path and path.index(top.id) + 1 < len(path):
                child = path[path.index(top.id) + 1]
                if child not in rows:
                    # A unit outside the year still shows its figures.
                    rows[child] = new_row(unit.browse(child))
                return rows[child]
            return rows[top.id]

        groups = self._stage_groups()
        for unit, stage, count in self.env["ntm.exemplar"]._read_group(
            self._dossier_domain(), ["unit_id", "stage_id"], ["__count"]
        ):
            row = row_of(unit)
            row["total"] += count
            for key, stages in groups.items():
                if stage in stages:
                    row[key] += count
        for unit, count in self.env["ntm.propagation"]._read_group(
            self._propagation_domain(), ["unit_id"], ["__count"]
        ):
            row_of(unit)["propagation"] += count
        own = rows.pop(top.id)
        own["label"] = self.env._("%(unit)s (own dossiers)", unit=top.name)
        ordered = sorted(
            rows.values(),
            key=lambda r: (r["unit"].sequence, r["unit"].code or "", r["unit"].name),
        )
        return [own, *ordered]

    def _stats_by_category(self):
        self.ensure_one()
        labels = dict(
            self.env["ntm.exemplar"]
            ._fields["category"]
            ._description_selection(self.env)
        )
        rows = {
            key: {"key": key, "label": labels[key], "total": 0, "eligible": 0}
            for key, _label in CATEGORIES
        }
        groups = self._stage_groups()
        for key in groups:
            for row in rows.values():
                row[key] = 0
        for category, stage, eligible, count in self.env["ntm.exemplar"]._read_group(
            self._dossier_domain(), ["category", "stage_id", "is_eligible"], ["__count"]
        ):
            row = rows[category]
            row["total"] += count
            row["eligible"] += count if eligible else 0
            for key, stages in groups.items():
                if stage in stages:
                    row[key] += count
        return list(rows.values())

    def _stats_by_stage(self):
        self.ensure_one()
        counts = dict(
            self.env["ntm.exemplar"]._read_group(
                self._dossier_domain(), ["stage_id"], ["__count"]
            )
        )
        # Every stage, empty ones included, as the kanban shows them.
        stages = self.env["ntm.exemplar"]._read_group_stage_ids(
            self.env["ntm.exemplar.stage"], []
        )
        return [{"label": s.name, "total": counts.get(s, 0)} for s in stages]

    def _propagation_domain(self):
        self.ensure_one()
        return [
            ("unit_id", "child_of", self.unit_id.id),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]

    def _stats_by_channel(self):
        self.ensure_one()
        labels = dict(
            self.env["ntm.propagation"]
            ._fields["channel"]
            ._description_selection(self.env)
        )
        counts = {
            channel: (count, audience)
            for channel, count, audience in self.env["ntm.propagation"]._read_group(
                self._propagation_domain(), ["channel"], ["__count", "audience:sum"]
            )
        }
        return [
            {
                "label": labels[key],
                "total": counts.get(key, (0, 0))[0],
                "audience": counts.get(key, (0, 0))[1] or 0,
            }
            for key, _label in CHANNELS
        ]

    def _stats_by_reward(self):
        """Exemplars rewarded in the period, by reward and nominee type."""
        self.ensure_one()
        domain = [
            ("proposal_id.state", "=", "approved"),
            ("proposal_id.unit_id", "child_of", self.unit_id.id),
            ("proposal_id.decision_date", ">=", self.date_from),
            ("proposal_id.decision_date", "<=", self.date_to),
        ]
        rows = defaultdict(lambda: dict.fromkeys(("total", *dict(NOMINEE_TYPES)), 0))
        for proposal, nominee_type, count in self.env[
            "ntm.reward.proposal.line"
        ]._read_group(domain, ["proposal_id", "nominee_type"], ["__count"]):
            row = rows[proposal.reward_form_id]
            row["total"] += count
            row[nominee_type] += count
        return [
            {"label": form.name, **row}
            for form, row in sorted(rows.items(), key=lambda i: i[0].sequence)
        ]

    def _statistics(self):
        """Every breakdown of the report, for its PDF and its Excel file."""
        self.ensure_one()
        return {
            "units": self._stats_by_unit(),
            "categories": self._stats_by_category(),
            "stages": self._stats_by_stage(),
            "channels": self._stats_by_channel(),
            "rewards": self._stats_by_reward(),
        }
