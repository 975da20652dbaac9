from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .activities import schedule_once
from .attachments import bind_loose_attachments
from .hanoi_date import hanoi_today

# Section III.2.2 of the plan: the forms of propagation.
CHANNELS = [
    ("portal", "Unit's web portal"),
    ("press", "Press"),
    ("radio", "Radio"),
    ("television", "Television"),
    ("social", "Social networks"),
    ("meeting", "Meetings and conferences"),
    ("review_conference", "Review conference (sơ kết, tổng kết)"),
    ("commendation", "'Good people, good deeds' commendation conference"),
    ("writing_contest", "Writing contest"),
    ("publication", "Publication (e.g. 'Những bông hoa đẹp')"),
    ("culture_sports", "Cultural and sports events"),
    ("other", "Other"),
]


class NtmPropagation(models.Model):
    _name = "ntm.propagation"
    _description = "Propagation of Exemplars"
    _inherit = ["ntm.unit.scoped.mixin", "ntm.decision.mixin", "mail.thread"]
    _url_fields = ("url",)
    _decision_fields = ("activity_count",)
    _order = "date desc, id desc"

    name = fields.Char("Title", required=True, tracking=True)
    unit_id = fields.Many2one(tracking=True)
    date = fields.Date(required=True, default=hanoi_today, tracking=True)
    channel = fields.Selection(CHANNELS, required=True, tracking=True)
    url = fields.Char("Link", size=2048)
    audience = fields.Integer(
        "Audience Reached", help="People reached (readers, viewers, participants)."
    )
    exemplar_ids = fields.Many2many(
        "ntm.exemplar",
        "ntm_propagation_exemplar_rel",
        "propagation_id",
        "exemplar_id",
        "Exemplars Featured",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "ntm_propagation_attachment_rel",
        "propagation_id",
        "attachment_id",
        "Attachments",
    )
    user_id = fields.Many2one(
        "res.users", "Recorded By", default=lambda self: self.env.user
    )
    activity_count = fields.Integer(
        "Number of Activities",
        compute="_compute_activity_count",
        store=True,
        help="1 on every activity: the measure analyses sum, in Vietnamese "
        "(Odoo's own count reads 'Số tập dữ liệu').",
    )

    _sql_constraints = [
        (
            "audience_positive",
            "CHECK(audience >= 0)",
            "The audience cannot be negative.",
        ),
    ]

    def _compute_activity_count(self):
        self.activity_count = 1

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._attach()
        return records

    def write(self, vals):
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._attach()
        return res

    def _attach(self):
        for record in self:
            bind_loose_attachments(record.attachment_ids, self._name, record)

    @api.model
    def _cron_monthly_check(self, today=None):
        """Each unit propagates its exemplars every month: units with
        recognised exemplars and nothing logged in the past month get an
        activity for their managers."""
        today = today or hanoi_today()
        since = today - relativedelta(months=1)
        stages = self.env["ntm.exemplar"]._stages_flagged("is_recognised")
        units = (
            self.env["ntm.exemplar"].search([("stage_id", "in", stages.ids)]).unit_id
        )
        active = self.search(
            [("date", ">", since), ("unit_id", "in", units.ids)]
        ).unit_id
        managers = self.env.ref("ntm_exemplar.group_manager").sudo().users
        schedule_once(
            self.env,
            "ntm_exemplar.mail_act_propagate",
            [
                (unit, managers.filtered(lambda u, unit=unit: unit in u.ntm_unit_ids))
                for unit in units - active
            ],
            self.env._(
                "No propagation of the unit's exemplars was logged since %(since)s.",
                since=since.strftime("%d/%m/%Y"),
            ),
        )
