from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form

from .common import NtmCommon


class TestNtmExemplar(NtmCommon):
    def test_create_gives_a_reference_from_the_sequence(self):
        dossier = self.Exemplar.create(self._dossier_vals())
        year = fields.Date.context_today(dossier).year
        self.assertRegex(dossier.ref, rf"^ĐHTT/{year}/\d{{5}}$")
        self.assertEqual(dossier.display_name, f"[{dossier.ref}] {dossier.name}")

    def test_two_dossiers_get_different_references(self):
        first, second = self.Exemplar.create(
            [self._dossier_vals(), self._dossier_vals()]
        )
        self.assertNotEqual(first.ref, second.ref)

    def test_form_defaults_for_a_new_dossier(self):
        form = Form(self.Exemplar.with_user(self.user_officer))
        self.assertEqual(form.year, fields.Date.context_today(self.Exemplar).year)
        self.assertEqual(form.source, "movement")
        self.assertEqual(form.movement, "Toàn dân chung sức xây dựng nông thôn mới")
        self.assertEqual(form.user_id, self.user_officer)
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
        other = self.env["res.partner"].create({"name": "Hộ ông Nguyễn Văn Bình"})
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

    def test_council_member_reads_only(self):
        dossier = self.Exemplar.create(self._dossier_vals())
        as_council = dossier.with_user(self.user_council)
        self.assertEqual(as_council.name, dossier.name)
        with self.assertRaises(AccessError):
            as_council.write({"name": "x"})
        with self.assertRaises(AccessError):
            self.Exemplar.with_user(self.user_council).create(self._dossier_vals())

    def test_internal_user_without_role_has_no_access(self):
        with self.assertRaises(AccessError):
            self.Exemplar.with_user(self.user_internal).search([])
