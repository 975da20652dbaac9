import importlib.util
import os
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user
from odoo.tools import html2plaintext

from ..models.hanoi_date import hanoi_today
from .common import PlanCommon


class TestTopFive(PlanCommon):
    """In 2032 (PlanCommon), whose plan no dossier was decided under yet:
    its criteria may change."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = hanoi_today().year
        # The explanations in English, numbers written "102.92".
        cls.env["res.lang"]._activate_lang("en_US")
        cls.addClassCleanup(cls.registry.clear_cache)
        # One optional criterion makes scores differ between exemplars.
        cls._plan_criterion(cls.plan, "TC.C5").write(
            {"is_mandatory": False, "weight": 4}
        )
        # Numbers that a dossier can exceed, for every dossier (optional:
        # the values that just meet them are 80, 71, 10 and 80).
        cls.env["ntm.criterion"].create(
            [
                {
                    "code": code,
                    "name": name,
                    "kind": "general",
                    "measure": measure,
                    "operator": operator,
                    "threshold": threshold,
                    "threshold_max": high,
                    "uom": uom,
                    "weight": weight,
                    "is_mandatory": False,
                }
                for code, name, measure, operator, threshold, high, uom, weight in (
                    ("T.INC", "Thu nhập", "number", ">=", 80, 0, "million_vnd", 2),
                    ("T.PCT", "Tỷ lệ", "number", ">", 70, 0, "percent", 1),
                    ("T.MAX", "Số vụ vi phạm", "number", "<=", 10, 0, "count", 1),
                    ("T.RNG", "Tỷ lệ trường", "range", ">=", 80, 85, "percent", 1),
                )
            ]
        )
        # A smaller council of district A: five of the ten members.
        cls.small_council = cls.env["ntm.council"].create(
            {
                "name": "Hội đồng TĐKT nhỏ",
                "unit_id": cls.district_a.id,
                "member_ids": [
                    (0, 0, {"user_id": user.id, "role": role})
                    for user, role in zip(
                        cls.members[:5],
                        ["chair", "vice_chair", "secretary", "member", "member"],
                        strict=True,
                    )
                ],
            }
        )

    def _wizard(self, user=None):
        form = Form(
            self.env["ntm.top.five.wizard"].with_user(user or self.user_coordinator)
        )
        form.year = self.year
        return form

    def _seven_candidates(self):
        """Scores 100 (x5) and 55.6 (x2); among the 100s, council approval 100 %
        or 80 %, then propagation counts break the ties."""
        full = self._recognised(3) | self._recognised(2, agree=8)
        # The optional criterion unmet: score 5/9 of the weights.
        lower = self._recognised(2, except_codes=("TC.C5",))
        propagation = self.env["ntm.propagation"]
        propagation.create(
            [
                {
                    "name": f"Tin {i}",
                    "unit_id": self.district_a.id,
                    "channel": "portal",
                    "exemplar_ids": [(6, 0, full[1].ids)],
                }
                for i in range(3)
            ]
        )
        return full, lower

    def test_candidates_are_ranked_by_score_then_approval_then_propagation(self):
        full, lower = self._seven_candidates()
        rows = self.env["ntm.top.five"]._candidates(self.year)
        # The demo may hold recognised dossiers of the year too.
        ranked = [row["exemplar"] for row in rows if row["exemplar"] in full | lower]
        self.assertEqual(
            ranked[0], full[1], "100 %, approval 100 %, propagated 3 times"
        )
        self.assertEqual(set(ranked[:3]), set(full[:3]))
        self.assertEqual(set(ranked[3:5]), set(full[3:5]), "approval 80 % ranks after")
        self.assertEqual(set(ranked[5:]), set(lower))
        form = self._wizard()
        self.assertEqual(len(form.line_ids), len(rows))
        first = [row["exemplar"] for row in rows].index(full[1])
        self.assertIn("propagated 3 times", form.line_ids.edit(first).explanation)

    def test_exactly_five_are_introduced(self):
        self._seven_candidates()
        wizard = self._wizard().save()
        wizard.line_ids.filtered(lambda line: line.rank == 5).is_selected = False
        with self.assertRaises(UserError):
            wizard.action_confirm()
        wizard.line_ids.write({"is_selected": True})
        with self.assertRaises(UserError):
            wizard.action_confirm()
        wizard.line_ids.write({"is_selected": False})
        wizard.line_ids.filtered(lambda line: line.rank <= 5).write(
            {"is_selected": True}
        )
        action = wizard.action_confirm()
        selection = self.env["ntm.top.five"].browse(action["res_id"])
        self.assertEqual(len(selection.exemplar_ids), 5)
        self.assertIn("ranking score", selection.ranking)

    def test_one_selection_a_year_reopened_by_an_admin_only(self):
        self._seven_candidates()
        wizard = self._wizard().save()
        selection = self.env["ntm.top.five"].browse(wizard.action_confirm()["res_id"])
        with self.assertRaises(ValidationError):
            self._wizard().save().action_confirm()
        with self.assertRaises(UserError):
            selection.with_user(self.user_coordinator).action_reopen()
        selection.with_user(self.user_admin).action_reopen()
        self._wizard().save().action_confirm()
        self.assertEqual(
            self.env["ntm.top.five"].search_count(
                [("year", "=", self.year), ("state", "=", "confirmed")]
            ),
            1,
        )

    def test_officers_do_not_select(self):
        self._seven_candidates()
        wizard = self._wizard().save()
        with self.assertRaises(UserError):
            wizard.with_user(self.user_manager).action_confirm()

    def test_coordinators_are_reminded_before_28_february_and_15_january(self):
        TopFive = self.env["ntm.top.five"]
        office = self.env.ref("ntm_exemplar.unit_agency_ntm_office")
        deadline_type = self.env.ref("ntm_exemplar.mail_act_top_five")

        def reminders():
            return office.activity_ids.filtered(
                lambda a: a.activity_type_id == deadline_type
            )

        # A year far from any selection, demo data included: a confirmed top
        # five of the year before silences the 28 February reminder.
        year = 2090
        TopFive._cron_remind_deadlines(today=date(year, 11, 1))
        self.assertFalse(reminders())
        TopFive._cron_remind_deadlines(today=date(year, 1, 5))
        self.assertEqual(set(reminders().mapped("date_deadline")), {date(year, 1, 15)})
        self.assertIn(self.user_coordinator, reminders().user_id)
        TopFive._cron_remind_deadlines(today=date(year, 2, 20))
        self.assertIn(date(year, 2, 28), reminders().mapped("date_deadline"))
        count = len(reminders())
        TopFive._cron_remind_deadlines(today=date(year, 2, 21))
        self.assertEqual(
            len(reminders()), count, "one reminder per coordinator and deadline"
        )

    def test_units_with_recognised_exemplars_are_reminded_before_28_february(self):
        dossier = self._recognised(1)
        unit = dossier.unit_id
        self.env["ntm.top.five"]._cron_remind_deadlines(
            today=date(self.year + 1, 2, 20)
        )
        deadline_type = self.env.ref("ntm_exemplar.mail_act_top_five")
        reminders = unit.activity_ids.filtered(
            lambda a: a.activity_type_id == deadline_type
        )
        self.assertEqual(reminders.user_id, self.users["manager", self.district_a])
        self.assertEqual(reminders.date_deadline, date(self.year + 1, 2, 28))

    # ------------------------------------------------------------------
    # The ranking
    # ------------------------------------------------------------------

    def _rows(self, year=2032):
        """The ranking of a year no other test data, demo or not, has."""
        TopFive = self.env["ntm.top.five"].with_context(lang="en_US")
        return TopFive.with_user(self.user_coordinator)._candidates(year)

    def _row(self, rows, dossier):
        return next(row for row in rows if row["exemplar"] == dossier)

    def test_ranking_points_measure_how_far_a_criterion_is_exceeded(self):
        dossier = self.Exemplar.create(self._dossier_vals(self.district_a))
        self._evaluate_all(dossier)
        cases = (
            # (code, value, points): 0 when not met, 1 met, 1 + excess.
            ("T.INC", 95, 1 + 15 / 80),
            ("T.INC", 85, 1 + 5 / 80),
            ("T.INC", 200, 2.0),
            ("T.INC", 70, 0.0),
            ("T.PCT", 85, 1 + 15 / 30),
            ("T.PCT", 70, 0.0),
            ("T.MAX", 4, 1 + 6 / 10),
            ("T.MAX", 12, 0.0),
            ("T.RNG", 84, 1.0),
            ("TC.C1", "yes", 1.0),
            ("TC.C1", "no", 0.0),
        )
        for code, value, points in cases:
            line = self._line(dossier, code)
            field = "value_bool" if isinstance(value, str) else "value_number"
            line.write({field: value})
            with self.subTest(code=code, value=value):
                self.assertAlmostEqual(line._ranking_points(), points)
                self.assertAlmostEqual(line.weighted_points, line.weight * points)

    def test_a_threshold_change_moves_the_ranking_points_of_open_dossiers(self):
        """Judged again in SQL, lines and ranking scores read as the ORM
        computes them, whether the result flips (85 under 90) or not (95)."""
        stays, flips = self.Exemplar.create(
            [self._dossier_vals(self.district_a), self._dossier_vals(self.district_b)]
        )
        self._evaluate_all(stays | flips)
        self._line(stays, "T.INC").value_number = 95
        self._line(flips, "T.INC").value_number = 85
        self._plan_criterion(self.plan, "T.INC").threshold = 90
        self.env.invalidate_all()
        self.assertAlmostEqual(
            self._line(stays, "T.INC").weighted_points, 2 * (1 + 5 / 90)
        )
        self.assertEqual(self._line(flips, "T.INC").weighted_points, 0)
        for dossier in stays | flips:
            lines = dossier.criterion_line_ids
            expected = (
                100
                * sum(line.weight * line._ranking_points() for line in lines)
                / sum(lines.mapped("weight"))
            )
            with self.subTest(dossier=dossier.display_name):
                self.assertAlmostEqual(dossier.ranking_score, expected, places=2)
        self.assertFalse(self._line(flips, "T.INC").is_met)

    def test_the_ranking_score_discriminates_where_the_criteria_score_does_not(self):
        better = self._recognised(1, year=2032, values={"T.INC": {"value_number": 95}})
        worse = self._recognised(1, year=2032, values={"T.INC": {"value_number": 85}})
        self.assertEqual(better.score, 100)
        self.assertEqual(worse.score, 100)
        # Weights: 9 for the yes/no criteria, 2 for the income, 1 for each of
        # the three others (the share just met at 71: 1 + 1/30).
        expected = 100 * (9 + 2 * (1 + 15 / 80) + (1 + 1 / 30) + 1 + 1) / 14
        self.assertAlmostEqual(better.ranking_score, expected, places=2)
        self.assertGreater(better.ranking_score, worse.ranking_score)
        rows = self._rows()
        self.assertEqual([row["exemplar"] for row in rows], [better, worse])
        self.assertIn("ranking score 102.92", rows[0]["explanation"])
        self.assertIn("criteria met 100.0%", rows[0]["explanation"])
        self.assertIsNone(rows[1]["tie"] or None, "the score decides")
        self.assertNotIn("ties with", rows[1]["explanation"])

    def test_council_support_is_a_share_of_each_councils_own_base(self):
        # 7 of 10 members agree on one; 4 of 5 on the other: 70 % < 80 %.
        seven = self._recognised(1, year=2032, agree=7)
        four = self._recognised(1, year=2032, agree=4, council=self.small_council)
        rows = self._rows()
        self.assertEqual([row["exemplar"] for row in rows], [four, seven])
        self.assertEqual((rows[0]["agree"], rows[0]["base"]), (4, 5))
        self.assertEqual((rows[1]["agree"], rows[1]["base"]), (7, 10))
        self.assertIn("council support 4/5 (80.0%)", rows[0]["explanation"])
        self.assertIn(
            "ties with #1 on ranking score; ranked by higher council support",
            rows[1]["explanation"],
        )

    def test_support_comes_from_the_round_the_head_recognised(self):
        dossier = self._recognised(1, year=2032, agree=10)
        # Reopened, the dossier goes to a new round: 3 of 5 agree this time.
        dossier.with_user(self.user_admin)._reopen("Bổ sung minh chứng")
        dossier.action_nominate()
        dossier.action_send_to_council()
        session = self._session(dossier, council=self.small_council)
        session.action_open()
        self._vote(session, dossier, {0: "agree", 1: "agree", 2: "agree"})
        self._vote(session, dossier, {3: "disagree", 4: "disagree"})
        session.action_close()
        session.result_ids.write(
            {"decision_number": "02/QĐ-UBND", "decision_date": date(2099, 1, 12)}
        )
        session.result_ids.with_user(
            self.users["manager", self.district_a]
        ).action_recognize()
        self.assertEqual(len(dossier.council_result_ids), 2)
        row = self._row(self._rows(), dossier)
        self.assertEqual((row["agree"], row["base"]), (3, 5), "not the 10/10 before")
        self.assertEqual(row["decision_date"], date(2099, 1, 12))
        self.assertIn("recognised on 12/01/2099", row["explanation"])

    def test_only_propagation_by_the_own_or_a_higher_unit_counts(self):
        dossier = self._recognised(1, year=2032, unit=self.commune_a1)
        self.env["ntm.propagation"].create(
            [
                {
                    "name": f"Tin của {unit.name}",
                    "unit_id": unit.id,
                    "channel": "portal",
                    "exemplar_ids": [(6, 0, dossier.ids)],
                }
                for unit in (
                    self.commune_a1,
                    self.district_a,
                    self.city,
                    self.commune_a2,
                    self.district_b,
                    self.commune_b1,
                )
            ]
        )
        row = self._row(self._rows(), dossier)
        self.assertEqual(row["propagation"], 3, "own, district and city only")
        self.assertIn("propagated 3 times", row["explanation"])

    def test_ties_are_broken_by_decision_date_then_reference_and_stated(self):
        today = hanoi_today()
        later = self._recognised(1, year=2032, decision_date=today + timedelta(2))
        first = self._recognised(1, year=2032, decision_date=today + timedelta(1))
        second = self._recognised(1, year=2032, decision_date=today + timedelta(1))
        # A name coming first does not beat the reference.
        first.name, second.name = "Zeta", "Alpha"
        self.assertLess(first.ref, second.ref)
        rows = self._rows()
        self.assertEqual([row["exemplar"] for row in rows], [first, second, later])
        self.assertEqual([row["tie"] for row in rows], [None, 4, 3])
        self.assertIn(
            "ties with #1 on ranking score, council support, propagation and "
            f"decision date; ranked by reference ({first.ref} before {second.ref})",
            rows[1]["explanation"],
        )
        self.assertIn(
            "ties with #2 on ranking score, council support and propagation; ranked "
            "by earlier decision date "
            f"({(today + timedelta(1)).strftime('%d/%m/%Y')} before "
            f"{(today + timedelta(2)).strftime('%d/%m/%Y')})",
            rows[2]["explanation"],
        )
        # The wizard shows the same explanations.
        wizard = self._wizard_of(2032)
        self.assertEqual(
            wizard.line_ids.sorted("rank").mapped("explanation"),
            [row["explanation"] for row in rows],
        )

    def test_explanations_write_numbers_as_the_language_does(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        dossier = self._recognised(1, year=2032, values={"T.INC": {"value_number": 95}})
        rows = self.env["ntm.top.five"].with_context(lang="vi_VN")._candidates(2032)
        self.assertEqual(rows[0]["exemplar"], dossier)
        self.assertIn("102,92", rows[0]["explanation"])

    # ------------------------------------------------------------------
    # The confirmed ranking
    # ------------------------------------------------------------------

    def _wizard_of(self, year, user=None):
        wizard = (
            self.env["ntm.top.five.wizard"]
            .with_user(user or self.user_coordinator)
            .with_context(lang="en_US")
            .create({"year": year})
        )
        wizard.action_load()
        return wizard

    def _six_of_2032(self):
        """Five recognised exemplars of 2032 exceeding the income more and
        more, and a sixth just meeting it."""
        dossiers = self.Exemplar
        for index, income in enumerate((130, 120, 110, 100, 90, 80), start=1):
            dossier = self._recognised(
                1, year=2032, values={"T.INC": {"value_number": income}}
            )
            dossier.partner_id.name = f"Điển hình số {index}"
            dossiers |= dossier
        return dossiers

    def _memo(self, selection):
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "ntm_exemplar.action_report_top_five", selection.ids
        )
        return " ".join(html2plaintext(html.decode()).replace("*", "").split())

    def test_the_confirmed_ranking_is_stored_and_printed_as_confirmed(self):
        six = self._six_of_2032()
        selection = self.env["ntm.top.five"].browse(
            self._wizard_of(2032).action_confirm()["res_id"]
        )
        lines = selection.line_ids
        self.assertEqual(lines.mapped("rank"), [1, 2, 3, 4, 5])
        self.assertEqual(lines.exemplar_id, six[:5])
        self.assertEqual([line.exemplar_id for line in lines], list(six[:5]))
        self.assertEqual(lines[0].ranking_score, six[0].ranking_score)
        self.assertEqual(lines[0].support_share, 100)
        self.assertEqual(lines[0].decision_date, hanoi_today())
        self.assertIn("#1 ", lines[0].explanation)
        memo = self._memo(selection)
        for line in lines:
            self.assertIn(line.explanation, memo)
        self.assertNotIn("Điển hình số 6", memo)
        # Afterwards the sixth is propagated often and would now rank first:
        # the printed ranking is the one confirmed.
        self.env["ntm.propagation"].create(
            [
                {
                    "name": f"Tin {i}",
                    "unit_id": self.district_a.id,
                    "channel": "press",
                    "exemplar_ids": [(6, 0, six.ids)],
                }
                for i in range(2)
            ]
            + [
                {
                    "name": "Phóng sự",
                    "unit_id": self.district_a.id,
                    "channel": "television",
                    "exemplar_ids": [(6, 0, six[4].ids)],
                }
            ]
        )
        self.assertEqual(self._rows()[0]["propagation"], 2)
        self.assertEqual(self._memo(selection), memo)
        self.assertIn("propagated 0 times", memo)
        self.assertEqual(selection.line_ids.mapped("propagation_count"), [0] * 5)

    def test_a_top_five_confirmed_before_its_ranking_was_stored_gets_it(self):
        """The update to 18.0.1.3.0 stores the ranking of top fives confirmed
        before it, and the memo prints it."""
        path = os.path.join(
            os.path.dirname(os.path.dirname(__file__)),
            "migrations",
            "18.0.1.3.0",
            "post-migrate.py",
        )
        spec = importlib.util.spec_from_file_location("ntm_post_1_3_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        six = self._six_of_2032()
        selection = self.env["ntm.top.five"].browse(
            self._wizard_of(2032).action_confirm()["res_id"]
        )
        stored = [(line.rank, line.exemplar_id) for line in selection.line_ids]
        # As a database of 18.0.1.2 holds it: the five, no ranking.
        self.env.cr.execute(
            "DELETE FROM ntm_top_five_line WHERE top_five_id = %s", [selection.id]
        )
        self.env.invalidate_all()
        self.assertFalse(selection.line_ids)
        migration._store_confirmed_rankings(self.env)
        lines = selection.line_ids
        self.assertEqual([(line.rank, line.exemplar_id) for line in lines], stored)
        self.assertEqual(lines.exemplar_id, six[:5])
        memo = self._memo(selection)
        for line in lines:
            self.assertIn(line.explanation, memo)
        self.assertIn("18.0.1.3.0", selection.message_ids[0].body)

    def test_the_confirmation_ranks_again_on_the_server(self):
        six = self._six_of_2032()
        wizard = self._wizard_of(2032)
        # Figures written by the client are not what is stored.
        wizard.line_ids.write(
            {"ranking_score": 199, "approval": 100, "propagation_count": 42}
        )
        wizard.line_ids.filtered(lambda line: line.rank == 1).write(
            {"rank": 9, "explanation": "Best of all"}
        )
        selection = self.env["ntm.top.five"].browse(wizard.action_confirm()["res_id"])
        first = selection.line_ids[0]
        self.assertEqual((first.rank, first.exemplar_id), (1, six[0]))
        self.assertEqual(first.ranking_score, six[0].ranking_score)
        self.assertEqual(selection.line_ids.mapped("propagation_count"), [0] * 5)
        self.assertNotIn("Best of all", first.explanation)
        self.assertNotIn("Best of all", selection.ranking)

    def test_only_recognised_exemplars_of_the_year_can_be_selected(self):
        six = self._six_of_2032()
        other_year = self._recognised(1, year=2020)
        discovered = self.Exemplar.create(
            self._dossier_vals(self.district_a, year=2032)
        )
        wizard = self._wizard_of(2032)
        Line = self.env["ntm.top.five.wizard.line"].with_user(self.user_coordinator)
        for dossier in (other_year, discovered):
            with self.assertRaises(ValidationError) as caught:
                wizard.line_ids[0].exemplar_id = dossier
                wizard.line_ids.flush_recordset()
            self.assertIn("is not a recognised exemplar of 2032", str(caught.exception))
            with self.assertRaises(ValidationError):
                Line.create(
                    {
                        "wizard_id": wizard.id,
                        "exemplar_id": dossier.id,
                        "is_selected": True,
                    }
                )
        # The wizard's year changed behind its lines: the confirmation ranks
        # that year, where none of them is a candidate.
        wizard.year = 2020
        with self.assertRaises(UserError) as caught:
            wizard.action_confirm()
        self.assertIn("is not a recognised exemplar of 2020", str(caught.exception))
        self.assertFalse(
            self.env["ntm.top.five"].search([("year", "in", (2032, 2033))])
        )
        # A dossier selected twice is not two of the five.
        wizard.year = 2032
        wizard.line_ids.write({"is_selected": False})
        wizard.line_ids.filtered(lambda line: line.exemplar_id in six[:4]).write(
            {"is_selected": True}
        )
        wizard.line_ids.filtered(lambda line: line.exemplar_id == six[0]).copy(
            {"wizard_id": wizard.id, "is_selected": True}
        )
        with self.assertRaises(UserError) as caught:
            wizard.action_confirm()
        self.assertIn("not 4", str(caught.exception))

    def test_only_the_coordination_office_confirms(self):
        self._six_of_2032()
        wizard = self._wizard_of(2032)
        for user in (self.user_manager, self.users["manager", self.district_a]):
            with self.assertRaises(UserError) as caught:
                wizard.with_user(user).action_confirm()
            self.assertIn("Only the coordination office", str(caught.exception))
        self.assertFalse(self.env["ntm.top.five"].search([("year", "=", 2032)]))

    def test_no_one_writes_the_confirmed_ranking_by_hand(self):
        self._six_of_2032()
        selection = self.env["ntm.top.five"].browse(
            self._wizard_of(2032).action_confirm()["res_id"]
        )
        admin = new_test_user(
            self.env,
            login="t_top_five_admin",
            groups="base.group_user,ntm_exemplar.group_admin",
            lang="en_US",
        )
        for user in (self.user_coordinator, admin):
            Line = self.env["ntm.top.five.line"].with_user(user)
            line = Line.browse(selection.line_ids[0].id)
            with self.assertRaises(UserError) as caught:
                Line.create(
                    {
                        "top_five_id": selection.id,
                        "rank": 1,
                        "exemplar_id": line.exemplar_id.id,
                    }
                )
            self.assertIn("never written by hand", str(caught.exception))
            for vals in ({"rank": 9}, {"ranking_score": 200}, {"explanation": "x"}):
                with self.assertRaises(UserError) as caught:
                    line.write(vals)
                self.assertIn("written only by the action", str(caught.exception))
            with self.assertRaises(UserError) as caught:
                line.write({"rank": line.rank})
            self.assertIn("only by confirming", str(caught.exception))
            # The coordinator has no right to delete; the admin is refused too.
            with self.assertRaises(UserError) as caught:  # AccessError included
                line.unlink()
            if user == admin:
                self.assertIn("stays on record", str(caught.exception))
            else:
                self.assertIsInstance(caught.exception, AccessError)
            with self.assertRaises(UserError):
                selection.with_user(user).write(
                    {"line_ids": [(2, selection.line_ids[0].id)]}
                )
        self.assertEqual(len(selection.line_ids), 5)
        self.assertEqual(selection.line_ids.mapped("rank"), [1, 2, 3, 4, 5])
        # Officers read it, as they read the top five.
        self.assertEqual(
            len(
                self.env["ntm.top.five.line"]
                .with_user(self.user_officer)
                .search([("top_five_id", "=", selection.id)])
            ),
            5,
        )
