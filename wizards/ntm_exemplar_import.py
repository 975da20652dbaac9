import base64
import datetime
import io
import logging
import math
import re
import unicodedata
import zipfile
from collections import namedtuple

from markupsafe import Markup
from openpyxl import load_workbook

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from ..models.feedback import done
from ..models.hanoi_date import hanoi_today
from ..models.ntm_exemplar import DEFAULT_MOVEMENT, YEAR_MAX, YEAR_MIN
from ..models.res_config_settings import import_limits
from ..models.res_partner import (
    nominee_name_key,
    nominee_type_for,
    nominees_match,
)

_logger = logging.getLogger(__name__)

# A column of the proposal list: its key, the header the template writes, the
# name error messages give it, whether each row needs a value, and other
# headers accepted for it. Units exchange the file in Vietnamese: the headers
# are part of its format, not of the interface.
Column = namedtuple("Column", "key header label required aliases")
COLUMNS = (
    Column("seq", "STT", "STT", False, ("Số thứ tự", "No.")),
    Column(
        "nominee",
        "Tên tập thể / cá nhân / hộ gia đình (*)",
        "Tên tập thể / cá nhân / hộ gia đình",
        True,
        ("Nominee",),
    ),
    Column("category", "Nhóm đối tượng (*)", "Nhóm đối tượng", True, ("Category",)),
    Column(
        "unit",
        "Đơn vị đề nghị (mã hoặc tên) (*)",
        "Đơn vị đề nghị",
        True,
        ("Đơn vị đề nghị", "Proposing Unit"),
    ),
    Column(
        "achievements",
        "Tóm tắt thành tích (*)",
        "Tóm tắt thành tích",
        True,
        ("Achievements",),
    ),
    Column(
        "source",
        "Nguồn phát hiện",
        "Nguồn phát hiện",
        False,
        ("Discovered Through", "Source"),
    ),
    Column("year", "Năm", "Năm", False, ("Year",)),
    # Tells apart two people of the same name in the same commune.
    Column(
        "birthdate",
        "Ngày sinh (cá nhân)",
        "Ngày sinh",
        False,
        ("Ngày sinh", "Date of Birth"),
    ),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
# Errors listed in the message of a refused import; "Check" lists them all.
MAX_LISTED_ERRORS = 100
# Columns read of each row: the template has 8, and a row padded to the
# 16,384 columns a file may declare would cost memory for nothing.
MAX_COLUMNS = 50
# A proposal list is text, which xlsx packs 5 to 10 times: a workbook that
# unpacks to more than this many times the largest file is not one.
UNPACKED_RATIO = 10


def _megabytes(size):
    """A size in MB as messages give it, rounded up to 0.1: 5, 5.1 for a byte
    over 5 MB."""
    return f"{math.ceil(size * 10 / (1024 * 1024)) / 10:.1f}".removesuffix(".0")


def _text(value):
    """The text of a cell on one line: NFC (Vietnamese typed on some systems
    arrives decomposed), spaces collapsed; 2025.0 reads 2025."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _paragraphs(value):
    """The text of a cell, its line breaks kept."""
    if value is None:
        return ""
    lines = unicodedata.normalize("NFC", str(value)).splitlines()
    return "\n".join(" ".join(line.split()) for line in lines).strip()


def _key(text):
    """What labels, codes and headers are compared by: case and spaces aside."""
    return "".join(_text(text).split()).casefold()


def _header_key(text):
    return _key(re.sub(r"\(\*\)|\*", "", _text(text)))


def _year(value):
    """The year a cell holds, or None if it holds no year of the accepted range."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        value = int(value)
    if isinstance(value, int) and YEAR_MIN <= value <= YEAR_MAX:
        return value
    return None


def _date(value):
    """The date a cell holds (a date cell, or text dd/mm/yyyy), or None."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", _text(value))
    if match:
        day, month, year = map(int, match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
    return None


class NtmExemplarImport(models.TransientModel):
    _name = "ntm.exemplar.import"
    _description = "Import a Proposal List"

    file = fields.Binary(
        "Excel File",
        attachment=False,
        help="The proposal list of a unit, filled from the template (.xlsx).",
    )
    file_name = fields.Char()
    year = fields.Integer(
        required=True,
        default=lambda self: hanoi_today().year,
        help="Emulation year of the rows whose column 'Năm' is empty.",
    )
    result = fields.Html("Check Result", readonly=True, sanitize=True)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_download_template(self):
        return self.env.ref(
            "ntm_exemplar.exemplar_import_template_report"
        ).report_action(self, config=False)

    def action_check(self):
        """Check every row and show the result, without creating anything."""
        self.ensure_one()
        rows, errors = self._read_proposals()
        if errors:
            items = Markup("").join(
                Markup("<li>%s</li>") % line for line in self._error_lines(errors)
            )
            summary = self.env._(
                "The list cannot be imported: %(count)s errors to correct.",
                count=len(errors),
            )
            self.result = Markup('<p class="text-danger">%s</p><ul>%s</ul>') % (
                summary,
                items,
            )
        else:
            self.result = Markup('<p class="text-success">%s</p>') % self.env._(
                "%(count)s rows are valid: the list can be imported.", count=len(rows)
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import a Proposal List"),
        }

    def action_import(self):
        """Create one dossier per row, or none if any row is wrong."""
        self.ensure_one()
        rows, errors = self._read_proposals()
        if errors:
            raise UserError(self._error_message(errors))
        dossiers = self._create_dossiers(rows)
        return done(
            self.env._("%(count)s dossiers were created.", count=len(dossiers)),
            title=self.env._("Proposal list imported"),
            next_action={
                "type": "ir.actions.act_window",
                "name": self.env._("Imported Dossiers"),
                "res_model": "ntm.exemplar",
                "views": [(False, "list"), (False, "form")],
                "domain": [("id", "in", dossiers.ids)],
            },
        )

    # ------------------------------------------------------------------
    # Reading and checking the file
    # ------------------------------------------------------------------

    def _read_proposals(self):
        """(rows, errors): the rows of the file with their values checked, and
        every error found in it, each as (row number, column label, reason)."""
        if not YEAR_MIN <= self.year <= YEAR_MAX:
            raise UserError(
                self.env._(
                    "The import year must be between %(min)s and %(max)s.",
                    min=YEAR_MIN,
                    max=YEAR_MAX,
                )
            )
        sheet = self._read_sheet()
        positions, errors = self._map_header(sheet[0][1] if sheet else ())
        if errors:
            return [], errors
        lookups = self._lookups()
        rows = []
        for number, cells in sheet[1:]:
            raw = {
                key: cells[index] if index < len(cells) else None
                for key, index in positions.items()
            }
            if not any(_text(value) for key, value in raw.items() if key != "seq"):
                continue  # an empty row, perhaps numbered in advance
            row, row_errors = self._check_row(number, raw, lookups)
            rows.append(row)
            errors += row_errors
        if not rows:
            raise UserError(
                self.env._(
                    "The file has no proposal: fill the list in, one nominee per "
                    "row from row 2."
                )
            )
        errors += self._check_nominees(rows)
        order = {column.label: index for index, column in enumerate(COLUMNS)}
        errors.sort(key=lambda error: (error[0], order.get(error[1], -1)))
        return rows, errors

    def _read_sheet(self):
        """[(row number, cells)] of the first sheet, header first; refused
        before it is parsed when the file is larger than the import's limit,
        and as soon as the row past the limit is read."""
        if not self.file:
            raise UserError(
                self.env._("Choose the Excel file of the proposal list to import.")
            )
        max_bytes, max_rows = import_limits(self.env)
        # The size of the upload, from its base64 text: nothing decoded yet.
        size = len(self.file) * 3 // 4 - self.file[-2:].count(b"=")
        if size > max_bytes:
            raise UserError(self._too_large_message(size, max_bytes))
        content = io.BytesIO(base64.b64decode(self.file))
        try:
            # The sizes the zip declares bound what reading can unpack
            # (zipfile stops at them); openpyxl loads shared strings whole.
            with zipfile.ZipFile(content) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as error:
            raise self._not_a_workbook(error) from error
        if unpacked > max_bytes * UNPACKED_RATIO:
            raise UserError(
                self._too_large_message(unpacked, max_bytes * UNPACKED_RATIO, True)
            )
        rows = []
        try:
            workbook = load_workbook(content, read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                # The dimension a file declares may be wrong, or huge on purpose.
                sheet.reset_dimensions()
                cells = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
                for number, row in enumerate(cells, start=1):
                    rows.append((number, row))
                    if number > max_rows + 1:
                        break  # one row past the limit: refused below
            finally:
                workbook.close()
        except Exception as error:  # openpyxl fails in many ways on other files
            raise self._not_a_workbook(error) from error
        if len(rows) > max_rows + 1:
            raise UserError(
                self.env._(
                    "The list has more than %(max)s rows below its header: the "
                    "import takes %(max)s rows at most, empty rows included. Split "
                    "it into several files, or ask an administrator to raise the "
                    "limit in Settings.",
                    max=max_rows,
                )
            )
        return rows

    def _not_a_workbook(self, error):
        _logger.info("Proposal list %s is not a workbook: %s", self.file_name, error)
        return UserError(
            self.env._(
                "This file is not an Excel workbook (.xlsx): open it in Excel, "
                "save it as 'Excel Workbook (*.xlsx)' and upload it again."
            )
        )

    def _too_large_message(self, size, limit, unpacked=False):
        values = {"size": _megabytes(size), "max": _megabytes(limit)}
        if unpacked:
            return self.env._(
                "This workbook unpacks to %(size)s MB, more than the %(max)s MB a "
                "proposal list may take: save only the list in Excel, as 'Excel "
                "Workbook (*.xlsx)', without pictures or other sheets, and upload "
                "it again.",
                **values,
            )
        return self.env._(
            "The file is %(size)s MB: the import takes files of %(max)s MB at "
            "most. Split the list into several files, or ask an administrator "
            "to raise the limit in Settings.",
            **values,
        )

    def _map_header(self, header):
        """({column key: cell index}, errors) from the first row."""
        accepted = {}
        for column in COLUMNS:
            for text in (column.header, column.label, *column.aliases):
                accepted[_header_key(text)] = column
        positions, errors = {}, []
        expected = ", ".join(column.header for column in COLUMNS)
        for index, cell in enumerate(header):
            text = _text(cell)
            if not text:
                continue
            column = accepted.get(_header_key(text))
            if not column:
                errors.append(
                    (
                        1,
                        text,
                        self.env._(
                            "this column is not in the template (its columns: "
                            "%(columns)s)",
                            columns=expected,
                        ),
                    )
                )
            elif column.key in positions:
                errors.append((1, text, self.env._("this column appears twice")))
            else:
                positions[column.key] = index
        errors += [
            (1, column.label, self.env._("this required column is missing"))
            for column in COLUMNS
            if column.required and column.key not in positions
        ]
        return positions, errors

    def _lookups(self):
        """What rows are checked against: the labels and keys of the
        categories and sources, the units by code and name, and the units the
        user may file dossiers for."""
        # The rule of the dossier form: in operation, the user's own and below.
        allowed = self.env["ntm.exemplar"].new({}).allowed_unit_ids._origin
        # Every unit, to tell an unknown unit from one the user may not use.
        Unit = self.env["ntm.unit"].with_context(active_test=False)
        units = Unit.search([])  # pylint: disable=no-search-all
        by_key, by_code_number = {}, {}
        for unit in units:
            # "Huyện A / Xã A2", as the template lists units (a former unit's
            # display name adds its end date).
            short = f"{unit.parent_id.name} / {unit.name}" if unit.parent_id else None
            names = {unit.code, unit.name, unit.complete_name, unit.display_name, short}
            for name in filter(None, names):
                by_key[_key(name)] = by_key.get(_key(name), units.browse()) | unit
            if unit.code and unit.code.isdigit():
                number = int(unit.code)
                by_code_number[number] = (
                    by_code_number.get(number, units.browse()) | unit
                )
        return {
            "category": self._choices("category"),
            "source": self._choices("source"),
            "units": by_key,
            "unit_codes": by_code_number,
            "allowed": allowed,
        }

    def _choices(self, field_name):
        """{label or key: key} of a selection field of the dossier, with its
        labels in every installed language."""
        field = self.env["ntm.exemplar"]._fields[field_name]
        choices = {}
        for lang, _name in self.env["res.lang"].get_installed():
            for key, label in field._description_selection(
                self.with_context(lang=lang).env
            ):
                choices[_key(label)] = key
                choices[_key(key)] = key
        return choices

    def _check_row(self, number, raw, lookups):
        """(values, errors) of one row of the file."""
        row = {"row": number, "unit": None}
        errors = []

        def error(key, reason):
            errors.append((number, COLUMN_BY_KEY[key].label, reason))

        for column in COLUMNS:
            if column.required and not _text(raw.get(column.key)):
                error(column.key, self.env._("this value is required"))
        row["nominee"] = _text(raw.get("nominee"))
        row["achievements"] = _paragraphs(raw.get("achievements"))
        for key in ("category", "source"):
            value = _text(raw.get(key))
            row[key] = lookups[key].get(_key(value)) if value else None
            if value and not row[key]:
                error(key, self._choice_error(key, value))
        unit_value = _text(raw.get("unit"))
        if unit_value:
            row["unit"], reason = self._find_unit(raw["unit"], lookups)
            if reason:
                error("unit", reason)
        birthdate_value = raw.get("birthdate")
        row["birthdate"] = None
        if _text(birthdate_value):
            row["birthdate"] = _date(birthdate_value)
            if not row["birthdate"] or row["birthdate"] > hanoi_today():
                error(
                    "birthdate",
                    self.env._(
                        "'%(value)s' is not a date of birth: write it dd/mm/yyyy",
                        value=_text(birthdate_value),
                    ),
                )
        year_value = raw.get("year")
        row["year"] = _year(year_value) if _text(year_value) else self.year
        if not row["year"]:
            error(
                "year",
                self.env._(
                    "'%(value)s' is not a year between %(min)s and %(max)s",
                    value=_text(year_value),
                    min=YEAR_MIN,
                    max=YEAR_MAX,
                ),
            )
        return row, errors

    def _choice_error(self, key, value):
        if key == "category":
            return self.env._(
                "'%(value)s' is not a valid nominee category", value=value
            )
        return self.env._("'%(value)s' is not a valid discovery source", value=value)

    def _find_unit(self, value, lookups):
        """(unit, reason): the unit a cell names, or why it names none the user
        may file a dossier for."""
        text = _text(value)
        units = lookups["units"].get(_key(text), self.env["ntm.unit"])
        if isinstance(value, int | float) and float(value).is_integer():
            # A code typed as a number: 9877 for 09877.
            units |= lookups["unit_codes"].get(int(value), self.env["ntm.unit"])
        if not units:
            return None, self.env._(
                "'%(value)s' is not a known unit: write its code or its full name",
                value=text,
            )
        allowed = units & lookups["allowed"]
        if len(allowed) == 1:
            return allowed, None
        if allowed:
            return None, self.env._(
                "'%(value)s' names several units (%(units)s): write the code or "
                "the complete name",
                value=text,
                units=", ".join(allowed.mapped("display_name")),
            )
        closed = units._filter_closed()
        if closed:
            return None, closed[0]._closed_message()
        names = ", ".join(units.mapped("display_name"))
        return None, self.env._(
            "you may not file dossiers for %(units)s: only for your units and the "
            "units below them",
            units=names,
        )

    def _check_nominees(self, rows):
        """Each row's nominee, found by the nominees' own matching rule
        (res.partner._ntm_matching_nominees) or new; errors of rows that match
        several recorded nominees (reported, never merged) and of nominees
        proposed twice for a year, in the file or with a dossier still open."""
        errors = []

        def error(row, reason):
            errors.append((row["row"], COLUMN_BY_KEY["nominee"].label, reason))

        Partner = self.env["res.partner"]
        seen, people = {}, []
        complete = [
            row for row in rows if row["nominee"] and row["year"] and row["unit"]
        ]
        found = Partner._ntm_matching_nominees_batch(
            [(row["nominee"], row["birthdate"], row["unit"], None) for row in complete]
        )
        matches_of = {
            row["row"]: matches for row, matches in zip(complete, found, strict=True)
        }
        for row in rows:
            row["partner"] = Partner
            if row["row"] not in matches_of:
                continue
            matches = matches_of[row["row"]]
            if len(matches) > 1:
                error(
                    row,
                    self.env._(
                        "'%(value)s' may be any of %(count)s nominees already "
                        "recorded (%(nominees)s): write the date of birth to tell "
                        "them apart, or file this dossier from the form",
                        value=row["nominee"],
                        count=len(matches),
                        nominees="; ".join(
                            self._nominee_label(match) for match in matches
                        ),
                    ),
                )
                continue
            row["partner"] = matches
            row["person"] = self._new_person(row, people) if not matches else None
            person = matches or row["person"]
            first = seen.setdefault((person, row["year"]), row)
            if first is not row:
                error(
                    row,
                    self.env._(
                        "'%(value)s' is proposed twice for %(year)s: also on "
                        "row %(row)s",
                        value=row["nominee"],
                        year=row["year"],
                        row=first["row"],
                    ),
                )
        matched = [row for row in seen.values() if row["partner"]]
        if not matched:
            return errors
        Exemplar = self.env["ntm.exemplar"]
        # sudo: as the model's own rule, it holds across units the user cannot see.
        open_dossiers = (
            Exemplar.sudo()
            .with_context(active_test=True)
            .search(
                [
                    ("partner_id", "in", [row["partner"].id for row in matched]),
                    ("year", "in", list({row["year"] for row in matched})),
                    ("movement", "=", DEFAULT_MOVEMENT),
                    *Exemplar._open_dossier_domain(),
                ]
            )
        )
        by_nominee = {(d.partner_id.id, d.year): d for d in open_dossiers}
        for row in matched:
            dossier = by_nominee.get((row["partner"].id, row["year"]))
            if dossier:
                error(
                    row,
                    self.env._(
                        "'%(value)s' already has an open dossier for %(year)s: "
                        "%(ref)s (%(unit)s)",
                        value=row["nominee"],
                        year=row["year"],
                        ref=dossier.ref,
                        unit=dossier.unit_id.display_name,
                    ),
                )
        return errors

    def _new_person(self, row, people):
        """The index in `people` of the new nominee of a row that matched no
        recorded one: the one of an earlier row that may be the same person
        (the nominees' own rule), or a new one."""
        details = (
            nominee_name_key(row["nominee"]),
            row["birthdate"],
            row["unit"]._ntm_today_units(),
            None,
        )
        for index, known in enumerate(people):
            if nominees_match(details, known):
                return index
        people.append(details)
        return len(people) - 1

    def _nominee_label(self, partner):
        """A recorded nominee as an error names them: commune, date of birth."""
        # sudo: who matches is shown, whichever unit recorded them.
        partner = partner.sudo()
        details = [partner.ntm_unit_id.display_name]
        if partner.ntm_birthdate:
            details.append(
                self.env._(
                    "born %(date)s",
                    date=partner.ntm_birthdate.strftime("%d/%m/%Y"),
                )
            )
        return f"{partner.name} ({', '.join(filter(None, details))})"

    def _error_lines(self, errors):
        return [
            self.env._(
                "Row %(row)s, column '%(column)s': %(reason)s",
                row=row,
                column=column,
                reason=reason,
            )
            for row, column, reason in errors
        ]

    def _error_message(self, errors):
        lines = self._error_lines(errors)
        message = [
            self.env._(
                "The proposal list was not imported and no dossier was created: "
                "%(count)s errors to correct.",
                count=len(errors),
            ),
            *lines[:MAX_LISTED_ERRORS],
        ]
        if len(lines) > MAX_LISTED_ERRORS:
            more = len(lines) - MAX_LISTED_ERRORS
            message.append(
                self.env._(
                    "... and %(count)s more errors: the button 'Check' lists them all.",
                    count=more,
                )
            )
        return "\n".join(message)

    # ------------------------------------------------------------------
    # Creating the dossiers
    # ------------------------------------------------------------------

    def _create_dossiers(self, rows):
        """One dossier per row, in the first stage, for the nominee its row
        matched or a new one, created by the user under the nominees' rules."""
        new_partners = {}
        for row in rows:
            if not row["partner"]:
                new_partners.setdefault(
                    row["person"],
                    {
                        "name": row["nominee"],
                        "ntm_is_nominee": True,
                        "ntm_nominee_type": nominee_type_for(
                            row["category"], row["nominee"]
                        ),
                        "ntm_unit_id": row["unit"].id,
                        "ntm_birthdate": row["birthdate"],
                    },
                )
        created = dict(
            zip(
                new_partners,
                self.env["res.partner"].create(list(new_partners.values())),
                strict=True,
            )
        )
        stage = self.env.ref("ntm_exemplar.stage_discovered")
        return self.env["ntm.exemplar"].create(
            [
                {
                    "name": row["nominee"],
                    "partner_id": (row["partner"] or created[row["person"]]).id,
                    "category": row["category"],
                    "unit_id": row["unit"].id,
                    "achievements": plaintext2html(row["achievements"]),
                    "source": row["source"] or "movement",
                    "year": row["year"],
                    "stage_id": stage.id,
                    "nominee_birthdate": row["birthdate"],
                }
                for row in rows
            ]
        )
