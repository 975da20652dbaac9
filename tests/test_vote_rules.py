"""The majority a reward asks of the council (Decree 98/2023/NĐ-CP art. 30,
carried on by Decree 152/2025/NĐ-CP): a grassroots emulation fighter needs
at least 80% of all the council's members, a city emulation fighter 90%, on
top of the council's own approval rule; a reward proposal follows the vote."""

import importlib.util
import os
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext

from ..models.ntm_decision_mixin import as_decision
from .common import RewardCommon


class TestVoteRules(RewardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fighter = cls.env.ref("ntm_exemplar.reward_title_grassroots_fighter")
        cls.city_fighter = cls.env.ref("ntm_exemplar.reward_title_city_fighter")
        cls.flag = cls.env.ref("ntm_exemplar.reward_title_city_flag")
        cls.officer = cls.users["officer", cls.district_a]

    def _voted(self, agrees, form, absent=0):
        """One session, one dossier voted for `form` per number of agreeing
        votes in `agrees` (the others present disagree); closed."""
        dossiers = self.Exemplar
        for _agree in agrees:
            dossiers |= self._dossier_for(form)
        session = self._session(dossiers, absent=absent)
        session.action_open()
        present = 10 - absent
        for dossier, agree in zip(dossiers, agrees, strict=True):
            self._vote(
                session,
                dossier,
                {i: "agree" if i < agree else "disagree" for i in range(present)},
            )
        session.action_close()
        return session, [self._result(session, dossier) for dossier in dossiers]

    def _dossier_for(self, form):
        """A dossier chosen for `form` by its officer, then to the council."""
        dossier = self.Exemplar.with_user(self.officer).create(
            self._dossier_vals(
                self.district_a,
                category="enterprise",
                council_reward_form_id=form.id,
            )
        )
        dossier = dossier.with_env(self.env)
        self._evaluate_all(dossier)
        self._to_council(dossier)
        return dossier

    # The rule, as data

    def test_the_shipped_rules(self):
        for form, percent in (
            (self.fighter, 80),
            (self.city_fighter, 90),
            (self.flag, 80),
        ):
            with self.subTest(form=form.name):
                self.assertTrue(form.vote_required)
                self.assertEqual(form.vote_min_percent, percent)
                self.assertEqual(form.vote_base, "all")
                self.assertTrue(form.vote_secret)
        self.assertFalse(self.form.vote_required)
        self.assertEqual(
            self.fighter.vote_rule_display, "at least 80% of all members, secret ballot"
        )

    def test_the_migration_sets_the_shipped_rules_where_they_are_empty(self):
        path = os.path.join(
            os.path.dirname(os.path.dirname(__file__)),
            "migrations",
            "18.0.1.2.1",
            "post-migrate.py",
        )
        spec = importlib.util.spec_from_file_location("ntm_vote_migration", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        empty = {"vote_required": False, "vote_min_percent": 0}
        (self.fighter | self.city_fighter).write(empty)
        self.flag.write({"vote_min_percent": 85})  # the admin's, kept
        migration.migrate(self.env.cr, "18.0.1.2.0")
        self.env.invalidate_all()
        self.assertEqual(
            [
                (form.vote_required, form.vote_min_percent)
                for form in (self.fighter, self.city_fighter, self.flag)
            ],
            [(True, 80), (True, 90), (True, 85)],
        )
        self.assertFalse(self.form.vote_required)

    def test_79_of_100_misses_80_percent_and_80_of_100_reaches_it(self):
        self.assertFalse(self.fighter._vote_rule_met(79, 100))
        self.assertTrue(self.fighter._vote_rule_met(80, 100))
        self.assertFalse(self.city_fighter._vote_rule_met(89, 100))
        self.assertTrue(self.city_fighter._vote_rule_met(90, 100))
        self.assertFalse(self.fighter._vote_rule_met(0, 0))
        self.assertTrue(self.form._vote_rule_met(1, 100), "no rule: met")

    def test_a_percentage_outside_0_to_100_is_refused(self):
        for percent in (0, -5, 100.5):
            with self.subTest(percent=percent):
                with self.assertRaises(ValidationError) as cm:
                    self.fighter.with_user(self.user_admin).write(
                        {"vote_min_percent": percent}
                    )
                self.assertIn("above 0 and at most 100", str(cm.exception))
        self.fighter.invalidate_recordset()
        self.assertEqual(self.fighter.vote_min_percent, 80)

    # The tally

    def test_80_percent_of_10_members_passes_and_70_percent_fails(self):
        """7 of 10 meet the council's own rule (more than half) but not the
        80% a grassroots emulation fighter asks: not selected."""
        _session, (eight, seven) = self._voted([8, 7], self.fighter)
        self.assertEqual(self.council.rule_display, "more than 1/2 of all members")
        self.assertEqual(
            (eight.reward_form_id, eight.reward_rule_percent, eight.reward_rule_base),
            (self.fighter, 80, "all"),
        )
        self.assertTrue(eight.reward_rule_secret)
        self.assertEqual((eight.agree_count, eight.reward_base_count), (8, 10))
        self.assertTrue(eight.is_reward_rule_met)
        self.assertTrue(eight.is_passed)
        self.assertEqual(eight.exemplar_id.council_decision, "selected")
        self.assertEqual((seven.agree_count, seven.reward_base_count), (7, 10))
        self.assertTrue(self.council._passes(7, seven.base_count))
        self.assertFalse(seven.is_reward_rule_met)
        self.assertFalse(seven.is_passed)
        self.assertEqual(seven.exemplar_id.council_decision, "not_selected")

    def test_a_city_emulation_fighter_needs_90_percent(self):
        _session, (nine, eight) = self._voted([9, 8], self.city_fighter)
        self.assertTrue(nine.is_reward_rule_met and nine.is_passed)
        self.assertFalse(eight.is_reward_rule_met or eight.is_passed)

    def test_all_members_count_the_absent_ones(self):
        """7 present, all agreeing: 100% of those present, 70% of all."""
        _session, (result,) = self._voted([7], self.fighter, absent=3)
        self.assertEqual((result.agree_count, result.reward_base_count), (7, 10))
        self.assertFalse(result.is_reward_rule_met)
        self.assertFalse(result.is_passed)
        self.fighter.vote_base = "present"
        _session, (result,) = self._voted([7], self.fighter, absent=3)
        self.assertEqual(result.reward_base_count, 7)
        self.assertTrue(result.is_reward_rule_met and result.is_passed)

    def test_a_reward_without_rule_leaves_the_council_rule_alone(self):
        _session, (result,) = self._voted([6], self.form)
        self.assertEqual(result.reward_form_id, self.form)
        self.assertFalse(result.reward_rule_percent)
        self.assertTrue(result.is_reward_rule_met)
        self.assertTrue(result.is_passed)
        dossier = self._candidate()
        session = self._session(dossier)
        session.action_open()
        self._vote(session, dossier, {i: "agree" for i in range(6)})
        session.action_close()
        result = self._result(session, dossier)
        self.assertFalse(result.reward_form_id)
        self.assertTrue(result.is_passed)

    def test_the_admin_changes_the_percent_and_a_later_tally_applies_it(self):
        _session, (before,) = self._voted([7], self.fighter)
        self.assertFalse(before.is_passed)
        self.fighter.with_user(self.user_admin).write({"vote_min_percent": 70})
        _session, (after,) = self._voted([7], self.fighter)
        self.assertEqual(after.reward_rule_percent, 70)
        self.assertTrue(after.is_passed)
        # The earlier result keeps the rule it was counted under.
        self.assertEqual(before.reward_rule_percent, 80)
        self.assertFalse(before.is_passed)

    def test_the_rule_stands_while_a_vote_on_the_reward_is_open(self):
        dossier = self._dossier_for(self.fighter)
        session = self._session(dossier)
        session.action_open()
        with self.assertRaises(UserError) as cm:
            self.fighter.with_user(self.user_admin).write({"vote_min_percent": 50})
        self.assertIn(session.name, str(cm.exception))
        self.fighter.invalidate_recordset()
        self.assertEqual(self.fighter.vote_min_percent, 80)
        self.flag.with_user(self.user_admin).write({"vote_min_percent": 85})

    # The dossier's reward

    def test_the_reward_voted_for_is_locked_at_the_council_stage(self):
        dossier = self._dossier_for(self.fighter)
        self.assertEqual(dossier.council_reward_form_id, self.fighter)
        with self.assertRaises(UserError) as cm:
            dossier.with_user(self.officer).write(
                {"council_reward_form_id": self.city_fighter.id}
            )
        self.assertIn("Reward Voted by the Council", str(cm.exception))
        dossier.invalidate_recordset()
        self.assertEqual(dossier.council_reward_form_id, self.fighter)

    # The proposal

    def _proposal_vals(self, dossier, form):
        return {
            "unit_id": self.district_a.id,
            "date": date(2026, 1, 20),
            "kind": "regular",
            "reward_form_id": form.id,
            "line_ids": [(0, 0, {"exemplar_id": dossier.id})],
        }

    def _refused_proposal(self, dossier, form, words):
        Proposal = self.env["ntm.reward.proposal"].with_user(self.manager)
        count = Proposal.search_count([])
        with self.assertRaises(UserError) as cm:
            Proposal.create(self._proposal_vals(dossier, form))
        for word in words:
            self.assertIn(word, str(cm.exception))
        self.assertEqual(Proposal.search_count([]), count, "nothing written")

    def test_a_proposal_follows_the_council_vote_for_the_reward(self):
        met = self._recognised(1, agree=8, reward_form=self.fighter)
        self.env["ntm.reward.proposal"].with_user(self.manager).create(
            self._proposal_vals(met, self.fighter)
        )
        # Voted for another reward, or for none.
        other = self._recognised(1, agree=10, reward_form=self.city_fighter)
        self._refused_proposal(other, self.fighter, ["voted it for", "City"])
        plain = self._recognised(1, agree=10)
        self._refused_proposal(plain, self.fighter, ["voted on no reward", "80%"])
        # Any reward without a rule of its own still takes them.
        self.env["ntm.reward.proposal"].with_user(self.manager).create(
            self._proposal_vals(plain, self.form)
        )

    def test_a_proposal_is_refused_when_the_reward_rule_was_not_met(self):
        """7 of 10 under a 70% rule: recognised; the rule back at 80% later
        changes nothing for that vote, but a city emulation fighter asks its
        own vote. A line added or rewritten is refused the same way."""
        self.fighter.vote_min_percent = 70
        dossier = self._recognised(1, agree=7, reward_form=self.fighter)
        result = dossier.council_result_ids
        self.assertTrue(result.is_passed and result.is_reward_rule_met)
        self.fighter.vote_min_percent = 80
        proposal = (
            self.env["ntm.reward.proposal"]
            .with_user(self.manager)
            .create(self._proposal_vals(dossier, self.fighter))
        )
        with self.assertRaises(UserError) as cm:
            proposal.with_user(self.manager).write(
                {"reward_form_id": self.city_fighter.id}
            )
        self.assertIn("voted it for", str(cm.exception))
        proposal.invalidate_recordset()
        self.assertEqual(proposal.reward_form_id, self.fighter)
        # A dossier whose vote missed the rule is neither added nor swapped in.
        as_failed = self._failed_but_recognised()
        with self.assertRaises(UserError) as cm:
            proposal.with_user(self.manager).write(
                {"line_ids": [(0, 0, {"exemplar_id": as_failed.id})]}
            )
        self.assertIn("did not reach it (7 agreeing of 10)", str(cm.exception))
        with self.assertRaises(UserError):
            proposal.line_ids.with_user(self.manager).write(
                {"exemplar_id": as_failed.id}
            )
        self.assertEqual(proposal.line_ids.exemplar_id, dossier)

    def _failed_but_recognised(self):
        """A dossier recognised after a vote that missed the reward's rule
        (the council's rule alone applied when the reward had none yet)."""
        self.fighter.vote_min_percent = 70
        dossier = self._recognised(1, agree=7, reward_form=self.fighter)
        self.fighter.vote_min_percent = 80
        # As a tally that missed the rule would have written it.
        as_decision(dossier.council_result_ids).write(
            {"reward_rule_percent": 80, "is_reward_rule_met": False}
        )
        return dossier

    def test_submission_checks_the_vote_again(self):
        """The rule turned on after the line was listed: submission refuses."""
        self.fighter.vote_required = False
        dossier = self._recognised(1, agree=10)
        proposal = (
            self.env["ntm.reward.proposal"]
            .with_user(self.manager)
            .create(self._proposal_vals(dossier, self.fighter))
        )
        self._provide_documents(proposal)
        self.fighter.vote_required = True
        with self.assertRaises(UserError) as cm:
            proposal.with_user(self.manager).action_submit()
        self.assertIn("voted on no reward", str(cm.exception))
        self.assertEqual(proposal.state, "draft")
        self.assertEqual(dossier.stage_id, self.stage["recognized"])

    # The minutes

    def test_the_minutes_state_the_reward_rule_and_its_result(self):
        session, _results = self._voted([8, 7], self.fighter)
        minutes = html2plaintext(session.minutes)
        self.assertIn(
            "at least 80% of all members, secret ballot (Grassroots emulation "
            "fighter (Chiến sĩ thi đua cơ sở)): met, 8 of 10",
            minutes,
        )
        self.assertIn("not met, 7 of 10", minutes)
        self.assertIn("more than 1/2 of all members", minutes)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "ntm_exemplar.action_report_council_minutes", session.ids
        )
        text = " ".join(html2plaintext(html.decode()).split())
        self.assertIn(
            "từ 80% trở lên tính trên tổng số thành viên Hội đồng, bằng hình thức "
            "bỏ phiếu kín: 8/10 phiếu đồng ý, đạt",
            text,
        )
        self.assertIn("7/10 phiếu đồng ý, không đạt", text)
        self.assertIn("Nguyên tắc áp dụng: số phiếu đồng ý", text)

    # Who writes the rules

    def test_nobody_but_the_admin_writes_the_rules(self):
        _session, (result,) = self._voted([8], self.fighter)
        member = self.members[4]
        # What the tally wrote is refused to all (before the access rights
        # are even read); rewards are the addon admins' configuration.
        for user, record, vals, error in (
            (member, result, {"reward_rule_percent": 10}, UserError),
            (member, result, {"is_reward_rule_met": False}, UserError),
            (self.officer, result, {"reward_base_count": 8}, UserError),
            (self.manager, result, {"reward_rule_percent": 10}, UserError),
            (self.manager, result, {"reward_form_id": self.form.id}, UserError),
            (self.manager, result, {"is_reward_rule_met": False}, UserError),
            (member, self.fighter, {"vote_min_percent": 10}, AccessError),
            (self.officer, self.fighter, {"vote_required": False}, AccessError),
            (self.manager, self.fighter, {"vote_base": "present"}, AccessError),
            (self.user_coordinator, self.fighter, {"vote_secret": False}, AccessError),
        ):
            with self.subTest(user=user.login, model=record._name, vals=vals):
                before = record.sudo().read(list(vals))
                with self.assertRaises(error):
                    record.with_user(user).write(vals)
                record.invalidate_recordset()
                self.assertEqual(record.sudo().read(list(vals)), before)
        self.assertEqual(
            (result.reward_rule_percent, result.is_reward_rule_met), (80, True)
        )
        self.fighter.with_user(self.user_admin).write({"vote_min_percent": 85})
        self.assertEqual(self.fighter.vote_min_percent, 85)
