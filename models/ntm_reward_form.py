from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .hanoi_date import hanoi_today
from .ntm_council import APPROVAL_BASES

CERTIFICATE_KINDS = [
    ("bang_khen", "Certificate of merit (Bằng khen)"),
    ("giay_khen", "Commendation (Giấy khen)"),
    ("title", "Certificate of an emulation title"),
]

LEVELS = [
    ("president", "President of the State"),
    ("prime_minister", "Prime Minister"),
    ("ministry", "Minister"),
    ("city", "Chairman of the city People's Committee"),
    ("department", "Director of a department"),
    ("district", "Chairman of a district People's Committee"),
    ("commune", "Chairman of a commune People's Committee"),
]
# The deciding level that matches a proposing unit, by its type.
UNIT_LEVELS = {
    "city": "city",
    "department": "department",
    "urban_district": "district",
    "rural_district": "district",
    "town": "district",
    "ward": "commune",
    "commune": "commune",
    "township": "commune",
}
# The majority a reward asks of the council, applied at the tally: what an
# admin may change (never while a vote on the reward is open).
VOTE_RULE_FIELDS = ("vote_required", "vote_min_percent", "vote_base", "vote_secret")
KINDS = [
    ("regular", "Regular"),
    ("ad_hoc", "Ad hoc"),
    ("thematic", "Thematic"),
]


class NtmRewardForm(models.Model):
    """An emulation title (danh hiệu) or a reward form (hình thức khen
    thưởng), kept apart as the Law on Emulation and Rewards 2022 does."""

    _name = "ntm.reward.form"
    _description = "Reward Title or Form"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    honour_type = fields.Selection(
        [("title", "Emulation title"), ("form", "Reward form")],
        "Type",
        required=True,
        default="form",
    )
    level_ids = fields.One2many(
        "ntm.reward.form.level", "reward_form_id", "Deciding Levels"
    )
    level = fields.Selection(
        LEVELS,
        "Decided By",
        compute="_compute_level",
        help="Who decides today, from the deciding levels and their dates.",
    )
    kind = fields.Selection(KINDS, "Reward Kind", required=True, default="regular")
    requires_initiative = fields.Boolean(
        "Initiative Certification Required",
        help="The dossier must include the certification of an initiative.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    # Decree 98/2023/NĐ-CP art. 30, carried on by Decree 152/2025/NĐ-CP:
    # grassroots emulation fighters and emulation flags at least 80% of all
    # the council's members by secret ballot, city emulation fighters 90%.
    vote_required = fields.Boolean(
        "Council Majority Required",
        help="The council votes the dossier for this reward, and the reward asks "
        "for its own majority on top of the council's approval rule.",
    )
    vote_min_percent = fields.Float(
        "Minimum Agreeing Votes (%)",
        digits=(5, 2),
        help="The agreeing votes must reach at least this share (more than 0, at "
        "most 100).",
    )
    vote_base = fields.Selection(
        APPROVAL_BASES,
        "Share Of",
        default="all",
        help="All members: the council's members, absent ones included. Members "
        "present: those who voted, with the written opinions the council counts.",
    )
    vote_secret = fields.Boolean(
        "Secret Ballot Required",
        default=True,
        help="The council decides on this reward by secret ballot.",
    )
    vote_rule_display = fields.Char("Voting Rule", compute="_compute_vote_rule_display")
    certificate_kind = fields.Selection(
        CERTIFICATE_KINDS,
        "Certificate Printed",
        compute="_compute_certificate_kind",
        store=True,
        readonly=False,
        help="The certificate the authority prints for the reward, with its QR "
        "code: none for orders and medals, which the State issues.",
    )

    @api.depends("honour_type", "name")
    def _compute_certificate_kind(self):
        # From the form's Vietnamese name, once: an admin corrects it.
        for form in self:
            name = (form.with_context(lang="vi_VN").name or "").casefold()
            if form.certificate_kind:
                continue
            if form.honour_type == "title":
                form.certificate_kind = "title"
            elif "bằng khen" in name:
                form.certificate_kind = "bang_khen"
            elif "giấy khen" in name:
                form.certificate_kind = "giay_khen"
            else:
                form.certificate_kind = False

    @api.depends("level_ids.level", "level_ids.date_from", "level_ids.date_to")
    @api.depends_context("uid")
    def _compute_level(self):
        today = hanoi_today()
        for form in self:
            form.level = form.level_ids._in_force_on(today)[:1].level

    @api.depends_context("lang")
    @api.depends("vote_required", "vote_min_percent", "vote_base", "vote_secret")
    def _compute_vote_rule_display(self):
        for form in self:
            form.vote_rule_display = (
                form._vote_rule_text(
                    form.vote_min_percent, form.vote_base, form.vote_secret
                )
                if form.vote_required
                else False
            )

    @api.constrains("vote_required", "vote_min_percent", "vote_base")
    def _check_vote_rule(self):
        for form in self:
            percent = form.vote_min_percent
            if percent < 0 or percent > 100 or (form.vote_required and not percent):
                raise ValidationError(
                    self.env._(
                        "%(form)s: the minimum share of agreeing votes is a "
                        "percentage above 0 and at most 100.",
                        form=form.name,
                    )
                )
            if form.vote_required and not form.vote_base:
                raise ValidationError(
                    self.env._(
                        "%(form)s: say whether the share is of all the council's "
                        "members or of the members present.",
                        form=form.name,
                    )
                )

    def write(self, vals):
        if set(vals) & set(VOTE_RULE_FIELDS):
            self._guard_no_open_vote()
        return super().write(vals)

    def _guard_no_open_vote(self):
        """While a council votes a dossier for the reward, its rule stands:
        the tally applies the rule the vote was opened under."""
        # sudo: sessions and dossiers of every unit count, whoever edits.
        voting = (
            self.env["ntm.council.session"]
            .sudo()
            .search(
                [
                    ("state", "=", "open"),
                    ("exemplar_ids.council_reward_form_id", "in", self.ids),
                ],
                limit=1,
            )
        )
        if voting:
            raise UserError(
                self.env._(
                    "The vote of %(session)s is open on a dossier proposed for "
                    "this reward: its voting rule does not change until the vote "
                    "is closed.",
                    session=voting.name,
                )
            )

    def _vote_rule_text(self, percent, base, secret):
        """'at least 80% of all members, secret ballot' (the language of the
        environment)."""
        bases = dict(self._fields["vote_base"]._description_selection(self.env))
        text = self.env._(
            "at least %(percent)s of %(base)s",
            # Not an f-string: Babel's extractor cannot read this file then.
            percent=format(percent, "g") + "%",
            base=bases.get(base, "").lower(),
        )
        if secret:
            text = self.env._("%(rule)s, secret ballot", rule=text)
        return text

    def _vote_rule_met(self, agree, base):
        """`agree` of `base` reach the reward's minimum share (no rule: met).
        79 of 100 miss 80%, 80 of 100 reach it."""
        self.ensure_one()
        if not self.vote_required:
            return True
        return self._share_reached(agree, base, self.vote_min_percent)

    @staticmethod
    def _share_reached(agree, base, percent):
        if base <= 0:
            return False
        return float_compare(agree * 100.0, percent * base, precision_digits=6) >= 0

    def _level_for(self, unit, day):
        """Who decides the form for a proposal of `unit` on `day`: of the
        levels in force then, the unit's own level, else the first one."""
        self.ensure_one()
        levels = self.level_ids._in_force_on(day)
        own = levels.filtered(
            lambda level: level.level == UNIT_LEVELS.get(unit.unit_type)
        )
        return (own or levels)[:1].level or False
