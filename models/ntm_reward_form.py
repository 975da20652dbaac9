from odoo import fields, models

LEVELS = [
    ("president", "President of the State"),
    ("prime_minister", "Prime Minister"),
    ("ministry", "Minister"),
    ("city", "Chairman of the city People's Committee"),
    ("department", "Director of a department"),
    ("district", "Chairman of a district People's Committee"),
    ("commune", "Chairman of a commune People's Committee"),
]
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
    level = fields.Selection(LEVELS, "Decided By", required=True)
    kind = fields.Selection(KINDS, "Reward Kind", required=True, default="regular")
    requires_initiative = fields.Boolean(
        "Initiative Certification Required",
        help="The dossier must include the certification of an initiative.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
