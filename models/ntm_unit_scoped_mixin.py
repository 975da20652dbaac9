from odoo import api, fields, models
from odoo.exceptions import UserError


class NtmUnitScopedMixin(models.AbstractModel):
    """The records of a unit: dossiers, councils, propagation, reward
    proposals, review reports, the top five. One home for the unit field, its
    default (the user's unit in operation), the units a user may choose and
    the rule that new records go to units in operation; the record rules read
    this one field (child models keep a stored copy of their parent's)."""

    _name = "ntm.unit.scoped.mixin"
    _description = "Records of a Unit"
    # New records go to units in operation only (not merged or dissolved).
    _unit_must_operate = True

    unit_id = fields.Many2one(
        "ntm.unit", required=True, index=True, ondelete="restrict"
    )
    allowed_unit_ids = fields.Many2many(
        "ntm.unit",
        compute="_compute_allowed_unit_ids",
        help="Units in operation the current user may choose.",
    )

    @api.depends_context("uid")
    def _compute_allowed_unit_ids(self):
        # The same for every record: one search for the whole batch.
        self.allowed_unit_ids = self._user_allowed_units()

    @api.model
    def _user_allowed_units(self):
        """The units in operation the current user files records for: their
        own and those below (every unit for the coordination office)."""
        domain = [("is_operating", "=", True)]
        if not self.env.user.has_group("ntm_exemplar.group_coordinator"):
            domain.append(("id", "child_of", self.env.user.ntm_unit_ids.ids))
        return self.env["ntm.unit"].search(domain)

    @api.model
    def _default_unit_id(self):
        """The user's first unit in operation."""
        return self.env.user.ntm_unit_ids.filtered("is_operating")[:1]

    @api.model
    def default_get(self, fields):
        # Not a field default: Odoo would evaluate it for existing rows when
        # the column is added, before the users' units exist.
        defaults = super().default_get(fields)
        if "unit_id" in fields and not defaults.get("unit_id"):
            unit = self._default_unit_id()
            if unit:
                defaults["unit_id"] = unit.id
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        self._guard_units_in_operation(
            self.env["ntm.unit"].browse(
                {vals["unit_id"] for vals in vals_list if vals.get("unit_id")}
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("unit_id"):
            self._guard_units_in_operation(self.env["ntm.unit"].browse(vals["unit_id"]))
        return super().write(vals)

    def _guard_units_in_operation(self, units):
        """No record is filed for, or moved to, a unit not in operation today
        ("Huyện Đông Anh đã giải thể từ 01/07/2025; chọn đơn vị hiện hành")."""
        if self._unit_must_operate:
            units._raise_if_closed(UserError)
