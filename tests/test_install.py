from odoo.modules.module import get_manifest
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import NtmCommon


@tagged("post_install", "-at_install")
class TestInstall(NtmCommon):
    def _module_records(self, model):
        data = self.env["ir.model.data"].search(
            [("module", "=", "ntm_exemplar"), ("model", "=", model)]
        )
        return self.env[model].browse(data.mapped("res_id"))

    def test_module_is_installed_at_its_version(self):
        module = self.env["ir.module.module"].search([("name", "=", "ntm_exemplar")])
        self.assertEqual(module.state, "installed")
        # The version the manifest names: one place to bump it.
        self.assertEqual(module.latest_version, get_manifest("ntm_exemplar")["version"])
        self.assertTrue(module.application)

    def test_admin_sees_every_menu_of_the_addon(self):
        menus = self._module_records("ir.ui.menu")
        self.assertTrue(menus, "the addon ships menus")
        visible = (
            self.env["ir.ui.menu"].with_user(self.user_settings_admin).load_menus(False)
        )
        self.assertFalse(
            set(menus.ids) - set(visible), "every menu is visible to an admin"
        )

    def test_admin_opens_every_window_action(self):
        actions = self._module_records("ir.actions.act_window")
        self.assertTrue(actions, "the addon ships window actions")
        admin_env = self.env(user=self.user_settings_admin)
        for action in actions:
            with self.subTest(action=action.name):
                # What the web client does: /web/action/load, then views and records.
                loaded = admin_env["ir.actions.act_window"]._for_xml_id(
                    action.get_external_id()[action.id]
                )
                model = admin_env[loaded["res_model"]]
                views = [list(view) for view in loaded["views"]]
                views.append(
                    [loaded["search_view_id"] and loaded["search_view_id"][0], "search"]
                )
                result = model.get_views(views)
                modes = loaded["view_mode"].split(",")
                self.assertEqual(set(modes) | {"search"}, set(result["views"]))
                domain = safe_eval(loaded.get("domain") or "[]", {"uid": admin_env.uid})
                page = model.web_search_read(domain, {"display_name": {}}, limit=80)
                self.assertEqual(page["length"], model.search_count(domain))

    def test_officer_and_council_see_the_app_internal_user_does_not(self):
        root = self.env.ref("ntm_exemplar.ntm_exemplar_menu_root")
        menus = self.env["ir.ui.menu"]
        for user in (self.user_officer, self.user_council):
            self.assertIn(root.id, menus.with_user(user).load_menus(False), user.login)
        self.assertNotIn(root.id, menus.with_user(self.user_internal).load_menus(False))

    def test_roles_form_a_chain(self):
        officer = self.env.ref("ntm_exemplar.group_officer")
        self.assertIn(
            officer, self.env.ref("ntm_exemplar.group_manager").trans_implied_ids
        )
        admin = self.env.ref("ntm_exemplar.group_admin")
        for xmlid in ("group_coordinator", "group_manager", "group_officer"):
            self.assertIn(
                self.env.ref(f"ntm_exemplar.{xmlid}"), admin.trans_implied_ids
            )
        self.assertTrue(self.user_admin.has_group("ntm_exemplar.group_officer"))
        self.assertFalse(self.user_officer.has_group("ntm_exemplar.group_manager"))

    def test_menus_are_in_vietnamese(self):
        root = self.env.ref("ntm_exemplar.ntm_exemplar_menu_root")
        self.assertEqual(root.with_context(lang="vi_VN").name, "Điển hình tiên tiến")

    def test_demo_users_work_in_vietnamese(self):
        module = self.env["ir.module.module"].search([("name", "=", "ntm_exemplar")])
        if not module.demo:
            self.skipTest("installed without demo data")
        for xmlid in (
            "user_demo_admin",
            "user_demo_coordinator",
            "user_demo_manager",
            "user_demo_officer_district",
            "user_demo_manager_commune",
            "user_demo_officer",
            "user_demo_council",
            "user_demo_council2",
            "user_demo_council3",
            "user_demo_council4",
            "user_demo_council5",
        ):
            user = self.env.ref(f"ntm_exemplar.{xmlid}")
            self.assertEqual(user.lang, "vi_VN", xmlid)
