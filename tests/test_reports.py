import io
import shutil
import subprocess
import tempfile
from datetime import date

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import HttpCase
from odoo.tools import html2plaintext

from ..models.hanoi_date import hanoi_today
from .test_reward import RewardCommon

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


class ReportCommon(RewardCommon, HttpCase):
    """Recognised exemplars of every nominee type, their council session and
    a reward proposal; documents rendered as the users get them. An HttpCase:
    wkhtmltopdf loads the documents' style sheets from the test server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.district_a.write({"signer_name": "Nguyễn Văn Chủ Tịch"})
        cls.Report = cls.env["ir.actions.report"]
        cls.real_pdf = (
            cls.Report.get_wkhtmltopdf_state() == "ok"
            and shutil.which("pdftotext") is not None
        )

    def _nominees(self):
        """A cooperative, a woman farmer and a household, recognised."""
        names = (
            ("enterprise", "HTX Nông nghiệp Xanh Sạch", True),
            ("individual", "Bà Phạm Thị Hương", False),
            ("other", "Hộ ông Đỗ Văn Lành", False),
        )
        dossiers = self.Exemplar
        for category, name, company in names:
            dossier = self._recognised(1, category=category)
            dossier.partner_id.write({"name": name, "is_company": company})
            dossiers |= dossier
        dossiers.filtered(lambda d: d.category == "individual").write(
            {"nominee_gender": "female", "nominee_position": "Nông dân"}
        )
        return dossiers

    def _text(self, xmlid, records):
        """The document's text, from its HTML. When wkhtmltopdf and pdftotext
        are installed the PDF is rendered too, and must hold the same
        Vietnamese text (diacritics included) in its header."""
        report = self.env.ref(xmlid)
        if self.real_pdf:
            pdf_text = self._pdf_text(xmlid, records)
            self.assertIn(NATIONAL_TITLE, pdf_text)
            self.assertIn(MOTTO, pdf_text)
        html, _fmt = self.Report._render_qweb_html(report, records.ids)
        return html2plaintext(html.decode())

    def _pdf(self, xmlid, records):
        pdf, fmt = self.Report.with_context(
            force_report_rendering=True
        )._render_qweb_pdf(self.env.ref(xmlid), records.ids)
        self.assertEqual(fmt, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    def _pdf_text(self, xmlid, records):
        """The text of the real PDF; pages are separated by form feeds."""
        pdf = self._pdf(xmlid, records)
        return subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()

    def _submitted(self, dossiers, summary=None):
        proposal = self._proposal(dossiers)
        if summary:
            proposal.line_ids.write({"achievement_summary": summary})
        self._provide_documents(proposal)
        proposal.with_user(self.manager).action_submit()
        return proposal

    def _flat(self, text):
        """One line, without the marks html2plaintext puts around bold text."""
        return " ".join(text.replace("*", "").split())

    def _xlsx(self, xmlid, records, data=None):
        content, fmt = self.Report._render_xlsx(xmlid, records.ids, data or {})
        self.assertEqual(fmt, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    def _header_row(self, sheet, first_header):
        """The row (from 1) of the table's header, below its title rows; the
        sheet keeps it frozen, filtered and repeated on each printed page."""
        row = next(
            r
            for r in range(1, sheet.max_row + 1)
            if sheet.cell(r, 1).value == first_header
        )
        self.assertEqual(sheet.freeze_panes, f"A{row + 1}")
        self.assertTrue(sheet.auto_filter.ref.startswith(f"A{row}:"))
        self.assertEqual(sheet.print_title_rows, f"${row}:${row}")
        self.assertEqual(sheet.page_setup.orientation, "landscape")
        self.assertEqual(int(sheet.page_setup.paperSize), 9, "A4")
        return row


class TestDocumentNumbers(ReportCommon):
    def test_numbers_run_per_unit_and_restart_each_year(self):
        a, b = self.district_a, self.district_b
        self.assertEqual(
            a._next_document_number("TTr", date(2026, 3, 1)), "01/TTr-UBND"
        )
        self.assertEqual(a._next_document_number("BC", date(2026, 5, 1)), "02/BC-UBND")
        self.assertEqual(
            b._next_document_number("TTr", date(2026, 5, 1)), "01/TTr-UBND"
        )
        self.assertEqual(
            a._next_document_number("TTr", date(2027, 1, 5)), "01/TTr-UBND"
        )

    def test_the_council_numbers_its_minutes_apart_from_the_unit(self):
        self.district_a._next_document_number("TTr")
        self.assertEqual(
            self.district_a._next_document_number("BB", issuer_symbol="HĐTĐKT"),
            "01/BB-HĐTĐKT",
        )

    def test_a_unit_signs_as_decree_30_says(self):
        commune = self.commune_a1
        self.assertEqual(commune.document_body, "Ủy ban nhân dân xã A1")
        self.assertEqual(commune.place_name, "A1")
        self.assertEqual(commune.document_symbol, "UBND")
        office = self.env.ref("ntm_exemplar.unit_agency_ntm_office")
        self.assertEqual(office.document_symbol, "VPĐP")
        self.assertEqual(
            office.document_parent_body, "Ủy ban nhân dân thành phố Hà Nội"
        )
        self.assertEqual(office.place_name, "Hà Nội")


class TestRewardProposalDocuments(ReportCommon):
    def test_submitting_numbers_the_memo(self):
        proposal = self._submitted(self._recognised(1))
        self.assertRegex(proposal.document_number, r"^\d{2}/TTr-UBND$")
        self.assertEqual(proposal.addressee, "Ủy ban nhân dân thành phố Thử nghiệm")

    def test_the_memo_and_its_list_in_decree_30_layout(self):
        proposal = self._submitted(self._nominees())
        text = self._flat(
            self._text("ntm_exemplar.action_report_reward_proposal", proposal)
        )
        for expected in (
            NATIONAL_TITLE,
            MOTTO,
            "ỦY BAN NHÂN DÂN HUYỆN A",
            f"Số: {proposal.document_number}",
            "TỜ TRÌNH",
            "Kính gửi: Ủy ban nhân dân thành phố Thử nghiệm",
            "- Như trên;",
            "DANH SÁCH",
            "HTX Nông nghiệp Xanh Sạch",
            "Bà Phạm Thị Hương",
            "Hộ ông Đỗ Văn Lành",
            "01 tập thể, 01 cá nhân, 01 hộ gia đình",
            "Nơi nhận:",
            "CHỦ TỊCH",
            "Nguyễn Văn Chủ Tịch",
        ):
            self.assertIn(expected, text)

    def test_a_long_list_repeats_its_table_header_on_every_page(self):
        if not self.real_pdf:
            self.skipTest("needs wkhtmltopdf and pdftotext")
        dossiers = self._recognised(24)
        proposal = self._submitted(dossiers, summary="Thành tích xuất sắc. " * 30)
        pages = self._pdf_text(
            "ntm_exemplar.action_report_reward_proposal", proposal
        ).split("\f")
        list_pages = [p for p in pages if "Thành tích xuất sắc" in p]
        self.assertGreater(len(list_pages), 2)
        for page in list_pages:
            self.assertIn("Tóm tắt thành tích", page)

    def test_the_list_exports_to_excel_with_numbers_as_numbers(self):
        proposal = self._submitted(self._nominees())
        book = self._xlsx("ntm_exemplar.report_reward_proposal_xlsx", proposal)
        sheet = book.worksheets[0]
        self.assertEqual(sheet["A1"].value, "LIST OF NOMINEES PROPOSED FOR A REWARD")
        self.assertIn(proposal.document_number, sheet["A3"].value)
        header = self._header_row(sheet, "No.")
        first = header + 1
        self.assertEqual(sheet.cell(first, 1).value, 1)
        names = [sheet.cell(row, 2).value for row in range(first, first + 3)]
        self.assertEqual(
            names,
            ["HTX Nông nghiệp Xanh Sạch", "Bà Phạm Thị Hương", "Hộ ông Đỗ Văn Lành"],
        )
        self.assertEqual(sheet.cell(first, 9).value, proposal.document_number)
        self.assertEqual(
            [sheet.cell(header, col).value for col in (10, 11)],
            ["Decision Number", "Decision Date"],
        )
        self.assertGreater(sheet.column_dimensions["F"].width, 30)
        totals = {
            sheet.cell(row, 2).value: sheet.cell(row, 3).value
            for row in range(first + 4, sheet.max_row + 1)
        }
        self.assertEqual(totals["Total"], 3)
        self.assertEqual(totals["Individual"], 1)


class TestCouncilMinutes(ReportCommon):
    def test_minutes_show_attendance_quorum_and_counts(self):
        dossiers = self._recognised(2, agree=8)
        session = dossiers.council_session_ids
        self.assertRegex(session.document_number, r"^\d{2}/BB-HĐTĐKT$")
        text = self._flat(
            self._text("ntm_exemplar.action_report_council_minutes", session)
        )
        for expected in (
            NATIONAL_TITLE,
            "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
            "BIÊN BẢN",
            f"Số: {session.document_number}",
            "Có mặt 10/10 thành viên",
            "80,0%",
            "Được chọn",
            "THƯ KÝ",
            "CHỦ TỊCH HỘI ĐỒNG",
            self.members[0].name,
        ):
            self.assertIn(expected, text)

    def test_minutes_wait_for_the_vote_to_close(self):
        session = self._session(self._candidate())
        with self.assertRaises(UserError):
            self.Report._render_qweb_html(
                "ntm_exemplar.action_report_council_minutes", session.ids
            )


class TestAchievementReport(ReportCommon):
    def test_each_nominee_type_gets_its_own_form(self):
        dossiers = self._nominees()
        signers = {
            "collective": "THỦ TRƯỞNG ĐƠN VỊ",
            "individual": "NGƯỜI BÁO CÁO THÀNH TÍCH",
            "household": "CHỦ HỘ",
        }
        for dossier in dossiers:
            text = self._flat(
                self._text("ntm_exemplar.action_report_exemplar_achievements", dossier)
            )
            self.assertIn("BÁO CÁO THÀNH TÍCH", text)
            self.assertIn(signers[dossier.nominee_type], text)
            self.assertIn(dossier.partner_id.name, text)
            self.assertIn(
                f"đạt {dossier.criteria_met_count}/{dossier.criteria_count} tiêu chí",
                text,
            )

    def test_the_report_lists_criteria_values_and_reward_history(self):
        dossier = self._recognised(1, category="district", year=2025)
        self._approved(dossier, number="27/QĐ-UBND")
        line = dossier.criterion_line_ids.filtered(
            lambda line: line.measure == "number"
        )[:1]
        text = self._flat(
            self._text("ntm_exemplar.action_report_exemplar_achievements", dossier)
        )
        self.assertIn(line.criterion_id.with_context(lang="vi_VN").name[:30], text)
        self.assertIn("Quyết định số 27/QĐ-UBND ngày 01/02/2026", text)

    def test_dossiers_export_with_one_column_per_criterion(self):
        district = self._recognised(1, category="district", year=2025)
        dossiers = self._nominees() | district
        book = self._xlsx("ntm_exemplar.report_exemplar_xlsx", dossiers)
        sheet = book.worksheets[0]
        header = self._header_row(sheet, "Reference")
        headers = [c.value for c in sheet[header]]
        codes = set(dossiers.criterion_line_ids.mapped("code"))
        self.assertEqual(len(headers), 11 + len(codes))
        row = {
            sheet.cell(r, 1).value: [c.value for c in sheet[r]]
            for r in range(header + 1, sheet.max_row + 1)
        }
        # A year is written as a year, not as a quantity ("2.025").
        year_cell = sheet.cell(header + 1, headers.index("Year") + 1)
        self.assertIsInstance(year_cell.value, int)
        self.assertEqual(year_cell.number_format, "0")
        individual = dossiers.filtered(lambda d: d.nominee_type == "individual")
        self.assertEqual(row[individual.ref][8], individual.criteria_met_count)
        number_line = district.criterion_line_ids.filtered(
            lambda line: line.measure == "number"
        )[:1]
        column = next(
            i for i, h in enumerate(headers) if h.startswith(number_line.code + " ")
        )
        self.assertEqual(row[district.ref][column], number_line.value_number)

    def test_the_criteria_legend_gives_each_plans_requirement(self):
        past = self._past_plan()
        self._plan_criterion(past, "TC.H03").threshold = 70
        dossiers = self.Exemplar.create(
            [
                self._dossier_vals(self.district_a, category="district", year=2022),
                self._dossier_vals(self.district_a, category="district", year=2025),
            ]
        )
        book = self._xlsx("ntm_exemplar.report_exemplar_xlsx", dossiers)
        legend = book.worksheets[1]
        rows = [
            [c.value for c in row]
            for row in legend.iter_rows(min_row=self._header_row(legend, "Code") + 1)
        ]
        income = [row for row in rows if row[0] == "TC.H03"]
        self.assertEqual(len(income), 2, "one row per plan")
        self.assertEqual(
            {(row[2], row[3].split()[1]) for row in income},
            {(past.display_name, "70"), (dossiers[1].plan_id.display_name, "80")},
        )
        # The dossiers' sheet keeps one column per code.
        sheet = book.worksheets[0]
        headers = [c.value for c in sheet[self._header_row(sheet, "Reference")]]
        self.assertEqual(len([h for h in headers if h.startswith("TC.H03 ")]), 1)

    def test_a_unit_exports_the_dossiers_of_its_subtree(self):
        mine = self.Exemplar.create(self._dossier_vals(self.commune_a2))
        other = self.Exemplar.create(self._dossier_vals(self.commune_b1))
        book = self._xlsx("ntm_exemplar.report_unit_exemplar_xlsx", self.district_a)
        sheet = book.worksheets[0]
        refs = [c.value for c in sheet["A"]][self._header_row(sheet, "Reference") :]
        self.assertIn(mine.ref, refs)
        self.assertNotIn(other.ref, refs)


class TestTopFiveDocument(ReportCommon):
    def test_the_introduction_lists_the_five(self):
        five = self._recognised(5, year=2019)  # a year no selection, demo or not, has
        for i, dossier in enumerate(five):
            dossier.partner_id.name = f"Điển hình số {i + 1}"
        selection = self._confirmed_top_five(2019)
        self.assertRegex(selection.document_number, r"^\d{2}/TTr-VPĐP$")
        text = self._flat(self._text("ntm_exemplar.action_report_top_five", selection))
        self.assertIn("VĂN PHÒNG ĐIỀU PHỐI", text)
        self.assertIn("05 tập thể, cá nhân, hộ gia đình điển hình tiên tiến", text)
        for i in range(5):
            self.assertIn(f"Điển hình số {i + 1}", text)


class TestSummaryReport(ReportCommon):
    def _report(self, **vals):
        return (
            self.env["ntm.summary.report"]
            .with_user(self.manager)
            .create({"unit_id": self.district_a.id, "year": hanoi_today().year, **vals})
        )

    def _figures(self):
        recognised = self._recognised(2)
        self.Exemplar.create(self._dossier_vals(self.commune_a1, category="individual"))
        self.Exemplar.create(self._dossier_vals(self.commune_b1))  # another district
        self.env["ntm.propagation"].create(
            [
                {
                    "name": "Tin bài",
                    "unit_id": self.commune_a2.id,
                    "channel": channel,
                    "audience": 150,
                    "exemplar_ids": [(6, 0, recognised[:1].ids)],
                }
                for channel in ("portal", "portal", "radio")
            ]
        )
        return recognised

    def test_figures_count_the_unit_subtree_by_each_breakdown(self):
        self._figures()
        stats = self._report()._statistics()
        by_unit = {row["unit"]: row for row in stats["units"]}
        self.assertEqual(by_unit[self.district_a]["recognised"], 2)
        self.assertEqual(by_unit[self.commune_a1]["total"], 1)
        self.assertEqual(by_unit[self.commune_a2]["propagation"], 3)
        self.assertEqual(sum(r["total"] for r in stats["units"]), 3)
        categories = {row["key"]: row for row in stats["categories"]}
        self.assertEqual(categories["enterprise"]["eligible"], 2)
        self.assertEqual(categories["individual"]["total"], 1)
        channels = {row["label"]: row for row in stats["channels"]}
        self.assertEqual(channels["Unit's web portal"]["total"], 2)
        self.assertEqual(channels["Unit's web portal"]["audience"], 300)

    def test_the_review_defaults_to_the_users_unit_and_the_city_for_the_office(self):
        Report = self.env["ntm.summary.report"]
        self.assertEqual(
            Report.with_user(self.manager).new({}).unit_id, self.manager.ntm_unit_ids
        )
        office = self.env["ntm.unit"].create(
            {
                "name": "Văn phòng Điều phối",
                "unit_type": "department",
                "parent_id": self.city.id,
            }
        )
        self.user_coordinator.ntm_unit_ids = office
        self.assertEqual(
            Report.with_user(self.user_coordinator).new({}).unit_id, self.city
        )

    def test_rewards_are_counted_by_form_and_nominee_type(self):
        proposal = self._approved(self._recognised(2))
        rewards = self._report()._statistics()["rewards"]
        self.assertEqual(rewards[0]["label"], proposal.reward_form_id.name)
        self.assertEqual(rewards[0]["collective"], 2)

    def test_issuing_numbers_the_report(self):
        report = self._report()
        report.with_user(self.manager).action_issue()
        self.assertRegex(report.document_number, r"^\d{2}/BC-UBND$")
        with self.assertRaises(UserError):
            report.with_user(self.manager).action_issue()

    def test_an_officer_cannot_issue(self):
        report = self._report()
        with self.assertRaises(UserError):
            report.with_user(self.users["officer", self.district_a]).action_issue()
        self.assertFalse(report.document_number)

    def test_the_review_prints_every_breakdown(self):
        self._figures()
        report = self._report(assessment="<p>Phong trào được triển khai sâu rộng.</p>")
        text = self._flat(self._text("ntm_exemplar.action_report_summary", report))
        for expected in (
            NATIONAL_TITLE,
            "BÁO CÁO",
            "Tổng kết công tác phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến",
            "1. Phát hiện, bồi dưỡng, bình xét điển hình tiên tiến theo đơn vị",
            "Xã A2",
            "Tuyên truyền, nhân rộng theo hình thức",
            "Phong trào được triển khai sâu rộng.",
        ):
            self.assertIn(expected, text)

    def test_statistics_export_one_sheet_per_breakdown(self):
        self._figures()
        book = self._xlsx("ntm_exemplar.report_summary_xlsx", self._report())
        self.assertEqual(len(book.worksheets), 5)
        units = book.worksheets[0]
        header = self._header_row(units, "Unit")
        rows = {
            units.cell(r, 1).value: [c.value for c in units[r]]
            for r in range(header + 1, units.max_row + 1)
        }
        self.assertEqual(rows["Xã A2"][6], 3)
        self.assertEqual(rows["Total"][1], 3)


class TestDocumentsReadyToSign(ReportCommon):
    """Every printed document numbers its pages from page 2, in the top
    margin (Decree 30), and names who signs it."""

    def setUp(self):
        super().setUp()
        if not self.real_pdf:
            self.skipTest("wkhtmltopdf and pdftotext are needed to read the PDF")

    def _pages(self, xmlid, records):
        """The text of each page of the real PDF, its lines stripped."""
        pages = self._pdf_text(xmlid, records).split("\f")
        return [
            [line.strip() for line in page.splitlines() if line.strip()]
            for page in pages
            if page.strip()
        ]

    def _font_families(self, xmlid, records):
        """The font families the PDF uses (pdffonts), styles aside."""
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(self._pdf(xmlid, records))
            pdf.flush()
            listing = subprocess.run(
                ["pdffonts", pdf.name], capture_output=True, check=True
            ).stdout.decode()
        names = [line.split()[0] for line in listing.splitlines()[2:] if line]
        return {name.split("+")[-1].split("-")[0] for name in names}

    def _assert_numbered_from_page_2(self, pages):
        self.assertNotEqual(pages[0][0], "1", "the first page bears no number")
        for number, page in enumerate(pages[1:], start=2):
            self.assertEqual(page[0], str(number), f"page {number} is numbered")

    def test_a_long_proposal_numbers_its_pages_from_page_2(self):
        dossiers = self._recognised(12)
        proposal = self._submitted(dossiers, summary="Thành tích tiêu biểu. " * 40)
        pages = self._pages("ntm_exemplar.action_report_reward_proposal", proposal)
        self.assertGreater(len(pages), 2)
        self._assert_numbered_from_page_2(pages)
        self.assertIn("Nguyễn Văn Chủ Tịch", "\n".join(pages[0] + pages[-1]))

    def test_every_document_names_its_signer(self):
        dossiers = self._recognised(2)
        session = dossiers.council_session_ids
        report = self.env["ntm.summary.report"].create(
            {"unit_id": self.district_a.id, "year": hanoi_today().year}
        )
        five = self._recognised(5, year=2019)
        selection = self._confirmed_top_five(2019)
        selection.unit_id.signer_name = "Trần Thị Chánh Văn Phòng"
        documents = (
            (
                "action_report_reward_proposal",
                self._submitted(dossiers[:1]),
                ["Nguyễn Văn Chủ Tịch"],
            ),
            (
                "action_report_exemplar_achievements",
                dossiers[:1],
                ["Nguyễn Văn Chủ Tịch"],
            ),
            (
                "action_report_council_minutes",
                session,
                [self.members[0].name, self.members[2].name],
            ),
            ("action_report_summary", report, ["Nguyễn Văn Chủ Tịch"]),
            ("action_report_top_five", selection, ["Trần Thị Chánh Văn Phòng"]),
        )
        self.assertEqual(len(five), 5)
        for xmlid, records, signers in documents:
            with self.subTest(document=xmlid):
                self.assertEqual(
                    self._font_families(f"ntm_exemplar.{xmlid}", records),
                    {"Tinos"},
                    "one font, Vietnamese letters included",
                )
                pages = self._pages(f"ntm_exemplar.{xmlid}", records)
                text = " ".join(" ".join(page) for page in pages)
                for signer in signers:
                    self.assertIn(signer, text)
                if len(pages) > 1:
                    self._assert_numbered_from_page_2(pages)
