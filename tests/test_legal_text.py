from datetime import date

from odoo.exceptions import AccessError, ValidationError

from .common import RewardCommon

MEMO = "ntm_exemplar.action_report_reward_proposal"


class TestLegalText(RewardCommon):
    """The texts documents cite, as data with the days they are in force."""

    def _memo(self, proposal):
        html = self.env["ir.actions.report"]._render_qweb_html(MEMO, proposal.ids)[0]
        return html.decode()

    def test_a_memo_cites_the_decree_in_force_at_its_date(self):
        proposal = self._proposal(self._recognised(1))
        proposal.date = date(2025, 6, 30)
        self.assertIn("Nghị định số 98/2023/NĐ-CP", self._memo(proposal))
        self.assertNotIn("152/2025", self._memo(proposal))
        proposal.date = date(2025, 7, 1)
        memo = self._memo(proposal)
        self.assertIn("Nghị định số 152/2025/NĐ-CP", memo)
        self.assertNotIn("98/2023", memo)
        self.assertIn(
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", memo
        )

    def test_the_memo_cites_the_text_as_the_administrator_corrected_it(self):
        decree = self.env.ref("ntm_exemplar.legal_text_decree_152_2025")
        decree.with_user(
            self.user_admin
        ).name = "Nghị định số 152/2025/NĐ-CP ngày 15 tháng 6 năm 2025 của Chính phủ"
        proposal = self._proposal(self._recognised(1))
        self.assertIn("ngày 15 tháng 6 năm 2025 của Chính phủ", self._memo(proposal))

    def test_two_texts_in_force_for_one_role_on_the_same_day_are_refused(self):
        with self.assertRaises(ValidationError) as err:
            self.env["ntm.legal.text"].with_user(self.user_admin).create(
                {
                    "name": "Nghị định mới",
                    "number": "1/2026/NĐ-CP",
                    "role": "decree",
                    "valid_from": date(2026, 1, 1),
                }
            )
        self.assertIn("152/2025/NĐ-CP", str(err.exception))

    def test_a_new_text_starts_the_day_after_the_old_one_ends(self):
        Text = self.env["ntm.legal.text"].with_user(self.user_admin)
        self.env.ref("ntm_exemplar.legal_text_decree_152_2025").with_user(
            self.user_admin
        ).valid_until = date(2026, 12, 31)
        new = Text.create(
            {
                "name": "Nghị định mới",
                "number": "1/2027/NĐ-CP",
                "role": "decree",
                "valid_from": date(2027, 1, 1),
            }
        )
        self.assertIn(new, Text._in_force(date(2027, 1, 1)))
        self.assertNotIn(new, Text._in_force(date(2026, 12, 31)))

    def test_only_the_administrator_edits_legal_texts(self):
        decree = self.env.ref("ntm_exemplar.legal_text_decree_152_2025")
        for user in (self.user_coordinator, self.manager, self.user_officer):
            with self.assertRaises(AccessError):
                decree.with_user(user).write({"name": "Sửa"})
        self.assertNotEqual(decree.name, "Sửa")
        self.assertTrue(decree.with_user(self.user_officer).name)

    def test_the_memo_proposes_the_achievements_of_its_exemplars_year(self):
        dossiers = self._recognised(1, year=2025)
        proposal = self._proposal(dossiers)  # dated 20 January 2026
        self.assertIn("nông thôn mới” năm 2025 (có danh sách", self._memo(proposal))
