from odoo import fields, models

from ..models.feedback import done
from ..models.hanoi_date import hanoi_today
from ..models.ntm_exemplar_publication import CONSENT_METHODS


class NtmPublicationConsentWizard(models.TransientModel):
    """The nominee's consent to their page on the honour board, or its
    withdrawal: the page's consent fields are written only through it."""

    _name = "ntm.publication.consent.wizard"
    _description = "Record or Withdraw the Nominee's Consent"

    publication_id = fields.Many2one(
        "ntm.exemplar.publication", "Public Page", required=True, ondelete="cascade"
    )
    mode = fields.Selection(
        [("record", "Record"), ("withdraw", "Withdraw")], required=True
    )
    given_by = fields.Char(
        help="The nominee, or who represents the household or collective (name "
        "and capacity).",
    )
    date = fields.Date(default=hanoi_today, required=True)
    method = fields.Selection(CONSENT_METHODS, "Given Through")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "ntm_publication_consent_wizard_rel",
        "wizard_id",
        "attachment_id",
        "Proof",
        help="The signed form (print it from the page), the message or the recording.",
    )
    note = fields.Text(help="How the withdrawal reached the unit.")

    def action_confirm(self):
        self.ensure_one()
        publication = self.publication_id
        if self.mode == "withdraw":
            publication._withdraw_consent(self.date, self.note)
            return done(
                self.env._(
                    "The consent is withdrawn: the page of %(name)s is no longer "
                    "public.",
                    name=publication.public_name,
                )
            )
        publication._record_consent(
            self.given_by, self.date, self.method, self.attachment_ids
        )
        return done(
            self.env._(
                "The consent of %(name)s is recorded.", name=publication.public_name
            )
        )
