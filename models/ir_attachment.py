from odoo import api, models
from odoo.exceptions import UserError

from .ntm_decision_mixin import is_decision


class IrAttachment(models.Model):
    """A public attachment is served to anyone, without login (/web/image,
    /web/content). The addon's files are public only while the honour board
    shows them: publishing a page sets it, nothing else may."""

    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        attachments._guard_ntm_public()
        return attachments

    def write(self, vals):
        res = super().write(vals)
        if {"public", "res_model"} & vals.keys():
            self._guard_ntm_public()
        return res

    def _guard_ntm_public(self):
        if self.env.su or is_decision(self.env):
            return
        # sudo: the check reads two columns of files the user just wrote.
        public = self.sudo().filtered(
            lambda a: a.public and (a.res_model or "").startswith("ntm.")
        )
        if public:
            raise UserError(
                self.env._(
                    "%(file)s cannot be made public: the addon's files are public "
                    "only while an exemplar's page shows them, and only publishing "
                    "the page does that.",
                    file=public[0].name,
                )
            )
