from odoo import fields, models


class NtmExemplarReturnWizard(models.TransientModel):
    _name = "ntm.exemplar.return.wizard"
    _description = "Return Dossiers for Completion"

    exemplar_ids = fields.Many2many(
        "ntm.exemplar",
        string="Dossiers",
        default=lambda self: self.env["ntm.exemplar"].browse(
            self.env.context.get("active_ids", [])
        ),
    )
    is_reopen = fields.Boolean(
        "Reopen a Decided Dossier",
        help="An administrator reopens a recognised or not selected dossier: it "
        "goes back to its officer and needs a new council vote.",
    )
    reason = fields.Text(
        required=True,
        help="What the officer must complete: it goes to the dossier's chatter "
        "and to the officer's activity.",
    )

    def action_return(self):
        if self.is_reopen:
            self.exemplar_ids._reopen(self.reason)
        else:
            self.exemplar_ids.action_return_for_completion(self.reason)
        return {"type": "ir.actions.act_window_close"}
