"""The certificate of a reward (Bằng khen, Giấy khen, the certificate of a
title), as the deciding authority prints it: decision number and date, a
number in the authority's register (số sổ vàng) and a QR code for
/dien-hinh/xac-minh/<token>, where anyone checks whether it is valid or was
revoked, and by which decision.

Issued once per rewarded line when the decision is recorded; every field is
written by the actions (issue, revoke), never by hand."""

import base64
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError

from .hanoi_date import hanoi_today
from .ntm_decision_mixin import as_decision
from .ntm_reward_form import CERTIFICATE_KINDS, LEVELS
from .ntm_reward_proposal import AUTHORITIES, _dated

VERIFY_URL = "/dien-hinh/xac-minh"
# Levels decided by the head of a unit's People's Committee: that unit's
# managers revoke, with the coordination office.
UNIT_LEVELS = ("commune", "district", "city")
HEADINGS = {
    "bang_khen": "BẰNG KHEN",
    "giay_khen": "GIẤY KHEN",
    "title": "GIẤY CHỨNG NHẬN",
}


class NtmRewardCertificate(models.Model):
    _name = "ntm.reward.certificate"
    _description = "Reward Certificate"
    _inherit = ["ntm.decision.mixin", "mail.thread"]
    _order = "authority_key, register_year desc, register_number desc"
    _rec_name = "register_display"
    _required_text_fields = ()
    _decision_fields = (
        "line_id",
        "state",
        "token",
        "kind",
        "recipient_name",
        "recipient_unit",
        "reward_name",
        "achievement_text",
        "authority_level",
        "authority_unit_id",
        "authority_key",
        "authority_title",
        "signer_name",
        "place_name",
        "decision_number",
        "decision_date",
        "register_year",
        "register_number",
        "revoke_decision_number",
        "revoke_decision_date",
        "revoke_reason",
        "revoked_uid",
    )

    line_id = fields.Many2one(
        "ntm.reward.proposal.line",
        "Rewarded Line",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    proposal_id = fields.Many2one(
        related="line_id.proposal_id", store=True, index=True, string="Proposal"
    )
    exemplar_id = fields.Many2one(
        related="line_id.exemplar_id", store=True, index=True, string="Dossier"
    )
    # The record rules read the proposing unit, stored here.
    unit_id = fields.Many2one(
        related="line_id.proposal_unit_id", store=True, index=True, string="Unit"
    )
    state = fields.Selection(
        [("valid", "Valid"), ("revoked", "Revoked")],
        required=True,
        default="valid",
        readonly=True,
        tracking=True,
    )
    token = fields.Char(
        readonly=True,
        index=True,
        copy=False,
        help="The random key of the verification page the QR code opens.",
    )
    kind = fields.Selection(CERTIFICATE_KINDS, readonly=True)
    recipient_name = fields.Char("Awarded To", readonly=True)
    recipient_unit = fields.Char("Of", readonly=True)
    reward_name = fields.Char("Reward Form", readonly=True)
    achievement_text = fields.Char("For", readonly=True)
    authority_level = fields.Selection(LEVELS, "Decided By", readonly=True)
    authority_unit_id = fields.Many2one(
        "ntm.unit",
        "Deciding Unit",
        readonly=True,
        help="The unit whose chairman decided: its managers may revoke.",
    )
    authority_key = fields.Char(
        "Register",
        readonly=True,
        index=True,
        help="The authority whose register numbers the certificate.",
    )
    authority_title = fields.Char("Signed By (Title)", readonly=True)
    signer_name = fields.Char("Signed By", readonly=True)
    place_name = fields.Char(readonly=True)
    decision_number = fields.Char(readonly=True)
    decision_date = fields.Date(readonly=True)
    register_year = fields.Integer(readonly=True)
    register_number = fields.Integer(
        readonly=True,
        help="Số sổ vàng: numbered without gaps per authority and year.",
    )
    register_display = fields.Char(
        "Register Entry", compute="_compute_register_display"
    )
    revoke_decision_number = fields.Char("Revoked by Decision", readonly=True)
    revoke_decision_date = fields.Date("Revoked On", readonly=True)
    revoke_reason = fields.Text("Reason for Revocation", readonly=True)
    revoked_uid = fields.Many2one("res.users", "Revoked By", readonly=True)
    verify_url = fields.Char("Verification Page", compute="_compute_verify_url")
    can_revoke = fields.Boolean(compute="_compute_can_revoke")

    _sql_constraints = [
        ("line_unique", "unique(line_id)", "A reward has one certificate."),
        ("token_unique", "unique(token)", "Each certificate has its own key."),
        (
            "register_unique",
            "unique(authority_key, register_year, register_number)",
            "A register number is given once per authority and year.",
        ),
    ]

    @api.depends("register_number", "register_year")
    def _compute_register_display(self):
        for certificate in self:
            certificate.register_display = (
                f"{certificate.register_number}/{certificate.register_year}"
                if certificate.register_number
                else False
            )

    def _compute_verify_url(self):
        for certificate in self:
            certificate.verify_url = (
                f"{certificate.get_base_url()}{VERIFY_URL}/{certificate.token}"
                if certificate.token
                else False
            )

    @api.depends_context("uid")
    @api.depends("state", "authority_unit_id")
    def _compute_can_revoke(self):
        for certificate in self:
            certificate.can_revoke = not certificate._revoke_refusal()

    # ------------------------------------------------------------------
    # Issue
    # ------------------------------------------------------------------

    @api.model
    def _authority(self, proposal):
        """(level, deciding unit, register key, signer's title, signer's
        name, place) of the authority deciding `proposal`'s reward."""
        unit = proposal.unit_id
        day = proposal.decision_date or proposal.date or hanoi_today()
        level = proposal.reward_form_id._level_for(unit, day)
        authority = self.env["ntm.unit"]
        if level == "commune":
            authority = unit
        elif level == "district":
            authority = unit
            while authority.parent_id and authority.parent_id.unit_type != "city":
                authority = authority.parent_id
        elif level == "city":
            authority = unit._city()
        if authority:
            body = authority.document_body or authority.name
            title = f"Chủ tịch {body}"
            return (
                level,
                authority,
                f"{level}.{authority.id}",
                title,
                authority.signer_name or "",
                authority.place_name or "",
            )
        title = _dated(AUTHORITIES.get(level, []), day) or ""
        city = unit._city()
        return level, authority, level or "other", title, "", city.place_name or ""

    @api.model
    def _next_register_number(self, key, day):
        """The authority's next register number in the year of `day`: an
        ir.sequence of its own, without gaps (the number is taken under a
        row lock, given back if the transaction fails), restarting each
        year (date ranges). sudo: sequences are technical records."""
        code = f"ntm.register.{key}"
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search([("code", "=", code)], limit=1)
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": f"Sổ vàng - {key}",
                    "code": code,
                    "implementation": "no_gap",
                    "use_date_range": True,
                    "padding": 0,
                    "company_id": False,
                }
            )
        return int(sequence.next_by_id(sequence_date=day))

    @api.model
    def _issue(self, proposals):
        """A certificate for each rewarded line of the approved `proposals`
        that has none, numbered in the order of the list. Forms no
        certificate is printed for (orders and medals, issued by the State)
        get none."""
        vals_list = []
        for proposal in proposals.filtered(lambda p: p.state == "approved"):
            kind = proposal.reward_form_id.certificate_kind
            if not kind:
                continue
            level, authority, key, title, signer, place = self._authority(proposal)
            # sudo: certificates of every unit count, whoever records the
            # decision.
            done = self.sudo().search([("line_id", "in", proposal.line_ids.ids)])
            for line in proposal.line_ids.filtered("is_rewarded").sorted(
                lambda line: (line.sequence, line.id)
            ):
                if line in done.line_id:
                    continue
                dossier = line.sudo().exemplar_id
                vals_list.append(
                    {
                        "line_id": line.id,
                        "token": secrets.token_urlsafe(24),
                        "kind": kind,
                        "recipient_name": dossier.partner_id.name,
                        "recipient_unit": dossier.unit_id.name,
                        "reward_name": proposal.reward_form_id.with_context(
                            lang="vi_VN"
                        ).name,
                        "achievement_text": (
                            "Đã có thành tích xuất sắc trong phong trào thi đua "
                            f"“{dossier.movement}” năm {dossier.year}"
                        ),
                        "authority_level": level,
                        "authority_unit_id": authority.id,
                        "authority_key": key,
                        "authority_title": title,
                        "signer_name": signer,
                        "place_name": place,
                        "decision_number": proposal.decision_number,
                        "decision_date": proposal.decision_date,
                        "register_year": proposal.decision_date.year,
                        "register_number": self._next_register_number(
                            key, proposal.decision_date
                        ),
                    }
                )
        # sudo: the certificate is issued by the decision, whoever records
        # it; its register belongs to the authority, not to the user.
        return as_decision(self.sudo()).create(vals_list).sudo(False)

    # ------------------------------------------------------------------
    # Revoke
    # ------------------------------------------------------------------

    def _revoke_refusal(self):
        """Why the current user may not revoke this certificate, or False:
        the authority's users only (the coordination office, which records
        the decisions, or a manager of the unit whose chairman decided)."""
        self.ensure_one()
        if self.state != "valid":
            return self.env._(
                "Certificate %(number)s is already revoked.",
                number=self.register_display,
            )
        user = self.env.user
        if user.has_group("ntm_exemplar.group_coordinator"):
            return False
        if (
            self.authority_level in UNIT_LEVELS
            and user.has_group("ntm_exemplar.group_manager")
            and self.authority_unit_id in user.ntm_unit_ids
        ):
            return False
        return self.env._(
            "Only the authority that decided the reward (%(authority)s) revokes its "
            "certificate.",
            authority=self.authority_title,
        )

    def action_open_revoke(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Revoke the Certificate"),
            "res_model": "ntm.reward.certificate.revoke.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_certificate_id": self.id},
        }

    def _revoke(self, decision_number, decision_date, reason):
        """The authority's decision revoking the reward: the certificate
        says so at once on its verification page; the dossier is no longer
        rewarded (it may be proposed again)."""
        for certificate in self:
            refusal = certificate._revoke_refusal()
            if refusal:
                raise UserError(refusal)
        decision_number = (decision_number or "").strip()
        day = fields.Date.to_date(decision_date) if decision_date else None
        if not decision_number or not day or not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Give the number, the date and the reason of the decision that "
                    "revokes the reward."
                )
            )
        if day > hanoi_today() or any(day < c.decision_date for c in self):
            raise UserError(
                self.env._(
                    "The revoking decision is dated between the reward's decision "
                    "and today."
                )
            )
        self._mark_revoked(decision_number, day, reason.strip())
        # sudo: the line and the dossier may be of units the authority's
        # users do not write; the decision moves them as the city's does.
        lines = self.sudo().line_id
        lines.proposal_id._lock_exemplars()
        as_decision(lines).write({"is_rewarded": False})
        dossiers = lines.exemplar_id.filtered(
            lambda d: d.stage_id == self.env.ref("ntm_exemplar.stage_rewarded")
        )
        as_decision(dossiers).write(
            {"stage_id": self.env.ref("ntm_exemplar.stage_recognized").id}
        )
        for certificate in self:
            certificate.sudo().exemplar_id.message_post(
                body=self.env._(
                    "Reward certificate %(number)s revoked by decision %(decision)s "
                    "of %(date)s: %(reason)s",
                    number=certificate.register_display,
                    decision=decision_number,
                    date=day.strftime("%d/%m/%Y"),
                    reason=reason.strip(),
                )
            )

    def _mark_revoked(self, decision_number, day, reason):
        as_decision(self.filtered(lambda c: c.state == "valid")).write(
            {
                "state": "revoked",
                "revoke_decision_number": decision_number or False,
                "revoke_decision_date": day or False,
                "revoke_reason": reason or False,
                "revoked_uid": self.env.uid,
            }
        )

    # ------------------------------------------------------------------
    # Print and verify
    # ------------------------------------------------------------------

    def _heading(self):
        self.ensure_one()
        return HEADINGS.get(self.kind, "")

    def _signer_role(self):
        """'Chủ tịch Ủy ban nhân dân xã X' -> 'CHỦ TỊCH': the title over the
        signature (the whole title for the State's President)."""
        self.ensure_one()
        title = self.authority_title or ""
        if title.casefold() == "chủ tịch nước":
            return title.upper()
        return " ".join(title.split()[:2]).upper()

    def _qr_data_uri(self):
        """The QR code of the verification page, embedded in the document
        (wkhtmltopdf fetches nothing)."""
        self.ensure_one()
        png = self.env["ir.actions.report"].barcode(
            "QR", self.verify_url, width=300, height=300
        )
        return "data:image/png;base64," + base64.b64encode(png).decode()

    @api.model
    def _find_by_token(self, token):
        """The certificate the QR code names. sudo: the visitor is
        anonymous; only its state and the decisions are shown."""
        if not token or not isinstance(token, str) or len(token) > 64:
            return self.browse()
        return self.sudo().search([("token", "=", token)], limit=1)

    def _public_status(self):
        """What the verification page shows, and nothing else."""
        self.ensure_one()
        certificate = self.sudo()
        return {
            "valid": certificate.state == "valid",
            "decision_number": certificate.decision_number,
            "decision_date": certificate.decision_date.strftime("%d/%m/%Y"),
            "revoke_number": certificate.revoke_decision_number,
            "revoke_date": certificate.revoke_decision_date
            and certificate.revoke_decision_date.strftime("%d/%m/%Y"),
        }
