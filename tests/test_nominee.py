from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user

from .common import NtmCommon


class TestNominee(NtmCommon):
    """Nominees: officers record them within their units, a new one shows the
    people it may be, and dossiers name nominees only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.hung_a1 = cls._new_nominee(
            "Nguyễn Văn Hùng",
            ntm_nominee_type="individual",
            ntm_unit_id=cls.commune_a1.id,
            ntm_birthdate=date(1975, 4, 2),
        )

    def _as_officer(self, user=None):
        return self.Partner.with_user(user or self.user_officer)

    # Rights ------------------------------------------------------------

    def test_an_officer_records_a_nominee_of_their_unit(self):
        nominee = self._as_officer().create(
            {
                "name": "Trần Thị Mai",
                "ntm_is_nominee": True,
                "ntm_nominee_type": "individual",
                "ntm_unit_id": self.commune_a1.id,
                "ntm_birthdate": "1980-01-15",
                "ntm_gender": "female",
                "function": "Chủ nhiệm HTX",
            }
        )
        self.assertTrue(nominee.ntm_is_nominee)
        self.assertEqual(nominee.create_uid, self.user_officer)
        nominee.with_user(self.user_officer).function = "Giám đốc HTX"
        self.assertEqual(nominee.function, "Giám đốc HTX")

    def test_an_officer_cannot_record_a_nominee_of_another_unit(self):
        before = self.Partner.search_count([])
        with self.assertRaises(AccessError):
            self._as_officer().create(
                {
                    "name": "Lê Văn Tám",
                    "ntm_is_nominee": True,
                    "ntm_unit_id": self.commune_b1.id,
                }
            )
        self.assertEqual(self.Partner.search_count([]), before)

    def test_an_officer_cannot_create_or_edit_other_contacts(self):
        before = self.Partner.search_count([])
        with self.assertRaises(AccessError):
            self._as_officer().create({"name": "Công ty bất kỳ"})
        self.assertEqual(self.Partner.search_count([]), before)
        staff = self.user_manager.partner_id
        with self.assertRaises(AccessError):
            staff.with_user(self.user_officer).write({"email": "x@example.com"})
        with self.assertRaises(AccessError):
            # Nor turn a contact into a nominee of their unit.
            staff.with_user(self.user_officer).write(
                {"ntm_is_nominee": True, "ntm_unit_id": self.commune_a1.id}
            )
        self.assertFalse(staff.ntm_is_nominee)
        self.assertNotEqual(staff.email, "x@example.com")

    def test_an_officer_cannot_move_a_nominee_out_of_their_units(self):
        with self.assertRaises(AccessError):
            self.hung_a1.with_user(self.user_officer).ntm_unit_id = self.commune_b1
        self.assertEqual(self.hung_a1.ntm_unit_id, self.commune_a1)

    def test_an_officer_of_another_unit_cannot_edit_the_nominee(self):
        with self.assertRaises(AccessError):
            self.hung_a1.with_user(self.users["officer", self.commune_b1]).write(
                {"function": "Khác"}
            )
        self.assertFalse(self.hung_a1.function)

    def test_contact_creation_keeps_every_contact_for_an_officer(self):
        # Odoo gives new internal users "Contact Creation": the nominee rule
        # does not take it from them.
        officer = new_test_user(
            self.env,
            login="t_officer_contacts",
            groups="base.group_user,base.group_partner_manager,"
            "ntm_exemplar.group_officer",
            ntm_unit_ids=[(6, 0, self.commune_a1.ids)],
        )
        contact = self.Partner.with_user(officer).create({"name": "Công ty đối tác"})
        contact.with_user(officer).email = "doitac@example.com"
        self.assertEqual(contact.email, "doitac@example.com")

    def test_a_new_nominee_goes_to_a_unit_in_operation(self):
        self.commune_a2.write(
            {"reorganization": "merged", "successor_id": self.commune_a1.id}
        )
        with self.assertRaises(ValidationError) as refusal:
            self.Partner.with_user(self.user_coordinator).create(
                {
                    "name": "Phạm Văn Nam",
                    "ntm_is_nominee": True,
                    "ntm_unit_id": self.commune_a2.id,
                }
            )
        self.assertIn("Xã A2", str(refusal.exception))

    def test_an_id_number_has_12_digits_and_names_one_person(self):
        self.hung_a1.ntm_id_number = "001075000123"
        with self.assertRaises(ValidationError):
            self._new_nominee("Người khác", ntm_id_number="001075000123")
        with self.assertRaises(ValidationError):
            self._new_nominee("Người khác", ntm_id_number="12AB")

    # Matching ------------------------------------------------------------

    def test_same_name_and_date_of_birth_match_in_any_commune(self):
        matches = self.Partner._ntm_matching_nominees(
            " nguyễn  văn HÙNG ", birthdate=date(1975, 4, 2), unit=self.commune_b2
        )
        self.assertEqual(matches, self.hung_a1)

    def test_same_name_in_the_same_commune_matches_without_a_birthdate(self):
        matches = self.Partner._ntm_matching_nominees(
            "Nguyễn Văn Hùng", unit=self.commune_a1
        )
        self.assertEqual(matches, self.hung_a1)

    def test_a_different_date_of_birth_is_another_person(self):
        matches = self.Partner._ntm_matching_nominees(
            "Nguyễn Văn Hùng", birthdate=date(1990, 1, 1), unit=self.commune_a1
        )
        self.assertFalse(matches)

    def test_the_same_name_elsewhere_without_birthdate_is_another_person(self):
        self.assertFalse(
            self.Partner._ntm_matching_nominees("Nguyễn Văn Hùng", unit=self.commune_b1)
        )
        self.assertFalse(
            self.Partner._ntm_matching_nominees(
                "Nguyễn Văn Hưng", unit=self.commune_a1
            ),
            "diacritics make another name",
        )

    def test_a_commune_merged_since_is_the_same_commune(self):
        self.commune_a1.write(
            {"reorganization": "merged", "successor_id": self.commune_a2.id}
        )
        matches = self.Partner._ntm_matching_nominees(
            "Nguyễn Văn Hùng", unit=self.commune_a2
        )
        self.assertEqual(matches, self.hung_a1)

    def test_the_form_lists_the_possible_duplicates(self):
        new = self.Partner.with_user(self.user_officer).new(
            {
                "name": "Nguyễn Văn Hùng",
                "ntm_is_nominee": True,
                "ntm_unit_id": self.commune_a1.id,
            }
        )
        self.assertEqual(new.ntm_duplicate_ids._origin, self.hung_a1)
        self.assertFalse(self.hung_a1.ntm_duplicate_ids, "not its own duplicate")

    def test_the_lookup_shows_unit_and_years_to_officers(self):
        self.Exemplar.create(
            self._dossier_vals(partner=self.hung_a1, category="individual", year=2024)
        )
        found = self._as_officer().ntm_find_matching_nominees(
            "Nguyễn Văn Hùng", unit_id=self.commune_a1.id
        )
        self.assertEqual([match["id"] for match in found], self.hung_a1.ids)
        self.assertEqual(found[0]["unit"], self.commune_a1.display_name)
        self.assertEqual(found[0]["years"], "2024")
        self.assertEqual(found[0]["birthdate"], "1975-04-02")

    def test_the_lookup_is_refused_to_users_who_file_no_dossier(self):
        with self.assertRaises(AccessError):
            self.Partner.with_user(self.user_internal).ntm_find_matching_nominees(
                "Nguyễn Văn Hùng"
            )

    # Dossiers ------------------------------------------------------------

    def test_a_dossier_names_nominees_only(self):
        before = self.Exemplar.search_count([])
        with self.assertRaises(ValidationError) as refusal:
            self.Exemplar.with_user(self.user_officer).create(
                self._dossier_vals(partner=self.user_manager.partner_id)
            )
        self.assertIn("is not a nominee", str(refusal.exception))
        self.assertEqual(self.Exemplar.search_count([]), before)

    def test_the_dossier_takes_the_nominees_details_and_keeps_them(self):
        self.hung_a1.write(
            {
                "function": "Trưởng thôn",
                "ntm_workplace": "Thôn Đoài",
                "ntm_gender": "male",
            }
        )
        dossier = self.Exemplar.create(
            self._dossier_vals(partner=self.hung_a1, category="individual")
        )
        self.assertEqual(dossier.nominee_birthdate, date(1975, 4, 2))
        self.assertEqual(dossier.nominee_gender, "male")
        self.assertEqual(dossier.nominee_position, "Trưởng thôn, Thôn Đoài")
        self.hung_a1.function = "Bí thư chi bộ"
        self.assertEqual(
            dossier.nominee_position, "Trưởng thôn, Thôn Đoài", "as it was when filed"
        )

    def test_quick_create_from_the_dossier_records_a_nominee_of_its_unit(self):
        context = {
            "default_ntm_is_nominee": True,
            "default_ntm_unit_id": self.commune_a1.id,
            "ntm_category": "other",
        }
        partner_id, _name = (
            self._as_officer().with_context(**context).name_create("Hộ ông Đỗ Văn Lợi")
        )
        nominee = self.Partner.browse(partner_id)
        self.assertTrue(nominee.ntm_is_nominee)
        self.assertEqual(nominee.ntm_unit_id, self.commune_a1)
        self.assertEqual(nominee.ntm_nominee_type, "household")
        self.assertFalse(nominee.is_company)

    def test_the_dropdown_tells_namesakes_apart(self):
        namesake = self._new_nominee("Nguyễn Văn Hùng", ntm_unit_id=self.commune_b1.id)
        names = (self.hung_a1 | namesake).with_context(ntm_nominee_display=True)
        self.assertEqual(
            names.mapped("display_name"),
            ["Nguyễn Văn Hùng (Xã A1, 1975)", "Nguyễn Văn Hùng (Xã B1)"],
        )
        self.assertEqual(self.hung_a1.display_name, "Nguyễn Văn Hùng")


class TestDossierFormBeforeSave(NtmCommon):
    """The new-dossier form lists the category's criteria before it is saved,
    and judges what the officer answers there."""

    def test_the_category_brings_its_criteria_before_saving(self):
        form = Form(self.Exemplar.with_user(self.user_officer))
        form.name = "Hồ sơ mới"
        form.partner_id = self.nominee
        form.category = "enterprise"
        codes = [line["code"] for line in form.criterion_line_ids._records]
        self.assertTrue(codes, "criteria listed in the form")
        self.assertFalse(form.criteria_evaluated_count, "nothing answered yet")
        with form.criterion_line_ids.edit(0) as line:
            line.value_bool = "yes"
        self.assertEqual(form.criteria_evaluated_count, 1)
        self.assertEqual(form.criteria_progress, f"1/{len(codes)}", "and judged")
        form.category = "individual"
        dossier = form.save()
        self.assertEqual(
            sorted(dossier.criterion_line_ids.mapped("code")),
            sorted(
                c.code
                for c in dossier.plan_id.criterion_ids
                if c._applies_to("individual")
            ),
        )
        self.assertEqual(dossier.criteria_evaluated_count, 1, "the answer is kept")
