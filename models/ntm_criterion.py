from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

MEASURES = [
    ("boolean", "Yes / no"),
    ("number", "Number"),
    ("range", "Number within a range"),
]

OPERATORS = [
    (">=", "≥"),
    (">", ">"),
    ("<=", "≤"),
    ("<", "<"),
    ("=", "="),
]

UOMS = [
    ("percent", "%"),
    ("million_vnd", "million VND per person per year"),
    ("count", "count"),
]

# What an evaluation line copies of its criterion (see _snapshot).
SNAPSHOT_FIELDS = (
    "measure",
    "uom",
    "operator",
    "threshold",
    "threshold_max",
    "is_mandatory",
    "weight",
)
# What a change re-evaluates on the open dossiers.
EVALUATION_FIELDS = (
    "measure",
    "operator",
    "threshold",
    "threshold_max",
    "is_mandatory",
    "weight",
)


class NtmCriterion(models.Model):
    _name = "ntm.criterion"
    _description = "Exemplar Criterion"
    _order = "kind, sequence, code"
    _rec_names_search = ["code", "name"]

    plan_id = fields.Many2one(
        "ntm.plan",
        required=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self.env["ntm.plan"]._current(),
        help="The plan whose dossiers this criterion judges.",
    )
    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    kind = fields.Selection(
        [("general", "General"), ("specific", "Specific")],
        required=True,
        default="specific",
        help="General criteria (section III.1.1 of the plan) apply to every "
        "category; specific ones (III.1.2) to the categories named.",
    )
    category_ids = fields.Many2many(
        "ntm.exemplar.category",
        string="Categories",
        help="Categories of nominees the criterion applies to.",
    )
    measure = fields.Selection(MEASURES, required=True, default="boolean")
    operator = fields.Selection(OPERATORS, default=">=")
    threshold = fields.Float(digits=(16, 2))
    threshold_max = fields.Float("Threshold (High End)", digits=(16, 2))
    uom = fields.Selection(UOMS, "Unit of Measure")
    is_mandatory = fields.Boolean("Mandatory", default=True)
    weight = fields.Float(default=1.0, help="Weight of the criterion in the score.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    threshold_display = fields.Char("Requirement", compute="_compute_threshold_display")

    _sql_constraints = [
        (
            "code_unique",
            "unique(plan_id, code)",
            "Two criteria of a plan cannot share a code.",
        ),
        ("weight_positive", "CHECK(weight >= 0)", "A weight cannot be negative."),
    ]

    @api.constrains("measure", "operator", "threshold", "threshold_max", "uom")
    def _check_threshold(self):
        for criterion in self:
            if criterion.measure == "boolean":
                continue
            values = [criterion.threshold]
            if criterion.measure == "range":
                values.append(criterion.threshold_max)
                if criterion.threshold > criterion.threshold_max:
                    raise ValidationError(
                        self.env._(
                            "Criterion %(code)s: the low end of the range (%(low)s) is "
                            "above its high end (%(high)s).",
                            code=criterion.code,
                            low=criterion.threshold,
                            high=criterion.threshold_max,
                        )
                    )
            elif not criterion.operator:
                raise ValidationError(
                    self.env._(
                        "Criterion %(code)s compares a number: choose an operator.",
                        code=criterion.code,
                    )
                )
            if criterion.uom == "percent" and any(not 0 <= v <= 100 for v in values):
                raise ValidationError(
                    self.env._(
                        "Criterion %(code)s: a percentage must be between 0 and 100.",
                        code=criterion.code,
                    )
                )
            if any(v < 0 for v in values):
                raise ValidationError(
                    self.env._(
                        "Criterion %(code)s: the threshold cannot be negative.",
                        code=criterion.code,
                    )
                )

    @api.depends("measure", "operator", "threshold", "threshold_max", "uom")
    @api.depends_context("lang")
    def _compute_threshold_display(self):
        for criterion in self:
            criterion.threshold_display = criterion._requirement_text(
                criterion.measure,
                criterion.operator,
                criterion.threshold,
                criterion.threshold_max,
            )

    @api.model_create_multi
    def create(self, vals_list):
        criteria = super().create(vals_list)
        criteria.plan_id._guard_criteria_editable()
        # The open dossiers of the plan are judged by the new criterion too.
        self.env["ntm.exemplar"].search(
            [
                ("plan_id", "in", criteria.plan_id.ids),
                ("stage_id.locks_dossier", "=", False),
            ]
        )._sync_criterion_lines()
        return criteria

    def write(self, vals):
        if "plan_id" in vals and any(c.plan_id.id != vals["plan_id"] for c in self):
            raise UserError(
                self.env._(
                    "A criterion stays in its plan: open a new plan to change "
                    "the criteria of other years."
                )
            )
        # Its wording may be corrected; what judges a dossier may not, once a
        # dossier of the plan is decided.
        if vals.keys() - {"name", "description", "sequence"}:
            self.plan_id._guard_criteria_editable()
        res = super().write(vals)
        changed = [field for field in EVALUATION_FIELDS if field in vals]
        if changed:
            self._reevaluate_open_dossiers(changed)
        if {"active", "kind", "category_ids"} & vals.keys():
            self.plan_id._check_categories_have_criteria()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided_plan(self):
        self.plan_id._guard_criteria_editable()

    def unlink(self):
        plans = self.plan_id
        res = super().unlink()
        plans.exists()._check_categories_have_criteria()
        return res

    def _applies_to(self, category):
        self.ensure_one()
        return self.kind == "general" or category in self.category_ids.mapped("code")

    def _snapshot(self):
        """What an evaluation line keeps of its criterion."""
        self.ensure_one()
        return {
            "measure": self.measure,
            "uom": self.uom,
            "operator": self.operator,
            "threshold": self.threshold,
            "threshold_max": self.threshold_max,
            "is_mandatory": self.is_mandatory,
            "weight": self.weight,
        }

    def _reevaluate_open_dossiers(self, fields=None):
        """Refresh the lines of the plan's dossiers still under review: per
        criterion, one UPDATE copies what changed onto its lines and judges
        them again in SQL (line._sql_evaluation, the rule of line._evaluate
        and line._ranking_points); only the dossiers of lines whose result
        flipped are counted again."""
        # sudo: the admin's change judges the lines of every unit alike.
        Line = self.env["ntm.exemplar.criterion.line"].sudo()
        keys = [key for key in SNAPSHOT_FIELDS if not fields or key in fields]
        if not keys:
            return
        Line.flush_model()
        # The lines as they read once changed ("new"): judged from those.
        is_met, gap, weighted_points = Line._sql_evaluation("new")
        table = SQL.identifier(Line._table)
        read = (*SNAPSHOT_FIELDS, "value_bool", "value_number", "is_evaluated")
        previous, current = {}, {}
        for criterion in self:
            snapshot = criterion._snapshot()
            query = Line._search(
                [
                    ("criterion_id", "=", criterion.id),
                    ("exemplar_id.stage_id.locks_dossier", "=", False),
                ]
            )
            columns = [
                SQL(
                    "CAST(%s AS %s) AS %s",
                    Line._fields[name].convert_to_column(snapshot[name], Line),
                    SQL(Line._fields[name].column_type[1]),
                    SQL.identifier(name),
                )
                if name in keys
                else SQL.identifier(Line._table, name)
                for name in read
            ]
            # The domain's path makes subqueries, not joins: its WHERE clause
            # fits the inner SELECT (an "id IN (subquery)" made PostgreSQL
            # scan every line).
            rows = self.env.execute_query(
                SQL(
                    """UPDATE %(table)s AS line SET %(copied)s, is_met = %(is_met)s,
                              gap = %(gap)s, weighted_points = %(points)s,
                              write_uid = %(uid)s, write_date = %(now)s
                         FROM (SELECT %(table)s.id, %(table)s.is_met AS was_met,
                                      %(columns)s
                                 FROM %(table)s WHERE %(where)s) AS new
                        WHERE line.id = new.id
                    RETURNING line.id, new.was_met, line.is_met, line.exemplar_id""",
                    table=table,
                    copied=SQL(", ").join(
                        SQL("%s = new.%s", SQL.identifier(key), SQL.identifier(key))
                        for key in keys
                    ),
                    is_met=is_met,
                    gap=gap,
                    points=weighted_points,
                    uid=self.env.uid,
                    now=self.env.cr.now(),
                    columns=SQL(", ").join(columns),
                    where=query.where_clause,
                )
            )
            for line, was_met, met, _dossier in rows:
                previous[line], current[line] = was_met, met
        Line.invalidate_model(
            [
                *keys,
                "is_met",
                "gap",
                "weighted_points",
                "requirement",
                "explanation",
                "write_uid",
                "write_date",
            ]
        )
        # A weight or a mandatory flag counts on every line; otherwise only
        # the lines whose result flipped change their dossier's counts (the
        # ranking score is summed when read).
        recount = {"is_mandatory", "weight"} & set(keys)
        flipped = [
            line for line in current if recount or current[line] != previous[line]
        ]
        Line.browse(flipped).modified(["is_met", "is_mandatory", "weight"])
        # The ranking points moved on every line re-judged.
        self.env["ntm.exemplar"].invalidate_model(["ranking_score"])

    def _requirement_text(self, measure, operator, low, high, uom=None):
        """'≥ 80 million VND per person per year', '80 – 85 %', 'Yes'."""
        if measure == "boolean":
            return self.env._("Yes")
        uom = dict(self._fields["uom"]._description_selection(self.env)).get(
            self.uom if uom is None else uom, ""
        )
        if measure == "range":
            return f"{low:g} – {high:g} {uom}".strip()
        symbol = dict(OPERATORS).get(operator, operator or "")
        return f"{symbol} {low:g} {uom}".strip()
