import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from ..models.hanoi_date import hanoi_today
from .common import NtmCommon


class TestNtmExemplar(NtmCommon):
    def test_create_gives_a_reference_from_the_sequence(self):
        dossier = self.Exemplar.create(self._dossier_vals())
        year = hanoi_today().year
        self.assertRegex(dossier.ref, rf"^ĐHTT/{year}/\d{{5}}$")
        self.assertEqual(dossier.display_name, f"[{dossier.ref}] {dossier.name}")

    def test_two_dossiers_get_different_references(self):
        first, second = self.Exemplar.create(
            [self._dossier_vals(), self._dossier_vals()]
        )
        self.assertNotEqual(first.ref, second.ref)

    def test_form_defaults_for_a_new_dossier(self):
        form = Form(self.Exemplar.with_user(self.user_officer))
        self.assertEqual(form.year, hanoi_today().year)
        self.assertEqual(form.source, "movement")
        self.assertEqual(form.movement, "Toàn dân chung sức xây dựng nông thôn mới")
        self.assertEqual(form.user_id, self.user_officer)
        self.assertEqual(form.unit_id, self.commune_a1, "the officer's own unit")
        form.name = "Hộ gia đình hiến đất làm đường"
        form.partner_id = self.nominee
        form.category = "other"
        dossier = form.save()
        self.assertEqual(dossier.create_uid, self.user_officer)

    def test_year_outside_the_accepted_range_is_refused_and_nothing_written(self):
        count = self.Exemplar.search_count([])
        for year in (1999, 2101):
            with self.subTest(year=year), self.assertRaises(ValidationError) as err:
                self.Exemplar.create(self._dossier_vals(year=year))
            self.assertIn("2000", str(err.exception))
        self.assertEqual(self.Exemplar.search_count([]), count)

    def test_year_error_is_in_vietnamese_for_vietnamese_users(self):
        with self.assertRaises(ValidationError) as err:
            self.Exemplar.with_context(lang="vi_VN").create(
                self._dossier_vals(year=1990)
            )
        self.assertIn("phải trong khoảng", str(err.exception))

    def test_changes_of_nominee_are_tracked_in_the_chatter(self):
        dossier = self.Exemplar.create(self._dossier_vals())
        # Odoo logs no changes for a record created in the same transaction:
        # end the creation's transaction work as a commit would.
        self.env.flush_all()
        self.env.cr.precommit.run()
        other = self._new_nominee("Hộ ông Nguyễn Văn Bình")
        dossier.write({"partner_id": other.id})
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = dossier.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "partner_id"
        )
        self.assertEqual(tracked.new_value_char, other.name)

    def test_officer_files_and_edits_but_cannot_delete(self):
        dossier = self.Exemplar.with_user(self.user_officer).create(
            self._dossier_vals()
        )
        dossier.write({"name": "Tên đã sửa"})
        self.assertEqual(dossier.name, "Tên đã sửa")
        with self.assertRaises(AccessError):
            dossier.unlink()

    def test_manager_can_delete(self):
        dossier = self.Exemplar.with_user(self.user_manager).create(
            self._dossier_vals()
        )
        dossier.unlink()
        self.assertFalse(dossier.exists())

    def test_internal_user_without_role_has_no_access(self):
        with self.assertRaises(AccessError):
            self.Exemplar.with_user(self.user_internal).search([])

    def test_nominee_cannot_have_two_open_dossiers_for_a_year_and_movement(self):
        first = self.Exemplar.create(self._dossier_vals(partner=self.nominee))
        count = self.Exemplar.search_count([])
        with self.assertRaises(ValidationError) as err:
            self.Exemplar.create(
                self._dossier_vals(self.commune_b1, partner=self.nominee)
            )
        self.assertIn(first.ref, str(err.exception))
        self.assertIn(self.nominee.name, str(err.exception))
        self.assertEqual(self.Exemplar.search_count([]), count, "nothing written")

    def test_officer_is_refused_a_duplicate_filed_by_another_unit(self):
        self.Exemplar.create(self._dossier_vals(self.commune_b1, partner=self.nominee))
        with self.assertRaises(ValidationError):
            self.Exemplar.with_user(self.user_officer).create(
                self._dossier_vals(partner=self.nominee)
            )

    def test_same_nominee_may_have_dossiers_in_other_years_and_movements(self):
        self.Exemplar.create(
            [
                self._dossier_vals(partner=self.nominee, year=2024),
                self._dossier_vals(partner=self.nominee, year=2025),
                self._dossier_vals(
                    partner=self.nominee, year=2025, movement="Người tốt, việc tốt"
                ),
            ]
        )
        self.assertEqual(
            self.Exemplar.search_count([("partner_id", "=", self.nominee.id)]), 3
        )

    def test_archived_dossier_does_not_block_a_new_one(self):
        old = self.Exemplar.create(self._dossier_vals(partner=self.nominee))
        old.action_archive()
        self.Exemplar.create(self._dossier_vals(partner=self.nominee))

    def test_two_duplicates_in_one_batch_are_refused(self):
        with self.assertRaises(ValidationError):
            self.Exemplar.create(
                [
                    self._dossier_vals(partner=self.nominee),
                    self._dossier_vals(partner=self.nominee),
                ]
            )

    def test_no_dossier_is_filed_for_a_merged_unit(self):
        self.commune_a2.write(
            {"reorganization": "merged", "successor_id": self.commune_a1.id}
        )
        count = self.Exemplar.search_count([])
        with self.assertRaises(UserError) as err:
            self.Exemplar.create(self._dossier_vals(self.commune_a2))
        self.assertIn("Xã A2 was merged into Xã A1 on", str(err.exception))
        self.assertEqual(self.Exemplar.search_count([]), count)

    def test_no_dossier_is_moved_to_a_dissolved_unit(self):
        dossier = self.Exemplar.create(self._dossier_vals())
        self.commune_a2.reorganization = "dissolved"
        with self.assertRaises(UserError):
            dossier.unit_id = self.commune_a2
        self.assertEqual(dossier.unit_id, self.commune_a1)

    def test_dossier_of_a_merged_unit_stays_editable_by_the_city(self):
        dossier = self.Exemplar.create(self._dossier_vals(self.commune_a2))
        self.commune_a2.write(
            {"reorganization": "merged", "successor_id": self.commune_a1.id}
        )
        dossier.with_user(self.user_coordinator).name = "Cập nhật sau sáp nhập"
        self.assertEqual(dossier.name, "Cập nhật sau sáp nhập")

    def test_allowed_units_are_the_users_operating_units_and_below(self):
        self.commune_a2.reorganization = "dissolved"
        dossier = self.Exemplar.with_user(self.users["officer", self.district_a]).new(
            {}
        )
        self.assertEqual(
            dossier.allowed_unit_ids._origin, self.district_a | self.commune_a1
        )
        everything = self.Exemplar.with_user(self.user_coordinator).new({})
        self.assertIn(self.commune_b2, everything.allowed_unit_ids._origin)
        self.assertNotIn(self.commune_a2, everything.allowed_unit_ids._origin)

    def test_uploaded_evidence_belongs_to_its_dossier(self):
        Attachment = self.env["ir.attachment"].with_user(self.user_officer)
        evidence = Attachment.create(
            {"name": "quyet-dinh.pdf", "datas": base64.b64encode(b"%PDF-1.4 test")}
        )
        dossier = self.Exemplar.with_user(self.user_officer).create(
            self._dossier_vals(evidence_ids=[(6, 0, evidence.ids)])
        )
        self.assertEqual(
            (evidence.res_model, evidence.res_id), ("ntm.exemplar", dossier.id)
        )
        other_unit = self.users["officer", self.commune_b1]
        with self.assertRaises(AccessError):
            evidence.with_user(other_unit).read(["datas"])
