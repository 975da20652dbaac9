from odoo.tests import tagged

from .common import NtmCommon

LIST_SPEC = {
    "ref": {},
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "unit_id": {"fields": {"display_name": {}}},
    "category": {},
    "year": {},
    "user_id": {"fields": {"display_name": {}}},
}


@tagged("post_install", "-at_install")
class TestRecordRulePerformance(NtmCommon):
    """A commune officer's count and first page cost the same number of queries
    whatever the number of dossiers (the rule's units are found once per user
    through parent_path and cached)."""

    def _fill(self, count):
        partners = self.env["res.partner"].create(
            [{"name": f"Đối tượng {i}", "ntm_is_nominee": True} for i in range(count)]
        )
        units = self.commune_a1 | self.commune_b1 | self.district_a
        self.Exemplar.create(
            [
                self._dossier_vals(units[i % len(units)], partner=partner)
                for i, partner in enumerate(partners)
            ]
        )
        self.env.invalidate_all()

    def _officer_calls(self):
        as_officer = self.Exemplar.with_user(self.user_officer)
        count = as_officer.search_count([])
        page = as_officer.web_search_read([], LIST_SPEC, limit=80)
        return count, page

    def _queries(self):
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        self._officer_calls()  # warm the rule cache, as a running server has it
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        count, page = self._officer_calls()
        return self.env.cr.sql_log_count - before, count, page

    def test_query_count_does_not_grow_with_the_dossiers(self):
        self._fill(10)
        small, count_small, page = self._queries()
        self.assertEqual(count_small, len(page["records"]))
        self._fill(100)
        large, count_large, page = self._queries()
        self.assertEqual(count_large, page["length"])
        self.assertGreater(count_large, count_small)
        self.assertEqual(small, large)

    def test_officer_count_and_first_page_queries(self):
        self._fill(100)
        self.env.invalidate_all()
        self._officer_calls()
        self.env.invalidate_all()
        # search_count 1; web_search_read 7: the page, its count, then the
        # display names of partners, units and users (two for users: their
        # partner's name). The rule's unit ids come from the rule cache.
        with self.assertQueryCount(__system__=8):
            self._officer_calls()


@tagged("post_install", "-at_install")
class TestEvaluationPerformance(NtmCommon):
    """Evaluating and re-evaluating dossiers is batched: 100 dossiers cost the
    queries of 10. City-agency dossiers have 8 lines each, so that 100 of them
    stay within one of Odoo's read batches (1,000 records)."""

    def _dossiers(self, count):
        dossiers = self.Exemplar.create(
            [
                self._dossier_vals(self.district_a, category="city_agency", year=2023)
                for _ in range(count)
            ]
        )
        self.env.flush_all()
        return dossiers

    def _high_tech_lines(self, dossiers):
        return dossiers.criterion_line_ids.filtered(lambda line: line.code == "TC.S2")

    def _queries(self, func):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_evaluating_100_dossiers_costs_the_queries_of_10(self):
        few = self._high_tech_lines(self._dossiers(10))
        many = self._high_tech_lines(self._dossiers(100))
        expected = self._queries(lambda: few.write({"value_number": 75}))
        self.env.invalidate_all()
        with self.assertQueryCount(expected):
            many.write({"value_number": 75})
            self.env.flush_all()
        self.assertTrue(all(many.mapped("is_met")))

    def test_reevaluating_100_dossiers_costs_the_queries_of_10(self):
        # A plan without decided dossiers, whose criteria may change.
        criterion = self._plan_criterion(self._past_plan(), "TC.S2")
        few = self._dossiers(10)
        self._high_tech_lines(few).write({"value_number": 75})
        expected = self._queries(lambda: criterion.write({"threshold": 80}))
        self.assertFalse(any(self._high_tech_lines(few).mapped("is_met")))
        many = self._dossiers(90)
        self._high_tech_lines(many).write({"value_number": 75})
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(expected):
            criterion.write({"threshold": 72})
            self.env.flush_all()
        lines = self._high_tech_lines(few | many)
        self.assertEqual(len(lines), 100)
        self.assertTrue(all(lines.mapped("is_met")))
