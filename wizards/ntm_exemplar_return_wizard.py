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
    reason = fields.Text(
        required=True,
        help="What the officer must complete: it goes to the dossier's chatter "
        "and to the officer's activity.",
    )

    def action_return(self):
        self.exemplar_ids.write(
            {
                "stage_id": self.env.ref("ntm_exemplar.stage_returned").id,
                "return_reason": self.reason,
            }
        )
        return {"type": "ir.actions.act_window_close"}
