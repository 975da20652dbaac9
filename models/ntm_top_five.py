from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .activities import DEADLINES, is_reminder_due, next_deadline, schedule_once
from .hanoi_date import hanoi_today
from .ntm_decision_mixin import as_decision, is_decision

TOP = 5


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

    @api.constrains("exemplar_ids", "state", "year")
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
        """The year's recognised exemplars, best first: weighted criteria
        score, then the council's share of agreeing votes, then how often
        they were propagated. With `dossiers`, the ranking of those only (a
        selection being printed)."""
        if dossiers is None:
            Exemplar = self.env["ntm.exemplar"]
            stages = Exemplar._stages_flagged("is_recognised")
            dossiers = Exemplar.search(
                [("year", "=", year), ("stage_id", "in", stages.ids)]
            )
        results = self.env["ntm.council.result"].search(
            [("exemplar_id", "in", dossiers.ids), ("is_passed", "=", True)]
        )
        share = {}
        for result in results:
            value = result.agree_count / result.base_count if result.base_count else 0.0
            share[result.exemplar_id.id] = max(
                share.get(result.exemplar_id.id, 0.0), value
            )
        counts = dict(
            self.env["ntm.propagation"]._read_group(
                [("exemplar_ids", "in", dossiers.ids)], ["exemplar_ids"], ["__count"]
            )
        )
        rows = [
            {
                "exemplar": dossier,
                "score": dossier.score,
                "approval": share.get(dossier.id, 0.0),
                "propagation": counts.get(dossier, 0),
            }
            for dossier in dossiers
        ]
        rows.sort(
            key=lambda r: (
                -r["score"],
                -r["approval"],
                -r["propagation"],
                r["exemplar"].id,
            )
        )
        return rows

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
