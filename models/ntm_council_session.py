from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .activities import (
    is_reminder_due,
    mark_done,
    next_deadline,
    schedule_from_odoo,
    schedule_once,
)
from .feedback import done
from .hanoi_date import hanoi_today
from .ntm_decision_mixin import as_decision, is_decision

# What a session fixes when its vote opens; once closed it is a record.
FIXED_WHEN_OPEN = ("council_id", "exemplar_ids", "attendance_ids", "date", "year")
# What still changes on a closed session: the head's decisions on its results.
OPEN_WHEN_CLOSED = ("result_ids",)


class NtmCouncilSession(models.Model):
    _name = "ntm.council.session"
    _description = "Council Session"
    _inherit = ["ntm.decision.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _decision_fields = ("state", "minutes", "document_number")

    name = fields.Char(required=True, tracking=True)
    council_id = fields.Many2one(
        "ntm.council", required=True, index=True, ondelete="restrict", tracking=True
    )
    unit_id = fields.Many2one(related="council_id.unit_id", store=True, index=True)
    date = fields.Date(required=True, default=hanoi_today, tracking=True)
    year = fields.Integer(
        required=True,
        default=lambda self: hanoi_today().year,
        help="Emulation year whose candidates are reviewed.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("open", "Voting"), ("closed", "Closed")],
        required=True,
        default="draft",
        tracking=True,
    )
    exemplar_ids = fields.Many2many(
        "ntm.exemplar",
        "ntm_council_session_exemplar_rel",
        "session_id",
        "exemplar_id",
        "Agenda",
    )
    attendance_ids = fields.One2many("ntm.council.attendance", "session_id", copy=False)
    result_ids = fields.One2many(
        "ntm.council.result", "session_id", "Results", copy=False
    )
    present_count = fields.Integer(compute="_compute_present_count")
    ballot_progress = fields.Char(
        "Ballots Cast",
        compute="_compute_ballot_progress",
        help="How many of the session's ballots are cast (not who cast which).",
    )
    can_close = fields.Boolean(compute="_compute_can_close")
    minutes = fields.Html(readonly=True, copy=False, sanitize=True)
    location = fields.Char(help="Where the council met, printed in the minutes.")
    document_number = fields.Char(
        "Minutes Number",
        readonly=True,
        copy=False,
        tracking=True,
        help="Number and symbol of the minutes, given when the vote is closed: "
        "'03/BB-HĐTĐKT'.",
    )

    @api.depends("attendance_ids.state")
    def _compute_present_count(self):
        for session in self:
            session.present_count = len(
                session.attendance_ids.filtered(lambda a: a.state == "present")
            )

    @api.depends("state")
    def _compute_ballot_progress(self):
        # sudo: counts only, ballots are private to their voters.
        groups = dict(
            (
                (session, cast),
                count,
            )
            for session, cast, count in self.env["ntm.ballot"]
            .sudo()
            ._read_group(
                [("session_id", "in", self.ids)],
                ["session_id", "is_cast"],
                ["__count"],
            )
        )
        for session in self:
            cast = groups.get((session, True), 0)
            total = cast + groups.get((session, False), 0)
            session.ballot_progress = (
                self.env._("%(cast)s/%(total)s ballots cast", cast=cast, total=total)
                if session.state == "open"
                else False
            )

    @api.constrains("exemplar_ids", "council_id")
    def _check_agenda(self):
        """The agenda holds dossiers at the council stage of the council's
        unit or of the units below it."""
        for session in self.filtered(lambda s: s.state == "draft"):
            # sudo: the units' tree, whoever builds the agenda.
            council_path = session.sudo().council_id.unit_id.parent_path
            wrong = session.sudo().exemplar_ids.filtered(
                lambda d, path=council_path: not d.stage_id.is_council
                or not d.unit_id.parent_path.startswith(path)
            )
            if wrong:
                raise ValidationError(
                    self.env._(
                        "The agenda of %(session)s holds only dossiers at the council "
                        "stage of %(unit)s or of the units below it.",
                        session=session.name,
                        unit=session.sudo().council_id.unit_id.complete_name,
                    )
                )

    @api.depends_context("uid")
    @api.depends("council_id.member_ids.user_id", "council_id.member_ids.role")
    def _compute_can_close(self):
        for session in self:
            session.can_close = session._may_close()

    @api.model_create_multi
    def create(self, vals_list):
        # A council of a dissolved district keeps its sessions; it holds no new one.
        councils = self.env["ntm.council"].browse(
            {vals["council_id"] for vals in vals_list if vals.get("council_id")}
        )
        self.env["ntm.council"]._guard_units_in_operation(councils.exists().unit_id)
        return super().create(vals_list)

    def write(self, vals):
        self._guard_locked(vals)
        return super().write(vals)

    def _guard_locked(self, vals):
        """Voting open: the council, agenda, attendance and date are fixed.
        Closed: the session is a record, only the head's decisions follow."""
        if is_decision(self.env):
            return
        for session in self:
            if session.state == "draft":
                continue
            fixed = (
                [
                    key
                    for key in vals
                    if key not in OPEN_WHEN_CLOSED
                    and not key.startswith(("message_", "activity_"))
                ]
                if session.state == "closed"
                else [key for key in vals if key in FIXED_WHEN_OPEN]
            )
            if fixed:
                raise UserError(
                    self.env._(
                        "Session %(session)s is %(state)s: %(field)s can no longer "
                        "change.",
                        session=session.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[session.state],
                        field=self._fields[fixed[0]]._description_string(self.env),
                    )
                )

    def action_load_members(self):
        """Attendance lines for every member not listed yet."""
        for session in self:
            listed = session.attendance_ids.user_id
            session.attendance_ids = [
                fields.Command.create(
                    {"user_id": member.user_id.id, "role": member.role}
                )
                for member in session.council_id.member_ids
                if member.user_id not in listed
            ]

    def action_open(self):
        for session in self:
            session._guard_can_open()
        as_decision(self).write({"state": "open"})
        self._create_ballots()
        self._notify_voters()
        # sudo: ballots are private; only how many members hold one is read.
        voters = self.env["ntm.ballot"].sudo().search([("session_id", "in", self.ids)])
        return done(
            self.env._(
                "Voting is open: %(count)s members were asked to vote in 'My Ballots'.",
                count=len(voters.user_id),
            )
        )

    def _notify_voters(self):
        """Each member who votes gets an activity on the session."""
        vote_type = self.env.ref("ntm_exemplar.mail_act_vote")
        for session in self:
            # sudo: ballots are private; only who holds one is read here.
            voters = (
                self.env["ntm.ballot"]
                .sudo()
                .search([("session_id", "=", session.id)])
                .user_id
            )
            note = self.env._(
                "The secret ballot of %(session)s is open: vote on its agenda in "
                "'My Ballots'.",
                session=session.name,
            )
            for voter in voters:
                schedule_from_odoo(session, vote_type, voter, note)

    def action_close(self):
        for session in self:
            session._guard_state("open")
            session._guard_can_close()
        # sudo: the chair and secretary close the vote without the right to
        # edit sessions; the guard above checked who they are. Managers keep
        # their own rights (and record rules).
        sessions = (
            self
            if self.env.user.has_group("ntm_exemplar.group_manager")
            else self.sudo()
        )
        sessions = as_decision(sessions)
        sessions.write({"state": "closed"})
        for session in sessions:
            session.document_number = session.unit_id._next_document_number(
                "BB", session.date, issuer_symbol="HĐTĐKT"
            )
        sessions._tally()
        sessions._close_vote_activities()
        results = sessions.result_ids
        return done(
            self.env._(
                "The vote is closed and counted: %(selected)s of %(count)s dossiers "
                "selected by the council. The minutes are ready to print.",
                selected=len(results.filtered("is_passed")),
                count=len(results),
            )
        )

    def _close_vote_activities(self):
        mark_done(
            self,
            self.env.ref("ntm_exemplar.mail_act_vote"),
            self.env._("The vote is closed."),
        )

    def _may_close(self):
        """A unit manager, or the chair or secretary of the session's council."""
        self.ensure_one()
        if self.env.user.has_group("ntm_exemplar.group_manager"):
            return True
        return bool(
            self.council_id.member_ids.filtered(
                lambda m: m.user_id == self.env.user
                and m.role in ("chair", "secretary")
            )
        )

    def _guard_can_close(self):
        if not self._may_close():
            raise UserError(
                self.env._(
                    "Only a unit manager, or the chair or the secretary of "
                    "%(council)s, closes its vote.",
                    council=self.council_id.name,
                )
            )

    def _members_with_role(self, role):
        """Who sat as chair or secretary: the attendance says, else the council."""
        self.ensure_one()
        attending = self.attendance_ids.filtered(lambda a: a.role == role).user_id
        return (
            attending
            or self.council_id.member_ids.filtered(lambda m: m.role == role).user_id
        )

    def _guard_state(self, state):
        self.ensure_one()
        if self.state != state:
            raise UserError(
                self.env._(
                    "Session %(session)s is not in the right state for this.",
                    session=self.name,
                )
            )

    def _guard_can_open(self):
        """A session opens with an agenda and the quorum present."""
        self._guard_state("draft")
        if not self.exemplar_ids:
            raise UserError(
                self.env._(
                    "Put at least one dossier on the agenda of %(session)s.",
                    session=self.name,
                )
            )
        if not self.council_id._has_quorum(self.present_count):
            raise UserError(
                self.env._(
                    "Session %(session)s cannot open: %(present)s of %(total)s members "
                    "present, the quorum is %(num)s/%(den)s.",
                    session=self.name,
                    present=self.present_count,
                    total=len(self.council_id.member_ids),
                    num=self.council_id.quorum_numerator,
                    den=self.council_id.quorum_denominator,
                )
            )

    def _create_ballots(self):
        """One blank ballot per member and dossier: present members, and absent
        members who gave a written opinion. A member in conflict of interest
        gets a ballot recorded as an abstention."""
        # sudo: ballots are private to voters; only this action makes them.
        Ballot = as_decision(self.env["ntm.ballot"].sudo())
        values = []
        for session in self:
            voting_states = session.council_id._voting_attendance_states()
            voters = session.attendance_ids.filtered(
                lambda a, s=voting_states: a.state in s
            )
            for dossier in session.exemplar_ids:
                for attendance in voters:
                    conflict = session._conflict_of_interest(
                        attendance.user_id, dossier
                    )
                    values.append(
                        {
                            "session_id": session.id,
                            "exemplar_id": dossier.id,
                            "user_id": attendance.user_id.id,
                            "is_written": attendance.state == "written",
                            "is_conflict": conflict,
                            "vote": "abstain" if conflict else False,
                        }
                    )
        Ballot.create(values)

    def _conflict_of_interest(self, user, dossier):
        """The member is the nominee, or belongs to the proposing unit of a
        dossier that a council above it reviews."""
        self.ensure_one()
        if user.partner_id == dossier.partner_id:
            return True
        return (
            dossier.unit_id != self.council_id.unit_id
            and dossier.unit_id in user.sudo().ntm_unit_ids
        )

    def _tally(self):
        """Counts per dossier from the ballots, the result under the council's
        rule, and the minutes. Then the ballots go: nothing stored ties a
        member to a vote, only who took part and the counts remain."""
        Result = as_decision(self.env["ntm.council.result"].sudo())
        Ballot = self.env["ntm.ballot"].sudo()
        for session in self:
            council = session.council_id
            # sudo: the tally reads every ballot, and keeps only counts.
            ballots = Ballot.search([("session_id", "=", session.id)])
            present = session.present_count
            values = []
            for dossier in session.exemplar_ids:
                mine = ballots.filtered(lambda b, d=dossier: b.exemplar_id == d)
                agree = len(
                    mine.filtered(lambda b: b.vote == "agree" and not b.is_conflict)
                )
                disagree = len(mine.filtered(lambda b: b.vote == "disagree"))
                conflict = len(mine.filtered("is_conflict"))
                abstain = len(mine.filtered(lambda b: b.vote == "abstain")) - conflict
                no_vote = len(mine.filtered(lambda b: not b.vote))
                written = len(mine.filtered("is_written"))
                if council.approval_base == "all":
                    base = len(council.member_ids) - conflict
                else:
                    base = present + written - conflict
                reward = session._reward_rule_values(dossier, agree, present + written)
                passed = council._passes(agree, base) and reward["is_reward_rule_met"]
                values.append(
                    {
                        "session_id": session.id,
                        "exemplar_id": dossier.id,
                        "council_round": dossier.council_round,
                        "agree_count": agree,
                        "disagree_count": disagree,
                        "abstain_count": abstain,
                        "no_vote_count": no_vote,
                        "conflict_count": conflict,
                        "base_count": base,
                        "is_passed": passed,
                        **reward,
                    }
                )
                # sudo: the council decides on dossiers its members may not edit.
                as_decision(dossier.sudo()).write(
                    {"council_decision": "selected" if passed else "not_selected"}
                )
            Result.create(values)
            voted = ballots.filtered("vote").user_id
            for attendance in session.attendance_ids:
                as_decision(attendance.sudo()).write(
                    {"has_voted": attendance.user_id in voted}
                )
            session.minutes = session._render_minutes()
        self._destroy_ballots()

    def _reward_rule_values(self, dossier, agree, voting):
        """The reward the dossier is voted for and its rule, as the tally
        applies it: a share of all the council's members (absent ones
        included), or of the `voting` members (present, and written opinions
        where they count)."""
        self.ensure_one()
        form = dossier.council_reward_form_id
        if not form.vote_required:
            return {
                "reward_form_id": form.id,
                "reward_rule_percent": 0.0,
                "reward_rule_base": False,
                "reward_rule_secret": False,
                "reward_base_count": 0,
                "is_reward_rule_met": True,
            }
        base = len(self.council_id.member_ids) if form.vote_base == "all" else voting
        return {
            "reward_form_id": form.id,
            "reward_rule_percent": form.vote_min_percent,
            "reward_rule_base": form.vote_base,
            "reward_rule_secret": form.vote_secret,
            "reward_base_count": base,
            "is_reward_rule_met": form._share_reached(
                agree, base, form.vote_min_percent
            ),
        }

    def _destroy_ballots(self):
        """The secret ballot at rest: once counted, the ballots are deleted in
        SQL (the ORM would refuse it, as it refuses any other change)."""
        self.env["ntm.ballot"].flush_model()
        self.env.execute_query(
            SQL("DELETE FROM ntm_ballot WHERE session_id IN %s", tuple(self.ids))
        )
        self.env["ntm.ballot"].invalidate_model()

    def _render_minutes(self):
        """The minutes, rendered once from the stored tally at closing."""
        self.ensure_one()
        council = self.council_id
        return self.env["ir.qweb"]._render(
            "ntm_exemplar.council_session_minutes",
            {
                "session": self,
                "council": council,
                "attendances": self.attendance_ids,
                "results": self.result_ids,
                "council_line": self.env._(
                    "Council: %(council)s — date: %(date)s",
                    council=council.name,
                    date=self.date.strftime("%d/%m/%Y"),
                ),
                "present_line": self.env._(
                    "Present: %(present)s of %(total)s members (quorum "
                    "%(num)s/%(den)s).",
                    present=self.present_count,
                    total=len(council.member_ids),
                    num=council.quorum_numerator,
                    den=council.quorum_denominator,
                ),
                "rule_line": self.env._(
                    "Approval rule: %(rule)s. Secret ballot: only counts are recorded.",
                    rule=council.rule_display,
                ),
                "reward_lines": self._minutes_reward_lines(),
                "roles": dict(
                    self.env["ntm.council.attendance"]
                    ._fields["role"]
                    ._description_selection(self.env)
                ),
                "states": dict(
                    self.env["ntm.council.attendance"]
                    ._fields["state"]
                    ._description_selection(self.env)
                ),
            },
        )

    def _minutes_reward_lines(self):
        """{result id: the reward's rule applied and whether it was met}, for
        the dossiers voted for a reward that sets its own majority."""
        self.ensure_one()
        lines = {}
        for result in self.result_ids.filtered("reward_rule_percent"):
            lines[result.id] = self.env._(
                "%(rule)s (%(form)s): %(outcome)s, %(agree)s of %(base)s",
                rule=result.reward_rule_display,
                form=result.reward_form_id.name,
                outcome=self.env._("met")
                if result.is_reward_rule_met
                else self.env._("not met"),
                agree=result.agree_count,
                base=result.reward_base_count,
            )
        return lines

    @api.model
    def _cron_remind_review_deadline(self, today=None):
        """Before the yearly review deadline (15 January by default), remind
        the council secretaries and the unit managers of dossiers still waiting
        for review: an activity, which Odoo also mails to its assignee."""
        today = today or hanoi_today()
        deadline = next_deadline(self.env, "review", today)
        if not is_reminder_due(self.env, deadline, today):
            return
        stages = self.env["ntm.exemplar"]._stages(["stage_nominated", "stage_council"])
        waiting = self.env["ntm.exemplar"].search([("stage_id", "in", stages.ids)])
        units = waiting.unit_id | waiting.unit_id.parent_id
        councils = self.env["ntm.council"].search(
            [("unit_id", "in", units.ids), ("unit_id.is_operating", "=", True)]
        )
        targets = []
        for dossier in waiting:
            secretaries = (
                councils.filtered(
                    lambda c, d=dossier: c.unit_id in d.unit_id | d.unit_id.parent_id
                )
                .member_ids.filtered(lambda m: m.role == "secretary")
                .user_id
            )
            targets.append((dossier, secretaries | dossier._unit_managers()))
        schedule_once(
            self.env,
            "ntm_exemplar.mail_act_review_deadline",
            targets,
            self.env._(
                "The council's review of this dossier must be complete before "
                "%(deadline)s.",
                deadline=deadline.strftime("%d/%m/%Y"),
            ),
            date_deadline=deadline,
        )
