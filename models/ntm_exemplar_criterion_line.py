from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .attachments import bind_loose_attachments
from .ntm_criterion import MEASURES, OPERATORS, SNAPSHOT_FIELDS, UOMS
from .ntm_decision_mixin import as_decision, is_decision

COMPARE = {
    ">=": lambda value, threshold: value >= threshold,
    ">": lambda value, threshold: value > threshold,
    "<=": lambda value, threshold: value <= threshold,
    "<": lambda value, threshold: value < threshold,
    "=": lambda value, threshold: value == threshold,
}


class NtmExemplarCriterionLine(models.Model):
    """The evaluation of one criterion on one dossier. It keeps the
    threshold it was judged against: a dossier whose review is finished is not
    re-judged when an admin changes a threshold."""

    _name = "ntm.exemplar.criterion.line"
    _inherit = ["ntm.decision.mixin"]
    _description = "Criterion Evaluation"
    # The criterion as it stood when the line was made (or as the admin's
    # threshold change re-judged it): never a user's own threshold.
    _decision_fields = (*SNAPSHOT_FIELDS, "is_met", "gap", "weighted_points")
    _fixed_fields = ("exemplar_id", "criterion_id")
    _required_text_fields = ()
    _order = "exemplar_id, kind, sequence, id"

    exemplar_id = fields.Many2one(
        "ntm.exemplar", "Dossier", required=True, index=True, ondelete="cascade"
    )
    criterion_id = fields.Many2one(
        "ntm.criterion", required=True, index=True, ondelete="restrict"
    )
    # The record rules read the parent's unit, stored here.
    unit_id = fields.Many2one(related="exemplar_id.unit_id", store=True, index=True)
    code = fields.Char(related="criterion_id.code")
    kind = fields.Selection(related="criterion_id.kind", store=True)
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    # Kept, not read from the criterion: a criterion corrected later (a range
    # become a minimum) does not change how earlier dossiers read.
    measure = fields.Selection(MEASURES, readonly=True)
    uom = fields.Selection(UOMS, "Unit of Measure", readonly=True)
    operator = fields.Selection(OPERATORS)
    threshold = fields.Float(digits=(16, 2))
    threshold_max = fields.Float(digits=(16, 2))
    is_mandatory = fields.Boolean("Mandatory")
    weight = fields.Float()
    value_bool = fields.Selection(
        [("yes", "Yes"), ("no", "No")],
        "Met (Yes/No)",
        help="For a yes/no criterion: does the nominee meet it?",
    )
    value_number = fields.Float("Value", digits=(16, 2))
    is_evaluated = fields.Boolean(
        "Evaluated",
        help="A value was entered (a number of 0 counts).",
    )
    evidence_note = fields.Text("Evidence")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "ntm_criterion_line_attachment_rel",
        "line_id",
        "attachment_id",
        "Evidence Files",
    )
    is_met = fields.Boolean("Met", compute="_compute_is_met", store=True)
    gap = fields.Float(
        compute="_compute_is_met",
        store=True,
        digits=(16, 2),
        help="By how much the value passes (positive) or misses (negative) the "
        "threshold; 0 inside a range.",
    )
    weighted_points = fields.Float(
        "Weighted Ranking Points",
        compute="_compute_weighted_points",
        store=True,
        help="The line's weight times its points in the top five's ranking: 0 "
        "when not met, 1 when met, up to 2 when a number goes beyond its "
        "threshold.",
    )
    requirement = fields.Char(compute="_compute_requirement")
    explanation = fields.Char("Why", compute="_compute_explanation")

    _sql_constraints = [
        (
            "criterion_unique",
            "unique(exemplar_id, criterion_id)",
            "A dossier evaluates each criterion once.",
        ),
    ]

    @api.depends(
        "measure",
        "operator",
        "threshold",
        "threshold_max",
        "value_bool",
        "value_number",
        "is_evaluated",
    )
    def _compute_is_met(self):
        for line in self:
            line.is_met, line.gap = line._evaluate()

    @api.depends("is_met", "gap", "measure", "uom", "operator", "threshold", "weight")
    def _compute_weighted_points(self):
        for line in self:
            line.weighted_points = line.weight * line._ranking_points()

    @api.depends("measure", "uom", "operator", "threshold", "threshold_max")
    @api.depends_context("lang")
    def _compute_requirement(self):
        for line in self:
            line.requirement = line.criterion_id._requirement_text(
                line.measure,
                line.operator,
                line.threshold,
                line.threshold_max,
                uom=line.uom or False,
            )

    @api.depends("is_met", "gap", "is_evaluated", "requirement", "value_number")
    @api.depends_context("lang")
    def _compute_explanation(self):
        for line in self:
            value, gap = f"{line.value_number:g}", f"{abs(line.gap):g}"
            if not line.is_evaluated:
                line.explanation = self.env._("Not evaluated yet")
            elif line.measure == "boolean":
                line.explanation = (
                    self.env._("Met") if line.is_met else self.env._("Not met")
                )
            elif line.is_met:
                line.explanation = self.env._(
                    "%(value)s meets %(requirement)s",
                    value=value,
                    requirement=line.requirement,
                )
            else:
                line.explanation = self.env._(
                    "%(value)s misses %(requirement)s by %(gap)s",
                    value=value,
                    requirement=line.requirement,
                    gap=gap,
                )

    @api.model_create_multi
    def create(self, vals_list):
        # A line judges against its criterion as it stands when the line is made.
        criteria = self.env["ntm.criterion"].browse(
            {vals["criterion_id"] for vals in vals_list if vals.get("criterion_id")}
        )
        snapshots = {criterion.id: criterion._snapshot() for criterion in criteria}
        self._guard_decision_fields_list(vals_list)
        for vals in vals_list:
            vals.update(snapshots.get(vals.get("criterion_id"), {}))
            self._mark_evaluated(vals)
        # The snapshot is the criterion's, written as the action of making
        # the line; the lines go back to the caller's own environment.
        lines = (
            super(NtmExemplarCriterionLine, as_decision(self))
            .create(vals_list)
            .with_env(self.env)
        )
        lines._guard_dossier_under_review()
        lines._attach_evidence()
        return lines

    def write(self, vals):
        self._guard_dossier_under_review()
        self._mark_evaluated(vals)
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._attach_evidence()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._guard_dossier_under_review()

    def _guard_decision_fields_list(self, vals_list):
        # Checked before the snapshot fills them in.
        for vals in vals_list:
            self._guard_decision_fields(vals, creating=True)

    @api.model
    def _mark_evaluated(self, vals):
        """Entering a value, even 0 or 'no', makes the line evaluated."""
        if "value_number" in vals or "value_bool" in vals:
            vals.setdefault(
                "is_evaluated",
                "value_number" in vals or bool(vals.get("value_bool")),
            )

    @api.onchange("value_bool")
    def _onchange_value_bool(self):
        # In the form, before saving: the rule create and write apply.
        vals = {"value_bool": self.value_bool}
        self._mark_evaluated(vals)
        self.is_evaluated = vals["is_evaluated"]

    @api.onchange("value_number")
    def _onchange_value_number(self):
        self.is_evaluated = True

    def _evaluate(self):
        """(is_met, gap) of this line against the threshold it keeps."""
        self.ensure_one()
        if not self.is_evaluated:
            return False, 0.0
        if self.measure == "boolean":
            return self.value_bool == "yes", 0.0
        value = self.value_number
        if self.measure == "range":
            if value < self.threshold:
                return False, value - self.threshold
            if value > self.threshold_max:
                return False, self.threshold_max - value
            return True, 0.0
        gap = (
            self.threshold - value
            if self.operator in ("<=", "<")
            else value - self.threshold
        )
        if self.operator == "=":
            gap = -abs(value - self.threshold)
        return COMPARE[self.operator or ">="](value, self.threshold), gap

    @api.model
    def _sql_evaluation(self, alias):
        """(is_met, gap, weighted_points) of _evaluate and _ranking_points as
        three SQL expressions on the row `alias` (its snapshot, value_bool,
        value_number, is_evaluated), each read from the row's values before
        the UPDATE that sets them: a threshold change judges thousands of
        lines in one UPDATE. A test holds both forms to the same results."""
        a = SQL.identifier(alias)
        # Empty numbers read as 0 in the ORM: the same here.
        terms = {
            "a": a,
            "v": SQL("coalesce(%s.value_number, 0)", a),
            "t": SQL("coalesce(%s.threshold, 0)", a),
            "m": SQL("coalesce(%s.threshold_max, 0)", a),
        }
        is_met = SQL(
            """coalesce(CASE WHEN NOT coalesce(%(a)s.is_evaluated, false) THEN false
                 WHEN %(a)s.measure = 'boolean' THEN %(a)s.value_bool = 'yes'
                 WHEN %(a)s.measure = 'range' THEN %(v)s BETWEEN %(t)s AND %(m)s
                 WHEN %(a)s.operator = '>' THEN %(v)s > %(t)s
                 WHEN %(a)s.operator = '<=' THEN %(v)s <= %(t)s
                 WHEN %(a)s.operator = '<' THEN %(v)s < %(t)s
                 WHEN %(a)s.operator = '=' THEN %(v)s = %(t)s
                 ELSE %(v)s >= %(t)s END, false)""",
            **terms,
        )
        gap = SQL(
            """CASE WHEN NOT coalesce(%(a)s.is_evaluated, false)
                      OR %(a)s.measure = 'boolean' THEN 0
                 WHEN %(a)s.measure = 'range' THEN
                      CASE WHEN %(v)s < %(t)s THEN %(v)s - %(t)s
                           WHEN %(v)s > %(m)s THEN %(m)s - %(v)s
                           ELSE 0 END
                 WHEN %(a)s.operator = '=' THEN -abs(%(v)s - %(t)s)
                 WHEN %(a)s.operator IN ('<=', '<') THEN %(t)s - %(v)s
                 ELSE %(v)s - %(t)s END""",
            **terms,
        )
        # The excess of _ranking_points, in float8 as Python computes it.
        excess = SQL(
            """CASE WHEN coalesce(%(a)s.operator, '>=') IN ('>=', '>')
                      AND %(a)s.uom = 'percent' THEN
                      CASE WHEN %(t)s < 100
                           THEN greatest(%(gap)s, 0)::float8 / (100 - %(t)s)::float8
                           ELSE 1 END
                 WHEN %(t)s > 0
                      THEN greatest(%(gap)s, 0)::float8 / %(t)s::float8
                 ELSE 0 END""",
            gap=gap,
            **terms,
        )
        weighted_points = SQL(
            """coalesce(%(a)s.weight, 0) * CASE WHEN NOT %(is_met)s THEN 0
                 WHEN %(a)s.measure IS DISTINCT FROM 'number'
                      OR %(a)s.operator = '=' THEN 1
                 ELSE 1 + least(greatest(%(excess)s, 0), 1) END""",
            a=a,
            is_met=is_met,
            excess=excess,
        )
        return is_met, gap, weighted_points

    def _ranking_points(self):
        """Points of this line in the top five's ranking, where every
        recognised dossier meets its criteria: 0 when not met, 1 when met,
        and for a number 1 plus how far it goes beyond its threshold, from 0
        to 1 (income 95 for a threshold of 80: 1 + 15 / 80 = 1.1875)."""
        self.ensure_one()
        if not self.is_met:
            return 0.0
        if self.measure != "number" or self.operator == "=":
            return 1.0
        threshold, gap = self.threshold, max(self.gap, 0.0)
        # No operator reads as a minimum, as in _evaluate.
        if (self.operator or ">=") in (">=", ">") and self.uom == "percent":
            # The room left up to 100 %.
            excess = gap / (100 - threshold) if threshold < 100 else 1.0
        else:
            # Relative to the threshold: above it for a minimum, below it
            # for a maximum.
            excess = gap / threshold if threshold > 0 else 0.0
        return 1.0 + min(max(excess, 0.0), 1.0)

    def _guard_dossier_under_review(self):
        """From the council stage on, the evaluation is what the council
        reviewed and the head decided on: it is not changed afterwards."""
        if is_decision(self.env):
            return
        closed = self.exemplar_id.filtered(lambda d: d.stage_id.locks_dossier)
        if closed:
            raise UserError(
                self.env._(
                    "Dossier %(dossier)s is in stage %(stage)s: its criteria can no "
                    "longer be changed.",
                    dossier=closed[0].display_name,
                    stage=closed[0].stage_id.name,
                )
            )

    def _attach_evidence(self):
        # Evidence of a criterion belongs to the dossier.
        for line in self:
            bind_loose_attachments(line.attachment_ids, self._name, line.exemplar_id)
