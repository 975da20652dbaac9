from odoo import api, models
from odoo.exceptions import UserError

# Rules no one may switch off from the interface: the secret ballot binds
# administrators too.
LOCKED_RULES = ("ntm_exemplar.ntm_ballot_rule_secret",)


class IrRule(models.Model):
    _inherit = "ir.rule"

    def write(self, vals):
        self._guard_locked_rules()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._guard_locked_rules()

    def _guard_locked_rules(self):
        # Installing and updating the addon run as the superuser.
        if self.env.su:
            return
        locked = [
            self.env.ref(xmlid, raise_if_not_found=False) for xmlid in LOCKED_RULES
        ]
        if any(rule in self for rule in locked if rule):
            raise UserError(
                self.env._(
                    "The secrecy of the council's ballot cannot be switched off, not "
                    "even by an administrator."
                )
            )
