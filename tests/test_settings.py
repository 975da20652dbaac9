from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .common import NtmCommon, PlanCommon


class TestSettings(NtmCommon):
    def _settings(self, user):
        # The web client sends the user's language in the context.
        return Form(
            self.env["res.config.settings"].with_user(user).with_context(lang=user.lang)
        )

    def test_only_odoo_settings_admins_open_settings(self):
        for user in (self.user_officer, self.user_coordinator, self.user_admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["res.config.settings"].with_user(user).create({}).execute()

    def test_council_defaults_must_be_fractions_between_0_and_1(self):
        form = self._settings(self.user_settings_admin)
        form.ntm_approval_numerator = 3
        form.ntm_approval_denominator = 2
        with self.assertRaises(ValidationError) as err:
            form.save()
        self.assertIn("fraction between 0 and 1", str(err.exception))

    def test_new_councils_take_the_approval_comparison_set_in_settings(self):
        council_vals = {"name": "Hội đồng mới", "unit_id": self.district_a.id}
        Council = self.env["ntm.council"]
        self.assertTrue(
            Council.create(council_vals).approval_strict, "more than, by default"
        )
        form = self._settings(self.user_settings_admin)
        form.ntm_approval_comparison = "at_least"
        form.save().execute()
        self.assertFalse(Council.create(council_vals).approval_strict)
        form = self._settings(self.user_settings_admin)
        self.assertEqual(form.ntm_approval_comparison, "at_least")
        form.ntm_approval_comparison = "more"
        form.save().execute()
        self.assertTrue(Council.create(council_vals).approval_strict)


class TestPlanThresholdSettings(PlanCommon):
    """Settings edit the thresholds of the current plan (2032's, see
    PlanCommon)."""

    def _settings(self, user):
        return Form(
            self.env["res.config.settings"].with_user(user).with_context(lang=user.lang)
        )

    def test_settings_show_the_thresholds_of_the_current_plan(self):
        self._plan_criterion(self.plan, "TC.S2").threshold = 77
        form = self._settings(self.user_settings_admin)
        self.assertEqual(form.ntm_plan_id, self.plan)
        self.assertEqual(form.ntm_city_high_tech, 77)
        # The district level ended in 2025: the current plan has no such criteria.
        self.assertFalse(form.ntm_plan_has_district)

    def test_a_threshold_set_in_settings_reevaluates_open_dossiers(self):
        dossier = self.Exemplar.create(
            self._dossier_vals(self.district_a, category="city_agency", year=2031)
        )
        line = self._line(dossier, "TC.S2")
        line.value_number = 85
        self.assertTrue(line.is_met)
        previous = self._plan_criterion(self.previous, "TC.S2").threshold
        form = self._settings(self.user_settings_admin)
        form.ntm_city_high_tech = 90
        form.save().execute()
        self.assertEqual(self._plan_criterion(self.plan, "TC.S2").threshold, 90)
        self.assertEqual(
            self._plan_criterion(self.previous, "TC.S2").threshold, previous
        )
        self.assertFalse(line.is_met)
        self.assertTrue("90" in line.explanation)

    def test_bad_values_are_refused_with_a_clear_message_and_nothing_written(self):
        before = self._plan_criterion(self.plan, "TC.S2").threshold
        for value, message in ((120, "between 0 and 100"), (-5, "between 0 and 100")):
            with self.subTest(value=value):
                form = self._settings(self.user_settings_admin)
                form.ntm_city_high_tech = value
                settings = form.save()
                with self.assertRaises(ValidationError) as err, self.env.cr.savepoint():
                    settings.execute()
                self.assertIn(message, str(err.exception))
        self.assertEqual(self._plan_criterion(self.plan, "TC.S2").threshold, before)

    def test_messages_are_in_vietnamese_for_vietnamese_admins(self):
        self.user_settings_admin.lang = "vi_VN"
        form = self._settings(self.user_settings_admin)
        form.ntm_city_high_tech = -5
        with self.assertRaises(ValidationError) as err:
            form.save().execute()
        self.assertIn("phần trăm phải trong khoảng", str(err.exception))

    def test_a_plan_with_decided_dossiers_keeps_its_thresholds(self):
        self._recognised(1, year=2031)
        form = self._settings(self.user_settings_admin)
        form.ntm_city_high_tech = 90
        with self.assertRaises(UserError) as err:
            form.save().execute()
        self.assertIn("already has decided dossiers", str(err.exception))
