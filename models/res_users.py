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

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "ntm_unit_ids"]

    @api.model
    def _get_invalidation_fields(self):
        # Record rules read the user's units: a change must reset their cache.
        return super()._get_invalidation_fields() | {"ntm_unit_ids"}
