from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# The six groups of section II of the plan.
CATEGORIES = [
    ("city_agency", "City agency or urban district"),
    ("district", "Rural district or town"),
    ("commune", "Commune, ward or township"),
    ("enterprise", "Enterprise, cooperative or economic/social organisation"),
    ("individual", "Individual"),
    ("other", "Other organisation, association or household"),
]

# Section III.2.1: exemplars are discovered through emulation movements or by
# the media.
SOURCES = [
    ("movement", "Emulation movement"),
    ("press", "Press"),
    ("radio", "Radio"),
    ("television", "Television"),
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
    unit_id = fields.Many2one(
        "ntm.unit",
        "Proposing Unit",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        help="The unit that proposes the exemplar: its people and those of the "
        "units above it see the dossier.",
    )
    allowed_unit_ids = fields.Many2many(
        "ntm.unit",
        compute="_compute_allowed_unit_ids",
        help="Units in operation the current user may file dossiers for.",
    )
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
    evidence_ids = fields.Many2many(
        "ir.attachment",
        "ntm_exemplar_evidence_rel",
        "exemplar_id",
        "attachment_id",
        help="Decisions, certificates, press articles, photos... supporting the "
        "achievements.",
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

    @api.constrains("partner_id", "year", "movement", "active")
    def _check_one_open_dossier_per_nominee(self):
        """A nominee has at most one open dossier per year and movement."""
        dossiers = self.filtered_domain(self._open_dossier_domain())
        if not dossiers:
            return
        # sudo: the other dossier may belong to a unit the user cannot see; the
        # rule holds across units all the same.
        duplicates = (
            self.sudo()
            .with_context(active_test=True)
            .search(
                [
                    ("partner_id", "in", dossiers.partner_id.ids),
                    ("year", "in", list(set(dossiers.mapped("year")))),
                    ("movement", "in", list(set(dossiers.mapped("movement")))),
                    *self._open_dossier_domain(),
                ]
            )
        )
        for dossier in dossiers:
            others = duplicates.filtered(
                lambda d, dossier=dossier: d.id != dossier.id
                and d.partner_id == dossier.partner_id
                and d.year == dossier.year
                and d.movement == dossier.movement
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%(nominee)s already has an open dossier for %(year)s in the "
                        'movement "%(movement)s": %(ref)s (%(unit)s).',
                        nominee=dossier.partner_id.display_name,
                        year=dossier.year,
                        movement=dossier.movement,
                        ref=others[0].ref,
                        unit=others[0].unit_id.complete_name,
                    )
                )

    @api.depends_context("uid")
    def _compute_allowed_unit_ids(self):
        # The same for every record: one search for the whole batch.
        domain = [("reorganization", "=", "none")]
        if not self.env.user.has_group("ntm_exemplar.group_coordinator"):
            domain.append(("id", "child_of", self.env.user.ntm_unit_ids.ids))
        units = self.env["ntm.unit"].search(domain)
        self.allowed_unit_ids = units

    @api.depends("ref", "name")
    def _compute_display_name(self):
        for dossier in self:
            dossier.display_name = (
                f"[{dossier.ref}] {dossier.name}"
                if dossier.ref and dossier.ref != "/"
                else dossier.name
            )

    @api.model
    def default_get(self, fields):
        # Not a field default: Odoo would evaluate it for existing rows when
        # the column is added, before the users' units exist.
        defaults = super().default_get(fields)
        if "unit_id" in fields and not defaults.get("unit_id"):
            unit = self.env.user.ntm_unit_ids.filtered(
                lambda u: u.reorganization == "none"
            )[:1]
            if unit:
                defaults["unit_id"] = unit.id
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        self._guard_units_accept_dossiers(
            self.env["ntm.unit"].browse(
                {vals["unit_id"] for vals in vals_list if vals.get("unit_id")}
            )
        )
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("ref", "/") == "/":
                vals["ref"] = sequence.next_by_code("ntm.exemplar") or "/"
        dossiers = super().create(vals_list)
        dossiers._attach_evidence()
        return dossiers

    def write(self, vals):
        if vals.get("unit_id"):
            self._guard_units_accept_dossiers(
                self.env["ntm.unit"].browse(vals["unit_id"])
            )
        res = super().write(vals)
        if "evidence_ids" in vals:
            self._attach_evidence()
        return res

    def _open_dossier_domain(self):
        """Domain of the dossiers still open (the review pipeline narrows it)."""
        return [("active", "=", True)]

    def _guard_units_accept_dossiers(self, units):
        """No dossier is filed for, or moved to, a merged or dissolved unit."""
        closed = units._filter_closed()[:1]
        if closed.successor_id:
            raise UserError(
                self.env._(
                    "Unit %(unit)s was merged or dissolved and %(successor)s took "
                    "over: file the dossier for %(successor)s.",
                    unit=closed.complete_name,
                    successor=closed.successor_id.complete_name,
                )
            )
        if closed:
            raise UserError(
                self.env._(
                    "Unit %(unit)s was dissolved: file the dossier for a unit in "
                    "operation.",
                    unit=closed.complete_name,
                )
            )

    def _attach_evidence(self):
        """Evidence files belong to their dossier: they are then read and
        deleted under the dossier's own access rules."""
        for dossier in self:
            loose = dossier.evidence_ids.filtered(
                lambda a: not a.res_id and a.res_model in (False, "ntm.exemplar")
            )
            if loose:
                loose.write({"res_model": self._name, "res_id": dossier.id})
