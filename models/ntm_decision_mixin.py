"""What every working record of the addon shares: fields that only the
actions deciding them write, input checked before it is stored, and an audit
trail that a client cannot switch off.

A client reaches every field through JSON-RPC, whatever a screen shows. The
actions (a stage move after review, a council's tally, a ballot, a reward's
decision, the top five) write their results through `as_decision()`: its mark
is a Python object in the context, which no JSON client can send."""

from datetime import date
from urllib.parse import urlsplit

from odoo import api, models
from odoo.exceptions import UserError

_DECISION = object()
DECISION_KEY = "ntm_decision"

# Context keys that would leave a change out of the chatter: server code may
# pass them, a client's request may not.
AUDIT_OFF_KEYS = ("tracking_disable", "mail_notrack", "mail_create_nolog")

# Dates a dossier can sensibly hold (a person's birth, a decision, a session).
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)
NAME_MAX = 512


def as_decision(records):
    """`records` in the hands of the action that decides: it may write the
    fields the action produces."""
    return records.with_context(**{DECISION_KEY: _DECISION})


def is_decision(env):
    return env.context.get(DECISION_KEY) is _DECISION


class NtmDecisionMixin(models.AbstractModel):
    _name = "ntm.decision.mixin"
    _description = "Decisions Written Only by Their Actions"

    # Fields written only by the actions that produce them (see as_decision).
    _decision_fields = ()
    # Fields given at creation that never change afterwards (what a record
    # belongs to).
    _fixed_fields = ()
    # Text fields that must hold something (not only spaces).
    _required_text_fields = ("name",)
    # Links shown to users: only web addresses (no javascript: or data:).
    _url_fields = ()
    # The reference a sequence gives each new record ("/" until then).
    _sequence_field = None
    _sequence_code = None

    @api.model_create_multi
    def create(self, vals_list):
        model = self._keep_audit_trail()
        for vals in vals_list:
            model._guard_decision_fields(vals, creating=True)
            model._check_input(vals)
        if model._sequence_field:
            sequence = model.env["ir.sequence"]
            for vals in vals_list:
                if vals.get(model._sequence_field, "/") == "/":
                    vals[model._sequence_field] = (
                        sequence.next_by_code(model._sequence_code) or "/"
                    )
        return super(NtmDecisionMixin, model).create(vals_list).with_env(self.env)

    def write(self, vals):
        records = self._keep_audit_trail()
        records._guard_decision_fields(vals)
        records._check_input(vals)
        return super(NtmDecisionMixin, records).write(vals)

    def _keep_audit_trail(self):
        """A client cannot switch tracking off; server code (install, crons,
        the actions themselves) still may."""
        if self.env.su or is_decision(self.env):
            return self
        if any(self.env.context.get(key) for key in AUDIT_OFF_KEYS):
            return self.with_context(**dict.fromkeys(AUDIT_OFF_KEYS, False))
        return self

    def _guard_decision_fields(self, vals, creating=False):
        if is_decision(self.env):
            return
        protected = self._decision_fields + (() if creating else self._fixed_fields)
        forged = [
            name
            for name in vals
            if name in protected or self._is_computed_only(self._fields.get(name))
        ]
        if not creating and forged:
            # Writing back the value a field holds changes nothing.
            forged = [
                name
                for name in forged
                if any(
                    self._fields[name].convert_to_write(record[name], record)
                    != vals[name]
                    for record in self
                )
            ]
        if creating and forged:
            # A form sends the defaults of a new record back: those decide nothing.
            defaults = self.default_get(forged)
            forged = [
                name
                for name in forged
                if vals[name] and vals[name] != defaults.get(name)
            ]
        if forged:
            labels = ", ".join(
                f'"{self._fields[name]._description_string(self.env)}"'
                for name in forged
            )
            raise UserError(
                self.env._(
                    "%(fields)s of %(model)s are written only by the action that "
                    "decides them, never directly.",
                    fields=labels,
                    model=self._description_label(),
                )
            )

    @staticmethod
    def _is_computed_only(field):
        """A computed field no user edits (a related one included: writing
        it would write the record it comes from)."""
        return bool(
            field
            and field.compute
            and field.readonly
            and not field.inverse
            and not field.name.startswith(("message_", "activity_"))
        )

    def _description_label(self):
        return self.env["ir.model"]._get(self._name).name or self._description

    def _check_input(self, vals):
        """Refuse, with a clear message, input the database would store
        silently wrong or answer with a raw error."""
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or value is False or value is None:
                continue
            label = field._description_string(self.env)
            if field.type == "integer" and isinstance(value, float):
                if not value.is_integer():
                    raise UserError(
                        self.env._(
                            "%(field)s must be a whole number, not %(value)s.",
                            field=label,
                            value=value,
                        )
                    )
            elif field.type == "char" and isinstance(value, str):
                if name in self._url_fields and value.strip():
                    self._check_url(label, value.strip())
                if name in self._required_text_fields and not value.strip():
                    raise UserError(
                        self.env._("%(field)s cannot be empty.", field=label)
                    )
                limit = field.size or NAME_MAX
                if len(value) > limit:
                    raise UserError(
                        self.env._(
                            "%(field)s is too long: %(length)s characters, at most "
                            "%(limit)s.",
                            field=label,
                            length=len(value),
                            limit=limit,
                        )
                    )
            elif field.type == "date":
                self._check_date(label, field.to_date(value))
            elif field.type == "many2one" and isinstance(value, int):
                self._check_exists(field, label, [value])

    def _check_url(self, label, value):
        parts = urlsplit(value)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise UserError(
                self.env._(
                    "%(field)s must be a web address starting with http:// or "
                    "https://.",
                    field=label,
                )
            )

    def _check_date(self, label, value):
        if value and not DATE_MIN <= value <= DATE_MAX:
            raise UserError(
                self.env._(
                    "%(field)s: %(date)s is not a plausible date (between %(min)s "
                    "and %(max)s).",
                    field=label,
                    date=value.strftime("%d/%m/%Y"),
                    min=DATE_MIN.strftime("%d/%m/%Y"),
                    max=DATE_MAX.strftime("%d/%m/%Y"),
                )
            )

    def _check_exists(self, field, label, ids):
        # sudo: existence only, the record rules still apply to what is read.
        found = self.env[field.comodel_name].sudo().browse(ids).exists()
        if len(found) != len(set(ids)):
            raise UserError(
                self.env._(
                    "%(field)s: the chosen record does not exist (it may have been "
                    "deleted).",
                    field=label,
                )
            )
