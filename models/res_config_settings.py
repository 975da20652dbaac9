import logging
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .ntm_council import is_valid_share

_logger = logging.getLogger(__name__)

# Limits of the import of a proposal list (wizards/ntm_exemplar_import.py): a
# unit's list holds tens of rows, a district's a few hundred; the limits keep
# one upload from holding a worker for minutes.
IMPORT_LIMITS = {
    # parameter: default
    "ntm_exemplar.import_max_megabytes": 5,
    "ntm_exemplar.import_max_rows": 2000,
}


def import_limits(env):
    """(largest file in bytes, most rows below the header) of the import."""
    # sudo: officers import; only Settings admins read and write parameters.
    param = env["ir.config_parameter"].sudo().get_param
    values = []
    for key, default in IMPORT_LIMITS.items():
        raw = param(key, default)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = 0
        if value < 1:
            # Written by hand in System Parameters: the default, not no limit.
            _logger.warning("Parameter %s=%r is not a positive number", key, raw)
            value = default
        values.append(value)
    megabytes, rows = values
    return megabytes * 1024 * 1024, rows


# Settings field -> (criterion code, criterion field). The numeric thresholds
# of the current plan (the plan of this year's achievements), edited by an
# admin in Settings; writing them re-evaluates the plan's dossiers under
# review (ntm.criterion.write). A plan without the criterion hides it.
THRESHOLDS = {
    "ntm_district_advanced_share": ("TC.H01", "threshold"),
    "ntm_district_model_share": ("TC.H02", "threshold"),
    "ntm_district_income": ("TC.H03", "threshold"),
    "ntm_district_ocop_plan": ("TC.H05", "threshold"),
    "ntm_district_ocop_centres": ("TC.H06", "threshold"),
    "ntm_district_high_tech": ("TC.H07", "threshold"),
    "ntm_district_cultural_villages": ("TC.H08", "threshold"),
    "ntm_district_schools": ("TC.H09", "threshold"),
    "ntm_district_health_communes": ("TC.H10", "threshold"),
    "ntm_district_clean_water": ("TC.H11", "threshold"),
    "ntm_district_postal_points": ("TC.H12", "threshold"),
    "ntm_district_employment": ("TC.H14", "threshold"),
    "ntm_district_health_insurance": ("TC.H15", "threshold"),
    "ntm_city_high_tech": ("TC.S2", "threshold"),
}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ntm_district_advanced_share = fields.Float("Communes at advanced NTM (%)")
    ntm_district_model_share = fields.Float("Communes at model NTM (%)")
    ntm_district_income = fields.Float("Income per person (million VND/year)")
    ntm_district_ocop_plan = fields.Float("OCOP products, share of the plan (%)")
    ntm_district_ocop_centres = fields.Float("OCOP design and sales centres")
    ntm_district_high_tech = fields.Float("High-tech agricultural products (%)")
    ntm_district_cultural_villages = fields.Float("Cultural villages (%)")
    ntm_district_schools = fields.Float(
        "Public schools at national standard, at least (%)"
    )
    ntm_district_health_communes = fields.Float(
        "Communes at national health standard (%)"
    )
    ntm_district_clean_water = fields.Float("Households with clean water (%)")
    ntm_district_postal_points = fields.Float(
        "Communes with a staffed postal point (%)"
    )
    ntm_district_employment = fields.Float("Regular employment (%)")
    ntm_district_health_insurance = fields.Float("Health insurance coverage (%)")
    ntm_city_high_tech = fields.Float(
        "City agencies: high-tech agricultural products (%)"
    )
    ntm_plan_id = fields.Many2one(
        "ntm.plan",
        "Current Plan",
        readonly=True,
        default=lambda self: self.env["ntm.plan"]._current(),
        help="The plan of this year's achievements: the thresholds below are its.",
    )
    ntm_plan_has_district = fields.Boolean(compute="_compute_ntm_plan_has_district")
    # Councils: defaults of new councils, and the yearly review deadline.
    ntm_quorum_numerator = fields.Integer(
        "Quorum (numerator)",
        config_parameter="ntm_exemplar.quorum_numerator",
        default=1,
    )
    ntm_quorum_denominator = fields.Integer(
        "Quorum (denominator)",
        config_parameter="ntm_exemplar.quorum_denominator",
        default=2,
    )
    # A selection, not a boolean: Odoo deletes a boolean parameter when it is
    # unchecked, which new councils would read as "never set".
    ntm_approval_comparison = fields.Selection(
        [("more", "more than"), ("at_least", "at least")],
        "Approval: agreeing votes",
        config_parameter="ntm_exemplar.approval_comparison",
        default="more",
    )
    ntm_approval_numerator = fields.Integer(
        "Approval share (numerator)",
        config_parameter="ntm_exemplar.approval_numerator",
        default=1,
    )
    ntm_approval_denominator = fields.Integer(
        "Approval share (denominator)",
        config_parameter="ntm_exemplar.approval_denominator",
        default=2,
    )
    ntm_approval_base = fields.Selection(
        [("all", "All members"), ("present", "Members present")],
        "Approval share of",
        config_parameter="ntm_exemplar.approval_base",
        default="all",
    )
    ntm_review_deadline_day = fields.Integer(
        "Review deadline: day",
        config_parameter="ntm_exemplar.review_deadline_day",
        default=15,
    )
    ntm_review_deadline_month = fields.Integer(
        "Review deadline: month",
        config_parameter="ntm_exemplar.review_deadline_month",
        default=1,
    )
    ntm_top_five_deadline_day = fields.Integer(
        "Top five deadline: day",
        config_parameter="ntm_exemplar.top_five_deadline_day",
        default=28,
    )
    ntm_top_five_deadline_month = fields.Integer(
        "Top five deadline: month",
        config_parameter="ntm_exemplar.top_five_deadline_month",
        default=2,
    )
    ntm_review_reminder_days = fields.Integer(
        "Remind this many days before",
        config_parameter="ntm_exemplar.review_reminder_days",
        default=14,
    )

    ntm_import_max_megabytes = fields.Integer(
        "Largest file (MB)",
        config_parameter="ntm_exemplar.import_max_megabytes",
        default=IMPORT_LIMITS["ntm_exemplar.import_max_megabytes"],
    )
    ntm_import_max_rows = fields.Integer(
        "Most rows in a list",
        config_parameter="ntm_exemplar.import_max_rows",
        default=IMPORT_LIMITS["ntm_exemplar.import_max_rows"],
    )

    # The citizens' proposals of the honour board (/dien-hinh/de-xuat).
    ntm_nomination_hourly_limit = fields.Integer(
        "Proposals per sender and hour",
        config_parameter="ntm_exemplar.nomination_hourly_limit",
        default=3,
    )
    ntm_nomination_photo_max_kb = fields.Integer(
        "Largest photo (KB)",
        config_parameter="ntm_exemplar.nomination_photo_max_kb",
        default=5120,
    )

    @api.depends("ntm_plan_id")
    def _compute_ntm_plan_has_district(self):
        for settings in self:
            settings.ntm_plan_has_district = any(
                settings._ntm_criterion(THRESHOLDS[field][0])
                for field in THRESHOLDS
                if field.startswith("ntm_district_")
            )

    def _ntm_criterion(self, code):
        plan = self.ntm_plan_id or self.env["ntm.plan"]._current()
        return plan.criterion_ids.filtered(lambda c: c.code == code)[:1]

    @api.model
    def get_values(self):
        res = super().get_values()
        for field, (code, attr) in THRESHOLDS.items():
            criterion = self._ntm_criterion(code)
            if criterion:
                res[field] = criterion[attr]
        return res

    @api.constrains(
        "ntm_quorum_numerator",
        "ntm_quorum_denominator",
        "ntm_approval_numerator",
        "ntm_approval_denominator",
        "ntm_review_deadline_day",
        "ntm_review_deadline_month",
        "ntm_review_reminder_days",
        "ntm_top_five_deadline_day",
        "ntm_top_five_deadline_month",
        "ntm_nomination_hourly_limit",
        "ntm_nomination_photo_max_kb",
    )
    def _check_council_defaults(self):
        for settings in self:
            for num, den in (
                (settings.ntm_quorum_numerator, settings.ntm_quorum_denominator),
                (settings.ntm_approval_numerator, settings.ntm_approval_denominator),
            ):
                if not is_valid_share(num, den):
                    raise ValidationError(
                        self.env._(
                            "A share must be a fraction between 0 and 1 (e.g. 2/3)."
                        )
                    )
            try:
                date(
                    2001,
                    settings.ntm_review_deadline_month,
                    settings.ntm_review_deadline_day,
                )
                date(
                    2001,
                    settings.ntm_top_five_deadline_month,
                    settings.ntm_top_five_deadline_day,
                )
            except ValueError:
                raise ValidationError(
                    self.env._("A deadline is not a valid day of the year.")
                ) from None
            if settings.ntm_review_reminder_days < 0:
                raise ValidationError(
                    self.env._("The reminder lead time cannot be negative.")
                )
            if (
                settings.ntm_nomination_hourly_limit < 1
                or settings.ntm_nomination_photo_max_kb < 1
            ):
                raise ValidationError(
                    self.env._(
                        "Citizens' proposals: the hourly limit and the largest photo "
                        "are at least 1."
                    )
                )

    @api.constrains("ntm_import_max_megabytes", "ntm_import_max_rows")
    def _check_import_limits(self):
        for settings in self:
            if (
                settings.ntm_import_max_megabytes < 1
                or settings.ntm_import_max_rows < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The limits of the import are a number of megabytes and a "
                        "number of rows, at least 1."
                    )
                )

    def set_values(self):
        res = super().set_values()
        changes = {}
        for field, (code, attr) in THRESHOLDS.items():
            criterion = self._ntm_criterion(code)
            if criterion and criterion[attr] != self[field]:
                changes.setdefault(criterion, {})[attr] = self[field]
        # One write per criterion: a range's two ends are checked together.
        for criterion, vals in changes.items():
            criterion.write(vals)
        return res
