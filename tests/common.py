from odoo.tests import TransactionCase, new_test_user

ROLES = ("officer", "manager")


class NtmCommon(TransactionCase):
    """A small hierarchy — a city, two districts with two communes each — one
    officer and one manager per unit, the city-wide roles and a nominee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Exemplar = cls.env["ntm.exemplar"]
        Unit = cls.env["ntm.unit"]
        cls.city = Unit.create({"name": "Thành phố Thử nghiệm", "unit_type": "city"})
        cls.district_a, cls.district_b = Unit.create(
            [
                {
                    "name": "Huyện A",
                    "unit_type": "rural_district",
                    "parent_id": cls.city.id,
                },
                {
                    "name": "Huyện B",
                    "unit_type": "rural_district",
                    "parent_id": cls.city.id,
                },
            ]
        )
        cls.commune_a1, cls.commune_a2, cls.commune_b1, cls.commune_b2 = Unit.create(
            [
                {"name": name, "unit_type": "commune", "parent_id": parent.id}
                for name, parent in (
                    ("Xã A1", cls.district_a),
                    ("Xã A2", cls.district_a),
                    ("Xã B1", cls.district_b),
                    ("Xã B2", cls.district_b),
                )
            ]
        )
        cls.units = (
            cls.district_a
            | cls.district_b
            | cls.commune_a1
            | cls.commune_a2
            | cls.commune_b1
            | cls.commune_b2
        )
        # users[(role, unit)]: one officer and one manager per unit.
        cls.users = {
            (role, unit): cls._new_user(
                f"t_{role}_{unit.id}", f"ntm_exemplar.group_{role}", unit
            )
            for unit in cls.units
            for role in ROLES
        }
        cls.user_officer = cls.users["officer", cls.commune_a1]
        cls.user_manager = cls.users["manager", cls.commune_a1]
        cls.user_coordinator = cls._new_user(
            "t_coordinator", "ntm_exemplar.group_coordinator"
        )
        cls.user_admin = cls._new_user("t_admin", "ntm_exemplar.group_admin")
        # An addon admin who also holds Odoo's Settings right.
        cls.user_settings_admin = cls._new_user(
            "t_settings_admin", "ntm_exemplar.group_admin,base.group_system"
        )
        cls.user_council = cls._new_user(
            "t_council", "ntm_exemplar.group_council", cls.district_a
        )
        cls.user_internal = cls._new_user("t_internal", "base.group_user")
        cls.nominee = cls.env["res.partner"].create(
            {"name": "HTX Dịch vụ nông nghiệp Thử Nghiệm"}
        )

    @classmethod
    def _new_user(cls, login, group, units=None):
        return new_test_user(
            cls.env,
            login=login,
            groups=f"base.group_user,{group}",
            lang="en_US",
            ntm_unit_ids=[(6, 0, units.ids if units else [])],
        )

    @classmethod
    def _dossier_vals(cls, unit=None, partner=None, **vals):
        """Values of a dossier; each gets its own nominee unless one is given
        (a nominee has one open dossier per year and movement)."""
        partner = partner or cls.env["res.partner"].create({"name": "Đối tượng thử"})
        return {
            "name": "Hợp tác xã tiêu biểu",
            "partner_id": partner.id,
            "category": "enterprise",
            "unit_id": (unit or cls.commune_a1).id,
            **vals,
        }

    @classmethod
    def _dossier_per_unit(cls):
        """{unit: dossier} with one dossier per unit, named after the unit."""
        return {
            unit: cls.Exemplar.create(
                cls._dossier_vals(unit, name=f"Hồ sơ {unit.name}")
            )
            for unit in cls.units
        }

    @staticmethod
    def _meet_value(line):
        """A value that meets the line's criterion."""
        if line.measure == "boolean":
            return {"value_bool": "yes"}
        if line.measure == "range":
            return {"value_number": line.threshold}
        step = {">": 1, "<": -1}.get(line.operator, 0)
        return {"value_number": line.threshold + step}

    @classmethod
    def _evaluate_all(cls, dossiers, except_codes=()):
        """Meet every criterion of `dossiers` but those whose code is given."""
        for line in dossiers.criterion_line_ids:
            if line.code not in except_codes:
                line.write(cls._meet_value(line))

    def _line(self, dossier, code):
        return dossier.criterion_line_ids.filtered(lambda line: line.code == code)
