from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .hanoi_date import hanoi_today, in_force_domain

UNIT_TYPES = [
    ("city", "City"),
    ("department", "Department, agency, Front or mass organisation"),
    ("urban_district", "Urban district (quận)"),
    ("rural_district", "Rural district (huyện)"),
    ("town", "Town (thị xã)"),
    ("ward", "Ward (phường)"),
    ("commune", "Commune (xã)"),
    ("township", "Township (thị trấn)"),
    ("other", "Other organisation"),
]

# Units whose documents are issued by their People's Committee (UBND).
PEOPLES_COMMITTEE_TYPES = (
    "city",
    "urban_district",
    "rural_district",
    "town",
    "ward",
    "commune",
    "township",
)
# Agencies that answer to the city People's Committee: their documents carry
# it above their own name (Decree 30/2020, appendix I).
UBND_AGENCY_PREFIXES = ("Sở ", "Văn phòng ", "Ban Thi đua")
# Usual abbreviations of the city agencies of the plan (their document symbols).
AGENCY_SYMBOLS = {
    "Sở Nông nghiệp và Phát triển nông thôn": "SNN",
    "Sở Nông nghiệp và Môi trường": "SNNMT",
    "Sở Tài nguyên và Môi trường": "STNMT",
    "Ban Tuyên giáo và Dân vận Thành ủy": "BTGDVTU",
    "Văn phòng Điều phối Chương trình xây dựng nông thôn mới Thành phố": "VPĐP",
    "Ban Thi đua - Khen thưởng Thành phố": "BTĐKT",
    "Ban Tuyên giáo Thành ủy": "BTGTU",
    "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố": "MTTQ",
    "Hội Liên hiệp Phụ nữ Thành phố": "HLHPN",
    "Hội Nông dân Thành phố": "HND",
    "Thành đoàn Hà Nội": "TĐTN",
    "Hội Cựu chiến binh Thành phố": "CCB",
    "Liên đoàn Lao động Thành phố": "LĐLĐ",
}
UNIT_NAME_PREFIXES = ("Thành phố ", "Quận ", "Huyện ", "Thị xã ", "Phường ", "Xã ")
UNIT_NAME_PREFIXES_2 = ("Thị trấn ",)

REORGANIZATIONS = [
    ("none", "In operation"),
    ("merged", "Merged"),
    ("dissolved", "Dissolved"),
]


class NtmUnit(models.Model):
    _name = "ntm.unit"
    _description = "Administrative Unit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _parent_store = True
    _rec_name = "complete_name"
    _rec_names_search = ["complete_name", "code"]
    _order = "sequence, code, name"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        index=True,
        tracking=True,
        help="Code of the General Statistics Office (GSO), where the unit has one.",
    )
    unit_type = fields.Selection(UNIT_TYPES, "Type", required=True, tracking=True)
    sequence = fields.Integer(default=100)
    parent_id = fields.Many2one(
        "ntm.unit", "Parent Unit", index=True, ondelete="restrict", tracking=True
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("ntm.unit", "parent_id", "Subordinate Units")
    complete_name = fields.Char(
        compute="_compute_complete_name", recursive=True, store=True
    )
    active = fields.Boolean(default=True)
    # A unit is known by its code only together with its dates: since the
    # reform of 1 July 2025 many new communes carry the code of a former one.
    valid_from = fields.Date(
        "In Operation From",
        tracking=True,
        help="First day of the unit; empty when it existed before the addon's data.",
    )
    valid_until = fields.Date(
        "In Operation Until",
        tracking=True,
        help="Last day of the unit: from the next day no new record is filed for it.",
    )
    is_operating = fields.Boolean(
        "In Operation",
        compute="_compute_is_operating",
        search="_search_is_operating",
        help="The unit operates today: new dossiers, councils, propagation and "
        "proposals can be filed for it.",
    )
    reorganization = fields.Selection(
        REORGANIZATIONS,
        required=True,
        default="none",
        tracking=True,
        help="How the unit ended. Units merged or dissolved keep their dossiers and "
        "history, but no new record can be filed for them.",
    )
    successor_id = fields.Many2one(
        "ntm.unit",
        "Successor Unit",
        index=True,
        ondelete="restrict",
        tracking=True,
        help="The unit that took over (for a divided commune, the one that received "
        "its main part).",
    )
    predecessor_ids = fields.One2many("ntm.unit", "successor_id", "Predecessor Units")
    receiving_unit_ids = fields.Many2many(
        "ntm.unit",
        "ntm_unit_receiving_rel",
        "former_unit_id",
        "receiving_unit_id",
        "Receiving Units",
        help="Every unit that received all or part of this unit, the successor "
        "included: their users read the records of this unit.",
    )
    received_unit_ids = fields.Many2many(
        "ntm.unit",
        "ntm_unit_receiving_rel",
        "receiving_unit_id",
        "former_unit_id",
        "Former Units Received",
        help="Former units of which this unit received all or part.",
    )
    # How the unit signs its documents (Decree 30/2020/NĐ-CP).
    document_parent_body = fields.Char(
        "Superior Body",
        compute="_compute_document_identity",
        recursive=True,
        store=True,
        readonly=False,
        help="Printed above the issuing body in documents, e.g. 'Ủy ban nhân dân "
        "thành phố Hà Nội' above a department; empty for a People's Committee.",
    )
    document_body = fields.Char(
        "Issuing Body",
        compute="_compute_document_identity",
        recursive=True,
        store=True,
        readonly=False,
        help="Name of the body that issues the unit's documents, e.g. 'Ủy ban nhân "
        "dân xã Vân Nội'.",
    )
    document_symbol = fields.Char(
        "Body Abbreviation",
        compute="_compute_document_identity",
        recursive=True,
        store=True,
        readonly=False,
        help="Abbreviation in the symbol of its documents: 'UBND' in '12/TTr-UBND'.",
    )
    place_name = fields.Char(
        compute="_compute_document_identity",
        recursive=True,
        store=True,
        readonly=False,
        help="Place written before the date of its documents: 'Vân Nội, ngày ...'.",
    )
    signer_title = fields.Char(
        "Signer's Title",
        compute="_compute_document_identity",
        recursive=True,
        store=True,
        readonly=False,
        help="Title of the head who signs: 'Chủ tịch', 'Giám đốc'...",
    )
    signer_name = fields.Char("Signer's Name", tracking=True)

    @api.depends("valid_from", "valid_until")
    def _compute_is_operating(self):
        today = hanoi_today()
        for unit in self:
            unit.is_operating = unit._operates_on(today)

    def _search_is_operating(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        today = hanoi_today()
        operating = in_force_domain(today)
        if (operator == "=") == value:
            return operating
        return ["|", ("valid_from", ">", today), ("valid_until", "<", today)]

    def _operates_on(self, day):
        self.ensure_one()
        return (not self.valid_from or self.valid_from <= day) and (
            not self.valid_until or self.valid_until >= day
        )

    @api.constrains("valid_from", "valid_until")
    def _check_validity(self):
        for unit in self:
            if (
                unit.valid_from
                and unit.valid_until
                and unit.valid_until < unit.valid_from
            ):
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s cannot end before it starts.",
                        unit=unit.complete_name,
                    )
                )

    @api.constrains("code", "unit_type", "valid_from", "valid_until")
    def _check_code_period(self):
        """Two units of a type share a code only at different times."""
        coded = self.filtered("code")
        if not coded:
            return
        same_code = self.with_context(active_test=False).search(
            [("code", "in", coded.mapped("code"))]
        )
        low, high = fields.Date.to_date("1900-01-01"), fields.Date.to_date("2100-12-31")
        for unit in coded:
            for other in same_code:
                if (
                    other != unit
                    and other.code == unit.code
                    and other.unit_type == unit.unit_type
                    and (other.valid_from or low) <= (unit.valid_until or high)
                    and (unit.valid_from or low) <= (other.valid_until or high)
                ):
                    raise ValidationError(
                        self.env._(
                            "Units %(unit)s and %(other)s have the same type and "
                            "code %(code)s at the same time: a code names one unit "
                            "at a time (give one of them its end or start date).",
                            unit=unit.complete_name,
                            other=other.complete_name,
                            code=unit.code,
                        )
                    )

    @api.constrains("reorganization", "successor_id", "receiving_unit_ids")
    def _check_successor(self):
        for unit in self:
            if unit.reorganization == "merged" and not unit.successor_id:
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s is merged: name the unit it was merged into.",
                        unit=unit.complete_name,
                    )
                )
            if unit.successor_id == unit:
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s cannot be its own successor.",
                        unit=unit.complete_name,
                    )
                )
            if unit.successor_id and unit.reorganization == "none":
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s is in operation: only a merged or dissolved "
                        "unit has a successor.",
                        unit=unit.complete_name,
                    )
                )
            if unit.receiving_unit_ids and unit.reorganization == "none":
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s is in operation: only a merged or dissolved "
                        "unit has receiving units.",
                        unit=unit.complete_name,
                    )
                )
            if not unit.valid_until:
                continue
            next_day = unit.valid_until + timedelta(days=1)
            for successor in unit.receiving_unit_ids | unit.successor_id:
                if successor == unit or not successor._operates_on(next_day):
                    raise ValidationError(
                        self.env._(
                            "%(successor)s, which takes over from %(unit)s, is not in "
                            "operation on %(date)s: choose a unit in operation then.",
                            unit=unit.complete_name,
                            successor=successor.complete_name,
                            date=format_date(self.env, next_day),
                        )
                    )

    @api.depends("name", "unit_type", "parent_id.document_body")
    def _compute_document_identity(self):
        for unit in self:
            name = unit.name or ""
            committee = unit.unit_type in PEOPLES_COMMITTEE_TYPES
            if committee:
                body = f"Ủy ban nhân dân {name[:1].lower()}{name[1:]}"
            else:
                body = name
            unit.document_body = body
            unit.document_parent_body = (
                unit.parent_id.document_body
                if not committee and name.startswith(UBND_AGENCY_PREFIXES)
                else False
            )
            unit.document_symbol = unit.document_symbol or (
                "UBND" if committee else AGENCY_SYMBOLS.get(name) or _initials(name)
            )
            unit.place_name = unit.place_name or (
                _short_name(name)
                if unit.unit_type not in ("city", "department", "other")
                else _short_name(unit._city().name or name)
            )
            unit.signer_title = unit.signer_title or (
                "Chủ tịch"
                if committee
                else "Giám đốc"
                if name.startswith("Sở ")
                else "Chánh Văn phòng"
                if name.startswith("Văn phòng ")
                else "Thủ trưởng đơn vị"
            )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for unit in self:
            unit.complete_name = (
                f"{unit.parent_id.complete_name} / {unit.name}"
                if unit.parent_id
                else unit.name
            )

    @api.depends("name", "parent_id.name", "parent_id.unit_type", "valid_until")
    @api.depends_context("lang")
    def _compute_display_name(self):
        # "Huyện Đông Anh / Xã Vân Nội (đến 30/06/2025)": commune names repeat
        # across districts, the city in front of every unit would only hide
        # what differs, and a former unit says when it ended.
        for unit in self:
            parent = unit.parent_id
            name = (
                f"{parent.name} / {unit.name}"
                if parent and parent.unit_type != "city"
                else unit.name
            )
            unit.display_name = unit._dated_name(name)

    def _dated_name(self, name=None):
        """The name, with the end date of a unit that ended."""
        self.ensure_one()
        name = name or self.name
        if not self.valid_until:
            return name
        return self.env._(
            "%(unit)s (until %(date)s)",
            unit=name,
            date=format_date(self.env, self.valid_until),
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("reorganization", "none") != "none" and not vals.get(
                "valid_until"
            ):
                vals["valid_until"] = self._yesterday()
        Unit = self
        if not self.env.registry.ready:
            # The units a data file loads (700 at install): no chatter line
            # each, which would also be written before the terms are loaded.
            Unit = self.with_context(mail_create_nolog=True, tracking_disable=True)
        units = super(NtmUnit, Unit).create(vals_list).with_env(self.env)
        units._link_successors()
        self._clear_rule_cache()
        return units

    def write(self, vals):
        if not self.env.registry.ready and not self.env.context.get("tracking_disable"):
            # As in create: no chatter line for the units a data file updates.
            return self.with_context(tracking_disable=True).write(vals)
        if vals.get("parent_id"):
            self._guard_parent_not_below(self.browse(vals["parent_id"]))
        if vals.get("reorganization", "none") != "none" and "valid_until" not in vals:
            undated = self.filtered(lambda unit: not unit.valid_until)
            if undated:
                # Merged or dissolved with no date given: it ended yesterday.
                super(NtmUnit, undated).write({"valid_until": self._yesterday()})
        res = super().write(vals)
        if "successor_id" in vals:
            self._link_successors()
        if self._RULE_FIELDS & vals.keys():
            self._clear_rule_cache()
        return res

    # What the record rules of the users read (see res.users).
    _RULE_FIELDS = {
        "parent_id",
        "reorganization",
        "successor_id",
        "receiving_unit_ids",
        "active",
    }

    def _yesterday(self):
        """The end of a unit merged or dissolved with no date given."""
        return hanoi_today() - timedelta(days=1)

    def _link_successors(self):
        """The successor is one of the receiving units."""
        for unit in self.filtered(
            lambda u: u.successor_id and u.successor_id not in u.receiving_unit_ids
        ):
            unit.receiving_unit_ids = [Command.link(unit.successor_id.id)]

    def _guard_parent_not_below(self, parent):
        """No unit is its own ancestor: its parent is neither the unit itself
        nor one of the units below it."""
        # parent_path: '1/5/9/' for unit 9 under 5 under 1, itself included.
        ancestors = f"/{parent.parent_path or ''}"
        unit = self.filtered(lambda u: f"/{u.id}/" in ancestors)[:1]
        if unit:
            raise ValidationError(
                self.env._(
                    "Unit %(unit)s cannot be placed under %(parent)s: a unit cannot be "
                    "its own parent, nor sit under one of its own subordinate units.",
                    unit=unit.complete_name,
                    parent=parent.complete_name,
                )
            )

    def unlink(self):
        res = super().unlink()
        self._clear_rule_cache()
        return res

    def _clear_rule_cache(self):
        """Record rules hold the ids of the units each user reads (see
        res.users.ntm_readable_unit_ids): a change of the tree resets them."""
        self.env.registry.clear_cache()
        self.env["res.users"].invalidate_model(["ntm_readable_unit_ids"])

    def _city(self):
        """The city the unit belongs to (itself for the city)."""
        self.ensure_one()
        unit = self
        while unit and unit.unit_type != "city":
            unit = unit.parent_id
        return unit

    def _next_document_number(self, type_symbol, date=None, issuer_symbol=None):
        """The next number of a document the unit (or its council, with
        `issuer_symbol`) issues, as Decree 30 writes it: '12/TTr-UBND'.
        Numbers run per issuer and restart on 1 January."""
        self.ensure_one()
        issuer_symbol = issuer_symbol or self.document_symbol or "UBND"
        code = f"ntm.document.{self.id}.{issuer_symbol}"
        # sudo: sequences are technical records the officers cannot read.
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search([("code", "=", code)], limit=1)
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": f"{self.complete_name} - {issuer_symbol}",
                    "code": code,
                    "implementation": "no_gap",
                    "use_date_range": True,
                    "padding": 2,
                    "company_id": False,
                }
            )
        number = sequence.next_by_id(sequence_date=date)
        return f"{number}/{type_symbol}-{issuer_symbol}"

    def _signer_block(self):
        """(on behalf of, title, name) of the head signing for the unit."""
        self.ensure_one()
        on_behalf = (
            "TM. ỦY BAN NHÂN DÂN"
            if self.unit_type in PEOPLES_COMMITTEE_TYPES
            else False
        )
        return on_behalf, self.signer_title or "", self.signer_name or ""

    def _filter_closed(self, day=None):
        """Units not in operation on `day` (today): no new record for them."""
        day = day or hanoi_today()
        return self.filtered(lambda unit: not unit._operates_on(day))

    def _current_successors(self):
        """The units in operation today that took these units over, through
        each reorganisation (the main successor of a divided commune)."""
        today = hanoi_today()
        current = self.browse()
        for former in self:
            unit, seen = former, former
            while unit.successor_id and not unit._operates_on(today):
                unit = unit.successor_id
                if unit in seen:
                    break
                seen |= unit
            if unit._operates_on(today):
                current |= unit
        return current

    def _raise_if_closed(self, error):
        """Raise `error` naming the first of these units not in operation
        today, and why. While a module loads (its demo data, a migration),
        the history it records is filed under the units of its time."""
        if not self.env.registry.ready:
            return
        closed = self.exists()._filter_closed()[:1]
        if closed:
            raise error(closed._closed_message())

    def _ntm_today_units(self):
        """These units as they are today: those in operation, and the units
        that took over the others (a person of Xã Vân Nội lives in Xã Phúc
        Thịnh today)."""
        today = hanoi_today()
        operating = self.filtered(lambda unit: unit._operates_on(today))
        return operating | (self - operating)._current_successors()

    def _closed_message(self, day=None):
        """Why no new record can be filed for the unit on `day` (today)."""
        self.ensure_one()
        day = day or hanoi_today()
        if self.valid_from and self.valid_from > day:
            return self.env._(
                "%(unit)s is in operation only from %(date)s; choose a unit in "
                "operation.",
                unit=self.name,
                date=format_date(self.env, self.valid_from),
            )
        values = {
            "unit": self.name,
            "successor": self.successor_id.name,
            "date": format_date(self.env, self.valid_until + timedelta(days=1)),
        }
        if self.reorganization == "merged":
            return self.env._(
                "%(unit)s was merged into %(successor)s on %(date)s; choose a unit "
                "in operation.",
                **values,
            )
        if self.reorganization == "dissolved":
            return self.env._(
                "%(unit)s was dissolved on %(date)s; choose a unit in operation.",
                **values,
            )
        return self.env._(
            "%(unit)s ceased operation on %(date)s; choose a unit in operation.",
            **values,
        )


def _short_name(name):
    """'Xã Vân Nội' -> 'Vân Nội': the place name of Decree 30."""
    for prefix in UNIT_NAME_PREFIXES_2 + UNIT_NAME_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _initials(name):
    """'Hội Nông dân Thành phố' -> 'HNDTP': a default abbreviation."""
    return "".join(word[0] for word in name.split() if word[:1].isupper())
