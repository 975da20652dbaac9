import re
import unicodedata

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .hanoi_date import check_birthdate
from .ntm_exemplar import NOMINEE_TYPES

# Số định danh cá nhân (CCCD, 12 digits) or a former CMND (9 digits).
ID_NUMBER = re.compile(r"\d{9}|\d{12}")


def nominee_name_key(name):
    """What nominees' names are compared by: NFC (Vietnamese typed on some
    systems arrives decomposed), spaces collapsed, case aside. Diacritics are
    kept: Hùng and Hưng are two names."""
    return " ".join(unicodedata.normalize("NFC", name or "").split()).casefold()


def nominees_match(first, second):
    """Whether two nominees' details, each (name key, date of birth, today's
    units, ID number), may be one person: the same ID number; or the same
    name and either the same date of birth or, without two different dates,
    the same commune. Two ID numbers, or two dates, that differ are two
    people."""
    name_a, birthdate_a, units_a, id_a = first
    name_b, birthdate_b, units_b, id_b = second
    if id_a and id_b:
        return id_a == id_b
    if name_a != name_b:
        return False
    if birthdate_a and birthdate_b:
        return birthdate_a == birthdate_b
    return bool(units_a & units_b)


def nominee_type_for(category, name):
    """The type of a new nominee of a dossier category: "Hộ ông ..." among
    the other nominees is a household; no category yet, a person."""
    household = nominee_name_key(name).startswith("hộ ")
    if category == "individual" or not category:
        return "household" if household and not category else "individual"
    if category == "other" and household:
        return "household"
    return "collective"


class ResPartner(models.Model):
    _inherit = "res.partner"

    ntm_is_nominee = fields.Boolean(
        "Exemplar Nominee",
        index=True,
        copy=False,
        help="A person, household or organisation that is or was proposed as an "
        "exemplar: the only contacts a dossier may name.",
    )
    ntm_nominee_type = fields.Selection(
        NOMINEE_TYPES,
        "Nominee Type",
        help="An individual, a household or a collective (an organisation).",
    )
    ntm_birthdate = fields.Date("Date of Birth")
    ntm_gender = fields.Selection([("male", "Male"), ("female", "Female")], "Gender")
    ntm_workplace = fields.Char(
        "Workplace", help="Where the nominee works, e.g. 'UBND xã Phúc Thịnh'."
    )
    ntm_unit_id = fields.Many2one(
        "ntm.unit",
        "Commune / Ward",
        index=True,
        # Contacts outlive the addon: uninstalling it empties the field.
        ondelete="set null",
        help="Where the nominee lives or has their seat: officers of this unit and "
        "of the units above it keep the nominee up to date.",
    )
    ntm_allowed_unit_ids = fields.Many2many(
        "ntm.unit",
        string="Units Open to the User",
        compute="_compute_ntm_allowed_unit_ids",
        help="Units in operation the current user may record nominees for.",
    )
    ntm_id_number = fields.Char(
        "ID Number",
        copy=False,
        help="Personal identification number (CCCD, 12 digits), optional.",
    )
    ntm_name_key = fields.Char(
        "Name as Matched",
        compute="_compute_ntm_name_key",
        store=True,
        index=True,
        help="The name as nominees are matched by: case and spaces aside.",
    )
    ntm_duplicate_ids = fields.Many2many(
        "res.partner",
        string="Possible Duplicates",
        compute="_compute_ntm_duplicate_ids",
        help="Nominees already recorded with the same name and date of birth, or "
        "the same name in the same commune.",
    )
    ntm_dossier_years = fields.Char(
        "Dossier Years",
        compute="_compute_ntm_dossier_years",
        help="The years of the nominee's dossiers, in every unit.",
    )

    @api.model
    def default_get(self, fields):
        defaults = super().default_get(fields)
        if defaults.get("ntm_is_nominee"):
            if "ntm_unit_id" in fields and not defaults.get("ntm_unit_id"):
                # The user's unit in operation, as for their dossiers.
                unit = self.env["ntm.exemplar"]._default_unit_id()
                defaults["ntm_unit_id"] = unit.id or False
            if "ntm_nominee_type" in fields and not defaults.get("ntm_nominee_type"):
                defaults["ntm_nominee_type"] = nominee_type_for(
                    self.env.context.get("ntm_category"), defaults.get("name")
                )
        return defaults

    @api.depends_context("uid")
    def _compute_ntm_allowed_unit_ids(self):
        # The units the user files dossiers for: the dossiers' own rule.
        self.ntm_allowed_unit_ids = self.env["ntm.exemplar"]._user_allowed_units()

    @api.depends("name")
    def _compute_ntm_name_key(self):
        for partner in self:
            partner.ntm_name_key = nominee_name_key(partner.name)

    @api.depends("name", "ntm_birthdate", "ntm_unit_id", "ntm_id_number")
    def _compute_ntm_duplicate_ids(self):
        for partner in self:
            if not partner.ntm_is_nominee or not partner.name:
                partner.ntm_duplicate_ids = False
                continue
            partner.ntm_duplicate_ids = (
                self._ntm_matching_nominees(
                    partner.name,
                    birthdate=partner.ntm_birthdate,
                    unit=partner.ntm_unit_id,
                    id_number=partner.ntm_id_number,
                )
                - partner._origin
            )

    def _compute_ntm_dossier_years(self):
        # sudo: the years say who the person is, whichever unit filed them; the
        # dossiers themselves stay behind their units' rules.
        groups = (
            self.env["ntm.exemplar"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [("partner_id", "in", self._origin.ids)],
                ["partner_id", "year"],
            )
        )
        years = {}
        for partner, year in groups:
            years.setdefault(partner.id, []).append(year)
        for partner in self:
            partner.ntm_dossier_years = ", ".join(
                str(year) for year in sorted(years.get(partner._origin.id, []))
            )

    @api.model
    def _ntm_matching_nominees(self, name, birthdate=None, unit=None, id_number=None):
        """The nominees a new one with these details may be: the same ID
        number; or the same name and either the same date of birth or the same
        commune (today's, across the reform) without a different date of birth.
        The one rule of the form, the dossier's "Tạo" and the import."""
        return self._ntm_matching_nominees_batch([(name, birthdate, unit, id_number)])[
            0
        ]

    @api.model
    def _ntm_matching_nominees_batch(self, people):
        """_ntm_matching_nominees for each (name, birthdate, unit, id_number)
        of `people`, with one search for all (the import's rows)."""
        Unit = self.env["ntm.unit"]
        details = [
            (
                nominee_name_key(name),
                birthdate,
                (unit or Unit)._ntm_today_units(),
                ident,
            )
            for name, birthdate, unit, ident in people
        ]
        keys = {detail[0] for detail in details if detail[0]}
        ids = {detail[3] for detail in details if detail[0] and detail[3]}
        if not keys:
            return [self.browse() for _detail in details]
        # sudo: a person is one person whichever unit recorded them first; the
        # officer sees who matches (name, unit, years), not their dossiers.
        Partner = self.sudo().with_context(active_test=False)
        domain = [("ntm_is_nominee", "=", True), ("ntm_name_key", "in", list(keys))]
        if ids:
            domain = ["|", ("ntm_id_number", "in", list(ids)), *domain]
        candidates = [
            (candidate, candidate._ntm_match_details())
            for candidate in Partner.search(domain, order="id")
        ]
        result = []
        for detail in details:
            matches = self.browse()
            if detail[0]:
                for candidate, known in candidates:
                    if nominees_match(detail, known):
                        matches |= candidate
            result.append(matches.sudo(False).with_env(self.env))
        return result

    def _ntm_match_details(self):
        """The details nominees are matched by (see nominees_match)."""
        self.ensure_one()
        return (
            self.ntm_name_key,
            self.ntm_birthdate,
            self.ntm_unit_id._ntm_today_units(),
            self.ntm_id_number,
        )

    @api.model
    def ntm_find_matching_nominees(self, name, unit_id=False, birthdate=False):
        """The nominees the dossier's "Tạo" shows before creating one: their
        name, unit and dossier years, for the officer to pick."""
        if not self.env.user.has_group("ntm_exemplar.group_officer"):
            raise AccessError(
                self.env._("Only officers who file dossiers look nominees up.")
            )
        matches = self._ntm_matching_nominees(
            name,
            birthdate=fields.Date.to_date(birthdate) if birthdate else None,
            unit=self.env["ntm.unit"].browse(unit_id).exists(),
        )
        # sudo: the fields shown are those of the match itself (see above).
        return [
            {
                "id": match.id,
                "display_name": match.display_name,
                "name": match.name,
                "birthdate": match.ntm_birthdate
                and fields.Date.to_string(match.ntm_birthdate),
                "unit": match.sudo().ntm_unit_id.display_name or "",
                "position": match.function or "",
                "years": match.sudo().ntm_dossier_years,
            }
            for match in matches
        ]

    @api.constrains("ntm_id_number")
    def _check_ntm_id_number(self):
        for partner in self.filtered("ntm_id_number"):
            if not ID_NUMBER.fullmatch(partner.ntm_id_number):
                raise ValidationError(
                    self.env._(
                        "The ID number of %(nominee)s must have 12 digits (CCCD) or "
                        "9 (former CMND).",
                        nominee=partner.name,
                    )
                )
        numbered = self.filtered("ntm_id_number")
        if numbered:
            # sudo: the number is unique across units the user cannot see.
            clash = self.sudo().search(
                [
                    ("ntm_id_number", "in", numbered.mapped("ntm_id_number")),
                    ("id", "not in", numbered.ids),
                ],
                limit=1,
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "ID number %(number)s is already recorded for %(nominee)s "
                        "(%(unit)s).",
                        number=clash.ntm_id_number,
                        nominee=clash.name,
                        unit=clash.ntm_unit_id.display_name or "-",
                    )
                )

    @api.constrains("ntm_birthdate")
    def _check_ntm_birthdate(self):
        for partner in self:
            check_birthdate(self.env, partner.ntm_birthdate, partner.name)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            nominee = vals.get(
                "ntm_is_nominee", self.env.context.get("default_ntm_is_nominee")
            )
            if nominee and not vals.get("ntm_nominee_type"):
                vals["ntm_nominee_type"] = nominee_type_for(
                    self.env.context.get("ntm_category"), vals.get("name")
                )
            self._ntm_prepare_nominee_vals(vals, nominee)
        partners = super().create(vals_list)
        partners.filtered("ntm_is_nominee")._ntm_check_unit_in_operation()
        return partners

    def write(self, vals):
        self._ntm_prepare_nominee_vals(
            vals, vals.get("ntm_is_nominee") or any(self.mapped("ntm_is_nominee"))
        )
        result = super().write(vals)
        if {"ntm_unit_id", "ntm_is_nominee"} & set(vals):
            # Rules are checked on the records before the write: check them on
            # the new values too, so that an officer neither moves a nominee
            # out of their units nor turns one into another contact.
            self.check_access("write")
            self.filtered("ntm_is_nominee")._ntm_check_unit_in_operation()
        return result

    @api.model
    def _ntm_prepare_nominee_vals(self, vals, nominee):
        """A nominee's name as matched (spaces collapsed), and a collective is
        a company contact."""
        if vals.get("name") and nominee:
            vals["name"] = " ".join(unicodedata.normalize("NFC", vals["name"]).split())
        if vals.get("ntm_nominee_type"):
            vals["is_company"] = vals["ntm_nominee_type"] == "collective"

    def _ntm_check_unit_in_operation(self):
        """New nominees live in units in operation (not merged or dissolved)."""
        self.ntm_unit_id._raise_if_closed(ValidationError)

    @api.depends_context("ntm_nominee_display")
    def _compute_display_name(self):
        super()._compute_display_name()
        if not self.env.context.get("ntm_nominee_display"):
            return
        # In the dossier's dropdown: two people of the same name differ by
        # their commune and year of birth.
        for partner in self.filtered("ntm_is_nominee"):
            details = [
                partner.ntm_unit_id.name,
                partner.ntm_birthdate and str(partner.ntm_birthdate.year),
            ]
            details = [detail for detail in details if detail]
            if details:
                partner.display_name = f"{partner.display_name} ({', '.join(details)})"
