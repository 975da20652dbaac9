import functools

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression

from .mail_followers import hidden_records, readable_records_domain


class MailNotification(models.Model):
    """Odoo lets every internal user read every notification, with the
    record's name: for the addon's records, only their readers and the
    notified person see them."""

    _inherit = "mail.notification"

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or operation != "read" or self.env.su or not self._ids:
            return result
        partner = self.env.user.partner_id
        others = self.sudo().filtered(lambda n: n.res_partner_id != partner)
        pairs = [(n.mail_message_id.model, n.mail_message_id.res_id) for n in others]
        hidden = hidden_records(self.browse(others.ids), pairs)
        if hidden:
            return hidden, functools.partial(
                AccessError,
                self.env._("You may not read the notifications of this record."),
            )
        return None

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            visible = expression.OR(
                [
                    [("res_partner_id", "=", self.env.user.partner_id.id)],
                    [
                        (
                            "mail_message_id",
                            "any",
                            readable_records_domain(self.env, "model", "res_id"),
                        )
                    ],
                ]
            )
            domain = expression.AND([domain, visible])
        return super()._search(domain, offset=offset, limit=limit, order=order)
