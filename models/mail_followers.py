import functools

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression


def ntm_thread_models(env):
    """The addon's models with a chatter."""
    return [
        name
        for name, model in env.registry.items()
        if name.startswith("ntm.")
        and not model._abstract
        and not model._transient
        and issubclass(model, env.registry["mail.thread"])
    ]


def readable_records_domain(env, model_field, id_field):
    """Domain on (model, res_id) pairs: any record outside the addon, and the
    addon's records the user reads (a subquery per model, under its rules)."""
    names = ntm_thread_models(env)
    branches = [[(model_field, "not in", names)]]
    for name in names:
        Model = env[name].with_context(active_test=False)
        if Model.has_access("read"):
            branches.append(
                [(model_field, "=", name), (id_field, "in", Model._search([]))]
            )
    return expression.OR(branches)


def hidden_records(records, pairs):
    """Those of `records` whose (model, res_id) the user may not read."""
    by_model = {}
    for record, (model, res_id) in zip(records, pairs, strict=True):
        if model and model.startswith("ntm.") and model in records.env:
            by_model.setdefault(model, []).append((record, res_id))
    hidden = records.browse()
    for model, items in by_model.items():
        targets = (
            records.env[model]
            .with_context(active_test=False)
            .browse({res_id for _record, res_id in items})
        )
        readable = set(targets._filtered_access("read").ids)
        hidden |= records.browse(
            [record.id for record, res_id in items if res_id not in readable]
        )
    return hidden


class MailFollowers(models.Model):
    """Odoo lets every internal user read every follower: for the addon's
    records, only those who read the record see who follows it."""

    _inherit = "mail.followers"

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or operation != "read" or self.env.su or not self._ids:
            return result
        pairs = [(f.res_model, f.res_id) for f in self.sudo()]
        hidden = hidden_records(self, pairs)
        if hidden:
            return hidden, functools.partial(
                AccessError,
                self.env._("You may not read the followers of this record."),
            )
        return None

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            domain = expression.AND(
                [domain, readable_records_domain(self.env, "res_model", "res_id")]
            )
        return super()._search(domain, offset=offset, limit=limit, order=order)
