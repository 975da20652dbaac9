from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form

from ..models.hanoi_date import hanoi_today
from .common import PlanCommon


class TestTopFive(PlanCommon):
    """In 2032 (PlanCommon), whose plan no dossier was decided under yet:
    its criteria may change."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = hanoi_today().year
        # One optional criterion makes scores differ between exemplars.
        cls._plan_criterion(cls.plan, "TC.C5").write(
            {"is_mandatory": False, "weight": 4}
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
        self.assertIn("criteria score", selection.ranking)

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
