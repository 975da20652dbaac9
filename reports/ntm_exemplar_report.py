from odoo import models


class ReportExemplarAchievements(models.AbstractModel):
    _name = "report.ntm_exemplar.report_exemplar_achievements"
    _inherit = "ntm.nd30.report"
    _description = "Achievement Report of an Exemplar"
