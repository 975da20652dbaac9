from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools

from .activities import deadline_year, next_deadline
from .hanoi_date import hanoi_today

# Months shown in the coordination office's propagation grid, last one first
# in importance: the month before this one.
PROPAGATION_MONTHS = 6
# Units whose propagation the city follows month by month (section IV of the
# plan: every commune and ward propagates its exemplars).
PROPAGATING_UNIT_TYPES = ("commune", "ward", "township")
DOSSIERS = "ntm_exemplar.ntm_exemplar_action"
SESSIONS = "ntm_exemplar.ntm_council_session_action"


class NtmHome(models.AbstractModel):
    """The app's first screen: what each role has to do today, in figures
    that open the records behind them. Every figure is counted as the user,
    under their record rules: a home never shows what its user cannot open."""

    _name = "ntm.home"
    _description = "Exemplars Home"

    @api.model
    # Counts only: with a replica (db_replica_host), every home opens from it.
    @api.readonly
    def get_home_data(self):
        """Sections of the current user's home (static/src/components/home)."""
        user = self.env.user
        today = hanoi_today()
        review_deadline = next_deadline(self.env, "review", today)
        year = deadline_year(self.env, "review", today)
        sections = []
        if user.has_group("ntm_exemplar.group_officer") and not user.has_group(
            "ntm_exemplar.group_manager"
        ):
            sections.append(self._officer_section())
        grid = False
        if user.has_group("ntm_exemplar.group_coordinator"):
            grid = self._propagation_units(today)
            sections.append(self._coordinator_section(today, grid))
        if user.has_group("ntm_exemplar.group_manager"):
            sections.append(self._manager_section(review_deadline, today))
        if user.has_group("ntm_exemplar.group_council"):
            sections.append(self._council_section())
        sections.append(self._activity_section(today))
        data = {
            "user_name": user.name,
            "today": today.strftime("%d/%m/%Y"),
            "year": year,
            "sections": sections,
            "stage_chart": False,
            "unit_stage": False,
            "propagation": False,
        }
        if user.has_group("ntm_exemplar.group_officer"):
            # Every column, empty ones included, as on the kanban.
            stages = self.env["ntm.exemplar.stage"].search([])  # pylint: disable=no-search-all
            data["stage_chart"] = self._stage_chart(year, stages)
        if user.has_group("ntm_exemplar.group_coordinator"):
            data["unit_stage"] = self._unit_stage_table(year, stages)
            data["propagation"] = self._propagation_grid(grid)
        return data

    # ------------------------------------------------------------------
    # Sections
    # ------------------------------------------------------------------

    def _officer_section(self):
        mine = [("user_id", "=", self.env.uid)]
        return {
            "key": "officer",
            "title": self.env._("My dossiers"),
            "tiles": [
                self._count_tile(
                    "to_evaluate",
                    self.env._("Dossiers to evaluate"),
                    DOSSIERS,
                    [
                        *mine,
                        ("stage_id.is_officer_stage", "=", True),
                        ("stage_id.is_nomination", "=", False),
                    ],
                    self.env._("Fill them in, judge the criteria, nominate them."),
                    tone="primary",
                ),
                self._count_tile(
                    "returned",
                    self.env._("Returned to me"),
                    DOSSIERS,
                    [*mine, ("stage_id.is_return", "=", True)],
                    self.env._("Complete what the reason asks, then nominate again."),
                    tone="danger",
                ),
                self._count_tile(
                    "nominated",
                    self.env._("Nominated, with the unit's leader"),
                    DOSSIERS,
                    [*mine, ("stage_id.is_nomination", "=", True)],
                    self.env._("The leader submits them to the council."),
                ),
            ],
        }

    def _manager_section(self, review_deadline, today):
        units = [("unit_id", "child_of", self.env.user.ntm_unit_ids.ids)]
        days = (review_deadline - today).days
        return {
            "key": "manager",
            "title": self.env._("My unit"),
            "tiles": [
                self._count_tile(
                    "waiting",
                    self.env._("Dossiers waiting for me"),
                    DOSSIERS,
                    [*units, ("stage_id.is_nomination", "=", True)],
                    self.env._("Nominated: submit them to the council or return them."),
                    tone="primary",
                ),
                self._count_tile(
                    "to_decide",
                    self.env._("Council results to decide"),
                    DOSSIERS,
                    [
                        *units,
                        ("stage_id.is_council", "=", True),
                        ("council_decision", "!=", False),
                    ],
                    self.env._("The council has voted: recognise them or not."),
                    tone="warning",
                ),
                self._tile(
                    "review_deadline",
                    self.env._("Days left"),
                    days,
                    self.env._(
                        "before the councils' review deadline, %(date)s",
                        date=review_deadline.strftime("%d/%m/%Y"),
                    ),
                    self._action(SESSIONS, self.env._("Council Sessions"), units),
                    tone="danger" if days <= 14 else "info",
                ),
                self._count_tile(
                    "sessions",
                    self.env._("Sessions to prepare"),
                    SESSIONS,
                    [*units, ("state", "=", "draft")],
                    self.env._(
                        "Draft sessions: agenda, attendance, then open the vote."
                    ),
                ),
            ],
        }

    def _council_section(self):
        return {
            "key": "council",
            "title": self.env._("Council"),
            "tiles": [
                self._count_tile(
                    "ballots",
                    self.env._("Ballots waiting for my vote"),
                    "ntm_exemplar.ntm_ballot_action",
                    [
                        ("user_id", "=", self.env.uid),
                        ("is_cast", "=", False),
                        ("session_id.state", "=", "open"),
                    ],
                    self.env._("Secret and final: read the dossier, then vote."),
                    tone="primary",
                ),
            ],
        }

    def _coordinator_section(self, today, grid):
        deadline = next_deadline(self.env, "top_five", today)
        days = (deadline - today).days
        year = deadline_year(self.env, "top_five", today)
        selection = self.env["ntm.top.five"].search([("year", "=", year)], limit=1)
        candidates = [("year", "=", year), ("stage_id.is_recognised", "=", True)]
        candidate_count = self.env["ntm.exemplar"].search_count(candidates)
        if selection.state == "confirmed":
            state = self.env._(
                "Selected: %(number)s", number=selection.document_number or ""
            )
            tone = "success"
            action = self._action(
                "ntm_exemplar.ntm_top_five_action",
                self.env._("Annual Top Five"),
                [("id", "=", selection.id)],
                res_id=selection.id,
            )
        else:
            state = (
                self.env._("Reopened: select it again")
                if selection
                else self.env._("Not selected yet")
            )
            tone = "warning"
            action = self._action(
                "ntm_exemplar.ntm_top_five_wizard_action",
                self.env._("Select the Top Five"),
            )
        silent = grid["silent_units"]
        return {
            "key": "coordinator",
            "title": self.env._("The city at a glance"),
            "tiles": [
                self._tile(
                    "top_five_deadline",
                    self.env._("Days left"),
                    days,
                    self.env._(
                        "before the top five goes to the city, %(date)s",
                        date=deadline.strftime("%d/%m/%Y"),
                    ),
                    self._dossier_action(
                        self.env._("Recognised exemplars of %(year)s", year=year),
                        candidates,
                    ),
                    tone="danger" if days <= 14 else "info",
                ),
                self._tile(
                    "top_five",
                    self.env._("Top five of %(year)s", year=year),
                    state,
                    self.env._(
                        "%(count)s recognised exemplars to choose from",
                        count=candidate_count,
                    ),
                    action,
                    tone=tone,
                ),
                self._tile(
                    "silent_units",
                    self.env._("Units without propagation"),
                    len(silent),
                    self.env._(
                        "communes and wards with no propagation in %(month)s",
                        month=grid["last_month"].strftime("%m/%Y"),
                    ),
                    self._action(
                        "ntm_exemplar.ntm_unit_action",
                        self.env._(
                            "Units without propagation in %(month)s",
                            month=grid["last_month"].strftime("%m/%Y"),
                        ),
                        [("id", "in", silent.ids)],
                    ),
                    tone="danger" if silent else "success",
                ),
            ],
        }

    def _activity_section(self, today):
        Activity = self.env["mail.activity"]
        mine = [
            ("user_id", "=", self.env.uid),
            ("res_model", "=like", "ntm.%"),
        ]
        overdue = Activity.search_count(
            [*mine, ("date_deadline", "<", fields.Date.to_string(today))]
        )
        action = self._action(
            "mail.mail_activity_action_my", self.env._("My activities"), mine
        )
        return {
            "key": "activities",
            "title": self.env._("My activities"),
            "tiles": [
                self._tile(
                    "activities",
                    self.env._("Activities"),
                    Activity.search_count(mine),
                    self.env._("%(count)s overdue", count=overdue)
                    if overdue
                    else self.env._("none overdue"),
                    action,
                    tone="danger" if overdue else "info",
                ),
            ],
        }

    # ------------------------------------------------------------------
    # Charts
    # ------------------------------------------------------------------

    def _stage_chart(self, year, stages):
        """The year's dossiers the user reads, by stage: one bar each."""
        domain = [("year", "=", year)]
        counts = dict(
            self.env["ntm.exemplar"]._read_group(domain, ["stage_id"], ["__count"])
        )
        top = max(counts.values(), default=0)
        bars = [
            {
                "stage_id": stage.id,
                "label": stage.name,
                "value": counts.get(stage, 0),
                "percent": round(100 * counts.get(stage, 0) / top) if top else 0,
                "action": self._dossier_action(
                    f"{stage.name} ({year})",
                    [*domain, ("stage_id", "=", stage.id)],
                ),
            }
            for stage in stages
        ]
        return {
            "title": self.env._("Dossiers of %(year)s by stage", year=year),
            "total": sum(counts.values()),
            "bars": bars,
        }

    def _unit_stage_table(self, year, stages):
        """The year's dossiers by unit and stage: rows are the units that have
        any, columns the stages; each cell opens its dossiers."""
        domain = [("year", "=", year)]
        groups = self.env["ntm.exemplar"]._read_group(
            domain, ["unit_id", "stage_id"], ["__count"]
        )
        cells = {(unit, stage): count for unit, stage, count in groups}
        units = self.env["ntm.unit"].browse({unit.id for unit, _s, _c in groups})
        rows = []
        for unit in units.sorted("complete_name"):
            unit_domain = [*domain, ("unit_id", "=", unit.id)]
            counts = [cells.get((unit, stage), 0) for stage in stages]
            rows.append(
                {
                    "unit_id": unit.id,
                    "label": unit.display_name,
                    "total": sum(counts),
                    "total_action": self._dossier_action(unit.name, unit_domain),
                    "cells": [
                        {
                            "value": count,
                            "action": count
                            and self._dossier_action(
                                f"{unit.name} – {stage.name}",
                                [*unit_domain, ("stage_id", "=", stage.id)],
                            ),
                        }
                        for stage, count in zip(stages, counts, strict=True)
                    ],
                }
            )
        return {
            "title": self.env._("Dossiers of %(year)s by unit and stage", year=year),
            "stages": [{"id": stage.id, "label": stage.name} for stage in stages],
            "rows": rows,
            "total": sum(row["total"] for row in rows),
        }

    def _propagation_units(self, today):
        """The communes and wards in operation and, per unit, their
        propagation activities in each of the last months; those with none in
        the month before this one come first."""
        first = today.replace(day=1)
        months = [first - relativedelta(months=n) for n in range(PROPAGATION_MONTHS)]
        months.reverse()
        last_month = first - relativedelta(months=1)
        units = self.env["ntm.unit"].search(
            [("is_operating", "=", True), ("unit_type", "in", PROPAGATING_UNIT_TYPES)]
        )
        groups = self.env["ntm.propagation"]._read_group(
            [
                ("unit_id", "in", units.ids),
                ("date", ">=", fields.Date.to_string(months[0])),
            ],
            ["unit_id", "date:month"],
            ["__count"],
        )
        counts = {(unit.id, month.replace(day=1)): n for unit, month, n in groups}
        silent = units.filtered(lambda u: not counts.get((u.id, last_month)))
        return {
            "units": units,
            "months": months,
            "last_month": last_month,
            "counts": counts,
            "silent_units": silent,
        }

    def _propagation_grid(self, grid):
        """Month × unit grid of propagation, for the coordination office."""
        months = grid["months"]
        last_month = grid["last_month"]
        silent = grid["silent_units"]
        rows = []
        ordered = silent.sorted("name") + (grid["units"] - silent).sorted("name")
        for unit in ordered:
            cells = []
            for month in months:
                count = grid["counts"].get((unit.id, month), 0)
                end = month + relativedelta(months=1)
                cells.append(
                    {
                        "value": count,
                        "missing": month == last_month and not count,
                        "action": count
                        and self._action(
                            "ntm_exemplar.ntm_propagation_action",
                            f"{unit.name} – {month.strftime('%m/%Y')}",
                            [
                                ("unit_id", "=", unit.id),
                                ("date", ">=", fields.Date.to_string(month)),
                                ("date", "<", fields.Date.to_string(end)),
                            ],
                        ),
                    }
                )
            rows.append({"unit_id": unit.id, "label": unit.name, "cells": cells})
        return {
            "title": self.env._("Propagation by month, commune and ward"),
            "months": [month.strftime("%m/%Y") for month in months],
            "rows": rows,
            "silent_count": len(silent),
        }

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _tile(self, key, label, value, hint, action, tone="dark"):
        return {
            "key": key,
            "label": label,
            "value": value,
            "hint": hint,
            "action": action,
            "tone": tone,
        }

    @api.model
    def _count_tile(self, key, label, xmlid, domain, hint, tone="dark"):
        """A tile counting, as the user, the records of action `xmlid` in
        `domain`, and opening exactly those under its label."""
        action = self._action(xmlid, label, domain)
        count = self.env[action["res_model"]].search_count(domain)
        return self._tile(key, label, count, hint, action, tone=tone)

    @api.model
    def _action(self, xmlid, name, domain=None, res_id=False):
        """What opens the records of action `xmlid` narrowed to `domain` (or
        record `res_id` in its form): a reference, which the home's client
        opens with the action loaded once (home.js). The coordinator's home
        has some 750 cells: a whole action in each made a 1.1 MB answer and
        86 % of its time went to reading the same actions again."""
        return {
            "xmlid": xmlid,
            "res_model": self._action_model(xmlid),
            "name": name,
            "domain": domain or [],
            "res_id": res_id,
        }

    @api.model
    @tools.ormcache("xmlid")
    def _action_model(self, xmlid):
        # Actions are read in sudo, as _for_xml_id reads them; writing one
        # clears the registry's caches.
        return self.env.ref(xmlid).sudo().res_model

    @api.model
    def _dossier_action(self, name, domain):
        return self._action(DOSSIERS, name, domain)
