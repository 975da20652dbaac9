from odoo import api, fields, models
from odoo.exceptions import UserError

from .activities import mark_done
from .feedback import done
from .ntm_decision_mixin import as_decision, is_decision

VOTES = [("agree", "Agree"), ("disagree", "Disagree"), ("abstain", "Abstain")]


class NtmBallot(models.Model):
    """A member's secret ballot on one dossier of one session. Only the
    session's opening makes ballots and only its member's vote fills one;
    record rules let a member see only their own, while voting is open. The
    tally keeps the counts and deletes the ballots."""

    _name = "ntm.ballot"
    _inherit = ["ntm.decision.mixin"]
    _description = "Ballot"
    _order = "session_id, exemplar_id"
    _rec_name = "exemplar_id"
    _decision_fields = ("vote",)
    _fixed_fields = (
        "session_id",
        "exemplar_id",
        "user_id",
        "is_conflict",
        "is_written",
    )
    _required_text_fields = ()

    session_id = fields.Many2one(
        "ntm.council.session", required=True, index=True, ondelete="cascade"
    )
    exemplar_id = fields.Many2one(
        "ntm.exemplar", "Dossier", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users", "Member", required=True, index=True, ondelete="restrict"
    )
    vote = fields.Selection(VOTES, readonly=True)
    is_cast = fields.Boolean("Cast", compute="_compute_is_cast", store=True)
    is_conflict = fields.Boolean("Conflict of Interest", readonly=True)
    is_written = fields.Boolean("Written Opinion", readonly=True)
    partner_id = fields.Many2one(related="exemplar_id.partner_id", string="Nominee")
    unit_id = fields.Many2one(related="exemplar_id.unit_id", string="Proposing Unit")
    # What the member reads before voting, as the dossier shows it to them.
    category = fields.Selection(related="exemplar_id.category")
    achievements = fields.Html(related="exemplar_id.achievements")
    criteria_progress = fields.Char(
        related="exemplar_id.criteria_progress", string="Criteria Met"
    )
    eligibility = fields.Selection(related="exemplar_id.eligibility")

    _sql_constraints = [
        (
            "one_ballot",
            "unique(session_id, exemplar_id, user_id)",
            "A member votes once on a dossier in a session.",
        ),
    ]

    @api.depends("vote")
    def _compute_is_cast(self):
        for ballot in self:
            ballot.is_cast = bool(ballot.vote)

    @api.model_create_multi
    def create(self, vals_list):
        if not is_decision(self.env):
            raise UserError(
                self.env._(
                    "Ballots are made by opening the session's vote, one per "
                    "attending member and dossier, never by hand."
                )
            )
        ballots = super().create(vals_list)
        ballots._guard_voting_open()
        return ballots

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        # The tally deletes counted ballots in SQL; no one deletes one by hand.
        if not is_decision(self.env):
            raise UserError(self.env._("A ballot cannot be deleted."))

    def action_cast_vote(self, vote=None):
        """Cast this ballot. The choice comes as `vote` or in the button's
        context (`ntm_vote`): one method for every choice, so that neither
        its name nor the server's log line tells what was chosen."""
        vote = vote or self.env.context.get("ntm_vote")
        if vote not in dict(VOTES):
            raise UserError(self.env._("Choose agree, disagree or abstain."))
        self._guard_voting_open()
        self._guard_voter()
        self._guard_vote_once()
        self._guard_conflict(vote)
        as_decision(self).write({"vote": vote})
        self._close_vote_activities()
        return done(self.env._("Your vote is recorded. It is secret and final."))

    def action_open_dossier(self):
        """The dossier voted on, as its reader sees it (members only read)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "ntm.exemplar",
            "res_id": self.exemplar_id.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def _close_vote_activities(self):
        """The voter's activity "Bỏ phiếu" of a session is done once they have
        cast every ballot they hold in it."""
        sessions = self.session_id
        # The voter's own ballots: the record rules show them theirs only.
        waiting = self.search(
            [("session_id", "in", sessions.ids), ("vote", "=", False)]
        ).session_id
        mark_done(
            sessions - waiting,
            self.env.ref("ntm_exemplar.mail_act_vote"),
            self.env._("Voted on the whole agenda."),
            users=self.env.user,
        )

    def _guard_voting_open(self):
        closed = self.filtered(lambda b: b.session_id.state != "open")
        if closed:
            raise UserError(
                self.env._(
                    "Voting on session %(session)s is not open.",
                    session=closed[0].session_id.name,
                )
            )

    def _guard_voter(self):
        """A member casts only their own ballot, on the agenda of a session
        they attend (or gave a written opinion to, where the council counts
        written opinions)."""
        for ballot in self:
            session = ballot.session_id
            states = session.council_id._voting_attendance_states()
            attendance = session.attendance_ids.filtered(
                lambda a, b=ballot, s=states: a.user_id == b.user_id and a.state in s
            )
            if (
                ballot.user_id != self.env.user
                or not attendance
                or ballot.exemplar_id not in session.exemplar_ids
            ):
                raise UserError(
                    self.env._(
                        "Only a member attending the session votes on its agenda."
                    )
                )

    def _guard_vote_once(self):
        if self.filtered("vote"):
            raise UserError(self.env._("This ballot is already cast: a vote is final."))

    def _guard_conflict(self, vote):
        if vote != "abstain" and self.filtered("is_conflict"):
            raise UserError(
                self.env._(
                    "In conflict of interest on this dossier, a member abstains."
                )
            )
