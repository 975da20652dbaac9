from odoo import api, fields, models
from odoo.exceptions import UserError

from .ntm_exemplar import PIPELINE

# Stages the review pipeline's rules refer to by their xml ids.
PIPELINE_STAGES = [*PIPELINE, "stage_returned", "stage_not_selected"]


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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_pipeline(self):
        """The pipeline's rules refer to its stages by their xml ids."""
        pipeline = [
            self.env.ref(f"ntm_exemplar.{xmlid}", raise_if_not_found=False)
            for xmlid in PIPELINE_STAGES
        ]
        stage = self.filtered(lambda s: s in pipeline)[:1]
        if stage:
            raise UserError(
                self.env._(
                    "Stage %(stage)s belongs to the review pipeline, whose rules refer "
                    "to it: it cannot be deleted. Rename it or change its legend "
                    "instead.",
                    stage=stage.name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_stage_with_dossiers(self):
        """A stage that holds dossiers, archived ones included, stays."""
        # sudo: dossiers of every unit count, whoever deletes the stage.
        counts = dict(
            self.env["ntm.exemplar"]
            .sudo()
            .with_context(active_test=False)
            ._read_group([("stage_id", "in", self.ids)], ["stage_id"], ["__count"])
        )
        stage = self.filtered(lambda s: counts.get(s))[:1]
        if stage:
            raise UserError(
                self.env._(
                    "Stage %(stage)s still holds %(count)s dossiers, archived ones "
                    "included: it cannot be deleted until they are moved to another "
                    "stage.",
                    stage=stage.name,
                    count=counts[stage],
                )
            )
