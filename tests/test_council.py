import threading
from datetime import date

import requests
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.hanoi_date import hanoi_today
from ..models.ntm_decision_mixin import as_decision
from .common import CouncilCommon


class TestCouncilSession(CouncilCommon):
    def test_opening_and_closing_the_vote_say_what_happened(self):
        dossier = self._candidate()
        session = self._session(dossier, absent=2)
        opened = session.action_open()
        self.assertEqual(opened["tag"], "display_notification")
        self.assertIn("8 members were asked to vote", opened["params"]["message"])
        self._vote(session, dossier, dict.fromkeys(range(8), "agree"))
        closed = session.action_close()
        self.assertIn("1 of 1 dossiers selected", closed["params"]["message"])
        self.assertEqual(
            closed["params"]["next"], {"type": "ir.actions.act_window_close"}
        )

    def test_a_share_outside_0_to_1_is_refused(self):
        for vals in (
            {"approval_numerator": 3, "approval_denominator": 2},
            {"quorum_numerator": 1, "quorum_denominator": 0},
            {"approval_numerator": -1},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    self.council.write(vals)
        self.assertEqual(
            (self.council.approval_numerator, self.council.approval_denominator), (1, 2)
        )

    def test_opening_needs_the_quorum(self):
        dossier = self._candidate()
        session = self._session(
            dossier, absent=6, quorum_numerator=1, quorum_denominator=2
        )
        with self.assertRaises(UserError) as err:
            session.action_open()
        self.assertIn("4 of 10", str(err.exception))
        self.assertEqual(session.state, "draft")
        session.attendance_ids.sorted("id")[4].state = "present"
        session.action_open()
        self.assertEqual(session.state, "open")

    def test_exactly_half_fails_more_than_half_and_passes_at_least_half(self):
        for strict, passed in ((True, False), (False, True)):
            with self.subTest(strict=strict):
                dossier = self._candidate()
                session = self._session(
                    dossier,
                    approval_strict=strict,
                    approval_numerator=1,
                    approval_denominator=2,
                )
                session.action_open()
                self._vote(
                    session,
                    dossier,
                    {i: "agree" if i < 5 else "disagree" for i in range(10)},
                )
                session.action_close()
                result = self._result(session, dossier)
                self.assertEqual((result.agree_count, result.base_count), (5, 10))
                self.assertEqual(result.is_passed, passed)

    def test_exactly_two_thirds_of_those_present(self):
        dossier = self._candidate()
        session = self._session(
            dossier,
            absent=1,
            approval_strict=False,
            approval_numerator=2,
            approval_denominator=3,
            approval_base="present",
        )
        session.action_open()
        self._vote(
            session, dossier, {i: "agree" if i < 6 else "disagree" for i in range(9)}
        )
        session.action_close()
        result = self._result(session, dossier)
        self.assertEqual((result.agree_count, result.base_count), (6, 9))
        self.assertTrue(result.is_passed)

    def test_ninety_percent_of_ten_members_with_one_absent(self):
        rule = {
            "approval_strict": False,
            "approval_numerator": 9,
            "approval_denominator": 10,
            "approval_base": "all",
        }
        passing, failing = self._candidate(), self._candidate()
        session = self._session(passing | failing, absent=1, **rule)
        session.action_open()
        self._vote(session, passing, {i: "agree" for i in range(9)})
        self._vote(
            session, failing, {i: "agree" if i < 8 else "abstain" for i in range(9)}
        )
        session.action_close()
        self.assertEqual(self._result(session, passing).base_count, 10)
        self.assertTrue(self._result(session, passing).is_passed)
        self.assertFalse(self._result(session, failing).is_passed)
        self.assertEqual(self._result(session, failing).abstain_count, 1)
        self.assertEqual(self._result(session, failing).no_vote_count, 0)

    def test_written_opinions_count_when_the_council_says_so(self):
        dossier = self._candidate()
        session = self._session(dossier, written=1, approval_base="present")
        session.action_open()
        self._vote(session, dossier, {i: "agree" for i in range(10)})
        session.action_close()
        result = self._result(session, dossier)
        self.assertEqual((result.agree_count, result.base_count), (10, 10))

    def test_members_who_did_not_vote_are_counted_as_such(self):
        dossier = self._candidate()
        session = self._session(dossier)
        session.action_open()
        self._vote(session, dossier, {0: "agree", 1: "disagree"})
        session.action_close()
        result = self._result(session, dossier)
        self.assertEqual(
            (result.agree_count, result.disagree_count, result.no_vote_count), (1, 1, 8)
        )
        self.assertFalse(result.is_passed)

    def test_closing_writes_minutes_with_counts_and_no_names_of_voters(self):
        dossier = self._candidate()
        session = self._session(dossier)
        session.action_open()
        self._vote(session, dossier, {0: "agree", 1: "disagree"})
        session.action_close()
        self.assertIn(dossier.name, session.minutes)
        self.assertIn("quorum 1/2", session.minutes)
        self.assertEqual(dossier.council_decision, "not_selected")


class TestClosingTheVote(CouncilCommon):
    def _open_session(self):
        session = self._session(self._candidate())
        session.action_open()
        return session

    def test_the_secretary_closes_the_vote(self):
        session = self._open_session()
        secretary = session.with_user(self.members[2])
        self.assertTrue(secretary.can_close)
        secretary.action_close()
        self.assertEqual(session.state, "closed")
        self.assertRegex(session.document_number, r"^\d{2}/BB-HĐTĐKT$")

    def test_an_ordinary_member_cannot_close_the_vote(self):
        session = self._open_session()
        member = session.with_user(self.members[5])
        self.assertFalse(member.can_close)
        with self.assertRaises(UserError):
            member.action_close()
        self.assertEqual(session.state, "open")


class TestSecretBallot(CouncilCommon):
    def setUp(self):
        super().setUp()
        self.dossier = self._candidate()
        self.session = self._session(self.dossier)
        self.session.action_open()
        self._vote(self.session, self.dossier, {0: "agree"})
        self.ballot = (
            self.env["ntm.ballot"]
            .sudo()
            .search(
                [
                    ("session_id", "=", self.session.id),
                    ("user_id", "=", self.members[0].id),
                ]
            )
        )

    def test_a_member_sees_only_their_own_ballots(self):
        Ballot = self.env["ntm.ballot"]
        self.assertEqual(
            Ballot.with_user(self.members[0]).search([]), self.ballot.sudo(False)
        )
        for user in (
            self.members[1],
            self.user_manager,
            self.user_coordinator,
            self.user_settings_admin,
        ):
            with self.subTest(user=user.login):
                self.assertFalse(
                    Ballot.with_user(user).search([("id", "=", self.ballot.id)])
                )
                with self.assertRaises(AccessError):
                    Ballot.with_user(user).browse(self.ballot.id).read(
                        ["vote", "user_id"]
                    )
                groups = Ballot.with_user(user).read_group(
                    [("session_id", "=", self.session.id)], ["vote"], ["user_id"]
                )
                self.assertFalse(
                    [
                        g
                        for g in groups
                        if g["user_id"] and g["user_id"][0] == self.members[0].id
                    ]
                )

    def test_after_the_tally_no_ballot_is_left_only_counts(self):
        self.session.action_close()
        for user in (self.members[0], self.user_settings_admin):
            Ballot = self.env["ntm.ballot"].with_user(user)
            self.assertFalse(Ballot.search([("session_id", "=", self.session.id)]))
            self.assertFalse(Ballot.browse(self.ballot.id).exists())
        self.env.cr.execute(
            "SELECT count(*) FROM ntm_ballot WHERE session_id = %s", [self.session.id]
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        result = self._result(self.session, self.dossier).with_user(self.user_manager)
        self.assertEqual(result.agree_count, 1)

    def test_a_vote_is_cast_once(self):
        ballot = self.ballot.with_user(self.members[0]).sudo(False)
        with self.assertRaises(UserError):
            ballot.action_cast_vote("disagree")
        self.assertEqual(self.ballot.vote, "agree")

    @mute_logger("odoo.sql_db")
    def test_a_second_ballot_is_refused_by_the_database(self):
        values = {
            "session_id": self.session.id,
            "exemplar_id": self.dossier.id,
            "user_id": self.members[0].id,
        }
        with self.assertRaises(UserError):
            self.env["ntm.ballot"].with_user(self.members[0]).create(values)
        # Even the opening's own code cannot make a second one.
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            as_decision(self.env["ntm.ballot"].sudo()).create(values)

    def test_no_ballot_outside_an_open_session(self):
        self.session.action_close()
        with self.assertRaises(UserError):
            self.env["ntm.ballot"].with_user(self.members[1]).browse(
                self.ballot.id
            ).write({"vote": "agree"})
        with self.assertRaises(UserError):
            self.env["ntm.ballot"].sudo().browse(self.ballot.id).action_cast_vote(
                "disagree"
            )

    def test_only_attending_members_vote_on_the_agenda(self):
        outsider = new_test_user(
            self.env,
            login="t_outsider",
            groups="base.group_user,ntm_exemplar.group_council",
        )
        with self.assertRaises(UserError):
            self.env["ntm.ballot"].with_user(outsider).create(
                {"session_id": self.session.id, "exemplar_id": self.dossier.id}
            )

    def test_members_read_the_dossiers_on_their_agenda(self):
        as_member = self.dossier.with_user(self.members[3])
        as_member.invalidate_recordset()
        self.assertEqual(as_member.read(["name"])[0]["name"], self.dossier.name)
        self.assertTrue(as_member.can_vote)
        as_member.action_cast_vote("agree")
        as_member.invalidate_recordset(["can_vote"])
        self.assertFalse(as_member.can_vote)
        with self.assertRaises(AccessError):
            as_member.write({"name": "x"})
        other = self.Exemplar.create(self._dossier_vals(self.commune_b1))
        with self.assertRaises(AccessError):
            other.with_user(self.members[3]).read(["name"])

    def test_members_open_the_form_of_an_agenda_dossier(self):
        """Every field of the dossier form reads, history tab included."""
        view = self.env.ref("ntm_exemplar.ntm_exemplar_view_form")
        as_member = self.dossier.with_user(self.members[3])
        fields = as_member.get_views([(view.id, "form")])["models"]["ntm.exemplar"]
        spec = {
            name: {"fields": {"display_name": {}}}
            if info["type"] in ("one2many", "many2many")
            else {}
            for name, info in fields["fields"].items()
        }
        values = as_member.web_read(spec)
        self.assertEqual(values[0]["name"], self.dossier.name)


class TestConflictOfInterest(CouncilCommon):
    def test_the_nominee_abstains_and_leaves_the_base(self):
        # A member proposed as an exemplar: their own contact is the nominee.
        self.members[2].partner_id.ntm_is_nominee = True
        dossier = self._candidate(partner=self.members[2].partner_id)
        session = self._session(dossier, approval_base="all")
        session.action_open()
        ballot = self.env["ntm.ballot"].with_user(self.members[2]).search([])
        self.assertTrue(ballot.is_conflict)
        self.assertEqual(ballot.vote, "abstain")
        self._vote(session, dossier, {i: "agree" for i in range(10) if i != 2})
        session.action_close()
        result = self._result(session, dossier)
        self.assertEqual(
            (result.agree_count, result.conflict_count, result.base_count), (9, 1, 9)
        )

    def test_a_member_of_the_proposing_unit_abstains_before_a_council_above(self):
        self.members[4].ntm_unit_ids = [(6, 0, self.commune_a1.ids)]
        dossier = self._candidate(unit=self.commune_a1)
        session = self._session(dossier)
        session.action_open()
        ballot = self.env["ntm.ballot"].with_user(self.members[4]).search([])
        self.assertTrue(ballot.is_conflict)
        with self.assertRaises(UserError):
            ballot.action_cast_vote("agree")


class TestHeadDecision(CouncilCommon):
    def _closed(self, votes):
        dossier = self._candidate()
        session = self._session(dossier)
        session.action_open()
        self._vote(session, dossier, votes)
        session.action_close()
        return dossier, self._result(session, dossier).with_user(
            self.users["manager", self.district_a]
        )

    def test_recognition_follows_a_passing_vote_and_the_heads_decision(self):
        dossier, result = self._closed({i: "agree" for i in range(8)})
        result.write({"decision_number": " "})
        with self.assertRaises(UserError):
            result.action_recognize()
        result.write({"decision_number": "123/QĐ-UBND", "decision_date": hanoi_today()})
        result.action_recognize()
        self.assertEqual(
            dossier.stage_id, self.env.ref("ntm_exemplar.stage_recognized")
        )
        self.assertEqual(result.decision, "recognize")
        with self.assertRaises(UserError):
            result.action_not_select()

    def test_a_dossier_the_council_did_not_select_is_not_recognised(self):
        dossier, result = self._closed({0: "agree"})
        result.write({"decision_number": "124/QĐ-UBND"})
        with self.assertRaises(UserError):
            result.action_recognize()
        result.action_not_select()
        self.assertEqual(
            dossier.stage_id, self.env.ref("ntm_exemplar.stage_not_selected")
        )

    def test_officers_do_not_record_decisions(self):
        _dossier, result = self._closed({i: "agree" for i in range(8)})
        result.sudo().decision_number = "125/QĐ-UBND"
        with self.assertRaises(UserError):
            result.with_user(self.users["officer", self.district_a]).action_recognize()


class TestReviewDeadline(CouncilCommon):
    def test_reminders_go_to_the_secretary_and_managers_before_the_deadline(self):
        dossier = self._candidate()
        Session = self.env["ntm.council.session"]
        Session._cron_remind_review_deadline(today=date(2026, 11, 1))
        deadline_type = self.env.ref("ntm_exemplar.mail_act_review_deadline")
        self.assertFalse(
            dossier.activity_ids.filtered(lambda a: a.activity_type_id == deadline_type)
        )
        Session._cron_remind_review_deadline(today=date(2027, 1, 5))
        reminders = dossier.activity_ids.filtered(
            lambda a: a.activity_type_id == deadline_type
        )
        self.assertIn(self.members[2], reminders.user_id, "the council's secretary")
        self.assertIn(self.users["manager", self.district_a], reminders.user_id)
        self.assertEqual(set(reminders.mapped("date_deadline")), {date(2027, 1, 15)})
        Session._cron_remind_review_deadline(today=date(2027, 1, 6))
        again = dossier.activity_ids.filtered(
            lambda a: a.activity_type_id == deadline_type
        )
        self.assertEqual(len(again), len(reminders), "one reminder per person")


@tagged("post_install", "-at_install")
class TestBallotOverHttp(CouncilCommon, HttpCase):
    """The ballot's secrecy and integrity against the running server."""

    def setUp(self):
        super().setUp()
        self.dossier = self._candidate()
        self.session = self._session(self.dossier)
        self.session.action_open()
        self.ballots = (
            self.env["ntm.ballot"].sudo().search([("session_id", "=", self.session.id)])
        )
        # The server reads the database: write what the ORM still holds.
        self.env.flush_all()

    def _http_session(self, user):
        http = requests.Session()
        response = http.post(
            f"{self.base_url()}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {
                    "db": self.env.cr.dbname,
                    "login": user.login,
                    "password": user.login,
                },
            },
            timeout=60,
        )
        response.raise_for_status()
        self.assertNotIn("error", response.json())
        return http

    def _call(self, http, method, args, kwargs=None):
        response = http.post(
            f"{self.base_url()}/web/dataset/call_kw/ntm.ballot/{method}",
            json={
                "jsonrpc": "2.0",
                "params": {
                    "model": "ntm.ballot",
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            },
            timeout=60,
        )
        return response.json()

    def test_nobody_reads_another_members_ballot_over_json_rpc(self):
        mine = self.ballots.filtered(lambda b: b.user_id == self.members[0])
        own = self._call(
            self._http_session(self.members[0]),
            "search_read",
            [[("id", "=", mine.id)]],
            {"fields": ["vote"]},
        )
        self.assertEqual(len(own["result"]), 1, "the member reads their own ballot")
        for user in (self.members[1], self.user_manager, self.user_settings_admin):
            with self.subTest(user=user.login):
                http = self._http_session(user)
                found = self._call(
                    http,
                    "search_read",
                    [[("id", "=", mine.id)]],
                    {"fields": ["vote", "user_id"]},
                )
                self.assertEqual(found.get("result"), [])
                read = self._call(http, "read", [[mine.id], ["vote", "user_id"]])
                self.assertEqual(
                    read["error"]["data"]["name"], "odoo.exceptions.AccessError"
                )

    def test_two_members_voting_at_once_lose_no_vote(self):
        sessions = [self._http_session(user) for user in self.members[:2]]
        ballot_ids = [
            self.ballots.filtered(lambda b, u=user: b.user_id == u).id
            for user in self.members[:2]
        ]
        barrier = threading.Barrier(2)
        answers = [None, None]

        def vote(index):
            barrier.wait()
            answers[index] = self._call(
                sessions[index], "action_cast_vote", [[ballot_ids[index]], "agree"]
            )

        threads = [threading.Thread(target=vote, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual([("error" in a) for a in answers], [False, False], answers)
        self.env.invalidate_all()
        self.session.action_close()
        self.assertEqual(self._result(self.session, self.dossier).agree_count, 2)


class TestVotingProgress(CouncilCommon):
    """While the vote is open: each member's activity closes when they have
    voted on the whole agenda, and the agenda counts ballots, never choices."""

    def setUp(self):
        super().setUp()
        self.first, self.second = self._candidate(), self._candidate()
        self.session = self._session(self.first | self.second)
        self.session.action_open()
        self.vote_type = self.env.ref("ntm_exemplar.mail_act_vote")

    def _waiting(self):
        return self.session.activity_ids.filtered(
            lambda a: a.activity_type_id == self.vote_type
        ).user_id

    def test_each_member_is_asked_to_vote_when_voting_opens(self):
        self.assertEqual(self._waiting(), self.env["res.users"].concat(*self.members))

    def test_the_activity_is_done_once_the_whole_agenda_is_voted(self):
        self._vote(self.session, self.first, {0: "agree"})
        self.assertIn(self.members[0], self._waiting(), "one dossier still to vote")
        self._vote(self.session, self.second, {0: "disagree"})
        self.assertNotIn(self.members[0], self._waiting())
        self.assertIn(self.members[1], self._waiting(), "the others' stay")

    def test_the_agenda_counts_ballots_cast_per_dossier(self):
        self._vote(self.session, self.first, {0: "agree", 1: "disagree", 2: "abstain"})
        agenda = (self.first | self.second).with_context(ntm_session_id=self.session.id)
        self.assertEqual(agenda.mapped("ballot_progress"), ["3/10 cast", "0/10 cast"])
        self.assertFalse(self.first.ballot_progress, "outside a session")

    def test_a_member_opens_the_dossier_of_a_ballot(self):
        ballot = (
            self.env["ntm.ballot"]
            .with_user(self.members[4])
            .search([("exemplar_id", "=", self.first.id)])
        )
        action = ballot.action_open_dossier()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("ntm.exemplar", self.first.id)
        )
        self.assertEqual(ballot.achievements, self.first.achievements)
