from odoo import api, fields, models
from odoo.exceptions import UserError

# The stages the actions of the review pipeline move dossiers to.
# The flags that give a stage its meaning to the pipeline's rules.
STAGE_FLAGS = (
    "is_officer_stage",
    "needs_criteria",
    "is_nomination",
    "is_council",
    "is_return",
    "is_decided",
    "is_recognised",
    "locks_dossier",
    "is_closed",
)
PIPELINE_STAGES = [
    "stage_discovered",
    "stage_fostering",
    "stage_nominated",
    "stage_council",
    "stage_recognized",
    "stage_proposed_city",
    "stage_rewarded",
    "stage_returned",
    "stage_not_selected",
]


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
    # What a stage means to the pipeline's rules (see ntm.exemplar's
    # _stage_move_refusal), as hr_recruitment's hired_stage does.
    is_officer_stage = fields.Boolean(
        "Officer Stage",
        help="Officers file dossiers in this stage and move them here themselves.",
    )
    needs_criteria = fields.Boolean(
        "Needs Criteria Met",
        help="A dossier enters this stage only with every mandatory criterion met.",
    )
    is_nomination = fields.Boolean(
        "Nomination", help="Nominated dossiers wait here for their unit manager."
    )
    is_council = fields.Boolean(
        "Council Review",
        help="Dossiers on the agenda of the Emulation and Reward Council.",
    )
    is_return = fields.Boolean(
        "Returned",
        help="Dossiers sent back to their officer, with a reason, for completion.",
    )
    is_decided = fields.Boolean(
        "Decided by an Action",
        help="Reached and left only through the action that decides it (the head's "
        "decision, a reward proposal, the city's decision, a reopening), never by a "
        "drag or a plain write.",
    )
    is_recognised = fields.Boolean(
        "Recognised Exemplar",
        help="The head of the unit recognised the exemplar: it can be propagated "
        "and proposed for a reward.",
    )
    locks_dossier = fields.Boolean(
        "Locks the Dossier",
        help="From this stage on, the nominee, year, unit, category and criteria "
        "of the dossier no longer change.",
    )
    description = fields.Text(translate=True)
    legend = fields.Char(
        translate=True, help="What a dossier needs to leave this stage, shown to users."
    )

    def write(self, vals):
        self._guard_pipeline_meaning(vals)
        return super().write(vals)

    def _guard_pipeline_meaning(self, vals):
        """What the shipped stages mean is the pipeline's rules: an
        administrator renames them, never unflags a decided stage."""
        flags = [name for name in STAGE_FLAGS if name in vals]
        if not flags or self.env.su:
            return
        pipeline = self._pipeline_stages()
        changed = self.filtered(
            lambda s: s in pipeline
            and any(s[flag] != bool(vals[flag]) for flag in flags)
        )[:1]
        if changed:
            raise UserError(
                self.env._(
                    "Stage %(stage)s belongs to the review pipeline: what it means "
                    "(%(flag)s) is part of the pipeline's rules and does not change.",
                    stage=changed.name,
                    flag=self._fields[flags[0]]._description_string(self.env),
                )
            )

    def _pipeline_stages(self):
        return self.browse(
            [
                stage.id
                for stage in (
                    self.env.ref(f"ntm_exemplar.{xmlid}", raise_if_not_found=False)
                    for xmlid in PIPELINE_STAGES
                )
                if stage
            ]
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_pipeline(self):
        """The pipeline's rules refer to its stages by their xml ids."""
        stage = (self & self._pipeline_stages())[:1]
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
