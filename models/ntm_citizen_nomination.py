"""A citizen's proposal from the honour board (/dien-hinh/de-xuat).

The plan asks units to find exemplars through the media and public opinion:
anyone proposes a person, household or collective of a commune. The proposal
becomes a dossier of that commune in its first stage ("Phát hiện"), source
"Nhân dân phát hiện", with an activity for its officers. The proposer keeps a
receipt number and a page that tells one of four states, nothing more.

Nobody writes a nomination: it is created once, by `_submit`, from the public
form. Input is checked before anything is written; a refused submission
writes nothing at all."""

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import image_process
from odoo.tools.mimetypes import guess_mimetype

from .activities import schedule_from_odoo
from .hanoi_date import hanoi_today

NOMINEE_KINDS = [
    ("person", "A person"),
    ("household", "A household"),
    ("collective", "A collective"),
]
# What the dossier records: its category and the nominee's type.
KIND_DOSSIER = {
    "person": ("individual", "individual"),
    "household": ("other", "household"),
    "collective": ("other", "collective"),
}
# As the proposer's page says them.
STATUSES = [
    ("received", "Received by the commune"),
    ("review", "Being looked into"),
    ("recognised", "Recognised as an exemplar"),
    ("not_selected", "Not selected this time"),
]
COMMUNE_TYPES = ("commune", "ward", "township")
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
MAX_PHOTOS = 3
# Vietnamese phone numbers: 0 or +84, then 9 or 10 digits.
PHONE = re.compile(r"(?:0|\+84)\d{9,10}")
# Settings (ir.config_parameter) and their defaults.
HOURLY_LIMIT_KEY = "ntm_exemplar.nomination_hourly_limit"
HOURLY_LIMIT = 3
PHOTO_KB_KEY = "ntm_exemplar.nomination_photo_max_kb"
PHOTO_KB = 5120
LENGTHS = {
    "nominee_name": (2, 200),
    "description": (20, 5000),
    "proposer_name": (2, 100),
}


class NtmCitizenNomination(models.Model):
    _name = "ntm.citizen.nomination"
    _description = "Citizen's Proposal of an Exemplar"
    _inherit = ["ntm.decision.mixin"]
    _order = "id desc"
    _rec_name = "name"
    _sequence_field = "name"
    _sequence_code = "ntm.citizen.nomination"
    _required_text_fields = ()

    name = fields.Char("Receipt Number", required=True, readonly=True, default="/")
    token = fields.Char(
        readonly=True,
        index=True,
        copy=False,
        help="The random key of the proposer's status page.",
    )
    unit_id = fields.Many2one(
        "ntm.unit", "Commune / Ward", required=True, index=True, readonly=True
    )
    exemplar_id = fields.Many2one(
        "ntm.exemplar", "Dossier", index=True, readonly=True, ondelete="set null"
    )
    nominee_kind = fields.Selection(
        NOMINEE_KINDS, "Proposed", required=True, readonly=True
    )
    nominee_name = fields.Char("Name Proposed", required=True, readonly=True)
    description = fields.Text("What They Did", required=True, readonly=True)
    proposer_name = fields.Char("Proposer", required=True, readonly=True)
    proposer_phone = fields.Char("Proposer's Phone", required=True, readonly=True)
    photo_count = fields.Integer("Photos", readonly=True)
    remote_key = fields.Char(
        "Sender Key",
        readonly=True,
        index=True,
        help="A keyed hash of the sender's address, for the rate limit: the "
        "address itself is not kept.",
    )
    status = fields.Selection(
        STATUSES,
        compute="_compute_status",
        compute_sudo=True,
        help="What the proposer's page says, from the dossier's stage.",
    )

    _sql_constraints = [
        ("token_unique", "unique(token)", "Each proposal has its own key."),
    ]

    @api.depends("exemplar_id.stage_id", "exemplar_id.active")
    def _compute_status(self):
        first = self.env.ref("ntm_exemplar.stage_discovered")
        for nomination in self:
            dossier = nomination.exemplar_id.with_context(active_test=False)
            stage = dossier.stage_id
            if not dossier or not dossier.active:
                status = "not_selected"
            elif stage.is_recognised:
                status = "recognised"
            elif stage.is_decided:
                status = "not_selected"
            elif stage == first:
                status = "received"
            else:
                status = "review"
            nomination.status = status

    # ------------------------------------------------------------------
    # The public form
    # ------------------------------------------------------------------

    @api.model
    def _communes(self):
        """The communes and wards a proposal may name: those in operation."""
        # sudo: anonymous visitors choose among public administrative units.
        return (
            self.env["ntm.unit"]
            .sudo()
            .search(
                [("unit_type", "in", COMMUNE_TYPES), ("is_operating", "=", True)],
                order="name",
            )
        )

    @api.model
    def _settings(self):
        param = self.env["ir.config_parameter"].sudo().get_param
        return (
            int(param(HOURLY_LIMIT_KEY, HOURLY_LIMIT)),
            int(param(PHOTO_KB_KEY, PHOTO_KB)),
        )

    @api.model
    def _remote_key(self, address):
        """The sender's address, keyed with the database secret: the same
        address gives the same key, the key gives no address back."""
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        return hmac.new(
            (secret or "").encode(), (address or "").encode(), hashlib.sha256
        ).hexdigest()

    @api.model
    def _rate_limited(self, remote_key):
        """Whether the sender reached the hourly limit. The advisory lock
        holds concurrent submissions of one sender until this one commits."""
        limit, _kb = self._settings()
        self.env.cr.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))",
            [f"ntm.nomination.{remote_key}"],
        )
        since = fields.Datetime.now() - timedelta(hours=1)
        # sudo: counting the sender's own submissions of the past hour.
        count = self.sudo().search_count(
            [("remote_key", "=", remote_key), ("create_date", ">=", since)]
        )
        return count >= limit

    @api.model
    def _check_form(self, form, uploads):
        """The submission's clean values and photos, and its errors by field
        ({} when none). Nothing is written."""
        errors, values = {}, {}
        for name, (low, high) in LENGTHS.items():
            text = " ".join(str(form.get(name) or "").split())
            if name == "description":
                text = str(form.get(name) or "").strip()
            if not low <= len(text) <= high:
                errors[name] = self.env._(
                    "Between %(low)s and %(high)s characters, please.",
                    low=low,
                    high=high,
                )
            values[name] = text
        kind = form.get("nominee_kind")
        if kind not in dict(NOMINEE_KINDS):
            errors["nominee_kind"] = self.env._("Say whom you propose.")
        values["nominee_kind"] = kind
        try:
            commune_id = int(form.get("commune_id") or 0)
        except (TypeError, ValueError):
            commune_id = 0
        commune = self._communes().filtered(lambda unit: unit.id == commune_id)
        if not commune:
            errors["commune_id"] = self.env._("Choose a commune or ward of the list.")
        values["unit_id"] = commune.id
        phone = re.sub(r"[\s.\-()]", "", str(form.get("proposer_phone") or ""))
        if not PHONE.fullmatch(phone):
            errors["proposer_phone"] = self.env._(
                "A Vietnamese phone number, e.g. 0912 345 678."
            )
        values["proposer_phone"] = phone
        if not form.get("consent"):
            errors["consent"] = self.env._(
                "We need your agreement to use your name and phone number to "
                "check the proposal."
            )
        photos, photo_error = self._check_photos(uploads)
        if photo_error:
            errors["photos"] = photo_error
        return values, photos, errors

    @api.model
    def _check_photos(self, uploads):
        """[(filename, JPEG bytes)] of the uploads, or an error. Each is an
        image by its content, within the size limit; it is re-encoded as
        JPEG, which drops its metadata (a phone's GPS position among them)."""
        _limit, max_kb = self._settings()
        uploads = [(name, raw) for name, raw in uploads if name or raw]
        if len(uploads) > MAX_PHOTOS:
            return [], self.env._("At most %(count)s photos.", count=MAX_PHOTOS)
        photos = []
        for name, raw in uploads:
            if len(raw) > max_kb * 1024:
                return [], self.env._(
                    "%(file)s is larger than %(size)s KB.", file=name, size=max_kb
                )
            if guess_mimetype(raw) not in PHOTO_TYPES:
                return [], self.env._(
                    "%(file)s is not a JPEG, PNG or WebP photo.", file=name or "?"
                )
            try:
                clean = image_process(
                    raw,
                    size=(1920, 1920),
                    verify_resolution=True,
                    quality=88,
                    output_format="JPEG",
                )
            except (ValueError, OSError):
                return [], self.env._("%(file)s cannot be read as a photo.", file=name)
            stem = (name or "anh").rsplit(".", 1)[0][:80] or "anh"
            photos.append((f"{stem}.jpg", clean))
        return photos, False

    @api.model
    def _submit(self, form, uploads, address):
        """Check a submission of the public form and, when it is valid and
        its sender under the hourly limit, file it. Returns (nomination,
        errors, limited); a refused submission writes nothing."""
        values, photos, errors = self._check_form(form, uploads)
        if errors:
            return self.browse(), errors, False
        remote_key = self._remote_key(address)
        if self._rate_limited(remote_key):
            return self.browse(), {}, True
        return self._file(values, photos, remote_key), {}, False

    @api.model
    def _file(self, values, photos, remote_key):
        """The dossier of the commune, its nominee, photos and nomination.
        sudo: the proposer is an anonymous visitor with no right on the
        addon's records; these creations are the only writes, each of the
        record the form is for (mail_create_nosubscribe: the visitor follows
        nothing)."""
        env = (
            self.sudo()
            .with_context(
                lang="vi_VN" if self.env["res.lang"]._lang_get("vi_VN") else None,
                mail_create_nosubscribe=True,
                mail_create_nolog=True,
            )
            .env
        )
        category, nominee_type = KIND_DOSSIER[values["nominee_kind"]]
        partner = env["res.partner"].create(
            {
                "name": values["nominee_name"],
                "ntm_is_nominee": True,
                "ntm_nominee_type": nominee_type,
                "is_company": nominee_type == "collective",
                "ntm_unit_id": values["unit_id"],
            }
        )
        paragraphs = [p.strip() for p in values["description"].split("\n") if p.strip()]
        dossier = env["ntm.exemplar"].create(
            {
                "name": env._(
                    "Citizens' proposal: %(name)s", name=values["nominee_name"]
                ),
                "partner_id": partner.id,
                "category": category,
                "nominee_type": nominee_type,
                "unit_id": values["unit_id"],
                "year": hanoi_today().year,
                "source": "citizen",
                "user_id": False,
                "achievements": Markup("").join(
                    Markup("<p>%s</p>") % paragraph for paragraph in paragraphs
                ),
            }
        )
        attachments = env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "raw": raw,
                    "res_model": dossier._name,
                    "res_id": dossier.id,
                }
                for name, raw in photos
            ]
        )
        if attachments:
            dossier.evidence_ids = [(6, 0, attachments.ids)]
        nomination = env[self._name].create(
            {
                "token": secrets.token_urlsafe(24),
                "unit_id": values["unit_id"],
                "exemplar_id": dossier.id,
                "nominee_kind": values["nominee_kind"],
                "nominee_name": values["nominee_name"],
                "description": values["description"],
                "proposer_name": values["proposer_name"],
                "proposer_phone": values["proposer_phone"],
                "photo_count": len(attachments),
                "remote_key": remote_key,
            }
        )
        dossier.message_post(
            body=Markup("<p>%s</p>")
            % env._(
                "Proposed by a citizen on the honour board, receipt %(number)s: "
                "%(proposer)s, %(phone)s. Check the facts with the proposer and the "
                "nominee before going on.",
                number=nomination.name,
                proposer=escape(values["proposer_name"]),
                phone=values["proposer_phone"],
            ),
            author_id=env.ref("base.partner_root").id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        activity = env.ref("ntm_exemplar.mail_act_citizen_nomination")
        for officer in nomination._commune_officers():
            schedule_from_odoo(
                dossier,
                activity,
                officer,
                env._(
                    "Proposal %(number)s from a citizen: check it and decide whether "
                    "to foster the nominee.",
                    number=nomination.name,
                ),
            )
        return nomination.with_env(self.env)

    def _commune_officers(self):
        """Officers of the nominated commune, or of the nearest unit above
        it that has any."""
        self.ensure_one()
        officers = self.env.ref("ntm_exemplar.group_officer").sudo().users
        unit = self.unit_id
        while unit:
            found = officers.filtered(lambda u, unit=unit: unit in u.ntm_unit_ids)
            if found:
                return found
            unit = unit.parent_id
        return officers.browse()

    @api.model
    def _find_by_token(self, token):
        """The proposal whose status page is at `token`. sudo: the proposer
        is anonymous; only the status and the receipt number are shown."""
        if not token or not isinstance(token, str) or len(token) > 64:
            return self.browse()
        return self.sudo().search([("token", "=", token)], limit=1)
