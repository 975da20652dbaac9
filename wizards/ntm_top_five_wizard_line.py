from odoo import api, fields, models
from odoo.tools.misc import formatLang


class NtmTopFiveWizardLine(models.TransientModel):
    _name = "ntm.top.five.wizard.line"
    _description = "Top Five Candidate"
    _order = "rank"

    wizard_id = fields.Many2one(
        "ntm.top.five.wizard", required=True, ondelete="cascade"
    )
    rank = fields.Integer()
    exemplar_id = fields.Many2one("ntm.exemplar", required=True)
    unit_id = fields.Many2one(related="exemplar_id.unit_id")
    score = fields.Float(digits=(16, 1))
    approval = fields.Float("Council Approval (%)", digits=(16, 1))
    propagation_count = fields.Integer("Propagation")
    is_selected = fields.Boolean("Selected")
    explanation = fields.Char("Why This Rank", compute="_compute_explanation")

    @api.depends("rank", "score", "approval", "propagation_count")
    @api.depends_context("lang")
    def _compute_explanation(self):
        for line in self:
            # Numbers as the user's language writes them: "100,0" in Vietnamese.
            score = formatLang(self.env, line.score, digits=1)
            approval = formatLang(self.env, line.approval, digits=0)
            line.explanation = self.env._(
                "#%(rank)s %(dossier)s: criteria score %(score)s, council approval "
                "%(approval)s%%, propagated %(count)s times",
                rank=line.rank,
                dossier=line.exemplar_id.display_name,
                score=score,
                approval=approval,
                count=line.propagation_count,
            )
