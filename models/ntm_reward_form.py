from odoo import api, fields, models

from .hanoi_date import hanoi_today

LEVELS = [
    ("president", "President of the State"),
    ("prime_minister", "Prime Minister"),
    ("ministry", "Minister"),
    ("city", "Chairman of the city People's Committee"),
    ("department", "Director of a department"),
    ("district", "Chairman of a district People's Committee"),
    ("commune", "Chairman of a commune People's Committee"),
]
# The deciding level that matches a proposing unit, by its type.
UNIT_LEVELS = {
    "city": "city",
    "department": "department",
    "urban_district": "district",
    "rural_district": "district",
    "town": "district",
    "ward": "commune",
    "commune": "commune",
    "township": "commune",
}
KINDS = [
    ("regular", "Regular"),
    ("ad_hoc", "Ad hoc"),
    ("thematic", "Thematic"),
]


class NtmRewardForm(models.Model):
    """An emulation title (danh hiệu) or a reward form (hình thức khen
    thưởng), kept apart as the Law on Emulation and Rewards 2022 does."""

    _name = "ntm.reward.form"
    _description = "Reward Title or Form"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    honour_type = fields.Selection(
        [("title", "Emulation title"), ("form", "Reward form")],
        "Type",
        required=True,
        default="form",
    )
    level_ids = fields.One2many(
        "ntm.reward.form.level", "reward_form_id", "Deciding Levels"
    )
    level = fields.Selection(
        LEVELS,
        "Decided By",
        compute="_compute_level",
        help="Who decides today, from the deciding levels and their dates.",
    )
    kind = fields.Selection(KINDS, "Reward Kind", required=True, default="regular")
    requires_initiative = fields.Boolean(
        "Initiative Certification Required",
        help="The dossier must include the certification of an initiative.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    @api.depends("level_ids.level", "level_ids.date_from", "level_ids.date_to")
    @api.depends_context("uid")
    def _compute_level(self):
        today = hanoi_today()
        for form in self:
            form.level = form.level_ids._in_force_on(today)[:1].level

    def _level_for(self, unit, day):
        """Who decides the form for a proposal of `unit` on `day`: of the
        levels in force then, the unit's own level, else the first one."""
        self.ensure_one()
        levels = self.level_ids._in_force_on(day)
        own = levels.filtered(
            lambda level: level.level == UNIT_LEVELS.get(unit.unit_type)
        )
        return (own or levels)[:1].level or False
