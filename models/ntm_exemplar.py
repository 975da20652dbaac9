from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The six groups of section II of the plan.
CATEGORIES = [
    ("city_agency", "City agency or urban district"),
    ("district", "Rural district or town"),
    ("commune", "Commune, ward or township"),
    ("enterprise", "Enterprise, cooperative or economic/social organisation"),
    ("individual", "Individual"),
    ("other", "Other organisation, association or household"),
]

# Section III.2.1: where exemplars are discovered.
SOURCES = [
    ("movement", "Emulation movement"),
    ("media", "Press, radio or television"),
]

DEFAULT_MOVEMENT = "Toàn dân chung sức xây dựng nông thôn mới"
YEAR_MIN = 2000
YEAR_MAX = 2100


class NtmExemplar(models.Model):
    _name = "ntm.exemplar"
    _description = "Exemplar Dossier"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, id desc"
    _rec_names_search = ["name", "ref", "partner_id"]

    name = fields.Char("Title", required=True, tracking=True)
    ref = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        "res.partner",
        "Nominee",
        required=True,
        tracking=True,
        index=True,
        help="The person, household or organisation proposed as an exemplar.",
    )
    category = fields.Selection(CATEGORIES, required=True, tracking=True)
    year = fields.Integer(
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).year,
        help="Emulation year the dossier is reviewed for.",
    )
    source = fields.Selection(
        SOURCES,
        "Discovered Through",
        required=True,
        default="movement",
        tracking=True,
    )
    movement = fields.Char(
        "Emulation Movement", required=True, default=DEFAULT_MOVEMENT, tracking=True
    )
    achievements = fields.Html(
        help="Outstanding achievements, new models and good practices of the nominee."
    )
    user_id = fields.Many2one(
        "res.users",
        "Responsible Officer",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
    )
    color = fields.Integer("Color Index")

    @api.constrains("year")
    def _check_year(self):
        for dossier in self:
            if not YEAR_MIN <= dossier.year <= YEAR_MAX:
                raise ValidationError(
                    self.env._(
                        "The year of dossier %(name)s must be between "
                        "%(min)s and %(max)s.",
                        name=dossier.name,
                        min=YEAR_MIN,
                        max=YEAR_MAX,
                    )
                )

    @api.depends("ref", "name")
    def _compute_display_name(self):
        for dossier in self:
            dossier.display_name = (
                f"[{dossier.ref}] {dossier.name}"
                if dossier.ref and dossier.ref != "/"
                else dossier.name
            )

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("ref", "/") == "/":
                vals["ref"] = sequence.next_by_code("ntm.exemplar") or "/"
        return super().create(vals_list)
