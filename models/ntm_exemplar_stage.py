from odoo import fields, models


class NtmExemplarStage(models.Model):
    _name = "ntm.exemplar.stage"
    _description = "Exemplar Dossier Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        "Folded in Kanban", help="Folded stages are collapsed in the kanban view."
    )
    is_closed = fields.Boolean(
        "Review Finished",
        help="Dossiers in this stage keep their evaluation: a change of a "
        "criterion threshold no longer re-evaluates them.",
    )
    description = fields.Text(translate=True)
    legend = fields.Char(
        translate=True, help="What a dossier needs to leave this stage, shown to users."
    )
