from odoo import api, fields, models

from .attachments import bind_loose_attachments
from .ntm_reward_proposal import DOCUMENTS


class NtmRewardProposalDocument(models.Model):
    """One document of a reward proposal's dossier, with its files."""

    _name = "ntm.reward.proposal.document"
    _inherit = ["ntm.decision.mixin"]
    _description = "Reward Proposal Document"
    _order = "proposal_id, id"
    # The checklist follows the reward (_sync_checklist), not the user.
    _decision_fields = ("is_required",)
    _fixed_fields = ("proposal_id", "document_type")
    _required_text_fields = ()

    proposal_id = fields.Many2one(
        "ntm.reward.proposal", required=True, index=True, ondelete="cascade"
    )
    # The record rules read the parent's unit, stored here.
    unit_id = fields.Many2one(related="proposal_id.unit_id", store=True, index=True)
    document_type = fields.Selection(DOCUMENTS, "Document", required=True)
    is_required = fields.Boolean("Required", default=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "ntm_reward_document_attachment_rel",
        "document_id",
        "attachment_id",
        "Files",
    )
    is_provided = fields.Boolean("Provided", compute="_compute_is_provided")

    @api.depends("attachment_ids")
    def _compute_is_provided(self):
        for document in self:
            document.is_provided = bool(document.attachment_ids)

    @api.depends("document_type")
    def _compute_display_name(self):
        labels = dict(self._fields["document_type"]._description_selection(self.env))
        for document in self:
            document.display_name = labels.get(document.document_type, "")

    @api.model_create_multi
    def create(self, vals_list):
        documents = super().create(vals_list)
        documents.proposal_id._guard_dossier_editable()
        return documents

    def write(self, vals):
        self.proposal_id._guard_dossier_editable()
        res = super().write(vals)
        if "attachment_ids" in vals:
            # The files of the checklist belong to the proposal.
            for document in self:
                bind_loose_attachments(
                    document.attachment_ids, self._name, document.proposal_id
                )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        self.proposal_id._guard_dossier_editable()
