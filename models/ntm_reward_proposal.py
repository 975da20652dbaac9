import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .feedback import done
from .hanoi_date import hanoi_today
from .ntm_decision_mixin import as_decision, is_decision
from .ntm_exemplar import NOMINEE_TYPES
from .ntm_reward_form import KINDS

# The authorities above the city, as a memo addresses them.
# Deciding authorities above the units, by level: (last day, name), in
# order; the ministry and the department were renamed on 1 March 2025.
AUTHORITIES = {
    "president": [(None, "Chủ tịch nước")],
    "prime_minister": [(None, "Thủ tướng Chính phủ")],
    "ministry": [
        ("2025-02-28", "Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn"),
        (None, "Bộ trưởng Bộ Nông nghiệp và Môi trường"),
    ],
    "department": [
        ("2025-02-28", "Giám đốc Sở Nông nghiệp và Phát triển nông thôn"),
        (None, "Giám đốc Sở Nông nghiệp và Môi trường"),
    ],
}
DOCUMENTS = [
    ("memo", "Proposal memo (tờ trình)"),
    ("minutes", "Council minutes"),
    ("achievement_report", "Achievement reports"),
    ("initiative", "Initiative certification"),
]
_logger = logging.getLogger(__name__)

# Checklist documents the addon prints itself: document type -> report.
GENERATED_DOCUMENTS = {
    "minutes": "ntm_exemplar.action_report_council_minutes",
    "achievement_report": "ntm_exemplar.action_report_exemplar_achievements",
}
# Marks, in ir.attachment.description, the files printed for the checklist
# (replaced when the list changes; files the users add are never touched).
GENERATED_MARK = "ntm_exemplar: generated"
# Section III.3: favour small collectives, direct workers and farmers.
GRASSROOTS_CATEGORIES = ("individual", "other")


def _dated(entries, day):
    """The text of (last day, text) entries in force on day."""
    for last_day, text in entries:
        if not last_day or day <= fields.Date.to_date(last_day):
            return text
    return ""


class NtmRewardProposal(models.Model):
    _name = "ntm.reward.proposal"
    _description = "Reward Proposal"
    _inherit = [
        "ntm.unit.scoped.mixin",
        "ntm.decision.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date desc, id desc"
    # Written by submission and by the coordination office's decision.
    _decision_fields = (
        "name",
        "state",
        "document_number",
        "decision_number",
        "decision_date",
        "revoke_reason",
        "certificate_ids",
    )
    _required_text_fields = ()
    _sequence_field = "name"
    _sequence_code = "ntm.reward.proposal"

    name = fields.Char("Number", required=True, readonly=True, copy=False, default="/")
    date = fields.Date(required=True, default=hanoi_today, tracking=True)
    unit_id = fields.Many2one(string="Proposing Unit", tracking=True)
    kind = fields.Selection(
        KINDS, "Reward Kind", required=True, default="regular", tracking=True
    )
    reward_form_id = fields.Many2one(
        "ntm.reward.form", "Reward", required=True, ondelete="restrict", tracking=True
    )
    line_ids = fields.One2many(
        "ntm.reward.proposal.line", "proposal_id", "Exemplars", copy=True
    )
    document_ids = fields.One2many(
        "ntm.reward.proposal.document", "proposal_id", "Dossier Checklist", copy=False
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("returned", "Returned"),
            ("revoked", "Revoked"),
        ],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )
    document_number = fields.Char(
        "Memo Number",
        readonly=True,
        copy=False,
        tracking=True,
        help="Number and symbol of the memo (tờ trình), given when it is submitted: "
        "'12/TTr-UBND'.",
    )
    addressee = fields.Char(
        "To",
        compute="_compute_addressee",
        store=True,
        readonly=False,
        help="Whom the memo is addressed to (Kính gửi).",
    )
    recipients = fields.Text(
        # Part of a legal document: in Vietnamese whoever creates it.
        default="Như trên;\nHội đồng Thi đua - Khen thưởng;\nLưu: VT.",
        help="Recipients (Nơi nhận), one per line.",
    )
    decision_number = fields.Char(tracking=True, copy=False)
    decision_date = fields.Date(tracking=True, copy=False)
    revoke_reason = fields.Text("Reason for Revocation", tracking=True, copy=False)
    certificate_ids = fields.One2many(
        "ntm.reward.certificate", "proposal_id", "Certificates", readonly=True
    )
    certificate_count = fields.Integer(compute="_compute_certificate_count")
    grassroots_share = fields.Float(
        "Grassroots Share (%)",
        compute="_compute_grassroots_share",
        help="Share of small collectives, direct workers, farmers and households "
        "among the nominees (section III.3 of the plan asks to favour them).",
    )

    @api.depends(
        "reward_form_id.level_ids.level",
        "reward_form_id.level_ids.date_from",
        "reward_form_id.level_ids.date_to",
        "unit_id",
        "date",
    )
    def _compute_addressee(self):
        for proposal in self:
            proposal.addressee = proposal._authority_body()

    @api.constrains("reward_form_id", "date", "unit_id")
    def _check_reward_form_decided(self):
        """A form is proposed only while someone decides it (district
        commendations ended with the district level on 1 July 2025)."""
        for proposal in self.filtered("reward_form_id"):
            if not proposal.reward_form_id._level_for(proposal.unit_id, proposal.date):
                raise ValidationError(
                    self.env._(
                        "No authority decides %(form)s on %(date)s: choose a title "
                        "or form in force at the date of the proposal.",
                        form=proposal.reward_form_id.name,
                        date=format_date(self.env, proposal.date),
                    )
                )

    @api.depends("certificate_ids")
    def _compute_certificate_count(self):
        for proposal in self:
            proposal.certificate_count = len(proposal.certificate_ids)

    @api.depends("line_ids.is_grassroots")
    def _compute_grassroots_share(self):
        for proposal in self:
            lines = proposal.line_ids
            proposal.grassroots_share = (
                100 * len(lines.filtered("is_grassroots")) / len(lines)
                if lines
                else 0.0
            )

    @api.model_create_multi
    def create(self, vals_list):
        proposals = super().create(vals_list)
        proposals._sync_checklist()
        return proposals

    def write(self, vals):
        self._guard_dossier_editable(vals)
        res = super().write(vals)
        if "reward_form_id" in vals:
            self._sync_checklist()
            self.line_ids._guard_council_vote()
        if "unit_id" in vals:
            # The list stays within the proposing unit.
            self.line_ids._guard_recognised()
        return res

    def _guard_dossier_editable(self, vals=None):
        """A submitted or decided proposal — its list and checklist included —
        is what the city decides on: only its actions change it (its
        recipients and addressee excepted, given `vals`)."""
        if is_decision(self.env):
            return
        if vals is not None and all(
            key in ("recipients", "addressee")
            or key.startswith(("message_", "activity_"))
            for key in vals
        ):
            return
        frozen = self.filtered(lambda p: p.state not in ("draft", "returned"))
        if frozen:
            raise UserError(
                self.env._(
                    "Proposal %(proposal)s is %(state)s: it no longer changes.",
                    proposal=frozen[0].name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        frozen[0].state
                    ],
                )
            )

    def action_submit(self):
        self._guard_state(("draft", "returned"))
        self._guard_manager()
        for proposal in self:
            if not proposal.line_ids:
                raise UserError(
                    self.env._("Add at least one exemplar to the proposal.")
                )
            proposal.line_ids._guard_not_rewarded()
            proposal.line_ids._guard_not_blocked(hanoi_today())
            proposal.line_ids._guard_council_vote()
            proposal._attach_generated_documents()
            proposal._guard_checklist()
        self._lock_exemplars()
        recognised = self.env.ref("ntm_exemplar.stage_recognized")
        for proposal in self:
            # sudo: the dossiers may be of units below the proposing one.
            waiting = proposal.sudo().line_ids.exemplar_id.filtered(
                lambda d: d.stage_id != recognised
            )
            if waiting:
                raise UserError(
                    self.env._(
                        "%(dossier)s is already proposed or rewarded: a recognised "
                        "exemplar is proposed once.",
                        dossier=waiting[0].display_name,
                    )
                )
        decided = as_decision(self)
        for proposal in decided.filtered(lambda p: not p.document_number):
            proposal.document_number = proposal.unit_id._next_document_number(
                "TTr", proposal.date
            )
        decided.write({"state": "submitted"})
        self._move_exemplars("stage_recognized", "stage_proposed_city")
        return done(
            self.env._(
                "Proposal %(proposal)s is submitted to the city: the coordination "
                "office decides on it.",
                proposal=", ".join(self.mapped("name")),
            )
        )

    def action_open_decision(self):
        """The coordination office records its decision in a dialog."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record the Reward Decision"),
            "res_model": "ntm.reward.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_proposal_id": self.id,
                "default_mode": self.env.context.get("ntm_decision_mode", "approve"),
            },
        }

    def action_approve(self, decision_number=None, decision_date=None):
        """The city's decision, with its number and date: the exemplars are
        rewarded. Each dossier is locked first and counted once (a unique
        index backs this against concurrent approvals)."""
        self._guard_state(("submitted",))
        self._guard_coordinator()
        decision_number = (decision_number or "").strip()
        try:
            decision_date = fields.Date.to_date(decision_date) or None
        except ValueError:
            decision_date = None
        if not (decision_number and decision_date):
            raise UserError(
                self.env._("Give the number and date of the reward decision.")
            )
        self._check_date(
            self._fields["decision_date"]._description_string(self.env), decision_date
        )
        if decision_date < min(self.mapped("date")):
            raise UserError(
                self.env._("The reward decision cannot be dated before the proposal.")
            )
        self.line_ids._guard_not_blocked(decision_date)
        self._lock_exemplars()
        dossiers = self.line_ids.exemplar_id
        if len(dossiers) != len(self.line_ids):
            raise UserError(
                self.env._(
                    "These proposals share an exemplar: the same achievement is not "
                    "rewarded twice."
                )
            )
        self.line_ids._guard_not_rewarded()
        as_decision(self).write(
            {
                "state": "approved",
                "decision_number": decision_number,
                "decision_date": decision_date,
            }
        )
        as_decision(self.line_ids).write({"is_rewarded": True})
        self._move_exemplars("stage_proposed_city", "stage_rewarded")
        self.env["ntm.reward.certificate"]._issue(self)

    def action_issue_certificates(self):
        """Certificates of an approved proposal decided before they existed
        (the coordination office, once per rewarded line)."""
        self._guard_state(("approved",))
        self._guard_coordinator()
        issued = self.env["ntm.reward.certificate"]._issue(self)
        return done(self.env._("%(count)s certificates issued.", count=len(issued)))

    def action_open_certificates(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Certificates"),
            "res_model": "ntm.reward.certificate",
            "view_mode": "list,form",
            "domain": [("proposal_id", "=", self.id)],
        }

    def action_reject(self):
        self._guard_state(("submitted",))
        self._guard_coordinator()
        self._lock_exemplars()
        as_decision(self).write({"state": "rejected"})
        self._move_exemplars("stage_proposed_city", "stage_recognized")
        return done(
            self.env._(
                "Proposal %(proposal)s is rejected; its exemplars are recognised "
                "again, free for another proposal.",
                proposal=", ".join(self.mapped("name")),
            )
        )

    def action_return(self):
        self._guard_state(("submitted",))
        self._guard_coordinator()
        self._lock_exemplars()
        as_decision(self).write({"state": "returned"})
        self._move_exemplars("stage_proposed_city", "stage_recognized")
        return done(
            self.env._(
                "Proposal %(proposal)s is returned to its unit to complete.",
                proposal=", ".join(self.mapped("name")),
            )
        )

    def action_revoke(self, reason=None, decision_number=None, decision_date=None):
        """A decision revoked, with its reason (and the revoking decision's
        number and date, when given): the exemplars go back, their
        certificates say so at once."""
        self._guard_state(("approved",))
        self._guard_coordinator()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for revoking the decision."))
        self._lock_exemplars()
        as_decision(self).write({"state": "revoked", "revoke_reason": reason.strip()})
        self.certificate_ids._mark_revoked(
            (decision_number or "").strip(),
            fields.Date.to_date(decision_date) if decision_date else None,
            reason.strip(),
        )
        as_decision(self.line_ids).write({"is_rewarded": False})
        self._move_exemplars("stage_rewarded", "stage_recognized")

    def _lock_exemplars(self):
        """Row locks on the proposals' dossiers: a concurrent decision on the
        same dossier waits for this one, then sees its result."""
        dossiers = self.sudo().line_ids.exemplar_id
        if dossiers:
            self.env.cr.execute(
                "SELECT id FROM ntm_exemplar WHERE id IN %s FOR UPDATE",
                (tuple(dossiers.ids),),
            )
            dossiers.invalidate_recordset(["stage_id"])

    def _authority_body(self):
        """The body of the authority that decides the reward."""
        self.ensure_one()
        unit = self.unit_id
        day = self.date or hanoi_today()
        level = self.reward_form_id._level_for(unit, day)
        if level == "commune":
            return unit.document_body
        if level == "district":
            district = unit
            while district.parent_id and district.parent_id.unit_type != "city":
                district = district.parent_id
            return district.document_body
        if level == "city":
            return unit._city().document_body or "Ủy ban nhân dân thành phố Hà Nội"
        return _dated(AUTHORITIES.get(level, []), day)

    def _legal_basis(self):
        """The texts the memo cites: those in force at its date."""
        self.ensure_one()
        return self.env["ntm.legal.text"]._in_force(self.date or hanoi_today())

    def _citations(self):
        """What the memo cites after 'Căn cứ': the texts in force at its date,
        then the plan of the year whose exemplars it proposes."""
        self.ensure_one()
        year = self._achievement_year()
        plan = self.env["ntm.plan"]._for_years([year]).get(year)
        return self._legal_basis().mapped("name") + ([plan.citation] if plan else [])

    def _decree(self):
        """The decree the memo cites: the one in force at its date."""
        decree = self._legal_basis().filtered(lambda text: text.role == "decree")
        return decree[:1].name or ""

    def _achievement_year(self):
        """The year whose achievements the memo proposes: its exemplars'
        (a memo of January 2027 proposes the exemplars of 2026)."""
        self.ensure_one()
        years = self.line_ids.exemplar_id.mapped("year")
        return max(years) if years else (self.date or hanoi_today()).year

    def _report_groups(self):
        """The lines of the attached list by nominee type, with their totals."""
        self.ensure_one()
        labels = dict(
            self.env["ntm.exemplar"]
            ._fields["nominee_type"]
            ._description_selection(self.env)
        )
        return [
            {
                "key": key,
                "label": labels[key],
                "lines": self.line_ids.filtered(
                    lambda line, key=key: line.exemplar_id.nominee_type == key
                ),
            }
            for key, _label in NOMINEE_TYPES
        ]

    def _guard_state(self, states):
        for proposal in self:
            if proposal.state not in states:
                raise UserError(
                    self.env._(
                        "Proposal %(proposal)s is not in a state that allows this.",
                        proposal=proposal.name,
                    )
                )

    def _guard_manager(self):
        if not self.env.user.has_group("ntm_exemplar.group_manager"):
            raise UserError(
                self.env._("Only a unit manager submits a reward proposal.")
            )

    def _guard_coordinator(self):
        if not self.env.user.has_group("ntm_exemplar.group_coordinator"):
            raise UserError(
                self.env._("Only the coordination office records the reward decision.")
            )

    def _guard_checklist(self):
        self.ensure_one()
        missing = self.document_ids.filtered(
            lambda d: d.is_required and not d.attachment_ids
        )
        if missing:
            raise UserError(
                self.env._(
                    "The dossier of proposal %(proposal)s lacks: %(documents)s.",
                    proposal=self.name,
                    documents=", ".join(missing.mapped("display_name")),
                )
            )

    def _sync_checklist(self):
        """Required documents of the reward dossier, initiative certification
        only when the reward asks for it."""
        Document = self.env["ntm.reward.proposal.document"]
        values = []
        for proposal in self:
            present = set(proposal.document_ids.mapped("document_type"))
            for key, _label in DOCUMENTS:
                required = (
                    key != "initiative" or proposal.reward_form_id.requires_initiative
                )
                if key not in present and required:
                    values.append({"proposal_id": proposal.id, "document_type": key})
        Document.create(values)

    def _attach_generated_documents(self):
        """At submission, print the checklist's council minutes (of the
        sessions that selected the listed exemplars) and achievement reports
        (of the exemplars) where the unit attached no file of its own, in
        place of those printed for an earlier submission. Printed as the
        user, once: the list is final then."""
        if not self.env.registry.ready:
            # Data files (the demo) bring their own files, and no web server
            # answers wkhtmltopdf while modules load.
            return
        Attachment = self.env["ir.attachment"]
        Report = self.env["ir.actions.report"]
        for proposal in self.filtered(lambda p: p.state in ("draft", "returned")):
            dossiers = proposal.line_ids.exemplar_id
            printed = {
                "achievement_report": dossiers,
                "minutes": dossiers.council_result_ids.filtered(
                    lambda r: r.is_passed and r.session_id.state == "closed"
                ).session_id,
            }
            for document in proposal.document_ids:
                records = printed.get(document.document_type)
                if records is None:
                    continue
                old = document.attachment_ids.filtered(
                    lambda a: a.description == GENERATED_MARK
                )
                if document.attachment_ids - old:
                    continue  # the unit's own files stand
                commands = [(3, attachment.id) for attachment in old]
                if records:
                    report = self.env.ref(GENERATED_DOCUMENTS[document.document_type])
                    pdf = None
                    try:
                        with self.env.cr.savepoint():
                            pdf, _type = Report._render_qweb_pdf(report, records.ids)
                    except Exception as error:
                        # Whatever fails in the print chain (wkhtmltopdf, the
                        # PDF reader), the checklist then says what is missing
                        # and the unit attaches the file itself.
                        _logger.warning(
                            "Could not print %s for %s: %s",
                            report.name,
                            proposal.name,
                            error,
                        )
                if records and pdf:
                    attachment = Attachment.create(
                        {
                            "name": f"{document.display_name} - {proposal.name}.pdf",
                            "raw": pdf,
                            "mimetype": "application/pdf",
                            "description": GENERATED_MARK,
                            # Bound at once: the addon's own print, not an
                            # upload to check.
                            "res_model": proposal._name,
                            "res_id": proposal.id,
                        }
                    )
                    commands.append((4, attachment.id))
                if commands:
                    document.attachment_ids = commands
                    old.unlink()

    def _move_exemplars(self, from_xmlid, to_xmlid):
        """Move the proposals' own dossiers, and only those still in the stage
        the action expects: a dossier another decision moved stays."""
        source = self.env.ref(f"ntm_exemplar.{from_xmlid}")
        stage = self.env.ref(f"ntm_exemplar.{to_xmlid}")
        # sudo: the city decides on dossiers of every unit; the stage guards
        # still apply (criteria, the council's decision).
        dossiers = self.sudo().line_ids.exemplar_id.filtered(
            lambda d: d.stage_id == source
        )
        as_decision(dossiers).write({"stage_id": stage.id})
