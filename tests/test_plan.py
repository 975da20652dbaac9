from odoo.exceptions import AccessError, UserError, ValidationError

from .common import PlanCommon


class TestPlans(PlanCommon):
    def test_a_dossier_is_judged_by_the_plan_of_its_year(self):
        self._criterion(self.plan, "TC.S2").threshold = 90
        old = self.Exemplar.create(
            self._dossier_vals(category="city_agency", year=2030)
        )
        new = self.Exemplar.create(
            self._dossier_vals(category="city_agency", year=2031)
        )
        self.assertEqual(old.plan_id, self.previous)
        self.assertEqual(new.plan_id, self.plan)
        self.assertEqual(self._line(new, "TC.S2").threshold, 90)
        self.assertEqual(
            self._line(old, "TC.S2").threshold,
            self._criterion(self.previous, "TC.S2").threshold,
        )
        self.assertEqual(self._line(new, "TC.S2").criterion_id.plan_id, self.plan)

    def test_the_new_plan_copies_the_criteria_of_categories_still_open(self):
        codes = set(self.plan.criterion_ids.mapped("code"))
        self.assertIn("TC.C1", codes)
        self.assertIn("TC.S2", codes)
        # The district level ended in 2025: no district criteria after it.
        self.assertFalse({code for code in codes if code.startswith("TC.H")})
        self.assertEqual(self.previous.year_to, 2030)
        self.assertEqual(self.plan.year_from, 2031)

    def test_the_copied_criteria_keep_their_vietnamese_names(self):
        source = self._criterion(self.previous, "TC.C1").with_context(lang="vi_VN")
        copy = self._criterion(self.plan, "TC.C1").with_context(lang="vi_VN")
        self.assertEqual(copy.name, source.name)

    def test_overlapping_years_are_refused_and_nothing_is_written(self):
        with self.assertRaises(ValidationError) as err:
            self.plan.write({"year_from": 2029})
        self.assertIn("same achievement years", str(err.exception))
        self.assertEqual(self.plan.year_from, 2031)
        with self.assertRaises(ValidationError):
            self.Plan.with_user(self.user_admin).create(
                {
                    "name": "Trùng năm",
                    "year_from": 2035,
                    "year_to": 2036,
                    "criterion_ids": [
                        (0, 0, vals)
                        for vals in self.plan.criterion_ids.copy_data(
                            {"plan_id": False}
                        )
                    ],
                }
            )

    def test_a_plan_without_criteria_for_an_open_category_is_refused(self):
        commune = self.plan.criterion_ids.filtered(
            lambda c: c.kind == "specific"
            and c.category_ids.mapped("code") == ["commune"]
        )
        with self.assertRaises(ValidationError) as err:
            commune.with_user(self.user_admin).unlink()
        self.assertIn("has no criteria for", str(err.exception))
        self.assertTrue(commune.exists())
        with self.assertRaises(ValidationError):
            commune.with_user(self.user_admin).write({"active": False})
        self.assertTrue(all(commune.mapped("active")))

    def test_the_criteria_of_a_plan_with_decided_dossiers_no_longer_change(self):
        self._recognised(1, year=2031)
        income = self._criterion(self.plan, "TC.S2")
        for vals in ({"threshold": 10}, {"is_mandatory": False}, {"weight": 3}):
            with self.subTest(vals=vals):
                with self.assertRaises(UserError) as err:
                    income.with_user(self.user_admin).write(vals)
                self.assertIn("already has decided dossiers", str(err.exception))
        self.assertEqual(
            income.threshold, self._criterion(self.previous, "TC.S2").threshold
        )
        with self.assertRaises(UserError):
            self.env["ntm.criterion"].with_user(self.user_admin).create(
                {"plan_id": self.plan.id, "code": "TC.NEW", "name": "Mới"}
            )
        # Its wording may still be corrected.
        income.with_user(self.user_admin).name = "Tỷ lệ sản phẩm công nghệ cao"

    def test_the_correction_context_does_not_open_a_decided_plan_over_rpc(self):
        self._recognised(1, year=2031)
        income = self._criterion(self.plan, "TC.S2")
        threshold = income.threshold
        with self.assertRaises(UserError):
            income.with_user(self.user_admin).with_context(
                ntm_plan_correction=True
            ).write({"threshold": threshold + 10})
        self.assertEqual(income.threshold, threshold)

    def test_a_criterion_stays_in_its_plan(self):
        criterion = self._criterion(self.plan, "TC.S2")
        with self.assertRaises(UserError):
            criterion.with_user(self.user_admin).plan_id = self.previous
        self.assertEqual(criterion.plan_id, self.plan)

    def test_only_the_admin_opens_plans_and_edits_criteria(self):
        for user in (self.user_officer, self.users["manager", self.district_a]):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.plan.with_user(user).write({"year_to": 2040})
                with self.assertRaises(AccessError):
                    self._criterion(self.plan, "TC.S2").with_user(user).threshold = 1
                with self.assertRaises(AccessError):
                    self.env["ntm.plan.wizard"].with_user(user).create(
                        {"source_plan_id": self.plan.id, "name": "X", "year_from": 2033}
                    )
        self.assertEqual(self.plan.year_to, 0)

    def test_open_dossiers_of_the_years_taken_move_with_their_values(self):
        dossier = self.Exemplar.create(
            self._dossier_vals(category="city_agency", year=2032)
        )
        self._line(dossier, "TC.S2").value_number = 88
        plan_2032 = self._open_plan(2032, source=self.plan)
        self.assertEqual(self.plan.year_to, 2031)
        self._criterion(plan_2032, "TC.S2").threshold = 90
        line = self._line(dossier, "TC.S2")
        self.assertEqual(dossier.plan_id, plan_2032)
        self.assertEqual(line.criterion_id.plan_id, plan_2032)
        self.assertEqual((line.value_number, line.threshold), (88, 90))
        self.assertFalse(line.is_met)
        self.assertEqual(
            len(dossier.criterion_line_ids),
            len(set(dossier.criterion_line_ids.mapped("code"))),
        )

    def test_a_plan_cannot_take_years_with_dossiers_in_council(self):
        dossier = self.Exemplar.create(
            self._dossier_vals(category="enterprise", year=2032)
        )
        self._evaluate_all(dossier)
        self._to_council(dossier)
        with self.assertRaises(UserError) as err:
            self._open_plan(2032, source=self.plan)
        self.assertIn("before the council or decided", str(err.exception))
        self.assertEqual(self.plan.year_to, 0)
        self.assertEqual(dossier.plan_id, self.plan)

    def test_a_year_without_plan_is_refused(self):
        self.plan.with_user(self.user_admin).year_to = 2031
        with self.assertRaises(ValidationError) as err:
            self.Exemplar.create(self._dossier_vals(year=2032))
        self.assertIn("No plan of the movement covers 2032", str(err.exception))

    def test_the_earlier_plan_reads_as_before_when_the_new_one_changes(self):
        """Fingerprint of a decided dossier of the previous plan: its lines,
        results, score and printed dossier, before and after the new plan's
        criteria, thresholds and weights change."""
        dossier = self._recognised(1, category="city_agency", year=2030)

        def fingerprint():
            dossier.invalidate_recordset()
            lines = dossier.criterion_line_ids
            html = self.env["ir.actions.report"]._render_qweb_html(
                "ntm_exemplar.action_report_exemplar_achievements", dossier.ids
            )[0]
            return (
                lines.read(
                    [
                        "criterion_id",
                        "measure",
                        "operator",
                        "threshold",
                        "threshold_max",
                        "is_mandatory",
                        "weight",
                        "is_met",
                        "gap",
                        "requirement",
                        "explanation",
                    ]
                ),
                dossier.read(
                    ["score", "criteria_met_count", "is_eligible", "stage_id"]
                ),
                dossier.council_result_ids.read(
                    ["agree_count", "is_passed", "decision"]
                ),
                html,
            )

        before = fingerprint()
        admin_criteria = self.plan.criterion_ids.with_user(self.user_admin)
        admin_criteria.filtered(lambda c: c.code == "TC.S2").write(
            {"threshold": 99, "weight": 5, "operator": ">="}
        )
        admin_criteria.filtered(lambda c: c.code == "TC.S1").is_mandatory = False
        self.assertEqual(fingerprint(), before)


class TestPlanCitation(PlanCommon):
    def test_the_memo_cites_the_plan_of_its_achievement_year(self):
        self.plan.with_user(self.user_admin).write(
            {"number": "15/KH-SNNMT", "date_issued": "2031-01-20"}
        )
        dossier = self._recognised(1, year=2031)
        proposal = self._proposal(dossier)
        proposal.date = "2032-01-15"
        citations = proposal._citations()
        self.assertIn(
            "Kế hoạch số 15/KH-SNNMT ngày 20 tháng 01 năm 2031", citations[-1]
        )
        self.assertNotIn(self.previous.name, " ".join(citations))
