from odoo.exceptions import AccessError

from .common import ROLES, NtmCommon


class TestRecordRules(NtmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One dossier per unit, filed by the city.
        cls.dossiers = cls._dossier_per_unit()

    def _units_seen_by(self, unit):
        """The units whose dossiers the people of `unit` may see."""
        return self.units.filtered_domain([("id", "child_of", unit.id)])

    def _attempt(self, func):
        """1 when the attempt was refused, 0 when it went through."""
        try:
            with self.env.cr.savepoint():
                func()
        except AccessError:
            return 1
        return 0

    def test_every_cross_unit_access_is_refused(self):
        attempts = refused = 0
        for (role, unit), user in self.users.items():
            for other in self.units - self._units_seen_by(unit):
                dossier = self.dossiers[other].with_user(user)
                found = self.Exemplar.with_user(user).search([("id", "=", dossier.id)])
                checks = [
                    lambda d=dossier: d.read(["name"]),
                    lambda d=dossier: d.write({"name": "ghi đè"}),
                    lambda o=other, u=user: self.Exemplar.with_user(u).create(
                        self._dossier_vals(o)
                    ),
                ]
                if role == "manager":  # officers have no unlink right at all
                    checks.append(lambda d=dossier: d.unlink())
                attempts += len(checks) + 1
                refused += sum(self._attempt(check) for check in checks)
                refused += not found
        self.assertGreater(attempts, 100)
        self.assertEqual(refused, attempts, "every cross-unit attempt is refused")
        self.assertEqual(
            [d.name for d in self.dossiers.values()],
            [f"Hồ sơ {unit.name}" for unit in self.units],
            "nothing was overwritten",
        )

    def test_people_of_a_unit_work_on_its_dossiers_and_those_below(self):
        for (role, unit), user in self.users.items():
            with self.subTest(role=role, unit=unit.name):
                seen = self.Exemplar.with_user(user).search(
                    [("unit_id", "in", self.units.ids)]
                )
                expected = self._units_seen_by(unit)
                self.assertEqual(seen.unit_id, expected)
                seen.write({"achievements": "<p>Cập nhật</p>"})
                created = self.Exemplar.with_user(user).create(self._dossier_vals(unit))
                self.assertEqual(created.unit_id, unit)

    def test_district_sees_the_dossiers_of_its_communes(self):
        for role in ROLES:
            user = self.users[role, self.district_a]
            seen = self.Exemplar.with_user(user).search(
                [("unit_id", "in", self.units.ids)]
            )
            self.assertEqual(
                seen.unit_id, self.district_a | self.commune_a1 | self.commune_a2
            )

    def test_commune_does_not_see_its_district_nor_its_neighbour(self):
        seen = self.Exemplar.with_user(self.user_officer).search(
            [("unit_id", "in", self.units.ids)]
        )
        self.assertEqual(seen.unit_id, self.commune_a1)

    def test_coordinator_and_admin_see_and_edit_all(self):
        for user in (self.user_coordinator, self.user_admin):
            as_user = self.Exemplar.with_user(user)
            seen = as_user.search([("unit_id", "in", self.units.ids)])
            self.assertEqual(seen.unit_id, self.units)
            seen.write({"achievements": "<p>Đã rà soát</p>"})
            as_user.create(self._dossier_vals(self.commune_b2)).unlink()
        self.dossiers[self.commune_b2].with_user(self.user_admin).unlink()
        self.assertFalse(self.dossiers[self.commune_b2].exists())

    def test_user_without_unit_sees_nothing(self):
        officer = self._new_user("t_nounit", "ntm_exemplar.group_officer")
        self.assertFalse(self.Exemplar.with_user(officer).search([]))

    def test_successor_users_read_the_dossiers_of_a_merged_unit(self):
        merged = self.dossiers[self.commune_a2]
        self.commune_a2.write(
            {"reorganization": "merged", "successor_id": self.commune_b1.id}
        )
        officer_b1 = self.users["officer", self.commune_b1]
        self.assertIn(merged, self.Exemplar.with_user(officer_b1).search([]))
        self.assertEqual(merged.with_user(officer_b1).name, merged.name)
        with self.assertRaises(AccessError):
            merged.with_user(officer_b1).write({"name": "ghi đè"})
        # The district above the merged commune still works on it.
        merged.with_user(self.users["manager", self.district_a]).name = "Đã chuyển"

    def test_a_merger_takes_effect_at_once_for_the_successor(self):
        officer_b1 = self.users["officer", self.commune_b1]
        merged = self.dossiers[self.commune_a2]
        self.assertNotIn(merged, self.Exemplar.with_user(officer_b1).search([]))
        self.commune_a2.write(
            {"reorganization": "merged", "successor_id": self.commune_b1.id}
        )
        self.assertIn(merged, self.Exemplar.with_user(officer_b1).search([]))
        # The district above the successor reads it too.
        manager_b = self.users["manager", self.district_b]
        self.assertIn(merged, self.Exemplar.with_user(manager_b).search([]))

    def test_a_change_of_units_takes_effect_at_once(self):
        dossier = self.dossiers[self.commune_b2]
        with self.assertRaises(AccessError):
            dossier.with_user(self.user_officer).read(["name"])
        self.user_officer.ntm_unit_ids = [(4, self.commune_b2.id)]
        self.assertEqual(dossier.with_user(self.user_officer).name, dossier.name)
        self.user_officer.ntm_unit_ids = [(3, self.commune_b2.id)]
        with self.assertRaises(AccessError):
            dossier.with_user(self.user_officer).read(["name"])

    def test_council_member_reads_no_dossier_outside_an_agenda(self):
        self.assertFalse(self.Exemplar.with_user(self.user_council).search([]))
