from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import NtmCommon

ACCESS_ERROR = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestRpcAccess(NtmCommon, HttpCase):
    """The same walls over JSON-RPC, against the running test server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dossiers = cls._dossier_per_unit()

    def _call(self, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/ntm.exemplar/{method}",
            {
                "model": "ntm.exemplar",
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        )

    def _refused(self, method, args, kwargs=None):
        try:
            self._call(method, args, kwargs)
        except JsonRpcException as err:
            self.assertEqual(str(err), ACCESS_ERROR, method)
            return 1
        return 0

    def _login(self, user):
        self.authenticate(user.login, user.login + "x" * (8 - len(user.login)))

    def test_cross_unit_calls_are_refused_over_json_rpc(self):
        attempts = refused = 0
        for role, unit in (("officer", self.commune_a1), ("manager", self.district_b)):
            user = self.users[role, unit]
            self._login(user)
            visible = self.units.filtered_domain([("id", "child_of", unit.id)])
            for other in self.units - visible:
                dossier_id = self.dossiers[other].id
                found = self._call(
                    "search_read", [[("id", "=", dossier_id)]], {"fields": ["name"]}
                )
                refused += found == []
                refused += self._refused("read", [[dossier_id], ["name"]])
                refused += self._refused("write", [[dossier_id], {"name": "ghi đè"}])
                refused += self._refused("unlink", [[dossier_id]])
                refused += self._refused(
                    "create",
                    [
                        {
                            "name": "Hồ sơ lạ",
                            "partner_id": self.nominee.id,
                            "category": "other",
                            "unit_id": other.id,
                        }
                    ],
                )
                attempts += 5
        # The commune officer sees 1 unit of 6, the district manager 3.
        self.assertEqual(attempts, 5 * (5 + 3))
        self.assertEqual(refused, attempts, "every cross-unit call is refused")
        self.assertEqual(
            [d.name for d in self.dossiers.values()],
            [f"Hồ sơ {unit.name}" for unit in self.units],
        )

    def test_own_unit_calls_go_through_over_json_rpc(self):
        self._login(self.users["manager", self.district_a])
        rows = self._call(
            "search_read",
            [[("unit_id", "in", self.units.ids)]],
            {"fields": ["unit_id"]},
        )
        self.assertEqual(
            {row["unit_id"][0] for row in rows},
            {self.district_a.id, self.commune_a1.id, self.commune_a2.id},
        )
        dossier = self.dossiers[self.commune_a2]
        self.assertTrue(self._call("write", [[dossier.id], {"name": "Đã sửa qua RPC"}]))
        self.assertEqual(dossier.name, "Đã sửa qua RPC")

    def test_coordinator_reads_every_unit_over_json_rpc(self):
        self._login(self.user_coordinator)
        count = self._call("search_count", [[("unit_id", "in", self.units.ids)]])
        self.assertEqual(count, len(self.units))
