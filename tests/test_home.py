from dateutil.relativedelta import relativedelta

from ..models.activities import deadline_year, next_deadline
from ..models.hanoi_date import hanoi_today
from .common import RewardCommon


class TestHome(RewardCommon):
    """The first screen of each role: figures counted as the user, each
    opening exactly the records it counts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = hanoi_today()
        cls.year = deadline_year(cls.env, "review", cls.today)

    def _home(self, user):
        return self.env["ntm.home"].with_user(user).get_home_data()

    @staticmethod
    def _tile(data, key):
        for section in data["sections"]:
            for tile in section["tiles"]:
                if tile["key"] == key:
                    return tile
        return None

    def _opened(self, user, tile):
        """The records the tile's action lists, searched as the user."""
        action = tile["action"]
        return self.env[action["res_model"]].with_user(user).search(action["domain"])

    def _dossier(self, user, unit, **vals):
        return self.Exemplar.with_user(user).create(
            self._dossier_vals(unit, year=self.year, **vals)
        )

    def test_officer_sees_own_dossiers_to_evaluate(self):
        mine = self._dossier(self.user_officer, self.commune_a1)
        mine |= self._dossier(self.user_officer, self.commune_a1)
        self._dossier(self.users["officer", self.commune_a2], self.commune_a2)
        tile = self._tile(self._home(self.user_officer), "to_evaluate")
        self.assertEqual(tile["value"], 2)
        self.assertEqual(self._opened(self.user_officer, tile), mine)

    def test_officer_sees_dossiers_returned_to_them(self):
        dossier = self._dossier(self.user_officer, self.commune_a1)
        self._evaluate_all(dossier)
        dossier.with_user(self.user_officer).action_nominate()
        dossier.with_user(self.user_manager).action_return_for_completion(
            "Bổ sung minh chứng"
        )
        tile = self._tile(self._home(self.user_officer), "returned")
        self.assertEqual(tile["value"], 1)
        self.assertEqual(self._opened(self.user_officer, tile), dossier)

    def test_manager_counts_nominated_dossiers_of_own_units_only(self):
        dossier = self._dossier(self.user_officer, self.commune_a1)
        self._evaluate_all(dossier)
        dossier.with_user(self.user_officer).action_nominate()
        tile = self._tile(self._home(self.user_manager), "waiting")
        self.assertEqual(tile["value"], 1)
        self.assertEqual(self._opened(self.user_manager, tile), dossier)
        other = self._tile(
            self._home(self.users["manager", self.commune_b1]), "waiting"
        )
        self.assertEqual(other["value"], 0)

    def test_manager_sees_days_left_before_review_deadline(self):
        deadline = next_deadline(self.env, "review", self.today)
        tile = self._tile(self._home(self.user_manager), "review_deadline")
        self.assertEqual(tile["value"], (deadline - self.today).days)
        self.assertIn(deadline.strftime("%d/%m/%Y"), tile["hint"])

    def test_member_sees_ballots_waiting_for_their_vote(self):
        dossiers = self._candidate() | self._candidate()
        session = self._session(dossiers)
        session.action_open()
        member = self.members[3]
        tile = self._tile(self._home(member), "ballots")
        self.assertEqual(tile["value"], 2)
        self._vote(session, dossiers[0], {3: "agree"})
        tile = self._tile(self._home(member), "ballots")
        self.assertEqual(tile["value"], 1)
        self.assertEqual(self._opened(member, tile).exemplar_id, dossiers[1])

    def test_member_home_has_no_dossier_figures(self):
        data = self._home(self.members[0])
        self.assertEqual(
            [section["key"] for section in data["sections"]], ["council", "activities"]
        )
        self.assertFalse(data["stage_chart"])
        self.assertFalse(data["unit_stage"])

    def test_coordinator_sees_dossiers_by_unit_and_stage(self):
        self._dossier(self.user_officer, self.commune_a1)
        self._dossier(self.user_officer, self.commune_a1)
        self._dossier(self.users["officer", self.commune_b1], self.commune_b1)
        table = self._home(self.user_coordinator)["unit_stage"]
        rows = {row["unit_id"]: row for row in table["rows"]}
        self.assertEqual(rows[self.commune_a1.id]["total"], 2)
        self.assertEqual(rows[self.commune_b1.id]["total"], 1)
        discovered = [stage["id"] for stage in table["stages"]].index(
            self.env.ref("ntm_exemplar.stage_discovered").id
        )
        cell = rows[self.commune_a1.id]["cells"][discovered]
        self.assertEqual(cell["value"], 2)
        opened = self.Exemplar.with_user(self.user_coordinator).search(
            cell["action"]["domain"]
        )
        self.assertEqual(opened.unit_id, self.commune_a1)
        self.assertEqual(len(opened), 2)

    def test_home_cells_name_their_action_instead_of_repeating_it(self):
        # ~750 cells on the city's home: a whole action in each made the
        # answer 1.1 MB; the client loads each action once.
        self._dossier(self.user_officer, self.commune_a1)
        table = self._home(self.user_coordinator)["unit_stage"]
        row = next(r for r in table["rows"] if r["unit_id"] == self.commune_a1.id)
        opened = [cell["action"] for cell in row["cells"] if cell["action"]]
        self.assertTrue(opened)
        for action in [*opened, row["total_action"]]:
            self.assertEqual(
                set(action), {"xmlid", "res_model", "name", "domain", "res_id"}
            )
            self.assertEqual(action["xmlid"], "ntm_exemplar.ntm_exemplar_action")
            self.assertEqual(action["res_model"], "ntm.exemplar")

    def test_officer_stage_chart_counts_readable_dossiers_only(self):
        self._dossier(self.user_officer, self.commune_a1)
        self._dossier(self.users["officer", self.commune_b1], self.commune_b1)
        chart = self._home(self.user_officer)["stage_chart"]
        self.assertEqual(chart["total"], 1)
        self.assertFalse(self._home(self.user_officer)["unit_stage"])

    def test_coordinator_sees_communes_without_propagation_last_month(self):
        last_month = self.today.replace(day=1) - relativedelta(months=1)
        self.env["ntm.propagation"].with_user(self.user_coordinator).create(
            {
                "name": "Tuyên truyền điển hình",
                "unit_id": self.commune_a1.id,
                "date": last_month.replace(day=10),
                "channel": "radio",
            }
        )
        data = self._home(self.user_coordinator)
        tile = self._tile(data, "silent_units")
        silent = self._opened(self.user_coordinator, tile)
        self.assertIn(self.commune_a2, silent)
        self.assertNotIn(self.commune_a1, silent)
        self.assertNotIn(self.district_a, silent, "districts are not in the grid")
        self.assertEqual(tile["value"], len(silent))
        grid = data["propagation"]
        rows = {row["unit_id"]: row for row in grid["rows"]}
        # The month in progress comes last, after the month that counts.
        self.assertEqual(grid["months"][-2], last_month.strftime("%m/%Y"))
        self.assertEqual(rows[self.commune_a1.id]["cells"][-2]["value"], 1)
        self.assertFalse(rows[self.commune_a1.id]["cells"][-2]["missing"])
        self.assertTrue(rows[self.commune_a2.id]["cells"][-2]["missing"])

    def test_coordinator_sees_top_five_state(self):
        year = deadline_year(self.env, "top_five", self.today)
        self._recognised(count=5, year=year)
        tile = self._tile(self._home(self.user_coordinator), "top_five")
        self.assertEqual(tile["value"], "Not selected yet")
        self.assertEqual(tile["action"]["res_model"], "ntm.top.five.wizard")
        selection = self._confirmed_top_five(year)
        tile = self._tile(self._home(self.user_coordinator), "top_five")
        self.assertIn(selection.document_number or "", tile["value"])
        self.assertEqual(tile["action"]["res_id"], selection.id)

    def test_home_queries_do_not_grow_with_units(self):
        home = self.env["ntm.home"].with_user(self.user_coordinator)
        self._dossier(self.user_officer, self.commune_a1)
        queries = self._count_queries(home)
        more = self.env["ntm.unit"].create(
            [
                {
                    "name": f"Xã mới {i}",
                    "unit_type": "commune",
                    "parent_id": self.district_a.id,
                }
                for i in range(10)
            ]
        )
        for unit in more:
            self._dossier(self.user_coordinator, unit)
        self.assertEqual(self._count_queries(home), queries)

    def _count_queries(self, home):
        """Queries of one home, caches warm (as for every later visit)."""
        home.get_home_data()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        home.get_home_data()
        return self.env.cr.sql_log_count - start
