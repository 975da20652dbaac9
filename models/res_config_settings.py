from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .ntm_council import is_valid_share

# Settings field -> (criterion xml id, criterion field). The plan's numeric
# thresholds, edited by an admin in Settings; writing them re-evaluates the
# dossiers under review (ntm.criterion.write).
THRESHOLDS = {
    "ntm_district_advanced_share": ("criterion_district_advanced", "threshold"),
    "ntm_district_model_share": ("criterion_district_model", "threshold"),
    "ntm_district_income": ("criterion_district_income", "threshold"),
    "ntm_district_ocop_plan": ("criterion_district_ocop_plan", "threshold"),
    "ntm_district_ocop_centres": ("criterion_district_ocop_centre", "threshold"),
    "ntm_district_high_tech": ("criterion_district_high_tech", "threshold"),
    "ntm_district_cultural_villages": ("criterion_district_cultural", "threshold"),
    "ntm_district_schools_low": ("criterion_district_schools", "threshold"),
    "ntm_district_schools_high": ("criterion_district_schools", "threshold_max"),
    "ntm_district_health_communes": ("criterion_district_health", "threshold"),
    "ntm_district_clean_water": ("criterion_district_water", "threshold"),
    "ntm_district_postal_points": ("criterion_district_postal", "threshold"),
    "ntm_district_employment": ("criterion_district_employment", "threshold"),
    "ntm_district_health_insurance": ("criterion_district_insurance", "threshold"),
    "ntm_city_high_tech": ("criterion_city_high_tech", "threshold"),
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
    ntm_district_schools_low = fields.Float(
        "Public schools at national standard, from (%)"
    )
    ntm_district_schools_high = fields.Float(
        "Public schools at national standard, to (%)"
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

    def _ntm_criterion(self, xmlid):
        return self.env.ref(f"ntm_exemplar.{xmlid}", raise_if_not_found=False)

    @api.model
    def get_values(self):
        res = super().get_values()
        for field, (xmlid, attr) in THRESHOLDS.items():
            criterion = self._ntm_criterion(xmlid)
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

    def set_values(self):
        res = super().set_values()
        changes = {}
        for field, (xmlid, attr) in THRESHOLDS.items():
            criterion = self._ntm_criterion(xmlid)
            if criterion and criterion[attr] != self[field]:
                changes.setdefault(criterion, {})[attr] = self[field]
        # One write per criterion: a range's two ends are checked together.
        for criterion, vals in changes.items():
            criterion.write(vals)
        return res
