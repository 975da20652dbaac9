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

    def unlink(self):
        res = super().unlink()
        self._clear_rule_cache()
        return res

    def _clear_rule_cache(self):
        """Record rules hold the ids of the units each user reads (see
        res.users.ntm_readable_unit_ids): a change of the tree resets them."""
        self.env.registry.clear_cache()
        self.env["res.users"].invalidate_model(["ntm_readable_unit_ids"])

    def _filter_closed(self):
        """Units for which no new dossier can be filed."""
        return self.filtered(lambda unit: unit.reorganization != "none")
