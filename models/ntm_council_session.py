from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from .activities import is_reminder_due, next_deadline, schedule_once


class NtmCouncilSession(models.Model):
    _name = "ntm.council.session"
    _description = "Council Session"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    council_id = fields.Many2one(
        "ntm.council", required=True, index=True, ondelete="restrict", tracking=True
    )
    unit_id = fields.Many2one(related="council_id.unit_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
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

    @api.depends_context("uid")
    @api.depends("council_id.member_ids.user_id", "council_id.member_ids.role")
    def _compute_can_close(self):
        for session in self:
            session.can_close = session._may_close()

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
        self.write({"state": "open"})
        self._create_ballots()

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
        sessions.write({"state": "closed"})
        sessions._tally()
        for session in sessions:
            session.document_number = session.unit_id._next_document_number(
                "BB", session.date, issuer_symbol="HĐTĐKT"
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
        Ballot = self.env["ntm.ballot"].sudo()  # sudo: ballots are private to voters
        values = []
        for session in self:
            voting_states = (
                ("present", "written")
                if (session.council_id.count_written_opinions)
                else ("present",)
            )
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
        rule, and the minutes. Individual votes are never copied out."""
        Result = self.env["ntm.council.result"].sudo()
        for session in self:
            council = session.council_id
            # sudo: the tally reads every ballot, and keeps only counts.
            ballots = (
                self.env["ntm.ballot"].sudo().search([("session_id", "=", session.id)])
            )
            present = session.present_count
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
                passed = council._passes(agree, base)
                Result.create(
                    {
                        "session_id": session.id,
                        "exemplar_id": dossier.id,
                        "agree_count": agree,
                        "disagree_count": disagree,
                        "abstain_count": abstain,
                        "no_vote_count": no_vote,
                        "conflict_count": conflict,
                        "base_count": base,
                        "is_passed": passed,
                    }
                )
                # sudo: the council decides on dossiers its members may not edit.
                dossier.sudo().council_decision = (
                    "selected" if passed else "not_selected"
                )
            session.minutes = session._render_minutes()

    def _render_minutes(self):
        self.ensure_one()
        council = self.council_id
        roles = dict(
            self.env["ntm.council.attendance"]
            ._fields["role"]
            ._description_selection(self.env)
        )
        states = dict(
            self.env["ntm.council.attendance"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        selected, not_selected = self.env._("Selected"), self.env._("Not selected")
        rows = Markup("").join(
            Markup("<tr>%s</tr>")
            % Markup("").join(
                Markup("<td>%s</td>") % cell
                for cell in (
                    result.exemplar_id.display_name,
                    result.agree_count,
                    result.disagree_count,
                    result.abstain_count,
                    result.no_vote_count,
                    result.conflict_count,
                    result.base_count,
                    selected if result.is_passed else not_selected,
                )
            )
            for result in self.result_ids
        )
        attendance = Markup("").join(
            Markup("<li>%s — %s: %s</li>")
            % (a.user_id.name, roles.get(a.role), states.get(a.state))
            for a in self.attendance_ids
        )
        headers = Markup("").join(
            Markup("<th>%s</th>") % label
            for label in (
                self.env._("Dossier"),
                self.env._("Agree"),
                self.env._("Disagree"),
                self.env._("Abstain"),
                self.env._("No vote"),
                self.env._("Conflict of interest"),
                self.env._("Base"),
                self.env._("Result"),
            )
        )
        date = self.date.strftime("%d/%m/%Y")
        total = len(council.member_ids)
        return Markup(
            "<h3>%s</h3><p>%s</p><p>%s</p><ul>%s</ul><p>%s</p>"
            "<table class='table table-sm'><thead><tr>%s</tr></thead>"
            "<tbody>%s</tbody></table>"
        ) % (
            escape(self.name),
            self.env._(
                "Council: %(council)s — date: %(date)s", council=council.name, date=date
            ),
            self.env._(
                "Present: %(present)s of %(total)s members (quorum %(num)s/%(den)s).",
                present=self.present_count,
                total=total,
                num=council.quorum_numerator,
                den=council.quorum_denominator,
            ),
            attendance,
            self.env._(
                "Approval rule: %(rule)s. Secret ballot: only counts are recorded.",
                rule=council.rule_display,
            ),
            headers,
            rows,
        )

    @api.model
    def _cron_remind_review_deadline(self, today=None):
        """Before the yearly review deadline (15 January by default), remind
        the council secretaries and the unit managers of dossiers still waiting
        for review: an activity, which Odoo also mails to its assignee."""
        today = today or fields.Date.context_today(self)
        deadline = next_deadline(self.env, "review", today)
        if not is_reminder_due(self.env, deadline, today):
            return
        stages = self.env["ntm.exemplar"]._stages(["stage_nominated", "stage_council"])
        waiting = self.env["ntm.exemplar"].search([("stage_id", "in", stages.ids)])
        units = waiting.unit_id | waiting.unit_id.parent_id
        councils = self.env["ntm.council"].search([("unit_id", "in", units.ids)])
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
