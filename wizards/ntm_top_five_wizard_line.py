from odoo import api, fields, models
from odoo.exceptions import ValidationError


class NtmTopFiveWizardLine(models.TransientModel):
    """A candidate as the wizard shows it. Its figures are for reading: the
    confirmation ranks the year again on the server and stores that."""

    _name = "ntm.top.five.wizard.line"
    _description = "Top Five Candidate"
    _order = "rank"

    wizard_id = fields.Many2one(
        "ntm.top.five.wizard", required=True, ondelete="cascade"
    )
    rank = fields.Integer()
    exemplar_id = fields.Many2one("ntm.exemplar", required=True)
    unit_id = fields.Many2one(related="exemplar_id.unit_id")
    score = fields.Float("Criteria Met (%)", digits=(16, 1))
    ranking_score = fields.Float(digits=(16, 2))
    approval = fields.Float("Council Support (%)", digits=(16, 1))
    propagation_count = fields.Integer("Propagation")
    decision_date = fields.Date("Head's Decision")
    is_selected = fields.Boolean("Selected")
    explanation = fields.Char("Why This Rank")

    @api.constrains("exemplar_id", "wizard_id")
    def _check_candidate(self):
        """Only a recognised exemplar of the wizard's year is a candidate."""
        for line in self:
            dossier = line.exemplar_id
            if (
                dossier.year != line.wizard_id.year
                or not dossier.stage_id.is_recognised
            ):
                raise ValidationError(
                    self.env._(
                        "%(dossier)s is not a recognised exemplar of %(year)s: it "
                        "cannot be a candidate.",
                        dossier=dossier.display_name,
                        year=line.wizard_id.year,
                    )
                )
