from odoo import models


class ReportPublicationConsent(models.AbstractModel):
    _name = "report.ntm_exemplar.report_publication_consent"
    _inherit = "ntm.nd30.report"
    _description = "Consent Form for the Honour Board"
