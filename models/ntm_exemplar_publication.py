"""An exemplar's page on the public honour board (/dien-hinh): what a unit
leader publishes for citizens, kept apart from the internal dossier.

Nothing here is public until the leader publishes it with the nominee's
recorded consent (Law on Personal Data Protection, No. 91/2025/QH15, in force
since 1 January 2026). Anonymous visitors never read the record: the website
reads it through `_public_card` and `_public_story`, which hand out the
published fields one by one; the nominee's date of birth, ID number and
address are none of them."""

import secrets

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, html2plaintext
from odoo.tools.mimetypes import guess_mimetype

from .attachments import bind_loose_attachments
from .hanoi_date import hanoi_today
from .ntm_decision_mixin import as_decision

# What the honour board shows of a photo: images only, judged by content.
PHOTO_MIMETYPES = ("image/jpeg", "image/png", "image/webp")
CONSENT_METHODS = [
    ("signed_form", "Signed consent form"),
    ("electronic", "Electronic document or message"),
    ("recording", "Recorded statement"),
]
# Written by the leader; editable while the page is a draft, by leaders once
# it is published (it is then live).
CONTENT_FIELDS = ("name", "public_name", "summary", "photo_ids", "coverage_ids")
# Channels whose records link to coverage an outsider may read.
COVERAGE_CHANNELS = ("press", "radio", "television", "social", "portal", "other")
BOARD_URL = "/dien-hinh"


def words_slug(env, text):
    """'Xã Đông Anh' -> 'xa-dong-anh': Odoo's slug, with the Vietnamese đ
    (which no decomposition turns into a d)."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    return env["ir.http"]._slugify(text)[:60].strip("-")


def new_slug(env, title):
    """A readable, unguessable address: the title's words and 64 random
    bits ('htx-hoa-sen-van-noi-3f9a2c1b7d0e4a65'). The record's id is no
    part of it."""
    words = words_slug(env, title)
    token = secrets.token_hex(8)
    return f"{words}-{token}" if words else token


class NtmExemplarPublication(models.Model):
    _name = "ntm.exemplar.publication"
    _description = "Exemplar's Public Page"
    _inherit = ["ntm.decision.mixin", "mail.thread"]
    _order = "published_date desc, id desc"
    # Written by the actions: publishing, unpublishing, the consent wizard.
    _decision_fields = (
        "state",
        "slug",
        "published_date",
        "published_uid",
        "propagation_id",
        "consent_state",
        "consent_by",
        "consent_date",
        "consent_method",
        "consent_attachment_ids",
        "consent_withdrawn_date",
        "consent_note",
    )
    _fixed_fields = ("exemplar_id", "unit_id")
    _required_text_fields = ("name", "public_name")

    exemplar_id = fields.Many2one(
        "ntm.exemplar",
        "Dossier",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("stage_id.is_recognised", "=", True)],
    )
    unit_id = fields.Many2one(
        "ntm.unit",
        "Publishing Unit",
        compute="_compute_unit_id",
        store=True,
        index=True,
        help="The dossier's unit as it is today: a former commune's exemplars "
        "are published by the commune that took it over.",
    )
    year = fields.Integer(related="exemplar_id.year")
    name = fields.Char(
        "Public Title",
        required=True,
        tracking=True,
        help="The title citizens read, e.g. 'Hộ gia đình hiến 320 m² đất mở rộng "
        "đường thôn'.",
    )
    public_name = fields.Char(
        "Name Shown",
        required=True,
        tracking=True,
        help="How the exemplar is named in public: e.g. 'Hộ ông Trần Văn Hiến'.",
    )
    summary = fields.Html(
        "Story for Citizens",
        sanitize_overridable=False,
        help="A public summary written for citizens: never the dossier's internal "
        "notes, and no date of birth, ID number or address.",
    )
    photo_ids = fields.Many2many(
        "ir.attachment",
        "ntm_publication_photo_rel",
        "publication_id",
        "attachment_id",
        "Photos",
        help="JPEG, PNG or WebP images: public only while the page is published.",
    )
    coverage_ids = fields.Many2many(
        "ntm.propagation",
        "ntm_publication_coverage_rel",
        "publication_id",
        "propagation_id",
        "Press Coverage",
        help="Propagation records of the exemplar whose link citizens may follow.",
    )
    state = fields.Selection(
        [("draft", "Not Published"), ("published", "Published")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
    )
    slug = fields.Char(
        "Page Address",
        readonly=True,
        copy=False,
        index=True,
        help="Random: the page is found only once published, and never by the "
        "record's number.",
    )
    published_date = fields.Datetime(readonly=True, copy=False)
    published_uid = fields.Many2one(
        "res.users", "Published By", readonly=True, copy=False
    )
    propagation_id = fields.Many2one(
        "ntm.propagation",
        "Propagation Logged",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The propagation record the latest publishing logged (channel: the "
        "web portal, with the page's link).",
    )
    consent_state = fields.Selection(
        [
            ("none", "Not Recorded"),
            ("given", "Given"),
            ("withdrawn", "Withdrawn"),
        ],
        "Nominee's Consent",
        required=True,
        default="none",
        readonly=True,
        tracking=True,
        copy=False,
    )
    consent_by = fields.Char(
        "Consent Given By",
        readonly=True,
        copy=False,
        tracking=True,
        help="The nominee, or who represents the household or collective.",
    )
    consent_date = fields.Date(readonly=True, copy=False, tracking=True)
    consent_method = fields.Selection(
        CONSENT_METHODS, "Consent Given Through", readonly=True, copy=False
    )
    consent_attachment_ids = fields.Many2many(
        "ir.attachment",
        "ntm_publication_consent_rel",
        "publication_id",
        "attachment_id",
        "Proof of Consent",
        readonly=True,
        copy=False,
        help="The signed form, the message or the recording: never public.",
    )
    consent_withdrawn_date = fields.Date(
        "Consent Withdrawn On", readonly=True, copy=False, tracking=True
    )
    consent_note = fields.Text(readonly=True, copy=False)
    website_url = fields.Char("Public Page", compute="_compute_website_url")
    can_publish = fields.Boolean(compute="_compute_can_publish")
    can_unpublish = fields.Boolean(compute="_compute_can_publish")
    publish_blocker = fields.Char(
        "Why It Cannot Be Published", compute="_compute_can_publish"
    )

    _sql_constraints = [
        ("exemplar_unique", "unique(exemplar_id)", "A dossier has one public page."),
        ("slug_unique", "unique(slug)", "Each public page has its own address."),
    ]

    @api.constrains("coverage_ids", "exemplar_id")
    def _check_coverage(self):
        """Coverage links are the exemplar's own propagation, with a link:
        a page never shows another record's title."""
        for publication in self:
            # sudo: the record may be another unit's; only its link and the
            # exemplars it features are read.
            foreign = publication.sudo().coverage_ids.filtered(
                lambda p, d=publication.exemplar_id: d not in p.exemplar_ids
                or not p.url
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "Press coverage of %(name)s lists the propagation of this "
                        "exemplar that has a link, nothing else.",
                        name=publication.public_name,
                    )
                )

    @api.depends("exemplar_id.unit_id")
    def _compute_unit_id(self):
        for publication in self:
            unit = publication.exemplar_id.unit_id
            # sudo: the unit tree (successors) is read whoever publishes.
            today = unit.sudo()._ntm_today_units()[:1] or unit.sudo()._city()
            publication.unit_id = today.id or unit.id

    @api.depends("slug", "state")
    def _compute_website_url(self):
        for publication in self:
            publication.website_url = (
                f"{BOARD_URL}/{publication.slug}"
                if publication.slug and publication.state == "published"
                else False
            )

    @api.depends_context("uid")
    @api.depends(
        "state", "consent_state", "name", "public_name", "summary", "exemplar_id"
    )
    def _compute_can_publish(self):
        for publication in self:
            blocker = publication._publish_refusal()
            publication.publish_blocker = (
                blocker if publication.state == "draft" else False
            )
            publication.can_publish = publication.state == "draft" and not blocker
            publication.can_unpublish = (
                publication.state == "published"
                and not publication._unpublish_refusal()
            )

    # ------------------------------------------------------------------
    # Checks: one method per rule, reused by the can_* fields
    # ------------------------------------------------------------------

    def _leader_refusal(self):
        if not self.env.user.has_group("ntm_exemplar.group_manager"):
            return self.env._(
                "Only a unit leader publishes an exemplar on the honour board or "
                "takes its page down."
            )
        return False

    def _recognised_refusal(self):
        self.ensure_one()
        # sudo: the dossier may be a former unit's, read-only to the user;
        # only its stage and state are read.
        dossier = self.exemplar_id.sudo()
        if not dossier.active or not dossier.stage_id.is_recognised:
            return self.env._(
                "Only a recognised exemplar is published: %(dossier)s is in stage "
                "%(stage)s.",
                dossier=self.exemplar_id.display_name,
                stage=dossier.stage_id.name,
            )
        return False

    def _consent_refusal(self):
        self.ensure_one()
        if self.consent_state != "given":
            return self.env._(
                "The page of %(name)s is published only with the nominee's recorded "
                "consent (who gave it, when and how): record it first.",
                name=self.public_name or self.name,
            )
        return False

    def _content_refusal(self):
        self.ensure_one()
        if not html2plaintext(self.summary or "").strip():
            return self.env._(
                "Write the story for citizens before publishing: the dossier's "
                "internal notes are never published."
            )
        return False

    def _publish_refusal(self):
        """Why the current user may not publish this page, or False."""
        self.ensure_one()
        for check in (
            self._leader_refusal,
            self._recognised_refusal,
            self._consent_refusal,
            self._content_refusal,
        ):
            refusal = check()
            if refusal:
                return refusal
        return False

    def _unpublish_refusal(self):
        return self._leader_refusal()

    def _guard(self, refusal_method):
        for publication in self:
            refusal = refusal_method(publication)
            if refusal:
                raise UserError(refusal)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model
    def default_get(self, fields):
        defaults = super().default_get(fields)
        dossier = self.env["ntm.exemplar"].browse(defaults.get("exemplar_id"))
        if dossier:
            defaults.setdefault("name", dossier.name)
            defaults.setdefault("public_name", dossier.partner_id.name)
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            dossier = self.env["ntm.exemplar"].browse(vals.get("exemplar_id"))
            if dossier.exists():
                vals.setdefault("name", dossier.name)
                vals.setdefault("public_name", dossier.partner_id.name)
        publications = super().create(vals_list)
        publications._guard(type(self)._recognised_refusal)
        for publication in publications:
            as_decision(publication).write(
                {"slug": new_slug(self.env, publication.name)}
            )
        publications._attach_photos()
        return publications

    def write(self, vals):
        self._guard_published_content(vals)
        res = super().write(vals)
        if "photo_ids" in vals:
            self._attach_photos()
            self._sync_photo_visibility()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        """A page on the board is taken down before it is deleted."""
        if self.filtered(lambda p: p.state == "published"):
            raise UserError(
                self.env._(
                    "A published page is taken down before it is deleted "
                    "(button 'Take Down')."
                )
            )

    def _guard_published_content(self, vals):
        """A published page is live: only a leader changes what it says."""
        if not set(vals) & set(CONTENT_FIELDS):
            return
        if self.filtered(lambda p: p.state == "published"):
            refusal = self._leader_refusal()
            if refusal:
                raise UserError(refusal)

    def _attach_photos(self):
        """Photos uploaded for the page belong to it (read under its rules),
        and are images."""
        for publication in self:
            loose = publication.photo_ids.filtered(
                lambda a: not a.res_id and a.res_model in (False, self._name)
            )
            for attachment in loose.sudo():
                if guess_mimetype(attachment.raw or b"") not in PHOTO_MIMETYPES:
                    raise UserError(
                        self.env._(
                            "%(file)s is not a photo: the honour board shows JPEG, "
                            "PNG or WebP images.",
                            file=attachment.name,
                        )
                    )
            bind_loose_attachments(loose, self._name, publication)

    def _sync_photo_visibility(self):
        """Photos are public exactly while their page is published."""
        for publication in self:
            photos = publication.photo_ids.sudo()
            public = publication.state == "published"
            # as_decision: ir.attachment lets no one else change `public`
            # on the addon's files (models/ir_attachment.py).
            as_decision(photos.filtered(lambda a, p=public: a.public != p)).write(
                {"public": public}
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_publish(self):
        """Put the page on the honour board, and log the propagation it is."""
        self._guard(type(self)._publish_refusal)
        Propagation = self.env["ntm.propagation"]
        for publication in self:
            propagation = Propagation.create(
                {
                    "name": self.env._(
                        "Honour board: %(title)s", title=publication.name
                    ),
                    "unit_id": publication.unit_id.id,
                    "date": hanoi_today(),
                    "channel": "portal",
                    "url": publication._full_url(),
                    "exemplar_ids": [(4, publication.exemplar_id.id)],
                }
            )
            as_decision(publication).write(
                {
                    "state": "published",
                    "published_date": fields.Datetime.now(),
                    "published_uid": self.env.uid,
                    "propagation_id": propagation.id,
                }
            )
        self._sync_photo_visibility()
        return True

    def action_unpublish(self):
        self._guard(type(self)._unpublish_refusal)
        self._unpublish(self.env._("The page was taken down by a unit leader."))
        return True

    def _unpublish(self, reason):
        """The page, its photos and its address are gone at once (the
        propagation it logged stays: it happened)."""
        published = self.filtered(lambda p: p.state == "published")
        if not published:
            return
        as_decision(published).write({"state": "draft"})
        published._sync_photo_visibility()
        for publication in published:
            publication.message_post(body=reason)

    def action_open_consent(self):
        return self._consent_wizard("record")

    def action_open_withdrawal(self):
        return self._consent_wizard("withdraw")

    def _consent_wizard(self, mode):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record the Consent")
            if mode == "record"
            else self.env._("Withdraw the Consent"),
            "res_model": "ntm.publication.consent.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_publication_id": self.id,
                "default_mode": mode,
                "default_given_by": self.public_name,
            },
        }

    def _record_consent(self, given_by, day, method, attachments):
        """The nominee's consent: who gave it, when, how, and its proof."""
        self.ensure_one()
        given_by = (given_by or "").strip()
        if not given_by or not day or not method:
            raise UserError(
                self.env._("Say who gave the consent, on which day and how.")
            )
        if day > hanoi_today():
            raise UserError(self.env._("The consent cannot be dated in the future."))
        if not attachments:
            raise UserError(
                self.env._(
                    "Attach the proof of consent: the signed form, the message or "
                    "the recording."
                )
            )
        bind_loose_attachments(attachments, "ntm.publication.consent.wizard", self)
        as_decision(self).write(
            {
                "consent_state": "given",
                "consent_by": given_by,
                "consent_date": day,
                "consent_method": method,
                "consent_attachment_ids": [(6, 0, attachments.ids)],
                "consent_withdrawn_date": False,
                "consent_note": False,
            }
        )

    def _withdraw_consent(self, day, note):
        """Withdrawn consent takes the page down at once, whoever records it."""
        self.ensure_one()
        if self.consent_state != "given":
            raise UserError(self.env._("No consent is recorded to withdraw."))
        if not day or day > hanoi_today():
            raise UserError(self.env._("Give the day the consent was withdrawn."))
        as_decision(self).write(
            {
                "consent_state": "withdrawn",
                "consent_withdrawn_date": day,
                "consent_note": (note or "").strip() or False,
            }
        )
        self._unpublish(
            self.env._("The nominee withdrew their consent: the page is taken down.")
        )

    # ------------------------------------------------------------------
    # What the website reads
    # ------------------------------------------------------------------

    def _full_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}{BOARD_URL}/{self.slug}"

    @api.model
    def _published_domain(self):
        return [("state", "=", "published")]

    @api.model
    def _find_published(self, slug):
        """The published page at `slug`, or an empty recordset. sudo: the
        visitor is anonymous; only a published page is found, by its exact
        random address."""
        if not slug or not isinstance(slug, str):
            return self.browse()
        return self.sudo().search([("slug", "=", slug), *self._published_domain()])[:1]

    def _photo_urls(self, size=None):
        self.ensure_one()
        suffix = f"/{size}" if size else ""
        return [f"/web/image/{photo.id}{suffix}" for photo in self.sudo().photo_ids]

    def _public_reward(self):
        """The reward decided for the exemplar and still in force: form,
        decision number and date (None when there is none)."""
        self.ensure_one()
        line = (
            self.env["ntm.reward.proposal.line"]
            .sudo()
            .search(
                [
                    ("exemplar_id", "=", self.exemplar_id.id),
                    ("is_rewarded", "=", True),
                    ("proposal_id.state", "=", "approved"),
                ],
                limit=1,
            )
        )
        if not line:
            return None
        proposal = line.proposal_id
        return {
            "form": proposal.reward_form_id.name,
            "number": proposal.decision_number,
            "date": format_date(self.env, proposal.decision_date, "dd/MM/yyyy"),
        }

    def _public_card(self):
        """What the listing shows of a published page, as plain values."""
        self.ensure_one()
        page = self.sudo()
        photos = self._photo_urls("600x400")
        reward = self._public_reward()
        return {
            "url": f"{BOARD_URL}/{page.slug}",
            "title": page.name,
            "name": page.public_name,
            "unit": page.unit_id.name,
            "unit_url": self._unit_url(page.unit_id),
            "year": page.exemplar_id.year,
            "reward": reward and reward["form"],
            "photo": photos[0] if photos else False,
        }

    def _public_story(self):
        """What the story page shows: the card, the story, every photo, the
        reward and its decision, the coverage links."""
        self.ensure_one()
        page = self.sudo()
        channels = dict(
            self.env["ntm.propagation"]
            ._fields["channel"]
            ._description_selection(self.env)
        )
        coverage = [
            {
                "title": record.name,
                "url": record.url,
                "channel": channels.get(record.channel, ""),
                "date": format_date(self.env, record.date, "dd/MM/yyyy"),
            }
            for record in page.coverage_ids.sorted("date", reverse=True)
            if record.url and record.channel in COVERAGE_CHANNELS
        ]
        return {
            **self._public_card(),
            "summary": Markup(page.summary or ""),
            "photos": self._photo_urls("1200x800"),
            "reward": self._public_reward(),
            "coverage": coverage,
            "published": format_date(self.env, page.published_date, "dd/MM/yyyy"),
            "og_image": (
                f"{self.get_base_url()}{self._photo_urls('1200x630')[0]}"
                if page.photo_ids
                else False
            ),
            "full_url": page._full_url(),
            "excerpt": " ".join(html2plaintext(page.summary or "").split())[:200],
        }

    @api.model
    def _unit_url(self, unit):
        """A unit's page: its name and its id (units are public facts)."""
        return f"{BOARD_URL}/don-vi/{words_slug(self.env, unit.name)}-{unit.id}"
