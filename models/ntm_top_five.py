from collections import defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import formatLang

from .activities import DEADLINES, is_reminder_due, next_deadline, schedule_once
from .hanoi_date import hanoi_today
from .ntm_decision_mixin import as_decision, is_decision

TOP = 5


def _ranking_key(row):
    """The stated order of the top five's candidates (see _candidates)."""
    dossier = row["exemplar"]
    return (
        -row["ranking_score"],
        -row["approval"],
        -row["propagation"],
        row["decision_date"] or date.max,
        dossier.ref or "",
        dossier.name or "",
    )


def _day(day):
    return day.strftime("%d/%m/%Y") if day else "-"


def _tie_level(previous, row):
    """Which rule of the order separates `row` from the candidate before it:
    0 the ranking score, 1 the council support, 2 propagation, 3 the
    decision date, 4 the reference."""
    first, second = _ranking_key(previous), _ranking_key(row)
    return next(
        (level for level in range(4) if first[level] != second[level]),
        4,
    )


class NtmTopFive(models.Model):
    """The year's five outstanding exemplars the coordination office
    introduces to the city (section IV.2 of the plan, before 28 February)."""

    _name = "ntm.top.five"
    _description = "Annual Top Five"
    _inherit = ["ntm.unit.scoped.mixin", "ntm.decision.mixin", "mail.thread"]
    _order = "year desc"
    _rec_name = "year"
    # The selection wizard and the admin's reopening write these.
    _decision_fields = (
        "year",
        "state",
        "exemplar_ids",
        "line_ids",
        "ranking",
        "document_number",
        "user_id",
        "unit_id",
    )
    _required_text_fields = ()

    year = fields.Integer(required=True, tracking=True)
    state = fields.Selection(
        [("confirmed", "Confirmed"), ("reopened", "Reopened")],
        required=True,
        default="confirmed",
        tracking=True,
    )
    exemplar_ids = fields.Many2many(
        "ntm.exemplar",
        "ntm_top_five_exemplar_rel",
        "top_five_id",
        "exemplar_id",
        "Exemplars",
    )
    line_ids = fields.One2many(
        "ntm.top.five.line",
        "top_five_id",
        "Confirmed Ranking",
        readonly=True,
        help="The five as they were ranked when the selection was confirmed, with "
        "the figures of that day: the introduction prints these.",
    )
    ranking = fields.Html(readonly=True)
    user_id = fields.Many2one(
        "res.users", "Selected By", default=lambda self: self.env.user
    )
    unit_id = fields.Many2one(
        string="Introducing Unit",
        help="The unit that introduces the top five to the city: the coordination "
        "office of the NTM programme.",
    )
    date = fields.Date(required=True, default=hanoi_today)
    document_number = fields.Char(
        "Memo Number",
        readonly=True,
        copy=False,
        tracking=True,
        help="Number and symbol of the memo introducing the top five to the city.",
    )
    recipients = fields.Text(
        # Part of a legal document: in Vietnamese whoever creates it.
        default="Như trên;\nBan Thi đua - Khen thưởng Thành phố;\nLưu: VT.",
        help="Recipients (Nơi nhận), one per line.",
    )

    @api.constrains("exemplar_ids", "line_ids", "state", "year")
    def _check_selection(self):
        for selection in self.filtered(lambda s: s.state == "confirmed"):
            wrong = selection.exemplar_ids.filtered(
                lambda d, y=selection.year: d.year != y or not d.stage_id.is_recognised
            )
            if wrong:
                raise ValidationError(
                    self.env._(
                        "%(dossier)s is not a recognised exemplar of %(year)s.",
                        dossier=wrong[0].display_name,
                        year=selection.year,
                    )
                )
            if len(selection.exemplar_ids) != TOP:
                raise ValidationError(
                    self.env._(
                        "Select exactly five exemplars, not %(count)s.",
                        count=len(selection.exemplar_ids),
                    )
                )
            if (
                selection.line_ids
                and selection.line_ids.exemplar_id != selection.exemplar_ids
            ):
                raise ValidationError(
                    self.env._(
                        "The confirmed ranking of %(year)s must rank the five "
                        "selected exemplars.",
                        year=selection.year,
                    )
                )
            others = self.search_count(
                [
                    ("year", "=", selection.year),
                    ("state", "=", "confirmed"),
                    ("id", "!=", selection.id),
                ]
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "The top five of %(year)s is already selected.",
                        year=selection.year,
                    )
                )

    @api.model
    def _default_unit_id(self):
        office = self.env.ref(
            "ntm_exemplar.unit_agency_ntm_office", raise_if_not_found=False
        )
        return office or self.env.user.ntm_unit_ids[:1]

    @api.model_create_multi
    def create(self, vals_list):
        if not is_decision(self.env):
            raise UserError(
                self.env._(
                    "The top five is selected with the selection wizard, never "
                    "created by hand."
                )
            )
        selections = super().create(vals_list)
        for selection in selections:
            selection.document_number = selection.unit_id._next_document_number(
                "TTr", selection.date
            )
        return selections

    def action_reopen(self):
        if not self.env.user.has_group("ntm_exemplar.group_admin"):
            raise UserError(
                self.env._("Only an administrator reopens a year's selection.")
            )
        as_decision(self).write({"state": "reopened"})

    @api.model
    def _candidates(self, year, dossiers=None):
        """The year's recognised exemplars, best first, as dicts: the
        dossier ("exemplar"), its rank, the figures it is ranked on and the
        explanation of its rank. The order: ranking score (how far the
        criteria are exceeded), the council's support (agreeing votes out of
        its own base, in the round the head recognised), propagation logged
        by the dossier's own unit or a unit above it, the earlier head's
        decision, then the dossier's reference. With `dossiers`, the ranking
        of those only."""
        if dossiers is None:
            Exemplar = self.env["ntm.exemplar"]
            stages = Exemplar._stages_flagged("is_recognised")
            dossiers = Exemplar.search(
                [("year", "=", year), ("stage_id", "in", stages.ids)]
            )
        support = self._council_support(dossiers)
        counts = self._eligible_propagation_counts(dossiers)
        rows = []
        for dossier in dossiers:
            result = support.get(dossier.id)
            base = result.base_count if result else 0
            agree = result.agree_count if result else 0
            rows.append(
                {
                    "exemplar": dossier,
                    "score": dossier.score,
                    "ranking_score": dossier.ranking_score,
                    "agree": agree,
                    "base": base,
                    "approval": agree / base if base else 0.0,
                    "propagation": counts.get(dossier.id, 0),
                    "decision_date": result.decision_date if result else False,
                }
            )
        rows.sort(key=_ranking_key)
        previous = None
        for rank, row in enumerate(rows, start=1):
            row["rank"] = rank
            row["tie"] = _tie_level(previous, row) if previous else None
            row["explanation"] = self._explain(row, previous)
            previous = row
        return rows

    @api.model
    @api.model
    def _line_values(self, row):
        """The stored line of a ranked row of _candidates."""
        return {
            "rank": row["rank"],
            "exemplar_id": row["exemplar"].id,
            "ranking_score": row["ranking_score"],
            "support_share": 100 * row["approval"],
            "propagation_count": row["propagation"],
            "decision_date": row["decision_date"],
            "explanation": row["explanation"],
        }

    def _council_support(self, dossiers):
        """{dossier id: the council result it was recognised on}: the latest
        result of its current council round that the council passed and the
        head recognised (one query for every dossier)."""
        results = self.env["ntm.council.result"].search_fetch(
            [
                ("exemplar_id", "in", dossiers.ids),
                ("is_passed", "=", True),
                ("decision", "=", "recognize"),
            ],
            [
                "exemplar_id",
                "council_round",
                "agree_count",
                "base_count",
                "decision_date",
            ],
            order="id desc",
        )
        support = {}
        for result in results:
            dossier = result.exemplar_id
            if result.council_round == dossier.council_round:
                support.setdefault(dossier.id, result)
        return support

    @api.model
    def _eligible_propagation_counts(self, dossiers):
        """{dossier id: propagation activities featuring it that its own unit
        or a unit above it logged}: another unit's article does not count."""
        ancestors = {
            unit.id: {int(part) for part in (unit.parent_path or "").split("/") if part}
            | {unit.id}
            for unit in dossiers.unit_id
        }
        groups = self.env["ntm.propagation"]._read_group(
            [("exemplar_ids", "in", dossiers.ids)],
            ["exemplar_ids", "unit_id"],
            ["__count"],
        )
        unit_of = {dossier.id: dossier.unit_id.id for dossier in dossiers}
        counts = defaultdict(int)
        for dossier, unit, count in groups:
            if dossier.id in unit_of and unit.id in ancestors.get(
                unit_of[dossier.id], ()
            ):
                counts[dossier.id] += count
        return counts

    @api.model
    def _explain(self, row, previous=None):
        """Why a candidate holds its rank: its figures, in the user's
        language (numbers as it writes them: "101,88" in Vietnamese), and,
        when it ties with the candidate before it, the rule that decided."""
        dossier = row["exemplar"]
        day = row["decision_date"]
        text = self.env._(
            "#%(rank)s %(dossier)s: ranking score %(ranking_score)s (criteria met "
            "%(score)s%%), council support %(agree)s/%(base)s (%(support)s%%), "
            "propagated %(count)s times by its own or a higher unit, recognised "
            "on %(date)s",
            rank=row["rank"],
            dossier=dossier.display_name,
            ranking_score=formatLang(self.env, row["ranking_score"], digits=2),
            score=formatLang(self.env, row["score"], digits=1),
            agree=row["agree"],
            base=row["base"],
            support=formatLang(self.env, 100 * row["approval"], digits=1),
            count=row["propagation"],
            date=_day(day),
        )
        tie = row.get("tie")
        if not previous or tie is None or tie == 0:
            return text
        values = {"rank": previous["rank"]}
        if tie == 1:
            rule = self.env._(
                "ties with #%(rank)s on ranking score; ranked by higher council "
                "support",
                **values,
            )
        elif tie == 2:
            rule = self.env._(
                "ties with #%(rank)s on ranking score and council support; ranked "
                "by more propagation",
                **values,
            )
        elif tie == 3:
            rule = self.env._(
                "ties with #%(rank)s on ranking score, council support and "
                "propagation; ranked by earlier decision date (%(previous)s before "
                "%(date)s)",
                previous=_day(previous["decision_date"]),
                date=_day(day),
                **values,
            )
        else:
            rule = self.env._(
                "ties with #%(rank)s on ranking score, council support, propagation "
                "and decision date; ranked by reference (%(previous)s before "
                "%(ref)s)",
                previous=previous["exemplar"].ref,
                ref=dossier.ref,
                **values,
            )
        return f"{text}; {rule}"

    @api.model
    def _cron_remind_deadlines(self, today=None):
        """Before 28 February the coordination office selects the top five;
        before 15 January the councils finish their review: remind the
        coordinators (an activity on the coordination office's unit)."""
        today = today or hanoi_today()
        deadlines = {name: next_deadline(self.env, name, today) for name in DEADLINES}
        office = self.env.ref(
            "ntm_exemplar.unit_agency_ntm_office", raise_if_not_found=False
        )
        if not office:
            return
        coordinators = (
            self.env.ref("ntm_exemplar.group_coordinator")
            .sudo()
            .users.filtered(
                lambda u: not u.share
                and u.active
                and u.id != self.env.ref("base.user_root").id
            )
        )
        for key, deadline in deadlines.items():
            if not is_reminder_due(self.env, deadline, today):
                continue
            if key == "top_five" and self.search_count(
                [("year", "=", deadline.year - 1), ("state", "=", "confirmed")]
            ):
                continue
            note = (
                self.env._(
                    "Select and introduce the top five of %(year)s to the city "
                    "before %(deadline)s.",
                    year=deadline.year - 1,
                    deadline=deadline.strftime("%d/%m/%Y"),
                )
                if key == "top_five"
                else self.env._(
                    "The councils' review of %(year)s must be complete before "
                    "%(deadline)s.",
                    year=deadline.year - 1,
                    deadline=deadline.strftime("%d/%m/%Y"),
                )
            )
            schedule_once(
                self.env,
                "ntm_exemplar.mail_act_top_five",
                [(office, coordinators)],
                note,
                date_deadline=deadline,
            )
            if key == "top_five":
                self._remind_units_to_propose(deadline)

    def _remind_units_to_propose(self, deadline):
        """Units whose exemplars of the year are recognised but not yet
        proposed to the city are reminded too, on their unit."""
        Exemplar = self.env["ntm.exemplar"]
        waiting = Exemplar.search(
            [
                ("year", "=", deadline.year - 1),
                ("stage_id", "=", Exemplar._stages(["stage_recognized"]).id),
            ]
        )
        managers = self.env.ref("ntm_exemplar.group_manager").sudo().users
        schedule_once(
            self.env,
            "ntm_exemplar.mail_act_top_five",
            [
                (unit, managers.filtered(lambda u, unit=unit: unit in u.ntm_unit_ids))
                for unit in waiting.unit_id
            ],
            self.env._(
                "Propose the unit's outstanding exemplars of %(year)s to the city "
                "before %(deadline)s.",
                year=deadline.year - 1,
                deadline=deadline.strftime("%d/%m/%Y"),
            ),
            date_deadline=deadline,
        )
