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
            [{"name": f"Đối tượng {i}"} for i in range(count)]
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
    """Re-evaluating dossiers after a threshold change is batched: the same
    number of queries for 10 dossiers as for 40 (200 and 800 lines; Odoo
    reads records in chunks of 1,000, one query per chunk)."""

    def _district_dossiers(self, count):
        dossiers = self.Exemplar.create(
            [
                self._dossier_vals(self.district_a, category="district")
                for _ in range(count)
            ]
        )
        income = dossiers.criterion_line_ids.filtered(
            lambda line: line.code == "TC.H03"
        )
        income.write({"value_number": 85})
        self.env.flush_all()
        return dossiers

    def _reevaluation_queries(self, threshold):
        criterion = self.env.ref("ntm_exemplar.criterion_district_income")
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        criterion.write({"threshold": threshold})
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_reevaluation_queries_do_not_grow_with_the_dossiers(self):
        few = self._district_dossiers(10)
        small = self._reevaluation_queries(90)
        self.assertFalse(any(few.mapped("is_eligible")))
        many = self._district_dossiers(30)
        large = self._reevaluation_queries(82)
        self.assertEqual(small, large)
        lines = (few | many).criterion_line_ids.filtered(
            lambda line: line.code == "TC.H03"
        )
        self.assertTrue(all(lines.mapped("is_met")))

    def test_evaluating_a_batch_of_lines_is_batched(self):
        def queries(count):
            dossiers = self.Exemplar.create(
                [
                    self._dossier_vals(self.district_a, category="district")
                    for _ in range(count)
                ]
            )
            lines = dossiers.criterion_line_ids.filtered(
                lambda line: line.code == "TC.H03"
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            lines.write({"value_number": 81})
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(10), queries(40))
