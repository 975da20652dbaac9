from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
    reorganization = fields.Selection(
        REORGANIZATIONS,
        required=True,
        default="none",
        tracking=True,
        help="Units merged or dissolved by a reorganisation keep their dossiers and "
        "history, but no new dossier can be filed for them.",
    )
    reorganization_date = fields.Date(tracking=True)
    successor_id = fields.Many2one(
        "ntm.unit",
        "Successor Unit",
        index=True,
        ondelete="restrict",
        tracking=True,
        help="The unit that took over: its users read the dossiers of this unit.",
    )
    predecessor_ids = fields.One2many("ntm.unit", "successor_id", "Predecessor Units")
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

    _sql_constraints = [
        (
            "code_type_unique",
            "unique(code, unit_type)",
            "Two units of the same type cannot share a code.",
        ),
    ]

    @api.constrains("reorganization", "successor_id")
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
            if unit.successor_id.reorganization not in (False, "none"):
                raise ValidationError(
                    self.env._(
                        "The successor of %(unit)s, %(successor)s, is itself merged "
                        "or dissolved: choose a unit in operation.",
                        unit=unit.complete_name,
                        successor=unit.successor_id.complete_name,
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

    @api.depends("name", "parent_id.name", "parent_id.unit_type")
    def _compute_display_name(self):
        # "Huyện Đông Anh / Xã Vân Nội": commune names repeat across districts,
        # and the city in front of every unit would only hide what differs.
        for unit in self:
            parent = unit.parent_id
            unit.display_name = (
                f"{parent.name} / {unit.name}"
                if parent and parent.unit_type != "city"
                else unit.name
            )

    @api.model_create_multi
    def create(self, vals_list):
        units = super().create(vals_list)
        self._clear_rule_cache()
        return units

    def write(self, vals):
        if vals.get("parent_id"):
            self._guard_parent_not_below(self.browse(vals["parent_id"]))
        if {"parent_id", "reorganization", "successor_id", "active"} & vals.keys():
            self._clear_rule_cache()
        if vals.get("successor_id"):
            # Successors stay one level deep (record rules look one level up):
            # units that named a unit now merged follow it to its own successor.
            predecessors = self.predecessor_ids - self
            res = super().write(vals)
            if predecessors:
                predecessors.write({"successor_id": vals["successor_id"]})
            return res
        return super().write(vals)

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

    def _filter_closed(self):
        """Units for which no new dossier can be filed."""
        return self.filtered(lambda unit: unit.reorganization != "none")


def _short_name(name):
    """'Xã Vân Nội' -> 'Vân Nội': the place name of Decree 30."""
    for prefix in UNIT_NAME_PREFIXES_2 + UNIT_NAME_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _initials(name):
    """'Hội Nông dân Thành phố' -> 'HNDTP': a default abbreviation."""
    return "".join(word[0] for word in name.split() if word[:1].isupper())
