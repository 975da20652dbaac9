from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form

from .common import NtmCommon


class TestSettings(NtmCommon):
    def _settings(self, user):
        # The web client sends the user's language in the context.
        return Form(
            self.env["res.config.settings"].with_user(user).with_context(lang=user.lang)
        )

    def test_settings_show_the_plan_thresholds(self):
        form = self._settings(self.user_settings_admin)
        self.assertEqual(form.ntm_district_income, 80)
        self.assertEqual(form.ntm_district_advanced_share, 40)
        self.assertEqual(
            (form.ntm_district_schools_low, form.ntm_district_schools_high), (80, 85)
        )

    def test_a_threshold_set_in_settings_reevaluates_open_dossiers(self):
        dossier = self.Exemplar.create(
            self._dossier_vals(self.district_a, category="district", year=2025)
        )
        line = self._line(dossier, "TC.H03")
        line.value_number = 85
        self.assertTrue(line.is_met)
        form = self._settings(self.user_settings_admin)
        form.ntm_district_income = 90
        form.save().execute()
        self.assertEqual(
            self.env.ref("ntm_exemplar.criterion_district_income").threshold, 90
        )
        self.assertFalse(line.is_met)
        self.assertTrue("90" in line.explanation)

    def test_bad_values_are_refused_with_a_clear_message_and_nothing_written(self):
        cases = {
            "ntm_district_cultural_villages": (120, "between 0 and 100"),
            "ntm_district_income": (-5, "cannot be negative"),
            "ntm_district_schools_low": (90, "low end of the range"),
        }
        for field, (value, message) in cases.items():
            with self.subTest(field=field):
                form = self._settings(self.user_settings_admin)
                setattr(form, field, value)
                settings = form.save()
                with self.assertRaises(ValidationError) as err, self.env.cr.savepoint():
                    settings.execute()
                self.assertIn(message, str(err.exception))
        income = self.env.ref("ntm_exemplar.criterion_district_income")
        self.assertEqual(income.threshold, 80)

    def test_messages_are_in_vietnamese_for_vietnamese_admins(self):
        self.user_settings_admin.lang = "vi_VN"
        form = self._settings(self.user_settings_admin)
        form.ntm_district_income = -5
        with self.assertRaises(ValidationError) as err:
            form.save().execute()
        self.assertIn("không được âm", str(err.exception))

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
