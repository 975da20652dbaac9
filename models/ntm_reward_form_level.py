from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .ntm_reward_form import LEVELS


class NtmRewardFormLevel(models.Model):
    """Who decides a title or form, from when to when: the reform of 1 July
    2025 moved several of them from the district to the commune chairman."""

    _name = "ntm.reward.form.level"
    _description = "Deciding Level of a Reward Form"
    _order = "reward_form_id, sequence, id"

    reward_form_id = fields.Many2one(
        "ntm.reward.form",
        "Title or Form",
        required=True,
        ondelete="cascade",
        index=True,
    )
    level = fields.Selection(LEVELS, "Decided By", required=True)
    date_from = fields.Date("In Force From")
    date_to = fields.Date("In Force Until")
    legal_basis = fields.Char(
        help="The text that gives this level the decision, e.g. 'Nghị định "
        "152/2025/NĐ-CP'."
    )
    sequence = fields.Integer(default=10)

    def _in_force_on(self, day):
        return self.filtered(
            lambda level: (not level.date_from or level.date_from <= day)
            and (not level.date_to or level.date_to >= day)
        )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for level in self:
            if level.date_from and level.date_to and level.date_to < level.date_from:
                raise ValidationError(
                    self.env._(
                        "The deciding level of %(form)s cannot end before it starts.",
                        form=level.reward_form_id.name,
                    )
                )
