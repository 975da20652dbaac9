from odoo import api, fields, models
from odoo.exceptions import UserError

VOTES = [("agree", "Agree"), ("disagree", "Disagree"), ("abstain", "Abstain")]


class NtmBallot(models.Model):
    """A member's secret ballot on one dossier of one session. Record rules
    let a member see only their own ballots, and only while voting is open;
    nobody else reads them, the tally keeps only counts."""

    _name = "ntm.ballot"
    _description = "Ballot"
    _order = "session_id, exemplar_id"
    _rec_name = "exemplar_id"

    session_id = fields.Many2one(
        "ntm.council.session", required=True, index=True, ondelete="cascade"
    )
    exemplar_id = fields.Many2one(
        "ntm.exemplar", "Dossier", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users",
        "Member",
        required=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self.env.user,
    )
    vote = fields.Selection(VOTES)
    is_conflict = fields.Boolean("Conflict of Interest", readonly=True)
    is_written = fields.Boolean("Written Opinion", readonly=True)
    partner_id = fields.Many2one(related="exemplar_id.partner_id", string="Nominee")
    unit_id = fields.Many2one(related="exemplar_id.unit_id", string="Proposing Unit")

    _sql_constraints = [
        (
            "one_ballot",
            "unique(session_id, exemplar_id, user_id)",
            "A member votes once on a dossier in a session.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        ballots = super().create(vals_list)
        ballots._guard_voting_open()
        if not self.env.su:
            ballots._guard_voter()
        return ballots

    def write(self, vals):
        if "vote" in vals:
            self._guard_voting_open()
            self._guard_vote_once()
            self._guard_conflict(vals["vote"])
        return super().write(vals)

    def action_agree(self):
        self.write({"vote": "agree"})

    def action_disagree(self):
        self.write({"vote": "disagree"})

    def action_abstain(self):
        self.write({"vote": "abstain"})

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
        they attend (or gave a written opinion to)."""
        for ballot in self:
            attendance = ballot.session_id.attendance_ids.filtered(
                lambda a, b=ballot: a.user_id == b.user_id
                and a.state in ("present", "written")
            )
            if (
                ballot.user_id != self.env.user
                or not attendance
                or ballot.exemplar_id not in ballot.session_id.exemplar_ids
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
