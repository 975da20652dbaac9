from odoo import api, fields, models


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
        help="Units whose dossiers the user reads: their units, the units below "
        "them, and the merged or dissolved units these took over.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "ntm_unit_ids"]

    @api.depends("ntm_unit_ids")
    def _compute_ntm_readable_unit_ids(self):
        Unit = self.env["ntm.unit"].with_context(active_test=False)
        for user in self:
            below = [("id", "child_of", user.ntm_unit_ids.ids)]
            user.ntm_readable_unit_ids = Unit.search(
                [
                    "|",
                    *below,
                    "&",
                    ("reorganization", "!=", "none"),
                    ("successor_id", "any", below),
                ]
            )

    @api.model
    def _get_invalidation_fields(self):
        # Record rules read the user's units: a change must reset their cache.
        return super()._get_invalidation_fields() | {"ntm_unit_ids"}
