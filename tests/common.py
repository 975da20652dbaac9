from odoo.tests import TransactionCase, new_test_user


class NtmCommon(TransactionCase):
    """Users of every role and a nominee, shared by the addon's tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Exemplar = cls.env["ntm.exemplar"]
        cls.user_officer = cls._new_user("t_officer", "ntm_exemplar.group_officer")
        cls.user_manager = cls._new_user("t_manager", "ntm_exemplar.group_manager")
        cls.user_coordinator = cls._new_user(
            "t_coordinator", "ntm_exemplar.group_coordinator"
        )
        cls.user_admin = cls._new_user("t_admin", "ntm_exemplar.group_admin")
        cls.user_council = cls._new_user("t_council", "ntm_exemplar.group_council")
        cls.user_internal = cls._new_user("t_internal", "base.group_user")
        cls.nominee = cls.env["res.partner"].create(
            {"name": "HTX Dịch vụ nông nghiệp Thử Nghiệm"}
        )

    @classmethod
    def _new_user(cls, login, group):
        return new_test_user(
            cls.env, login=login, groups=f"base.group_user,{group}", lang="en_US"
        )

    @classmethod
    def _dossier_vals(cls, **vals):
        return {
            "name": "Hợp tác xã tiêu biểu",
            "partner_id": cls.nominee.id,
            "category": "enterprise",
            **vals,
        }
