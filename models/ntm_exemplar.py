from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .activities import mark_done, schedule_from_odoo
from .attachments import bind_loose_attachments
from .hanoi_date import check_birthdate, hanoi_today
from .ntm_decision_mixin import as_decision, is_decision

# The six groups of section II of the plan.
# Section II: group 1 (city agencies and urban districts) is split in two, as
# section III.1.2 gives them different criteria.
CATEGORIES = [
    ("city_agency", "City department, agency, Front or mass organisation"),
    ("urban_district", "Urban district"),
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
    # Proposed by a citizen on the honour board (/dien-hinh/de-xuat).
    ("citizen", "Citizens' proposal"),
]

# Achievement reports and reward lists tell these three apart.
NOMINEE_TYPES = [
    ("collective", "Collective"),
    ("individual", "Individual"),
    ("household", "Household"),
]

DEFAULT_MOVEMENT = "Toàn dân chung sức xây dựng nông thôn mới"
YEAR_MIN = 2000
YEAR_MAX = 2100

# Who the dossier is, and the reward the council votes it for: locked from
# the council stage on (stage locks_dossier).
IDENTITY_FIELDS = (
    "partner_id",
    "year",
    "unit_id",
    "category",
    "nominee_type",
    "movement",
    "council_reward_form_id",
)


def _count_lines(row, count, weight, met, mandatory, evaluated):
    """Add `count` evaluation lines of one kind to a dossier's tallies
    (`weight`, their weights summed)."""
    row["total"] += count
    row["weight"] += weight
    row["evaluated"] += count if evaluated else 0
    if met:
        row["met"] += count
        row["met_weight"] += weight
    elif mandatory:
        row["missing"] += count
        row["unevaluated"] += 0 if evaluated else count


# What stops a nominee's reward while it lasts (Law on Emulation and Reward;
# Decree 152/2025/NĐ-CP).
REWARD_BLOCKS = [
    ("discipline", "Under discipline"),
    ("inspection", "Under inspection or investigation"),
    ("complaint", "Unresolved complaint or denunciation"),
]


class NtmExemplar(models.Model):
    _name = "ntm.exemplar"
    _description = "Exemplar Dossier"
    _inherit = [
        "ntm.unit.scoped.mixin",
        "ntm.decision.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "year desc, id desc"
    _rec_names_search = ["name", "ref", "partner_id"]
    # Set by the sequence, the council, the review actions and the evaluation.
    _decision_fields = (
        # Written from their own side: the session's agenda, the propagation.
        "council_session_ids",
        "propagation_ids",
        "publication_ids",
        "citizen_nomination_ids",
        "council_decision",
        "council_round",
        "return_reason",
        "criteria_count",
        "criteria_met_count",
        "mandatory_missing_count",
        "is_eligible",
        "eligibility",
        "score",
        "ranking_score",
        "dossier_count",
    )
    _fixed_fields = ("ref",)
    _sequence_field = "ref"
    _sequence_code = "ntm.exemplar"

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
        domain=[("ntm_is_nominee", "=", True)],
        help="The person, household or organisation proposed as an exemplar.",
    )
    category = fields.Selection(CATEGORIES, required=True, tracking=True)
    nominee_type = fields.Selection(
        NOMINEE_TYPES,
        compute="_compute_nominee_type",
        store=True,
        readonly=False,
        help="Which achievement report the nominee files: a collective's, an "
        "individual's or a household's.",
    )
    # The nominee as the dossier records them, filled in from the nominee when
    # chosen and kept as it was: a 2024 dossier keeps the 2024 position.
    nominee_birthdate = fields.Date(
        "Date of Birth",
        compute="_compute_nominee_details",
        store=True,
        readonly=False,
    )
    nominee_gender = fields.Selection(
        [("male", "Male"), ("female", "Female")],
        "Gender",
        compute="_compute_nominee_details",
        store=True,
        readonly=False,
    )
    nominee_position = fields.Char(
        "Position and Workplace",
        compute="_compute_nominee_details",
        store=True,
        readonly=False,
        help="Of an individual: e.g. 'Cán bộ địa chính, UBND xã Vân Nội'; of a "
        "household: its head.",
    )
    unit_id = fields.Many2one(
        string="Proposing Unit",
        tracking=True,
        help="The unit that proposes the exemplar: its people and those of the "
        "units above it see the dossier.",
    )
    year = fields.Integer(
        required=True,
        tracking=True,
        default=lambda self: hanoi_today().year,
        help="Emulation year the dossier is reviewed for.",
    )
    plan_id = fields.Many2one(
        "ntm.plan",
        compute="_compute_plan_id",
        store=True,
        index=True,
        help="The plan covering the dossier's year: its criteria judge it.",
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
    # A nominee under discipline, inspection or an unresolved complaint is
    # not rewarded meanwhile. Officers' business only: council members, who
    # read dossiers, do not see it, and no document prints it.
    reward_block = fields.Selection(
        REWARD_BLOCKS,
        "Reward Blocked By",
        tracking=True,
        groups="ntm_exemplar.group_officer",
    )
    reward_block_reason = fields.Text(
        "Reason of the Block", groups="ntm_exemplar.group_officer"
    )
    reward_block_since = fields.Date(
        "Blocked Since", tracking=True, groups="ntm_exemplar.group_officer"
    )
    reward_block_until = fields.Date(
        "Blocked Until",
        tracking=True,
        groups="ntm_exemplar.group_officer",
        help="Empty: until the block is lifted.",
    )
    dossier_count = fields.Integer(
        "Number of Dossiers",
        compute="_compute_dossier_count",
        store=True,
        help="1 on every dossier: the measure analyses sum, in Vietnamese "
        "(Odoo's own count reads 'Số tập dữ liệu').",
    )
    stage_id = fields.Many2one(
        "ntm.exemplar.stage",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        copy=False,
        group_expand="_read_group_stage_ids",
        default=lambda self: self.env.ref(
            "ntm_exemplar.stage_discovered", raise_if_not_found=False
        ),
    )
    is_closed = fields.Boolean(related="stage_id.is_closed")
    is_locked = fields.Boolean(related="stage_id.locks_dossier")
    is_recognised = fields.Boolean(related="stage_id.is_recognised")
    return_reason = fields.Text(
        "Reason for Return",
        tracking=True,
        copy=False,
        help="What the officer must complete before the dossier is nominated again.",
    )
    council_round = fields.Integer(
        readonly=True,
        copy=False,
        help="How many times the dossier went to the council: a result counts "
        "only for the round that produced it.",
    )
    council_decision = fields.Selection(
        [("selected", "Selected"), ("not_selected", "Not selected")],
        readonly=True,
        copy=False,
        tracking=True,
        help="Result of the Emulation and Reward Council's secret ballot.",
    )
    council_reward_form_id = fields.Many2one(
        "ntm.reward.form",
        "Reward Voted by the Council",
        tracking=True,
        ondelete="restrict",
        help="The title or reward form the council votes the dossier for: a "
        "reward that asks for its own majority (e.g. grassroots emulation "
        "fighter, 80% of all members) is proposed only after such a vote.",
    )
    fostering_goal = fields.Text(
        "What to Improve",
        tracking=True,
        help="Fostering plan: what the new factor must improve to become an exemplar.",
    )
    fostering_helper_ids = fields.Many2many(
        "res.users",
        "ntm_exemplar_fostering_user_rel",
        "exemplar_id",
        "user_id",
        "Who Helps",
    )
    fostering_deadline = fields.Date("By When", tracking=True)
    followup_ids = fields.One2many("ntm.exemplar.followup", "exemplar_id", "Follow-ups")
    partner_dossier_ids = fields.Many2many(
        "ntm.exemplar",
        compute="_compute_partner_dossier_ids",
        string="The Nominee's Dossiers",
        help="Every dossier of the same nominee, all years: its history and rewards.",
    )
    partner_reward_line_ids = fields.Many2many(
        "ntm.reward.proposal.line",
        compute="_compute_partner_dossier_ids",
        string="The Nominee's Rewards",
        help="Rewards decided for any dossier of the same nominee.",
    )
    propagation_ids = fields.Many2many(
        "ntm.propagation",
        "ntm_propagation_exemplar_rel",
        "exemplar_id",
        "propagation_id",
        readonly=True,
    )
    publication_ids = fields.One2many(
        "ntm.exemplar.publication",
        "exemplar_id",
        "Public Page",
        readonly=True,
        groups="ntm_exemplar.group_officer",
    )
    # The proposer's name and phone: the commune's staff only, never the
    # council members who read the dossier.
    citizen_nomination_ids = fields.One2many(
        "ntm.citizen.nomination",
        "exemplar_id",
        "Citizen's Proposal",
        readonly=True,
        groups="ntm_exemplar.group_officer",
    )
    council_session_ids = fields.Many2many(
        "ntm.council.session",
        "ntm_council_session_exemplar_rel",
        "exemplar_id",
        "session_id",
        "Council Sessions",
        readonly=True,
    )
    council_result_ids = fields.One2many(
        "ntm.council.result", "exemplar_id", "Council Results", readonly=True
    )
    can_vote = fields.Boolean(compute="_compute_can_vote")
    criterion_line_ids = fields.One2many(
        "ntm.exemplar.criterion.line", "exemplar_id", "Criteria", copy=True
    )
    criteria_count = fields.Integer(
        "Number of Criteria", compute="_compute_evaluation", store=True
    )
    criteria_evaluated_count = fields.Integer(
        "Criteria Evaluated", compute="_compute_evaluation", store=True
    )
    criteria_met_count = fields.Integer(
        "Criteria Met", compute="_compute_evaluation", store=True
    )
    mandatory_missing_count = fields.Integer(
        "Mandatory Criteria Missing",
        compute="_compute_evaluation",
        store=True,
        help="Mandatory criteria not evaluated yet or not met.",
    )
    is_eligible = fields.Boolean(
        "Eligible",
        compute="_compute_evaluation",
        store=True,
        help="Every mandatory criterion is met.",
    )
    eligibility = fields.Selection(
        [
            ("eligible", "Eligible"),
            ("not_eligible", "Not eligible"),
            ("incomplete", "To evaluate"),
        ],
        compute="_compute_evaluation",
        store=True,
    )
    score = fields.Float(
        compute="_compute_evaluation",
        store=True,
        digits=(16, 1),
        help="Weighted share of the criteria met, out of 100.",
    )
    ranking_score = fields.Float(
        compute="_compute_ranking_score",
        digits=(16, 2),
        help="What ranks the year's top five: 100 times the weighted mean of the "
        "criteria's points (0 not met, 1 met, up to 2 for a number going beyond "
        "its threshold), so from 0 to 200.",
    )
    ballot_progress = fields.Char(
        "Ballots Cast",
        compute="_compute_ballot_progress",
        help="In an open session: how many of the dossier's ballots are cast, "
        "not which way.",
    )
    criteria_progress = fields.Char(
        "Criteria Met / Total", compute="_compute_criteria_progress"
    )
    can_nominate = fields.Boolean(compute="_compute_can_move")
    can_decide = fields.Boolean(compute="_compute_can_move")
    can_reopen = fields.Boolean(compute="_compute_can_move")
    nominate_blocker = fields.Char(
        "Why It Cannot Be Nominated",
        compute="_compute_can_move",
        help="What stands between the dossier and its nomination.",
    )

    _sql_constraints = [
        ("ref_unique", "unique(ref)", "Each dossier has its own reference."),
    ]

    @api.constrains(
        "reward_block",
        "reward_block_reason",
        "reward_block_since",
        "reward_block_until",
    )
    def _check_reward_block(self):
        for dossier in self.filtered("reward_block"):
            if not (dossier.reward_block_reason or "").strip() or not (
                dossier.reward_block_since
            ):
                raise ValidationError(
                    self.env._(
                        "A reward block on %(dossier)s needs its reason and the day "
                        "it started.",
                        dossier=dossier.display_name,
                    )
                )
            until = dossier.reward_block_until
            if until and until < dossier.reward_block_since:
                raise ValidationError(
                    self.env._(
                        "The reward block on %(dossier)s cannot end before it starts.",
                        dossier=dossier.display_name,
                    )
                )

    def _reward_block_on(self, day):
        """Why the nominee may not be rewarded on `day`, or False."""
        self.ensure_one()
        # sudo: the block is read by every check that proposes or decides,
        # whoever runs it; it is shown to officers only.
        dossier = self.sudo()
        if not dossier.reward_block or not dossier.reward_block_since:
            return False
        if day < dossier.reward_block_since or (
            dossier.reward_block_until and day > dossier.reward_block_until
        ):
            return False
        kind = dict(self._fields["reward_block"]._description_selection(self.env))
        return self.env._(
            "%(dossier)s cannot be rewarded: %(kind)s since %(since)s (%(reason)s).",
            dossier=self.display_name,
            kind=kind[dossier.reward_block].lower(),
            since=dossier.reward_block_since.strftime("%d/%m/%Y"),
            reason=dossier.reward_block_reason.strip(),
        )

    @api.constrains("nominee_birthdate")
    def _check_birthdate(self):
        for dossier in self:
            check_birthdate(
                self.env, dossier.nominee_birthdate, dossier.partner_id.display_name
            )

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

    @api.constrains("year")
    def _check_year_not_future(self):
        """Officers file for the current year and prepare the next one."""
        latest = hanoi_today().year + 1
        for dossier in self:
            if dossier.year > latest:
                raise ValidationError(
                    self.env._(
                        "The year of dossier %(name)s, %(year)s, is too far ahead: a "
                        "dossier is filed for this year or the next (%(max)s at the "
                        "latest).",
                        name=dossier.name,
                        year=dossier.year,
                        max=latest,
                    )
                )

    @api.depends("year")
    def _compute_plan_id(self):
        plans = self.env["ntm.plan"]._for_years(self.mapped("year"))
        for dossier in self:
            dossier.plan_id = plans.get(dossier.year, False)

    @api.constrains("plan_id", "year")
    def _check_plan(self):
        # A year out of range has its own message (_check_year).
        for dossier in self.filtered(
            lambda d: not d.plan_id and YEAR_MIN <= d.year <= YEAR_MAX
        ):
            raise ValidationError(
                self.env._(
                    "No plan of the movement covers %(year)s, the year of dossier "
                    "%(name)s: an administrator opens the plan of that year first.",
                    year=dossier.year,
                    name=dossier.name,
                )
            )

    @api.constrains("category", "year")
    def _check_category_accepts_year(self):
        """District categories end with the district level (2025)."""
        categories = self.env["ntm.exemplar.category"].search(
            [("code", "in", self.mapped("category")), ("last_year", "!=", 0)]
        )
        last_year = {category.code: category for category in categories}
        for dossier in self:
            category = last_year.get(dossier.category)
            if category and dossier.year > category.last_year:
                raise ValidationError(
                    self.env._(
                        "Category %(category)s accepts dossiers up to the year "
                        "%(last)s: dossier %(name)s is for %(year)s. Choose the "
                        "category of the unit as it is now.",
                        category=category.name,
                        last=category.last_year,
                        name=dossier.name,
                        year=dossier.year,
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
            if others and others[0].with_env(self.env).has_access("read"):
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
            if others:
                # Name nothing the user may not read.
                raise ValidationError(
                    self.env._(
                        "%(nominee)s already has an open dossier for %(year)s in the "
                        'movement "%(movement)s", filed by another unit.',
                        nominee=dossier.partner_id.display_name,
                        year=dossier.year,
                        movement=dossier.movement,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner_is_nominee(self):
        for dossier in self:
            if not dossier.partner_id.ntm_is_nominee:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is not a nominee: choose a nominee or create "
                        "one from the dossier.",
                        contact=dossier.partner_id.display_name,
                    )
                )

    @api.depends("partner_id")
    def _compute_nominee_details(self):
        # Only on a change of nominee, not of the nominee's details: the
        # dossier keeps them as they were when it was filed.
        for dossier in self:
            partner = dossier.partner_id
            position = ", ".join(
                filter(None, (partner.function, partner.ntm_workplace))
            )
            dossier.nominee_birthdate = (
                partner.ntm_birthdate or dossier.nominee_birthdate
            )
            dossier.nominee_gender = partner.ntm_gender or dossier.nominee_gender
            dossier.nominee_position = position or dossier.nominee_position

    @api.depends("category", "partner_id.is_company", "partner_id.ntm_nominee_type")
    def _compute_nominee_type(self):
        for dossier in self:
            if dossier.category == "individual":
                dossier.nominee_type = "individual"
            elif dossier.category == "other" and dossier.partner_id.ntm_nominee_type:
                dossier.nominee_type = (
                    "collective"
                    if dossier.partner_id.ntm_nominee_type == "collective"
                    else "household"
                )
            elif dossier.category == "other" and not dossier.partner_id.is_company:
                dossier.nominee_type = "household"
            else:
                dossier.nominee_type = "collective"

    @api.depends(
        "criterion_line_ids.is_met",
        "criterion_line_ids.is_evaluated",
        "criterion_line_ids.is_mandatory",
        "criterion_line_ids.weight",
    )
    def _compute_evaluation(self):
        # Saved dossiers are counted in SQL, one grouped query for the batch:
        # re-evaluating 10,000 dossiers must not load their 200,000 lines.
        saved = self.filtered("id")
        stats = defaultdict(lambda: defaultdict(float))
        if saved:
            groups = self.env["ntm.exemplar.criterion.line"]._read_group(
                [("exemplar_id", "in", saved.ids)],
                ["exemplar_id", "is_met", "is_mandatory", "is_evaluated"],
                ["__count", "weight:sum"],
            )
            for dossier, met, mandatory, evaluated, count, weight in groups:
                _count_lines(
                    stats[dossier.id], count, weight, met, mandatory, evaluated
                )
        for dossier in self - saved:  # new records, in a form: count in memory
            for line in dossier.criterion_line_ids:
                _count_lines(
                    stats[dossier],
                    1,
                    line.weight,
                    line.is_met,
                    line.is_mandatory,
                    line.is_evaluated,
                )
        for dossier in self:
            row = stats[dossier.id or dossier]
            dossier.criteria_count = int(row["total"])
            dossier.criteria_met_count = int(row["met"])
            dossier.criteria_evaluated_count = int(row["evaluated"])
            dossier.mandatory_missing_count = int(row["missing"])
            dossier.is_eligible = bool(row["total"]) and not row["missing"]
            dossier.score = (
                100 * row["met_weight"] / row["weight"] if row["weight"] else 0.0
            )
            dossier.eligibility = (
                "eligible"
                if dossier.is_eligible
                else "incomplete"
                if row["unevaluated"] or not row["evaluated"]
                else "not_eligible"
            )

    @api.depends("criterion_line_ids.weight", "criterion_line_ids.weighted_points")
    def _compute_ranking_score(self):
        # Summed when read (the top five ranks one year's recognised
        # dossiers): a threshold change moving every line's points does not
        # count every open dossier again.
        saved = self.filtered("id")
        sums = {}
        if saved:
            # sudo: a figure of dossiers the user reads, whatever unit their
            # lines' record rules name (a dossier sent up to the city).
            groups = (
                self.env["ntm.exemplar.criterion.line"]
                .sudo()
                ._read_group(
                    [("exemplar_id", "in", saved.ids)],
                    ["exemplar_id"],
                    ["weight:sum", "weighted_points:sum"],
                )
            )
            sums = {dossier.id: (weight, points) for dossier, weight, points in groups}
        for dossier in self:
            if dossier.id:
                weight, points = sums.get(dossier.id, (0.0, 0.0))
            else:  # a new record, in a form
                lines = dossier.criterion_line_ids
                weight = sum(lines.mapped("weight"))
                points = sum(lines.mapped("weighted_points"))
            dossier.ranking_score = 100 * points / weight if weight else 0.0

    @api.depends_context("ntm_session_id")
    def _compute_ballot_progress(self):
        # sudo: counts only, ballots are private to their voters.
        session_id = self.env.context.get("ntm_session_id")
        counts = defaultdict(lambda: [0, 0])
        if session_id and self._origin.ids:
            for dossier, cast, count in (
                self.env["ntm.ballot"]
                .sudo()
                ._read_group(
                    [
                        ("session_id", "=", session_id),
                        ("exemplar_id", "in", self._origin.ids),
                    ],
                    ["exemplar_id", "is_cast"],
                    ["__count"],
                )
            ):
                counts[dossier.id][0] += count if cast else 0
                counts[dossier.id][1] += count
        for dossier in self:
            cast, total = counts.get(dossier._origin.id, (0, 0))
            dossier.ballot_progress = (
                self.env._("%(cast)s/%(total)s cast", cast=cast, total=total)
                if total
                else False
            )

    @api.depends("criteria_met_count", "criteria_count")
    def _compute_criteria_progress(self):
        for dossier in self:
            dossier.criteria_progress = (
                f"{dossier.criteria_met_count}/{dossier.criteria_count}"
            )

    @api.depends_context("uid")
    @api.depends("stage_id", "mandatory_missing_count")
    def _compute_can_move(self):
        # The buttons show what _stage_move_refusal, the server's one check,
        # would let through.
        nominated = self._stages(["stage_nominated"])
        council = self._stages(["stage_council"])
        returned = self._stages(["stage_returned"])
        for dossier in self:
            blocker = (
                dossier._stage_move_refusal(nominated)
                if dossier.stage_id != nominated
                and (dossier.stage_id.is_officer_stage or dossier.stage_id.is_return)
                else False
            )
            dossier.nominate_blocker = blocker or False
            dossier.can_nominate = (
                dossier.stage_id != nominated
                and (dossier.stage_id.is_officer_stage or dossier.stage_id.is_return)
                and not blocker
            )
            dossier.can_decide = not (
                dossier._stage_move_refusal(council)
                and dossier._stage_move_refusal(returned, reason=True)
            )
            dossier.can_reopen = not dossier._reopen_refusal()

    def _compute_dossier_count(self):
        self.dossier_count = 1

    @api.depends("partner_id")
    @api.depends_context("uid")
    def _compute_partner_dossier_ids(self):
        # One search for the batch; the user's record rules apply.
        dossiers = self.search([("partner_id", "in", self.partner_id.ids)])
        # sudo: the proposal may be another unit's, which the user does not
        # read; its decided lines they do (rule ..._line_rule_decided_read).
        rewards = (
            self.env["ntm.reward.proposal.line"]
            .sudo()
            .search(
                [
                    ("exemplar_id", "in", dossiers.ids),
                    ("proposal_id.state", "in", ("approved", "revoked")),
                ]
            )
            .sudo(False)
        )
        for dossier in self:
            dossier.partner_dossier_ids = dossiers.filtered(
                lambda d, p=dossier.partner_id: d.partner_id == p
            )
            dossier.partner_reward_line_ids = rewards.filtered(
                lambda r, p=dossier.partner_id: r.exemplar_id.partner_id == p
            )

    @api.depends_context("uid")
    def _compute_can_vote(self):
        # The record rules show a member only their own open ballots.
        ballots = self.env["ntm.ballot"].search(
            [("exemplar_id", "in", self.ids), ("vote", "=", False)]
        )
        for dossier in self:
            dossier.can_vote = dossier in ballots.exemplar_id

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
        # A dossier starts in the first stage and then moves, through the same
        # guards as any move, to the stage asked for (its criteria exist then).
        stages = [vals.pop("stage_id", False) for vals in vals_list]
        dossiers = super().create(vals_list)
        dossiers._attach_evidence()
        dossiers._sync_criterion_lines()
        for dossier, stage in zip(dossiers, stages, strict=True):
            if stage and stage != dossier.stage_id.id:
                dossier.write({"stage_id": stage})
        return dossiers

    def write(self, vals):
        self._guard_identity_locked(vals)
        stage = self.env["ntm.exemplar.stage"].browse(vals.get("stage_id"))
        moving = self.browse()
        if stage:
            field = self._fields["stage_id"]
            self._check_exists(field, field._description_string(self.env), stage.ids)
            moving = self.filtered(lambda d: d.stage_id != stage)
            moving._guard_stage_move(stage, vals)
            if stage.is_council:
                # A new round: only a new vote decides on it.
                for dossier in moving:
                    as_decision(dossier).write(
                        {
                            "council_round": dossier.council_round + 1,
                            "council_decision": False,
                        }
                    )
        res = super().write(vals)
        if "evidence_ids" in vals:
            self._attach_evidence()
        if {"category", "year"} & vals.keys():
            self._sync_criterion_lines()
        if stage:
            moving.activity_update()
            moving._notify_stage_move(stage)
        if {"fostering_helper_ids", "fostering_deadline"} & vals.keys():
            self._schedule_fostering()
        if {"stage_id", "active"} & vals.keys():
            self._unpublish_unrecognised()
        return res

    def _unpublish_unrecognised(self):
        """A dossier no longer a recognised exemplar (reopened, archived)
        leaves the honour board at once. sudo: the page follows its dossier,
        whoever moved it (the page may be another unit's)."""
        gone = self.sudo().filtered(
            lambda d: not d.active or not d.stage_id.is_recognised
        )
        gone.publication_ids._unpublish(
            self.env._(
                "The dossier is no longer a recognised exemplar: its page is taken "
                "down."
            )
        )

    def action_open_publication(self):
        """The dossier's public page, created on first use (a recognised
        exemplar only)."""
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Public Page"),
            "res_model": "ntm.exemplar.publication",
            "view_mode": "form",
            "context": {"default_exemplar_id": self.id},
        }
        if self.publication_ids:
            action["res_id"] = self.publication_ids[:1].id
        return action

    def _notify_stage_move(self, stage):
        """Tell the user who moved the dossiers where they went and what comes
        next: a kanban drag returns no action that could say it."""
        if not self:
            return
        if len(self) == 1:
            message = self.env._(
                "Dossier %(dossier)s moved to %(stage)s.",
                dossier=self.display_name,
                stage=stage.name,
            )
        else:
            message = self.env._(
                "%(count)s dossiers moved to %(stage)s.",
                count=len(self),
                stage=stage.name,
            )
        if stage.legend:
            message = f"{message} {stage.legend}"
        self.env.user._bus_send(
            "simple_notification", {"type": "success", "message": message}
        )

    def _guard_identity_locked(self, vals):
        """From the council stage on, who the dossier is stays as reviewed."""
        changed = [name for name in IDENTITY_FIELDS if name in vals]
        if not changed or is_decision(self.env):
            return
        locked = self.filtered(lambda d: d.stage_id.locks_dossier)
        for dossier in locked:
            field = dossier._fields[changed[0]]
            if field.convert_to_write(dossier[changed[0]], dossier) != vals[changed[0]]:
                raise UserError(
                    self.env._(
                        "Dossier %(dossier)s is in stage %(stage)s: its %(field)s no "
                        "longer changes (it is what the council reviewed).",
                        dossier=dossier.display_name,
                        stage=dossier.stage_id.name,
                        field=field._description_string(self.env),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_rewarded(self):
        """A rewarded dossier stays in the reward history: it is archived,
        not deleted (a revoked reward is history too)."""
        stage = self._stages(["stage_rewarded"])
        # sudo: the reward may have been proposed by another unit.
        lines = (
            self.env["ntm.reward.proposal.line"]
            .sudo()
            .search(
                [
                    ("exemplar_id", "in", self.ids),
                    ("proposal_id.state", "in", ("approved", "revoked")),
                ]
            )
        )
        rewarded = self.filtered(lambda d: d.stage_id == stage) | lines.exemplar_id
        reviewed = self.filtered(lambda d: d.stage_id.locks_dossier) - rewarded
        if reviewed:
            raise UserError(
                self.env._(
                    "Dossier %(dossier)s is in stage %(stage)s: what the council "
                    "reviewed and the head decided stays on record. Archive it "
                    "instead.",
                    dossier=reviewed[0].display_name,
                    stage=reviewed[0].stage_id.name,
                )
            )
        if rewarded:
            raise UserError(
                self.env._(
                    "Dossier %(dossier)s was rewarded: it stays in the reward "
                    "history and cannot be deleted. Archive it instead.",
                    dossier=rewarded[0].sudo().display_name,
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_nominate(self):
        self.write({"stage_id": self._stages(["stage_nominated"]).id})

    def action_send_to_council(self):
        self.write({"stage_id": self._stages(["stage_council"]).id})

    def action_return(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return for Completion"),
            "res_model": "ntm.exemplar.return.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_cast_vote(self, vote=None):
        """Vote on this dossier (the choice in `vote`, or in the button's
        context): the method's name, and so the server's log line, never
        tells the choice."""
        return self._my_open_ballot().action_cast_vote(vote)

    def _my_open_ballot(self):
        self.ensure_one()
        ballot = self.env["ntm.ballot"].search(
            [("exemplar_id", "=", self.id), ("user_id", "=", self.env.uid)], limit=1
        )
        if not ballot:
            raise UserError(self.env._("You have no open ballot on this dossier."))
        return ballot

    def action_reopen(self):
        """An administrator reopens a decided dossier, with a reason."""
        action = self.action_return()
        action["name"] = self.env._("Reopen the Dossier")
        action["context"]["default_is_reopen"] = True
        return action

    def _reopen(self, reason):
        """Back to its officer after the head's decision: an administrator's
        tracked act, with its reason. A new council round follows."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for reopening the dossier."))
        for dossier in self:
            refusal = dossier._reopen_refusal()
            if refusal:
                raise UserError(refusal)
        as_decision(self).write(
            {"stage_id": self._stages(["stage_returned"]).id, "return_reason": reason}
        )

    def _reopen_refusal(self):
        """Why the current user may not reopen this dossier, or False: only
        an administrator, only a recognised or not selected dossier."""
        self.ensure_one()
        if not self.env.user.has_group("ntm_exemplar.group_admin"):
            return self.env._("Only an administrator reopens a decided dossier.")
        rewarding = self._stages(["stage_proposed_city", "stage_rewarded"])
        if not self.stage_id.is_decided or self.stage_id in rewarding:
            return self.env._(
                "Dossier %(dossier)s is in stage %(stage)s: only a recognised or not "
                "selected dossier is reopened (a reward is revoked first).",
                dossier=self.display_name,
                stage=self.stage_id.name,
            )
        return False

    def action_return_for_completion(self, reason):
        """Back to the officer with the reason: the return wizard's act. The
        move is checked as the user; only the reason needs the action."""
        returned = self._stages(["stage_returned"])
        self._guard_stage_move(returned, {"return_reason": reason})
        as_decision(self).write({"stage_id": returned.id, "return_reason": reason})

    def _open_dossier_domain(self):
        """Domain of the dossiers still open (the review pipeline narrows it)."""
        return [("active", "=", True)]

    def _attach_evidence(self):
        """Evidence files belong to their dossier: they are then read and
        deleted under the dossier's own access rules."""
        for dossier in self:
            bind_loose_attachments(dossier.evidence_ids, self._name, dossier)

    # ------------------------------------------------------------------
    # Review pipeline
    # ------------------------------------------------------------------

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "stage_id" in init_values:
            return self.env.ref("ntm_exemplar.mt_exemplar_stage")
        return super()._track_subtype(init_values)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # Every column, empty ones included: the pipeline has nine stages.
        return stages.search([])  # pylint: disable=no-search-all

    def _stages(self, xmlids):
        """Stages by their xml ids: the stage each action moves a dossier to."""
        return self.env["ntm.exemplar.stage"].browse(
            [self.env.ref(f"ntm_exemplar.{xmlid}").id for xmlid in xmlids]
        )

    def _stages_flagged(self, flag):
        """Stages whose meaning includes `flag` (e.g. is_recognised)."""
        return self.env["ntm.exemplar.stage"].search([(flag, "=", True)])

    def _is_manager(self):
        return self.env.user.has_group("ntm_exemplar.group_manager")

    def _missing_mandatory_lines(self):
        self.ensure_one()
        return self.criterion_line_ids.filtered(
            lambda line: line.is_mandatory and not line.is_met
        )

    def _guard_stage_move(self, stage, vals):
        """Every move of a dossier, by a button, a kanban drag or RPC."""
        for dossier in self:
            refusal = dossier._stage_move_refusal(
                stage, reason=bool((vals.get("return_reason") or "").strip())
            )
            if refusal:
                raise UserError(refusal)

    def _stage_move_refusal(self, stage, reason=False):
        """Why the current user may not move this dossier from its stage to
        `stage`, or False: the one check of the pipeline, comparing the
        current and the target stage by the user's role (as hr_holidays'
        _check_approval_update does). The can_* computes reuse it."""
        self.ensure_one()
        current = self.stage_id
        if current == stage:
            return False
        checks = (
            lambda: self._decided_stage_refusal(current, stage),
            lambda: self._stage_role_refusal(current, stage),
            lambda: self._return_reason_refusal(stage, reason),
            lambda: current.is_council and self._open_vote_refusal(),
            lambda: stage.needs_criteria and self._criteria_refusal(stage),
            lambda: stage.is_recognised
            and not current.is_recognised
            and self._council_decision_refusal(),
        )
        for check in checks:
            refusal = check()
            if refusal:
                return refusal
        return False

    def _decided_stage_refusal(self, current, stage):
        """Decided stages are entered and left only by their actions."""
        if (current.is_decided or stage.is_decided) and not is_decision(self.env):
            return self.env._(
                "Dossier %(dossier)s cannot be moved from %(from)s to %(to)s by hand: "
                "recognition, non-selection, reward proposals and rewards are "
                "decided by their own actions (the head's decision, the proposal, "
                "the city's decision, revocation or an administrator's reopening).",
                dossier=self.display_name,
                **{"from": current.name, "to": stage.name},
            )
        return False

    def _return_reason_refusal(self, stage, reason):
        if stage.is_return and not reason:
            return self.env._(
                "Say why the dossier is returned: use the button 'Return for "
                "Completion' and give a reason."
            )
        return False

    def _open_vote_refusal(self):
        """A dossier being voted on stays where it is."""
        # sudo: a session of a council above the user's unit counts too.
        voting = (
            self.env["ntm.council.session"]
            .sudo()
            .search_count(
                [("exemplar_ids", "in", self.ids), ("state", "=", "open")], limit=1
            )
        )
        if voting:
            return self.env._(
                "Dossier %(dossier)s is being voted on: it stays in %(stage)s until "
                "the vote is closed.",
                dossier=self.display_name,
                stage=self.stage_id.name,
            )
        return False

    def _criteria_refusal(self, stage):
        """Every mandatory criterion evaluated and met."""
        missing = self._missing_mandatory_lines()
        if missing or not self.criterion_line_ids:
            names = ", ".join(
                f"{line.code} {line.criterion_id.name}" for line in missing
            )
            return self.env._(
                "Dossier %(dossier)s cannot go to stage %(stage)s: these mandatory "
                "criteria are not evaluated or not met: %(criteria)s.",
                dossier=self.display_name,
                stage=stage.name,
                criteria=names or self.env._("no criteria"),
            )
        return False

    def _stage_role_refusal(self, current, stage):
        """Officers move between officer stages (a returned dossier included);
        a manager submits a nomination to the council or returns it. The
        actions deciding later stages check their own role."""
        if is_decision(self.env):
            return False
        officer_move = stage.is_officer_stage and (
            current.is_officer_stage or current.is_return
        )
        manager_move = (current.is_nomination and stage.is_council) or (
            stage.is_return and (current.is_nomination or current.is_council)
        )
        if officer_move or (manager_move and self._is_manager()):
            return False
        if manager_move:
            return self.env._(
                "Only a unit manager can move a dossier to stage %(stage)s.",
                stage=stage.name,
            )
        return self.env._(
            "Dossier %(dossier)s cannot go from stage %(from)s to %(to)s.",
            dossier=self.display_name,
            **{"from": current.name, "to": stage.name},
        )

    def _council_decision_refusal(self):
        """A dossier is recognised only after a closed council session of its
        current round selected it and the head of the unit decided so."""
        # sudo: results of councils above the user's unit count all the same.
        result = (
            self.env["ntm.council.result"]
            .sudo()
            .search_count(
                [
                    ("exemplar_id", "=", self.id),
                    ("council_round", "=", self.council_round),
                    ("session_id.state", "=", "closed"),
                    ("is_passed", "=", True),
                    ("decision", "=", "recognize"),
                ],
                limit=1,
            )
        )
        if result:
            return False
        return self.env._(
            "Dossier %(dossier)s can be recognised only after the Emulation and "
            "Reward Council has selected it and the head of the unit has decided.",
            dossier=self.display_name,
        )

    def activity_update(self):
        """The work each stage calls for, as hr_holidays does: entering a stage
        schedules its activities, leaving it marks them done."""
        review = self.env.ref("ntm_exemplar.mail_act_review")
        complete = self.env.ref("ntm_exemplar.mail_act_complete")
        fostering = self.env.ref("ntm_exemplar.mail_act_fostering")
        done = dict.fromkeys((review, complete, fostering), self.browse())
        for dossier in self:
            stage = dossier.stage_id
            if not stage.is_nomination:
                done[review] |= dossier
            if not stage.is_return:
                done[complete] |= dossier
            if stage.needs_criteria or stage.is_decided:
                done[fostering] |= dossier
            if stage.is_nomination:
                for manager in dossier._unit_managers():
                    schedule_from_odoo(
                        dossier,
                        review,
                        manager,
                        self.env._(
                            "Review the nominated dossier and submit it to the council."
                        ),
                    )
            elif stage.is_return:
                schedule_from_odoo(
                    dossier,
                    complete,
                    dossier.user_id or dossier.create_uid,
                    Markup("<p>%s</p>") % (dossier.return_reason or ""),
                )
        feedback = self.env._("Done: the dossier moved on.")
        for activity_type, dossiers in done.items():
            mark_done(dossiers, activity_type, feedback)

    def _unit_managers(self):
        """Managers of the nearest unit, from the dossier's own up, that has any."""
        self.ensure_one()
        managers = self.env.ref("ntm_exemplar.group_manager").sudo().users
        unit = self.unit_id
        while unit:
            found = managers.filtered(lambda u, unit=unit: unit in u.ntm_unit_ids)
            if found:
                return found
            unit = unit.parent_id
        return managers.browse()

    @api.onchange("category", "year")
    def _onchange_category_criteria(self):
        """The criteria of the category in the plan of the year, in the form
        before the dossier is saved; on save, _sync_criterion_lines holds the
        same rule."""
        if self.stage_id.locks_dossier:
            return
        missing, stale, moved = self._criteria_changes()
        self.criterion_line_ids = (
            [Command.unlink(line.id) for line in stale]
            + [
                # The snapshot the line will take on save, to judge it in the form.
                Command.update(line.id, {"criterion_id": c.id, **c._snapshot()})
                for line, c in moved.items()
            ]
            + [Command.create({"criterion_id": c.id, **c._snapshot()}) for c in missing]
        )

    def _criteria_changes(self):
        """The rule both the form and the save apply, against the criteria of
        the dossier's plan applying to its category: the criteria it has no
        line for; its lines to drop (unevaluated lines of criteria that no
        longer apply, lines of another plan's criteria with no counterpart);
        and its lines of another plan's criteria that move, value and
        evidence kept, to the criterion of the same code in its plan."""
        self.ensure_one()
        applicable = self.plan_id.criterion_ids.filtered(
            lambda c: c.active and c._applies_to(self.category)
        )
        by_code = {c.code: c for c in applicable}
        moved, stale = {}, self.criterion_line_ids.browse()
        for line in self.criterion_line_ids - self.criterion_line_ids.filtered(
            lambda line: line.criterion_id in applicable
        ):
            target = by_code.get(line.criterion_id.code)
            if line.criterion_id.plan_id != self.plan_id and target:
                moved[line] = target
            elif line.criterion_id.plan_id != self.plan_id or not line.is_evaluated:
                stale |= line
        kept = self.criterion_line_ids.criterion_id | self.env["ntm.criterion"].union(
            *moved.values()
        )
        return applicable - kept, stale, moved

    def _sync_criterion_lines(self):
        """One evaluation line per criterion of the dossier's plan applying to
        its category (see _criteria_changes)."""
        Line = self.env["ntm.exemplar.criterion.line"]
        to_create, to_remove = [], Line
        for dossier in self.filtered(lambda d: not d.stage_id.locks_dossier):
            missing, stale, moved = dossier._criteria_changes()
            to_create += [
                {"exemplar_id": dossier.id, "criterion_id": c.id} for c in missing
            ]
            to_remove |= stale
            for line, criterion in moved.items():
                # The line is judged again, by the criterion of its new plan.
                as_decision(line).write(
                    {"criterion_id": criterion.id, **criterion._snapshot()}
                )
        # sudo: lines follow the category and year, which officers may
        # change, while only managers may delete lines themselves.
        to_remove.sudo().unlink()
        Line.create(to_create)

    def _schedule_fostering(self):
        """Each helper of a fostering plan gets one activity due by its
        deadline: progress is logged on it."""
        activity_type = self.env.ref("ntm_exemplar.mail_act_fostering")
        fostered = self.filtered(
            lambda d: d.fostering_helper_ids
            and not (d.stage_id.needs_criteria or d.stage_id.is_decided)
        )
        for dossier in fostered:
            planned = dossier.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            )
            for helper in dossier.fostering_helper_ids - planned.user_id:
                schedule_from_odoo(
                    dossier,
                    activity_type,
                    helper,
                    dossier.fostering_goal or "",
                    date_deadline=dossier.fostering_deadline,
                )
            helpers = dossier.fostering_helper_ids
            planned.filtered(lambda a, h=helpers: a.user_id in h).write(
                {"date_deadline": dossier.fostering_deadline or hanoi_today()}
            )
