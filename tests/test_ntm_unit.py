from collections import Counter

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import NtmCommon


class TestNtmUnit(NtmCommon):
    def test_shipped_data_holds_hanoi_before_july_2025(self):
        hanoi = self.env.ref("ntm_exemplar.unit_hanoi")
        self.assertEqual((hanoi.code, hanoi.unit_type), ("01", "city"))
        districts = hanoi.child_ids.filtered(
            lambda u: u.unit_type in ("urban_district", "rural_district", "town")
        )
        self.assertEqual(
            Counter(districts.mapped("unit_type")),
            {"rural_district": 17, "urban_district": 12, "town": 1},
        )
        communes = self.env["ntm.unit"].search([("parent_id", "in", districts.ids)])
        self.assertEqual(len(communes), 526)
        self.assertEqual(
            Counter(communes.mapped("unit_type")),
            {"commune": 345, "ward": 160, "township": 21},
        )
        self.assertTrue(all(len(code) == 5 for code in communes.mapped("code")))

    def test_shipped_data_names_the_city_agencies_of_the_plan(self):
        names = (
            self.env.ref("ntm_exemplar.unit_hanoi")
            .child_ids.filtered(lambda u: u.unit_type == "department")
            .mapped("name")
        )
        for name in (
            "Sở Nông nghiệp và Phát triển nông thôn",
            "Văn phòng Điều phối Chương trình xây dựng nông thôn mới Thành phố",
            "Ban Thi đua - Khen thưởng Thành phố",
            "Ban Tuyên giáo Thành ủy",
            "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố",
            "Hội Nông dân Thành phố",
        ):
            self.assertIn(name, names)

    def test_commune_is_found_by_gso_code_with_its_full_name(self):
        unit = self.env["ntm.unit"].search([("code", "=", "00481")])
        self.assertEqual(
            unit.complete_name, "Thành phố Hà Nội / Huyện Đông Anh / Xã Vân Nội"
        )
        self.assertEqual(self.env["ntm.unit"].name_search("00481")[0][0], unit.id)

    def test_display_name_names_the_district_but_not_the_city(self):
        self.assertEqual(self.commune_a1.display_name, "Huyện A / Xã A1")
        self.assertEqual(self.district_a.display_name, "Huyện A")
        self.assertEqual(self.city.display_name, "Thành phố Thử nghiệm")

    def test_complete_name_follows_a_renamed_parent(self):
        self.district_a.name = "Huyện A mới"
        self.assertEqual(
            self.commune_a1.complete_name, "Thành phố Thử nghiệm / Huyện A mới / Xã A1"
        )

    def test_child_of_uses_the_parent_path(self):
        below = self.env["ntm.unit"].search([("id", "child_of", self.district_a.id)])
        self.assertEqual(below, self.district_a | self.commune_a1 | self.commune_a2)

    def test_a_unit_cannot_be_placed_under_its_own_commune(self):
        # Odoo's parent_store refuses the cycle itself.
        with self.assertRaises(UserError):
            self.district_a.parent_id = self.commune_a1

    def test_merged_unit_needs_a_successor(self):
        with self.assertRaises(ValidationError):
            self.commune_a2.reorganization = "merged"

    def test_successor_must_be_in_operation(self):
        self.commune_b2.reorganization = "dissolved"
        with self.assertRaises(ValidationError):
            self.commune_a2.write(
                {"reorganization": "merged", "successor_id": self.commune_b2.id}
            )

    def test_unit_in_operation_has_no_successor(self):
        with self.assertRaises(ValidationError):
            self.commune_a2.successor_id = self.commune_a1

    def test_merging_a_successor_keeps_each_reorganisation_as_it_was(self):
        self.commune_a2.write(
            {"reorganization": "merged", "successor_id": self.commune_a1.id}
        )
        self.commune_a1.write(
            {"reorganization": "merged", "successor_id": self.district_a.id}
        )
        self.assertEqual(self.commune_a2.successor_id, self.commune_a1)
        self.assertEqual(self.commune_a2._current_successors(), self.district_a)
        self.assertEqual(self.district_a.received_unit_ids, self.commune_a1)

    def test_only_addon_admins_edit_units(self):
        self.assertEqual(
            self.commune_a1.with_user(self.user_officer).name, self.commune_a1.name
        )
        for user in (self.user_officer, self.user_manager, self.user_coordinator):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.commune_a1.with_user(user).name = "Đổi tên"
        self.commune_a1.with_user(self.user_admin).name = "Xã A1 (đổi tên)"
        self.assertEqual(self.commune_a1.name, "Xã A1 (đổi tên)")
