from odoo import api, fields, models
from odoo.exceptions import AccessError

from .feedback import done


class ResUsers(models.Model):
    _inherit = "res.users"

    ntm_unit_ids = fields.Many2many(
        "ntm.unit",
        "ntm_unit_res_users_rel",
        "user_id",
        "unit_id",
        "Exemplar Units",
        help="Units the user works for: officers and managers see the exemplar "
        "dossiers of these units and of the units below them.",
    )

    ntm_readable_unit_ids = fields.Many2many(
        "ntm.unit",
        string="Readable Exemplar Units",
        compute="_compute_ntm_readable_unit_ids",
        compute_sudo=True,
        help="Units whose records the user reads: their units, the units below "
        "them, and the former units these received all or part of.",
    )

    ntm_former_unit_ids = fields.Many2many(
        "ntm.unit",
        string="Former Units",
        compute="_compute_ntm_former_unit_ids",
        search="_search_ntm_former_unit_ids",
        help="The user's units that are no longer in operation.",
    )
    ntm_suggested_unit_ids = fields.Many2many(
        "ntm.unit",
        string="Suggested Units",
        compute="_compute_ntm_former_unit_ids",
        help="The units in operation that took over the user's former units.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "ntm_unit_ids"]

    @api.depends("ntm_unit_ids")
    def _compute_ntm_readable_unit_ids(self):
        Unit = self.env["ntm.unit"].with_context(active_test=False)
        for user in self:
            units = Unit.search([("id", "child_of", user.ntm_unit_ids.ids)])
            # Then the former units they received all or part of, and the
            # units those had received, back through each reorganisation.
            received = units
            while received:
                received = Unit.search(
                    [
                        ("receiving_unit_ids", "in", received.ids),
                        ("id", "not in", units.ids),
                    ]
                )
                units |= received
            user.ntm_readable_unit_ids = units

    @api.depends("ntm_unit_ids.valid_from", "ntm_unit_ids.valid_until")
    def _compute_ntm_former_unit_ids(self):
        for user in self:
            former = user.ntm_unit_ids._filter_closed()
            user.ntm_former_unit_ids = former
            user.ntm_suggested_unit_ids = former._current_successors()

    def _search_ntm_former_unit_ids(self, operator, value):
        if operator in ("=", "!=") and value is False:
            domain = [("ntm_unit_ids", "any", [("is_operating", "=", False)])]
            return domain if operator == "!=" else ["!", *domain]
        return [
            ("ntm_unit_ids", operator, value),
            ("ntm_unit_ids.is_operating", "=", False),
        ]

    def action_ntm_reassign_units(self):
        """Replace each user's former units by the units that took them over,
        as the admin confirms on the screen of users of former units."""
        # Refused before anything is computed: the method itself is the right.
        if not self.env.user.has_group("base.group_erp_manager"):
            raise AccessError(
                self.env._("Only user administrators reassign users to units.")
            )
        moved = self.filtered("ntm_suggested_unit_ids")
        for user in moved:
            user.ntm_unit_ids = (
                user.ntm_unit_ids - user.ntm_former_unit_ids
            ) | user.ntm_suggested_unit_ids
        if not moved:
            return done(
                self.env._(
                    "No suggested unit: choose the user's unit on the user form."
                ),
                kind="warning",
            )
        return done(
            self.env._(
                "%(count)s user(s) reassigned to the units in operation.",
                count=len(moved),
            )
        )

    @api.model
    def _get_invalidation_fields(self):
        # Record rules read the user's units: a change must reset their cache.
        return super()._get_invalidation_fields() | {"ntm_unit_ids"}
