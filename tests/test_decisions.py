"""Every decision is written only by the action that makes it: each attack of
issue 13, tried as the user it binds (with_user or JSON-RPC, no sudo), is
refused with a clear message and writes nothing."""

import base64
import logging
import threading
from datetime import date, timedelta
from unittest import mock

import psycopg2
from psycopg2 import IntegrityError

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError
from odoo.sql_db import db_connect
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from ..models.hanoi_date import hanoi_today
from ..models.ntm_decision_mixin import as_decision
from .common import MisuseCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class DecisionCommon(MisuseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls.users["officer", cls.district_a]
        cls.stages = {
            key: cls.env.ref(f"ntm_exemplar.stage_{key}")
            for key in (
                "discovered",
                "fostering",
                "nominated",
                "council",
                "recognized",
                "proposed_city",
                "rewarded",
                "returned",
                "not_selected",
            )
        }

    def _submitted(self, dossiers):
        proposal = self._proposal(dossiers)
        self._provide_documents(proposal)
        proposal.with_user(self.manager).action_submit()
        return proposal

    def _dossier_in(self, key):
        """A dossier of district A brought to stage `key` by the real flow."""
        if key == "council":
            return self._candidate()
        dossier = self._recognised(1)
        if key == "proposed_city":
            self._submitted(dossier)
        elif key == "rewarded":
            self._approved(dossier)
        return dossier


@tagged("post_install", "-at_install")
class TestPipelineGuards(DecisionCommon):
    def test_an_officer_cannot_send_a_decided_dossier_back_to_discovered(self):
        for key in ("council", "recognized", "proposed_city", "rewarded"):
            dossier = self._dossier_in(key)
            as_officer = dossier.with_user(self.officer)
            self._refused(
                f"officer: {key} -> discovered",
                lambda d=as_officer: d.write(
                    {"stage_id": self.stages["discovered"].id}
                ),
                ("dossier",),
            )
            for field, value in (
                ("year", dossier.year - 1),
                ("partner_id", self.nominee.id),
                ("category", "individual"),
                ("unit_id", self.commune_a1.id),
            ):
                self._refused(
                    f"officer: edit the {field} of a {key} dossier",
                    lambda d=as_officer, f=field, v=value: d.write({f: v}),
                    ("no longer changes",),
                )

    def test_a_manager_cannot_move_a_rewarded_dossier_back_to_the_council(self):
        dossier = self._dossier_in("rewarded")
        self._login(self.manager)
        self._refused(
            "manager: rewarded -> council over JSON-RPC",
            lambda: self._rpc(
                "ntm.exemplar",
                "write",
                [[dossier.id], {"stage_id": self.stages["council"].id}],
            ),
            ("by hand",),
        )
        self.assertEqual(dossier.stage_id, self.stages["rewarded"])

    def test_a_renominated_dossier_needs_a_new_vote(self):
        dossier = self._candidate()
        session = self._session(dossier)
        session.action_open()
        self._vote(session, dossier, {i: "agree" for i in range(10)})
        session.action_close()
        old = self._result(session, dossier)
        self.assertTrue(old.is_passed)
        # Returned after the vote, completed, nominated and submitted again.
        dossier.with_user(self.manager).action_return_for_completion(
            "Bổ sung xác nhận thu nhập"
        )
        dossier.with_user(self.officer).action_nominate()
        dossier.with_user(self.manager).action_send_to_council()
        self.assertFalse(dossier.council_decision)
        old.with_user(self.manager).write({"decision_number": "02/QĐ-UBND"})
        self._refused(
            "recognise on the result of an earlier round",
            old.with_user(self.manager).action_recognize,
            ("earlier council round",),
        )
        self._refused(
            "recognise by the decision's own write, without a new vote",
            lambda: as_decision(dossier.with_user(self.manager)).write(
                {"stage_id": self.stages["recognized"].id}
            ),
            ("head of the unit",),
        )

    def test_an_officer_cannot_write_the_score_the_council_decision_or_the_ref(self):
        dossier = self._new_dossier(self.officer, self.district_a)
        other = self._new_dossier(self.officer, self.district_a)
        self._login(self.officer)
        for field, value in (
            ("score", 100.0),
            ("council_decision", "selected"),
            ("ref", other.ref),
            ("is_eligible", True),
            ("return_reason", "Đã bổ sung"),
        ):
            self._refused(
                f"officer writes {field}",
                lambda f=field, v=value: self._rpc(
                    "ntm.exemplar", "write", [[dossier.id], {f: v}]
                ),
                ("written only by the action",)
                if field != "ref"
                else ("never directly",),
            )
        self._refused(
            "officer files a dossier with another's reference",
            lambda: self._rpc(
                "ntm.exemplar",
                "create",
                [self._dossier_vals(self.district_a, ref=other.ref)],
            ),
            ("own reference",),
        )

    def test_an_officer_cannot_loosen_an_unmet_mandatory_criterion(self):
        dossier = self._new_dossier(self.officer, self.district_a)
        self._evaluate_all(dossier, except_codes=("TC.C1",))
        line = self._line(dossier, "TC.C1").with_user(self.officer)
        self.assertTrue(line.is_mandatory)
        for vals in ({"is_mandatory": False}, {"threshold": -1e9}, {"weight": 0}):
            self._refused(
                f"officer writes {vals} on an unmet mandatory line",
                lambda v=vals: line.write(v),
                ("written only by the action",),
            )
        self._refused(
            "officer nominates with the mandatory criterion unmet",
            dossier.with_user(self.officer).action_nominate,
            ("TC.C1",),
        )
        criterion = self._line(dossier, "TC.C2").criterion_id
        self._refused(
            "officer creates a line with a threshold of their own",
            lambda: self.env["ntm.exemplar.criterion.line"]
            .with_user(self.officer)
            .create(
                {
                    "exemplar_id": self._new_dossier(self.officer).id,
                    "criterion_id": criterion.id,
                    "threshold": -1,
                }
            ),
            ("written only by the action",),
        )

    def test_a_manager_cannot_rewrite_the_lines_of_a_rewarded_dossier(self):
        dossier = self._dossier_in("rewarded")
        line = dossier.criterion_line_ids[:1].with_user(self.manager)
        for vals in (
            {"threshold": 0, "is_mandatory": False},
            {"value_number": 1},
            {"evidence_note": "Sửa lại"},
        ):
            self._refused(
                f"manager writes {vals} on a rewarded dossier's line",
                lambda v=vals: line.write(v),
                (),
            )
        self._refused(
            "manager deletes a rewarded dossier's line",
            line.unlink,
            ("no longer be changed",),
        )

    def test_an_admin_cannot_unflag_a_decided_stage(self):
        self._login(self.user_settings_admin)
        for key, vals in (
            ("rewarded", {"is_decided": False}),
            ("council", {"locks_dossier": False}),
            ("discovered", {"is_decided": True}),
        ):
            self._refused(
                f"admin changes what stage {key} means: {vals}",
                lambda k=key, v=vals: self._rpc(
                    "ntm.exemplar.stage", "write", [[self.stages[k].id], v]
                ),
                ("pipeline",),
            )
        # Renaming stays the administrator's.
        self._rpc(
            "ntm.exemplar.stage",
            "write",
            [[self.stages["rewarded"].id], {"legend": "Đã có quyết định khen thưởng"}],
        )

    def test_an_admin_reopens_a_decided_dossier_with_a_reason(self):
        dossier = self._dossier_in("recognized")
        self._refused(
            "a coordinator reopens a recognised dossier",
            lambda: dossier.with_user(self.user_coordinator)._reopen("Sai sót"),
            ("administrator",),
        )
        self._refused(
            "an admin reopens without a reason",
            lambda: dossier.with_user(self.user_admin)._reopen("  "),
            ("reason",),
        )
        action = dossier.with_user(self.user_admin).action_reopen()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_admin)
            .with_context(**action["context"])
        )
        wizard.reason = "Phát hiện sai sót trong hồ sơ"
        wizard.save().action_return()
        self.assertEqual(dossier.stage_id, self.stages["returned"])
        self.assertIn("sai sót", dossier.return_reason)


@tagged("post_install", "-at_install")
class TestCouncilGuards(DecisionCommon):
    def _closed(self, dossier=None):
        dossier = dossier or self._candidate()
        session = self._session(dossier)
        session.action_open()
        self._vote(session, dossier, {i: "agree" for i in range(5)})
        session.action_close()
        return dossier, session

    def test_a_manager_cannot_forge_a_council_result(self):
        dossier, session = self._closed()
        result = self._result(session, dossier)
        self.assertFalse(result.is_passed)
        self._login(self.manager)
        for vals in (
            {"is_passed": True},
            {"agree_count": 10},
            {"decision": "recognize"},
        ):
            self._refused(
                f"manager writes {vals} on a result",
                lambda v=vals: self._rpc(
                    "ntm.council.result", "write", [[result.id], v]
                ),
                ("written only by the action",),
            )
        self._refused(
            "manager then moves the dossier to recognised",
            lambda: self._rpc(
                "ntm.exemplar",
                "write",
                [[dossier.id], {"stage_id": self.stages["recognized"].id}],
            ),
            ("by hand",),
        )
        self._login(self.user_coordinator)
        self._refused(
            "the coordinator creates a passing result",
            lambda: self._rpc(
                "ntm.council.result",
                "create",
                [
                    {
                        "session_id": session.id,
                        "exemplar_id": dossier.id,
                        "is_passed": True,
                    }
                ],
            ),
            (),
        )

    def test_a_closed_session_is_a_record(self):
        _dossier, session = self._closed()
        self._login(self.manager)
        for vals in (
            {"minutes": "<p>Biên bản khác</p>"},
            {"document_number": "99/BB-HĐTĐKT"},
            {"state": "open"},
            {"name": "Phiên khác"},
            {"date": str(session.date - timedelta(days=3))},
        ):
            self._refused(
                f"manager writes {vals} on a closed session",
                lambda v=vals: self._rpc(
                    "ntm.council.session", "write", [[session.id], v]
                ),
                (),
            )
        self.assertIn("Hội đồng TĐKT huyện A", session.minutes)

    def test_an_agenda_holds_only_the_councils_dossiers_at_the_council_stage(self):
        other_district = self._candidate(unit=self.district_b)
        not_submitted = self._new_dossier(self.manager, self.district_a)
        session = self._session(self._candidate())
        self._login(self.manager)
        for label, dossier in (
            ("another district's dossier", other_district),
            ("a dossier not at the council stage", not_submitted),
        ):
            self._refused(
                f"manager puts {label} on the agenda",
                lambda d=dossier: self._rpc(
                    "ntm.council.session",
                    "write",
                    [[session.id], {"exemplar_ids": [(4, d.id)]}],
                ),
                ("agenda",),
            )

    def test_only_the_councils_members_attend(self):
        session = self._session(self._candidate())
        self._login(self.manager)
        self._refused(
            "manager lists a non-member as present",
            lambda: self._rpc(
                "ntm.council.attendance",
                "create",
                [{"session_id": session.id, "user_id": self.officer.id}],
            ),
            ("not a member",),
        )
        session.action_open()
        self._refused(
            "manager changes the attendance once voting opened",
            lambda: self._rpc(
                "ntm.council.attendance",
                "write",
                [session.attendance_ids[:1].ids, {"state": "absent"}],
            ),
            ("no longer changes",),
        )

    def test_a_member_cannot_rewrite_their_ballot(self):
        dossier = self._candidate()
        other = self._candidate()
        session = self._session(dossier | other)
        session.action_open()
        member = self.members[0]
        self._vote(session, dossier, {0: "agree"})
        ballot = (
            self.env["ntm.ballot"]
            .with_user(member)
            .search([("exemplar_id", "=", dossier.id)])
        )
        self._login(member)
        for vals in (
            {"exemplar_id": other.id},
            {"session_id": session.id + 1000},
            {"user_id": self.members[1].id},
            {"is_conflict": True},
            {"vote": "disagree"},
        ):
            self._refused(
                f"member writes {vals} on a cast ballot",
                lambda v=vals: self._rpc("ntm.ballot", "write", [[ballot.id], v]),
                (),
            )
        self._refused(
            "member stuffs a ballot of their own",
            lambda: self._rpc(
                "ntm.ballot",
                "create",
                [
                    {
                        "session_id": session.id,
                        "exemplar_id": other.id,
                        "user_id": member.id,
                        "vote": "agree",
                    }
                ],
            ),
            ("never by hand",),
        )

    def test_without_written_opinions_an_absent_member_cannot_vote(self):
        dossier = self._candidate()
        session = self._session(dossier, written=1, count_written_opinions=False)
        written = session.attendance_ids.filtered(lambda a: a.state == "written")
        session.action_open()
        ballots = (
            self.env["ntm.ballot"].sudo().search([("session_id", "=", session.id)])
        )
        self.assertNotIn(written.user_id, ballots.user_id)
        self._login(written.user_id)
        self._refused(
            "the absent member votes with a written opinion",
            lambda: self._rpc(
                "ntm.exemplar", "action_cast_vote", [[dossier.id], "agree"]
            ),
            ("no open ballot",),
        )

    def test_after_the_tally_no_stored_row_ties_a_member_to_a_vote(self):
        dossier, session = self._closed()
        self.env.flush_all()
        # As the database superuser: no ballot row, no vote column elsewhere.
        self.env.cr.execute(
            "SELECT count(*) FROM ntm_ballot WHERE session_id = %s", [session.id]
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.env.cr.execute(
            """SELECT table_name, column_name FROM information_schema.columns
                WHERE table_name LIKE 'ntm_%%' AND column_name = 'vote'"""
        )
        self.assertEqual(self.env.cr.fetchall(), [("ntm_ballot", "vote")])
        # Who took part, and the counts, remain.
        self.assertEqual(
            session.attendance_ids.filtered("has_voted").user_id,
            self.env["res.users"].browse([m.id for m in self.members[:5]]),
        )
        self.assertEqual(self._result(session, dossier).agree_count, 5)

    def test_the_secrecy_rule_cannot_be_switched_off(self):
        rule = self.env.ref("ntm_exemplar.ntm_ballot_rule_secret")
        self._login(self.user_settings_admin)
        self._refused(
            "a settings admin deactivates the secrecy rule",
            lambda: self._rpc("ir.rule", "write", [[rule.id], {"active": False}]),
            ("secrecy",),
        )
        self._refused(
            "a settings admin deletes the secrecy rule",
            lambda: self._rpc("ir.rule", "unlink", [[rule.id]]),
            ("secrecy",),
        )

    def test_the_server_log_of_a_vote_tells_no_choice(self):
        dossier = self._candidate()
        session = self._session(dossier)
        session.action_open()
        member = self.members[0]
        ballot = (
            self.env["ntm.ballot"]
            .with_user(member)
            .search([("exemplar_id", "=", dossier.id)])
        )
        self._login(member)
        with self.assertLogs(level=logging.DEBUG) as logs:
            _logger.info("voting starts")
            self._rpc("ntm.ballot", "action_cast_vote", [[ballot.id], "disagree"])
        self.assertEqual(ballot.vote, "disagree")
        text = "\n".join(logs.output).lower()
        # The request itself is logged (by its method's name only).
        self.assertIn("action_cast_vote", text)
        for choice in ("agree", "abstain"):
            self.assertNotIn(choice, text)


@tagged("post_install", "-at_install")
class TestRewardGuards(DecisionCommon):
    def test_a_manager_or_an_officer_cannot_write_an_approval(self):
        proposal = self._submitted(self._recognised(1))
        for user in (self.manager, self.officer):
            self._login(user)
            self._refused(
                f"{user.login} writes the approval",
                lambda: self._rpc(
                    "ntm.reward.proposal",
                    "write",
                    [
                        [proposal.id],
                        {"state": "approved", "decision_number": "99/QĐ-UBND"},
                    ],
                ),
                (),
            )
        self.assertEqual(proposal.state, "submitted")

    def test_the_coordination_office_decides_in_the_decision_dialog(self):
        dossier = self._recognised(1)
        proposal = self._submitted(dossier).with_user(self.user_coordinator)
        action = proposal.with_context(
            ntm_decision_mode="approve"
        ).action_open_decision()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_coordinator)
            .with_context(**action["context"])
        )
        wizard.decision_number = "30/QĐ-UBND"
        wizard.decision_date = date(2026, 2, 1)
        wizard.save().action_confirm()
        self.assertEqual(
            (proposal.state, proposal.decision_number, dossier.stage_id),
            ("approved", "30/QĐ-UBND", self.stage["rewarded"]),
        )
        action = proposal.with_context(
            ntm_decision_mode="revoke"
        ).action_open_decision()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_coordinator)
            .with_context(**action["context"])
        )
        wizard.reason = "Kê khai không trung thực"
        wizard.save().action_confirm()
        self.assertEqual(proposal.state, "revoked")
        self.assertEqual(dossier.stage_id, self.stage["recognized"])

    def test_an_approval_needs_a_real_decision_date(self):
        proposal = self._submitted(self._recognised(1))
        self._login(self.user_coordinator)
        for value, words in (
            ("31/02/2026", ("number and date",)),
            ("2025-12-31", ("before the proposal",)),
            ("9999-12-31", ("plausible date",)),
        ):
            self._refused(
                f"approve with the decision date {value}",
                lambda v=value: self._rpc(
                    "ntm.reward.proposal",
                    "action_approve",
                    [proposal.ids, "31/QĐ-UBND", v],
                ),
                words,
            )

    def test_an_officer_cannot_point_a_line_at_another_units_dossier(self):
        mine = self._recognised(1)
        proposal = self._proposal(mine)
        other = self._candidate(unit=self.district_b)
        self._login(self.officer)
        self._refused(
            "officer re-points a proposal line at another district's dossier",
            lambda: self._rpc(
                "ntm.reward.proposal.line",
                "write",
                [[proposal.line_ids.id], {"exemplar_id": other.id}],
            ),
            ("cannot be proposed",),
        )
        self.assertNotIn(other.name, self._refused_message_of_line(proposal, other))

    def _refused_message_of_line(self, proposal, other):
        try:
            with self.env.cr.savepoint():
                proposal.line_ids.with_user(self.officer).write(
                    {"exemplar_id": other.id}
                )
        except UserError as error:
            return str(error)
        return ""

    def test_the_lines_of_an_approved_proposal_stay(self):
        proposal = self._approved(self._recognised(2))
        self._login(self.officer)
        self._refused(
            "officer deletes a line of an approved proposal",
            lambda: self._rpc(
                "ntm.reward.proposal.line", "unlink", [[proposal.line_ids[0].id]]
            ),
            ("no longer changes",),
        )

    def test_a_proposed_exemplar_is_not_proposed_again(self):
        dossier = self._recognised(1)
        self._submitted(dossier)
        second = self._proposal(self.Exemplar)
        second.write({"line_ids": [(0, 0, {"exemplar_id": dossier.id})]})
        self._provide_documents(second)
        self._login(self.manager)
        self._refused(
            "submit a second proposal of the same exemplar",
            lambda: self._rpc("ntm.reward.proposal", "action_submit", [second.ids]),
            ("proposed once",),
        )

    def _two_submitted_sharing(self):
        """Two submitted proposals of one dossier: only concurrent submissions
        could make it, so it is made here by the actions' own writes."""
        dossier = self._recognised(1)
        first = self._submitted(dossier)
        second = self._proposal(self.Exemplar)
        as_decision(second).write(
            {"line_ids": [(0, 0, {"exemplar_id": dossier.id})], "state": "submitted"}
        )
        return dossier, first, second

    def test_approving_two_proposals_of_one_dossier_in_one_call_is_refused(self):
        dossier, first, second = self._two_submitted_sharing()
        self._login(self.user_coordinator)
        self._refused(
            "approve two proposals sharing a dossier at once",
            lambda: self._rpc(
                "ntm.reward.proposal",
                "action_approve",
                [(first | second).ids, "20/QĐ-UBND", "2026-02-01"],
            ),
            ("rewarded twice",),
        )
        self.assertEqual(dossier.stage_id, self.stage["proposed_city"])

    def test_rejecting_the_other_proposal_leaves_the_reward(self):
        dossier, first, second = self._two_submitted_sharing()
        first.with_user(self.user_coordinator).action_approve(
            "21/QĐ-UBND", date(2026, 2, 1)
        )
        self._login(self.user_coordinator)
        self._rpc("ntm.reward.proposal", "action_reject", [second.ids])
        self.env.invalidate_all()
        self.assertEqual(dossier.stage_id, self.stage["rewarded"])
        as_decision(second).write({"state": "submitted"})
        self._refused(
            "approve the other proposal too",
            lambda: self._rpc(
                "ntm.reward.proposal",
                "action_approve",
                [second.ids, "22/QĐ-UBND", "2026-02-02"],
            ),
            ("21/QĐ-UBND",),
        )

    def test_the_database_holds_one_reward_per_dossier(self):
        dossier, first, second = self._two_submitted_sharing()
        first.with_user(self.user_coordinator).action_approve(
            "23/QĐ-UBND", date(2026, 2, 1)
        )
        # Past every Python check, the unique index still refuses a second.
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            as_decision(second.line_ids).write({"is_rewarded": True})
            self.env.flush_all()
        self.assertEqual(
            self.env["ntm.reward.proposal.line"].search_count(
                [("exemplar_id", "=", dossier.id), ("is_rewarded", "=", True)]
            ),
            1,
        )

    def test_the_coordinator_cannot_write_a_confirmed_top_five(self):
        self._recognised(5, year=2019)
        selection = self._confirmed_top_five(2019)
        self._login(self.user_coordinator)
        for vals in (
            {"state": "reopened"},
            {"exemplar_ids": [(3, selection.exemplar_ids[0].id)]},
        ):
            self._refused(
                f"coordinator writes {vals} on the confirmed top five",
                lambda v=vals: self._rpc("ntm.top.five", "write", [[selection.id], v]),
                ("written only by the action",),
            )
        self.assertEqual(selection.state, "confirmed")


@tagged("post_install", "-at_install")
class TestLeaksAndNotifications(DecisionCommon):
    def test_notifications_and_followers_of_another_units_dossier_are_hidden(self):
        theirs = self._new_dossier(
            self.users["officer", self.commune_b1], self.commune_b1
        )
        recipient = self.users["manager", self.commune_b1].partner_id
        theirs.message_subscribe(partner_ids=recipient.ids)
        theirs.message_post(body="Hồ sơ mật", partner_ids=recipient.ids)
        self.env.flush_all()
        notification = self.env["mail.notification"].search(
            [
                ("mail_message_id.res_id", "=", theirs.id),
                ("mail_message_id.model", "=", "ntm.exemplar"),
            ]
        )
        follower = self.env["mail.followers"].search(
            [("res_model", "=", "ntm.exemplar"), ("res_id", "=", theirs.id)]
        )
        self.assertTrue(notification and follower)
        Notification = self.env["mail.notification"].with_user(self.user_officer)
        Followers = self.env["mail.followers"].with_user(self.user_officer)
        self.assertFalse(Notification.search([("id", "in", notification.ids)]))
        self.assertFalse(Followers.search([("id", "in", follower.ids)]))
        with self.assertRaises(AccessError):
            Notification.browse(notification.ids).read(["mail_message_id"])
        with self.assertRaises(AccessError):
            Followers.browse(follower.ids).read(["res_id"])
        # Their own unit still sees them.
        own = self.users["manager", self.commune_b1]
        self.assertTrue(
            self.env["mail.followers"]
            .with_user(own)
            .search([("id", "in", follower.ids)])
        )
        self.assertTrue(
            self.env["mail.notification"]
            .with_user(own)
            .search([("id", "in", notification.ids)])
        )

    def test_a_duplicate_nominee_message_names_no_unreadable_dossier(self):
        theirs = self._new_dossier(
            self.users["officer", self.commune_b1],
            self.commune_b1,
            partner=self.nominee,
        )
        message = self._refused(
            "file a second dossier for another unit's nominee",
            lambda: self._new_dossier(self.user_officer, partner=self.nominee),
            ("another unit",),
        )
        self.assertNotIn(theirs.ref, message)
        self.assertNotIn(self.commune_b1.name, message)

    def test_an_officer_without_an_email_address_nominates(self):
        self.user_officer.partner_id.email = False
        dossier = self._new_dossier(self.user_officer)
        self._evaluate_all(dossier)
        dossier.with_user(self.user_officer).action_nominate()
        self.assertEqual(dossier.stage_id, self.stages["nominated"])
        review = self.env.ref("ntm_exemplar.mail_act_review")
        self.assertEqual(
            dossier.activity_ids.filtered(
                lambda a: a.activity_type_id == review
            ).user_id,
            self.user_manager,
        )


@tagged("post_install", "-at_install")
class TestActivitiesFollowTheStage(DecisionCommon):
    def _activities(self, dossier, xmlid):
        kind = self.env.ref(f"ntm_exemplar.{xmlid}")
        return dossier.activity_ids.filtered(lambda a: a.activity_type_id == kind)

    def test_the_review_activity_is_done_when_the_dossier_moves_on(self):
        dossier = self._new_dossier(self.officer, self.district_a)
        self._evaluate_all(dossier)
        dossier.with_user(self.officer).action_nominate()
        self.assertTrue(self._activities(dossier, "mail_act_review"))
        dossier.with_user(self.manager).action_send_to_council()
        self.assertFalse(self._activities(dossier, "mail_act_review"))

    def test_the_complete_activity_is_done_when_the_dossier_is_resubmitted(self):
        dossier = self._new_dossier(self.officer, self.district_a)
        self._evaluate_all(dossier)
        dossier.with_user(self.officer).action_nominate()
        dossier.with_user(self.manager).action_return_for_completion("Bổ sung ảnh")
        self.assertTrue(self._activities(dossier, "mail_act_complete"))
        dossier.with_user(self.officer).action_nominate()
        self.assertFalse(self._activities(dossier, "mail_act_complete"))

    def test_fostering_activities_are_done_when_fostering_ends(self):
        dossier = self._new_dossier(self.officer, self.district_a)
        dossier.with_user(self.officer).write(
            {
                "stage_id": self.stages["fostering"].id,
                "fostering_goal": "Mở rộng mô hình",
                "fostering_helper_ids": [(6, 0, self.manager.ids)],
                "fostering_deadline": hanoi_today() + timedelta(days=30),
            }
        )
        self.assertTrue(self._activities(dossier, "mail_act_fostering"))
        self._evaluate_all(dossier)
        dossier.with_user(self.officer).action_nominate()
        self.assertFalse(self._activities(dossier, "mail_act_fostering"))


@tagged("post_install", "-at_install")
class TestBadInput(DecisionCommon):
    def test_empty_and_oversized_names_are_refused(self):
        dossier = self._new_dossier(self.officer, self.district_a)
        for value, words in (
            ("   ", ("cannot be empty",)),
            ("", ("cannot be empty",)),
            ("x" * 20_000_000, ("too long",)),
        ):
            self._refused(
                f"a title of {len(value)} characters",
                lambda v=value: dossier.with_user(self.officer).write({"name": v}),
                words,
            )
        Propagation = self.env["ntm.propagation"].with_user(self.officer)
        self._refused(
            "a propagation record with a blank title",
            lambda: Propagation.create(
                {"name": " ", "unit_id": self.district_a.id, "channel": "press"}
            ),
            ("cannot be empty",),
        )

    def test_a_fractional_year_is_refused_not_truncated(self):
        dossier = self._new_dossier(self.officer, self.district_a)
        self._login(self.officer)
        self._refused(
            "year 2026.7 over JSON-RPC",
            lambda: self._rpc(
                "ntm.exemplar", "write", [[dossier.id], {"year": 2026.7}]
            ),
            ("whole number",),
        )

    def test_implausible_dates_are_refused(self):
        dossier = self._new_dossier(
            self.officer, self.district_a, category="individual"
        )
        for value in ("0001-01-01", "9999-12-31"):
            self._refused(
                f"a date of birth {value}",
                lambda v=value: dossier.with_user(self.officer).write(
                    {"nominee_birthdate": v}
                ),
                ("plausible date",),
            )
        self._refused(
            "a date of birth in the future",
            lambda: dossier.with_user(self.officer).write(
                {"nominee_birthdate": hanoi_today() + timedelta(days=1)}
            ),
            ("in the future",),
        )

    def test_a_propagation_link_is_a_web_address(self):
        Propagation = self.env["ntm.propagation"].with_user(self.officer)
        for url in ("javascript:alert(1)", "data:text/html,x", "ftp://x.vn/a"):
            self._refused(
                f"a propagation link {url}",
                lambda u=url: Propagation.create(
                    {
                        "name": "Bài viết",
                        "unit_id": self.district_a.id,
                        "channel": "press",
                        "url": u,
                    }
                ),
                ("http",),
            )
        record = Propagation.create(
            {
                "name": "Bài viết",
                "unit_id": self.district_a.id,
                "channel": "press",
                "url": "https://hanoi.gov.vn/bai-viet",
            }
        )
        self.assertTrue(record.url.startswith("https://"))

    def test_an_executable_renamed_pdf_is_refused_as_evidence(self):
        dossier = self._new_dossier(self.officer, self.district_a)
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.officer)
            .create(
                {
                    "name": "giay_chung_nhan.pdf",
                    "datas": base64.b64encode(b"MZ\x90\x00\x03" + b"\x00" * 200),
                    "res_model": "ntm.exemplar",
                }
            )
        )
        self._refused(
            "an executable renamed .pdf as evidence",
            lambda: dossier.with_user(self.officer).write(
                {"evidence_ids": [(4, attachment.id)]}
            ),
            ("not an accepted file",),
        )
        pdf = (
            self.env["ir.attachment"]
            .with_user(self.officer)
            .create(
                {
                    "name": "giay_chung_nhan.pdf",
                    "datas": base64.b64encode(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"),
                    "res_model": "ntm.exemplar",
                }
            )
        )
        dossier.with_user(self.officer).write({"evidence_ids": [(4, pdf.id)]})
        self.assertEqual(pdf.res_id, dossier.id)

    def test_a_record_that_does_not_exist_gets_a_clear_message(self):
        self._login(self.officer)
        self._refused(
            "a dossier for a nominee that does not exist",
            lambda: self._rpc(
                "ntm.exemplar",
                "create",
                [
                    {
                        "name": "Hồ sơ",
                        "partner_id": 999_999_999,
                        "category": "enterprise",
                        "unit_id": self.district_a.id,
                    }
                ],
            ),
            ("does not exist",),
        )

    def test_a_client_cannot_switch_the_audit_trail_off(self):
        dossier = self._new_dossier(self.officer, self.district_a)
        self._login(self.officer)
        self._rpc(
            "ntm.exemplar",
            "write",
            [[dossier.id], {"name": "Tên đã sửa"}],
            {
                "context": {
                    **self.session.context,
                    "tracking_disable": True,
                    "mail_notrack": True,
                }
            },
        )
        self.env.invalidate_all()
        tracked = dossier.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "name"
        )
        self.assertEqual(tracked.new_value_char, "Tên đã sửa")


@tagged("post_install", "-at_install")
class TestConcurrentApprovals(TransactionCase):
    """Two approvals of one dossier in two transactions at the same moment:
    the dossier is rewarded once. Real, committed cursors on the demo data
    (the test's own transaction is invisible to them); everything is put back
    afterwards."""

    def test_two_concurrent_approvals_reward_a_dossier_once(self):
        first = self.env.ref(
            "ntm_exemplar.reward_proposal_demo_submitted", raise_if_not_found=False
        )
        coordinator = self.env.ref(
            "ntm_exemplar.user_demo_coordinator", raise_if_not_found=False
        )
        if not (first and coordinator and first.state == "submitted"):
            self.skipTest("needs the demo's submitted proposal")
        dbname = self.env.cr.dbname
        dossier_id = first.line_ids.exemplar_id.id
        with db_connect(dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Proposal = env["ntm.reward.proposal"]
            # The demo's proposal may be of a former unit: a copy of history.
            with mock.patch.object(type(Proposal), "_unit_must_operate", False):
                second = as_decision(Proposal).create(
                    {
                        "unit_id": first.unit_id.id,
                        "date": str(first.date),
                        "kind": first.kind,
                        "reward_form_id": first.reward_form_id.id,
                        "line_ids": [(0, 0, {"exemplar_id": dossier_id})],
                    }
                )
            as_decision(second).write({"state": "submitted"})
            second_id = second.id
        try:
            outcomes = self._race(
                dbname, coordinator.id, [first.id, second_id], dossier_id
            )
            with db_connect(dbname).cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM ntm_reward_proposal_line "
                    "WHERE exemplar_id = %s AND is_rewarded",
                    [dossier_id],
                )
                rewarded = cr.fetchone()[0]
                cr.execute(
                    "SELECT count(*) FROM ntm_reward_proposal "
                    "WHERE id IN %s AND state = 'approved'",
                    [(first.id, second_id)],
                )
                approved = cr.fetchone()[0]
            self.assertEqual(sorted(outcomes), ["approved", "refused"], outcomes)
            self.assertEqual((rewarded, approved), (1, 1))
        finally:
            self._put_back(dbname, first.id, second_id, dossier_id)

    def _race(self, dbname, uid, proposal_ids, dossier_id):
        barrier = threading.Barrier(len(proposal_ids))
        outcomes = []

        def approve(proposal_id, number):
            with db_connect(dbname).cursor() as cr:
                env = api.Environment(cr, uid, {"lang": "en_US"})
                barrier.wait(timeout=30)
                try:
                    env["ntm.reward.proposal"].browse(proposal_id).action_approve(
                        number, str(hanoi_today())
                    )
                    # Each approval is its own transaction, as two requests are.
                    cr.commit()  # pylint: disable=invalid-commit
                    outcomes.append("approved")
                except (UserError, psycopg2.Error):
                    cr.rollback()
                    outcomes.append("refused")

        threads = [
            threading.Thread(target=approve, args=(pid, f"{90 + i}/QĐ-UBND"))
            for i, pid in enumerate(proposal_ids)
        ]
        with mute_logger("odoo.sql_db", "odoo.models"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        return outcomes

    def _put_back(self, dbname, first_id, second_id, dossier_id):
        with db_connect(dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            first = as_decision(env["ntm.reward.proposal"].browse(first_id))
            first.line_ids.write({"is_rewarded": False})
            first.write(
                {"state": "submitted", "decision_number": False, "decision_date": False}
            )
            as_decision(env["ntm.exemplar"].browse(dossier_id)).write(
                {"stage_id": env.ref("ntm_exemplar.stage_proposed_city").id}
            )
            as_decision(env["ntm.reward.proposal"].browse(second_id)).unlink()
