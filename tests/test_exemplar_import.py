import base64
import io
import os
import re
import zipfile
from datetime import date
from unittest.mock import patch

import xlsxwriter
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet._reader import WorkSheetParser

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from ..models.hanoi_date import hanoi_today
from ..models.res_config_settings import import_limits
from .common import NtmCommon

HEADER = (
    "STT",
    "Tên tập thể / cá nhân / hộ gia đình (*)",
    "Nhóm đối tượng (*)",
    "Đơn vị đề nghị (mã hoặc tên) (*)",
    "Tóm tắt thành tích (*)",
    "Nguồn phát hiện",
    "Năm",
    "Ngày sinh (cá nhân)",
)
IMPORT_MODULE = "odoo.addons.ntm_exemplar.wizards.ntm_exemplar_import"
ENTERPRISE_VI = "Doanh nghiệp, hợp tác xã, tổ chức kinh tế, tổ chức xã hội nghề nghiệp"


class ExemplarImportCase(NtmCommon):
    """Rows, files and import helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = hanoi_today().year
        cls.commune_a1.code = "99901"

    def _row(self, seq=1, **values):
        """A valid row of the list, `values` changing some cells."""
        cells = {
            "nominee": f"Hộ gia đình Nguyễn Văn {seq}",
            "category": "Cá nhân",
            "unit": "Huyện A / Xã A1",
            "achievements": "Hiến 200 m² đất làm đường liên thôn.",
            "source": "",
            "year": "",
            **values,
        }
        return [
            seq,
            cells["nominee"],
            cells["category"],
            cells["unit"],
            cells["achievements"],
            cells["source"],
            cells["year"],
        ]

    @staticmethod
    def _xlsx(rows, header=HEADER):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        content = io.BytesIO()
        workbook.save(content)
        return content.getvalue()

    def _wizard(self, content, user=None):
        return (
            self.env["ntm.exemplar.import"]
            .with_user(user or self.user_officer)
            .create({"file": base64.b64encode(content), "file_name": "ds.xlsx"})
        )

    def _import(self, content, user=None):
        return self._wizard(content, user).action_import()

    def _counts(self):
        return (
            self.Exemplar.search_count([]),
            self.env["res.partner"].search_count([]),
        )

    def _assert_refused(self, content, *fragments):
        """The import is refused, its message has every fragment, nothing is
        created."""
        before = self._counts()
        with self.assertRaises(UserError) as refusal:
            self._import(content)
        for fragment in fragments:
            self.assertIn(fragment, str(refusal.exception))
        self.assertEqual(self._counts(), before, "no dossier nor contact created")
        return str(refusal.exception)


class TestExemplarImport(ExemplarImportCase):
    def _template(self, user=None):
        wizard = self._wizard(b"", user)
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(user or self.user_officer)
            ._render_xlsx(
                "ntm_exemplar.exemplar_import_template_report", wizard.ids, {}
            )
        )
        self.assertEqual(kind, "xlsx")
        return content

    def test_template_has_the_columns_a_guide_and_the_units(self):
        workbook = load_workbook(io.BytesIO(self._template()))
        self.assertEqual(
            workbook.sheetnames, ["Danh sách đề nghị", "Hướng dẫn", "Đơn vị"]
        )
        sheet = workbook["Danh sách đề nghị"]
        self.assertEqual(tuple(cell.value for cell in sheet[1]), HEADER)
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertTrue(sheet["B1"].font.b)
        self.assertGreater(sheet.column_dimensions["E"].width, 40)
        guide = [
            cell.value
            for row in workbook["Hướng dẫn"].iter_rows()
            for cell in row
            if cell.value
        ]
        self.assertIn(ENTERPRISE_VI, guide, "categories in Vietnamese")
        self.assertIn("Báo chí", guide, "sources in Vietnamese")
        self.assertIn("Hợp tác xã Dịch vụ nông nghiệp Vân Nội", guide, "a sample row")
        units = [row[1].value for row in workbook["Đơn vị"].iter_rows(min_row=2)]
        self.assertEqual(units, ["Huyện A / Xã A1"], "the officer's units only")

    def test_filled_template_creates_one_dossier_per_row(self):
        workbook = load_workbook(io.BytesIO(self._template()))
        sheet = workbook["Danh sách đề nghị"]
        sheet.append(
            [
                1,
                self.nominee.name,
                ENTERPRISE_VI.upper(),
                "99901",
                "Doanh thu <b>tăng</b> 20%\nOCOP 4 sao",
                "Báo chí",
                self.year - 1,
            ]
        )
        sheet.append(self._row(2, category="individual", unit="  xã a1 "))
        content = io.BytesIO()
        workbook.save(content)
        partners = self.env["res.partner"].search_count([])

        action = self._import(content.getvalue())

        dossiers = self.Exemplar.search(action["params"]["next"]["domain"])
        self.assertEqual(len(dossiers), 2)
        self.assertIn("2", action["params"]["message"])
        first, second = dossiers.sorted("id")
        self.assertEqual(first.partner_id, self.nominee, "existing contact reused")
        self.assertEqual(first.name, self.nominee.name)
        self.assertEqual(first.category, "enterprise")
        self.assertEqual(first.unit_id, self.commune_a1)
        self.assertEqual(first.source, "press")
        self.assertEqual(first.year, self.year - 1)
        self.assertIn("&lt;b&gt;tăng&lt;/b&gt; 20%<br>OCOP 4 sao", first.achievements)
        self.assertEqual(first.stage_id, self.env.ref("ntm_exemplar.stage_discovered"))
        self.assertEqual(first.create_uid, self.user_officer)
        self.assertEqual(second.partner_id.name, "Hộ gia đình Nguyễn Văn 2")
        self.assertFalse(second.partner_id.is_company, "an individual")
        self.assertEqual((second.category, second.source), ("individual", "movement"))
        self.assertEqual(second.year, self.year, "the wizard's year")
        self.assertEqual(self.env["res.partner"].search_count([]), partners + 1)

    def test_unknown_unit_is_refused(self):
        content = self._xlsx([self._row(1), self._row(2, unit="Xã Không Có")])
        self._assert_refused(
            content,
            "Row 3, column 'Đơn vị đề nghị'",
            "'Xã Không Có' is not a known unit",
        )

    def test_unit_outside_the_officers_units_is_refused(self):
        content = self._xlsx([self._row(1, unit="Huyện B / Xã B1")])
        self._assert_refused(
            content, "Row 2, column 'Đơn vị đề nghị'", "you may not file dossiers for"
        )

    def test_merged_unit_is_refused_naming_its_successor(self):
        self.commune_a2.write(
            {"reorganization": "merged", "successor_id": self.commune_a1.id}
        )
        content = self._xlsx([self._row(1, unit="Huyện A / Xã A2")])
        self._assert_refused(content, "Row 2", "Xã A2 was merged into Xã A1 on")

    def test_unknown_category_is_refused(self):
        content = self._xlsx([self._row(1), self._row(2, category="Hợp tác xa")])
        self._assert_refused(
            content,
            "Row 3, column 'Nhóm đối tượng': 'Hợp tác xa' is not a valid nominee "
            "category",
        )

    def test_unknown_source_is_refused(self):
        content = self._xlsx([self._row(1, source="Mạng xã hội")])
        self._assert_refused(
            content, "Row 2, column 'Nguồn phát hiện': 'Mạng xã hội' is not a valid"
        )

    def test_nominee_twice_in_the_file_for_a_year_is_refused(self):
        twice = "Hộ gia đình Trần Văn Bình"
        content = self._xlsx(
            [
                self._row(1, nominee=twice),
                self._row(2, nominee=f" {twice.upper()} "),
                self._row(3, nominee=twice, year=self.year - 1),
            ]
        )
        message = self._assert_refused(
            content, "Row 3, column 'Tên tập thể / cá nhân / hộ gia đình'", "row 2"
        )
        self.assertNotIn("Row 4", message, "another year is another proposal")

    def test_nominee_with_an_open_dossier_is_refused(self):
        dossier = self.Exemplar.create(
            self._dossier_vals(self.commune_b1, self.nominee, year=self.year)
        )
        content = self._xlsx([self._row(1, nominee=self.nominee.name)])
        self._assert_refused(
            content, "Row 2", "already has an open dossier", dossier.ref
        )

    def test_missing_required_value_is_refused(self):
        content = self._xlsx([self._row(1, achievements="")])
        self._assert_refused(
            content, "Row 2, column 'Tóm tắt thành tích': this value is required"
        )

    def test_bad_year_is_refused(self):
        content = self._xlsx([self._row(1, year="2025a"), self._row(2, year=1999)])
        self._assert_refused(
            content,
            "Row 2, column 'Năm': '2025a' is not a year",
            "Row 3, column 'Năm': '1999'",
        )

    def test_missing_and_unknown_columns_are_refused(self):
        header = [*HEADER[:2], "Ghi chú", *HEADER[3:]]
        content = self._xlsx([["1", "A", "Ghi chú", "Xã A1", "B", "", ""]], header)
        self._assert_refused(
            content,
            "Row 1, column 'Ghi chú': this column is not in the template",
            "Row 1, column 'Nhóm đối tượng': this required column is missing",
        )

    def test_file_that_is_not_an_excel_workbook_is_refused(self):
        self._assert_refused(b"STT;Ten\n1;A\n", "is not an Excel workbook (.xlsx)")

    def test_every_error_of_the_file_is_reported_at_once(self):
        content = self._xlsx(
            [
                self._row(1, category="?"),
                self._row(2),
                self._row(3, unit="?", achievements=""),
            ]
        )
        message = self._assert_refused(content, "3 errors")
        self.assertLess(message.index("Row 2,"), message.index("Row 4, column 'Đơn"))
        self.assertLess(message.index("'Đơn vị"), message.index("'Tóm tắt"))

    def test_empty_and_numbered_rows_are_skipped(self):
        content = self._xlsx([self._row(1), [], [2], self._row(3)])
        action = self._import(content)
        self.assertEqual(len(action["params"]["next"]["domain"][0][2]), 2)

    def test_headers_in_any_order_and_case(self):
        header = [HEADER[3].upper(), HEADER[1].lower(), "nhóm  đối tượng", HEADER[4]]
        row = self._row(1)
        content = self._xlsx([[row[3], row[1], row[2], row[4]]], header)
        action = self._import(content)
        dossier = self.Exemplar.search(action["params"]["next"]["domain"])
        self.assertEqual(dossier.partner_id.name, row[1])

    def test_check_lists_the_errors_without_creating_anything(self):
        wizard = self._wizard(self._xlsx([self._row(1), self._row(2, unit="?")]))
        before = self._counts()
        wizard.action_check()
        self.assertIn("Row 3, column", wizard.result)
        self.assertEqual(self._counts(), before)
        wizard.file = base64.b64encode(self._xlsx([self._row(1)]))
        wizard.action_check()
        self.assertIn("1 rows are valid", wizard.result)
        self.assertEqual(self._counts(), before)

    def test_coordinator_imports_for_any_unit(self):
        content = self._xlsx([self._row(1, unit="Huyện B / Xã B2")])
        action = self._import(content, self.user_coordinator)
        dossier = self.Exemplar.search(action["params"]["next"]["domain"])
        self.assertEqual(dossier.unit_id, self.commune_b2)

    def test_errors_are_in_vietnamese_for_a_vietnamese_officer(self):
        content = self._xlsx([self._row(1), self._row(2, category="Hợp tác xa")])
        wizard = self._wizard(content).with_context(lang="vi_VN")
        with self.assertRaises(UserError) as refusal:
            wizard.action_import()
        self.assertIn(
            "Dòng 3, cột 'Nhóm đối tượng': 'Hợp tác xa' không phải nhóm đối tượng "
            "hợp lệ",
            str(refusal.exception),
        )


class TestExemplarImportNamesakes(ExemplarImportCase):
    """Two people may share a name: the import matches nominees by the
    nominees' own rule and reports the rows it cannot decide."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The officer files for Xã A1 and, as a second unit, Xã A2.
        cls.user_officer.ntm_unit_ids |= cls.commune_a2
        cls.commune_a2.code = "99902"
        cls.hung = cls._new_nominee(
            "Nguyễn Văn Hùng",
            ntm_nominee_type="individual",
            ntm_unit_id=cls.commune_a1.id,
            ntm_birthdate=date(1975, 4, 2),
        )

    def _hung(self, seq, unit, birthdate=""):
        return [*self._row(seq, nominee="Nguyễn Văn Hùng", unit=unit), birthdate]

    def test_two_people_of_one_name_in_two_communes_are_two_nominees(self):
        content = self._xlsx(
            [self._hung(1, "99902"), self._hung(2, "99902", "12/08/1990")],
        )
        with self.assertRaises(UserError) as refusal:
            self._import(content)
        self.assertIn("proposed twice", str(refusal.exception), "same name, same place")

        content = self._xlsx(
            [
                self._hung(1, "99902", "03/03/1960"),
                self._hung(2, "99902", "12/08/1990"),
            ],
        )
        dossiers = self.Exemplar.search(
            self._import(content)["params"]["next"]["domain"]
        )
        self.assertEqual(len(dossiers.partner_id), 2, "two people, not merged")
        self.assertNotIn(self.hung, dossiers.partner_id, "nor merged with Xã A1's")
        self.assertEqual(
            sorted(dossiers.partner_id.mapped("ntm_birthdate")),
            [date(1960, 3, 3), date(1990, 8, 12)],
        )
        self.assertTrue(all(dossiers.partner_id.mapped("ntm_is_nominee")))
        self.assertEqual(dossiers.partner_id.ntm_unit_id, self.commune_a2)

    def test_the_recorded_person_of_the_commune_is_reused(self):
        content = self._xlsx([self._hung(1, "99901")])
        dossiers = self.Exemplar.search(
            self._import(content)["params"]["next"]["domain"]
        )
        self.assertEqual(dossiers.partner_id, self.hung)

    def test_another_date_of_birth_is_another_person(self):
        content = self._xlsx([self._hung(1, "99901", "12/08/1990")])
        dossiers = self.Exemplar.search(
            self._import(content)["params"]["next"]["domain"]
        )
        self.assertNotEqual(dossiers.partner_id, self.hung)
        self.assertEqual(dossiers.partner_id.ntm_birthdate, date(1990, 8, 12))

    def test_a_row_that_may_be_two_recorded_people_is_reported(self):
        self._new_nominee(
            "Nguyễn Văn Hùng",
            ntm_nominee_type="individual",
            ntm_unit_id=self.commune_a1.id,
        )
        content = self._xlsx([self._hung(1, "99901")])
        message = self._assert_refused(content, "Nguyễn Văn Hùng", "2 nominees")
        self.assertIn("02/04/1975", message, "the people it may be are named")

    def test_a_wrong_date_of_birth_is_reported(self):
        content = self._xlsx([self._hung(1, "99901", "31/02/1990")])
        self._assert_refused(content, "Ngày sinh", "31/02/1990")


class TestExemplarImportLimits(ExemplarImportCase):
    """A list larger than the limits set in Settings (5 MB, 2,000 rows by
    default) is refused before its rows are checked, and read no further than
    one row past the limit."""

    def _big_xlsx(self, rows):
        """A list of `rows` valid rows, written as a spreadsheet program
        streams a large sheet."""
        content = io.BytesIO()
        workbook = xlsxwriter.Workbook(content, {"constant_memory": True})
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, HEADER)
        for seq in range(1, rows + 1):
            sheet.write_row(seq, 0, self._row(seq))
        workbook.close()
        return content.getvalue()

    @staticmethod
    def _packed_xlsx(rows):
        """A list of `rows` identical rows, packed into a few hundred KB (the
        kind of file that kept a worker busy for a minute)."""
        content = io.BytesIO()
        workbook = xlsxwriter.Workbook(content)
        workbook.add_worksheet().write_row(0, 0, HEADER)
        workbook.close()
        row = (
            "<row>"
            + "".join(
                f'<c t="inlineStr"><is><t>{text}</t></is></c>'
                for text in ("1", "Hộ gia đình", "Cá nhân", "Huyện A / Xã A1", "Hiến")
            )
            + "</row>"
        ).encode()
        packed = io.BytesIO()
        source = zipfile.ZipFile(content)
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
            for info in source.infolist():
                data = source.read(info)
                if not info.filename.startswith("xl/worksheets/"):
                    archive.writestr(info, data)
                    continue
                head, tail = data.split(b"</sheetData>")
                head = re.sub(
                    rb'<dimension ref="[^"]*"',
                    b'<dimension ref="A1:H%d"' % (rows + 1),
                    head,
                )
                with archive.open(info.filename, "w") as sheet:
                    sheet.write(head)
                    for _chunk in range(rows // 10000):
                        sheet.write(row * 10000)
                    sheet.write(b"</sheetData>" + tail)
        return packed.getvalue()

    def _set_limits(self, megabytes=None, rows=None):
        form = Form(self.env["res.config.settings"].with_user(self.user_settings_admin))
        if megabytes is not None:
            form.ntm_import_max_megabytes = megabytes
        if rows is not None:
            form.ntm_import_max_rows = rows
        form.save().execute()

    def _rows_parsed(self):
        """A patch counting the rows of sheet XML openpyxl parses."""
        return patch.object(
            WorkSheetParser,
            "parse_row",
            autospec=True,
            side_effect=WorkSheetParser.parse_row,
        )

    def test_the_defaults_are_5_mb_and_2000_rows(self):
        self.assertEqual(import_limits(self.env), (5 * 1024 * 1024, 2000))
        form = Form(self.env["res.config.settings"].with_user(self.user_settings_admin))
        self.assertEqual(form.ntm_import_max_megabytes, 5)
        self.assertEqual(form.ntm_import_max_rows, 2000)

    def test_a_long_list_is_refused_one_row_past_the_limit(self):
        content = self._big_xlsx(50000)
        self.assertLess(len(content), 5 * 1024 * 1024, "under the size limit")
        with self._rows_parsed() as parsed:
            self._assert_refused(
                content, "more than 2000 rows", "ask an administrator to raise"
            )
        self.assertEqual(parsed.call_count, 1 + 2001, "header and 2,001 rows read")

    def test_the_row_limit_set_in_settings_applies(self):
        self._set_limits(rows=3)
        self._assert_refused(
            self._xlsx([self._row(seq) for seq in range(1, 5)]), "more than 3 rows"
        )
        action = self._import(self._xlsx([self._row(seq) for seq in range(1, 4)]))
        self.assertEqual(len(action["params"]["next"]["domain"][0][2]), 3)

    def test_empty_rows_count_towards_the_limit(self):
        self._set_limits(rows=3)
        self._assert_refused(
            self._xlsx([self._row(1), [], [], [], self._row(5)]), "more than 3 rows"
        )

    def test_a_large_file_is_refused_before_it_is_opened(self):
        self._set_limits(megabytes=1)
        content = b"PK" + os.urandom(1024 * 1024)
        with patch("zipfile.ZipFile", side_effect=AssertionError("opened")):
            self._assert_refused(
                content, "The file is 1.1 MB: the import takes files of 1 MB at most"
            )

    def test_a_list_packed_into_a_small_file_is_refused_unread(self):
        content = self._packed_xlsx(2000000)
        self.assertLess(len(content), 2 * 1024 * 1024, "2,000,000 rows in 2 MB")
        with self._rows_parsed() as parsed:
            self._assert_refused(
                content, "This workbook unpacks to", "more than the 50 MB"
            )
        self.assertEqual(parsed.call_count, 0, "no row read")
        # Were such a file allowed to unpack, it would stop at the row limit.
        with (
            patch(f"{IMPORT_MODULE}.UNPACKED_RATIO", 1000),
            self._rows_parsed() as parsed,
        ):
            self._assert_refused(content, "more than 2000 rows")
        self.assertEqual(parsed.call_count, 1 + 2001)

    def test_a_wrong_parameter_falls_back_to_the_default(self):
        self.env["ir.config_parameter"].set_param(
            "ntm_exemplar.import_max_rows", "deux mille"
        )
        with self.assertLogs("odoo.addons.ntm_exemplar", "WARNING"):
            self.assertEqual(import_limits(self.env)[1], 2000)

    def test_limits_are_at_least_one(self):
        for values in ({"megabytes": 0}, {"rows": -5}):
            with self.subTest(**values), self.assertRaises(ValidationError) as err:
                self._set_limits(**values)
            self.assertIn("at least 1", str(err.exception))
        self.assertEqual(import_limits(self.env), (5 * 1024 * 1024, 2000))

    def test_only_settings_admins_change_the_limits(self):
        for user in (self.user_officer, self.user_admin):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["ir.config_parameter"].with_user(user).set_param(
                        "ntm_exemplar.import_max_rows", "1000000"
                    )
                with self.assertRaises(AccessError):
                    self.env["ir.config_parameter"].with_user(user).create(
                        {"key": "ntm_exemplar.import_max_megabytes", "value": "500"}
                    )
                with self.assertRaises(AccessError):
                    self.env["res.config.settings"].with_user(user).create(
                        {"ntm_import_max_rows": 1000000}
                    ).execute()
        self.assertEqual(import_limits(self.env), (5 * 1024 * 1024, 2000))

    def test_the_refusal_is_in_vietnamese_for_a_vietnamese_officer(self):
        self._set_limits(rows=1)
        wizard = self._wizard(self._xlsx([self._row(1), self._row(2)]))
        with self.assertRaises(UserError) as refusal:
            wizard.with_context(lang="vi_VN").action_check()
        self.assertIn("hơn 1 dòng", str(refusal.exception))
