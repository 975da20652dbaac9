"""The field matrix: for every role and every stored field of every ntm.*
model, a plain `write` as that role (with_user, no sudo) changes only what
that role may change in that state; everything else is refused and writes
nothing. The allowed sets below are the specification, written once."""

import sys
from datetime import date, datetime, timedelta

from odoo import models
from odoo.tools import SQL

from ..models.hanoi_date import hanoi_today
from .common import MisuseCommon, image_bytes

ROLES = ("officer", "manager", "coordinator", "admin", "council")
UNIT_STAFF = ("officer", "manager", "coordinator", "admin")
MANAGERS = ("manager", "coordinator", "admin")

# What a dossier's people edit in any stage, and what only before the council.
DOSSIER_NOTES = {
    "name",
    "active",
    "nominee_birthdate",
    "nominee_gender",
    "nominee_position",
    "source",
    "achievements",
    "evidence_ids",
    "user_id",
    "color",
    "fostering_goal",
    "fostering_helper_ids",
    "fostering_deadline",
}
# The reward block's details, in every state; the block itself is refused
# alone (it needs its reason and start: _check_reward_block).
DOSSIER_BLOCK = {"reward_block_reason", "reward_block_since", "reward_block_until"}
DOSSIER_IDENTITY = {"partner_id", "category", "nominee_type", "unit_id", "year"}
LINE_VALUES = {
    "value_bool",
    "value_number",
    "is_evaluated",
    "evidence_note",
    "attachment_ids",
}
PROPOSAL_DRAFT = {"date", "kind", "reward_form_id", "addressee", "recipients"}
PROPOSAL_LINE_DRAFT = {
    "sequence",
    "exemplar_id",
    "achievement_summary",
    "is_grassroots",
}
PUBLICATION_CONTENT = {"name", "public_name", "summary", "photo_ids", "coverage_ids"}
SESSION_DRAFT = {"name", "council_id", "date", "year", "exemplar_ids", "location"}
COUNCIL_RULES = {
    "name",
    "active",
    "quorum_numerator",
    "quorum_denominator",
    "approval_strict",
    "approval_numerator",
    "approval_denominator",
    "approval_base",
    "count_written_opinions",
}


def everyone(fields, roles=UNIT_STAFF):
    return {role: set(fields) for role in roles}


def _other_selection(env, field, current):
    options = [key for key, _label in field._description_selection(env)]
    return next((key for key in options if key != current), False)


def _other_record(env, field, current):
    return env[field.comodel_name].sudo().search([("id", "!=", current.id)], limit=1).id


def _extra_record(env, field, current):
    extra = (
        env[field.comodel_name].sudo().search([("id", "not in", current.ids)], limit=1)
    )
    return [(4, extra.id)]


# A value a field of each type does not hold yet.
TYPE_VALUES = {
    "char": lambda env, field, current: f"{current or ''} (sửa)"[:200],
    "text": lambda env, field, current: f"{current or ''} (sửa)",
    "html": lambda env, field, current: "<p>Nội dung sửa</p>",
    "integer": lambda env, field, current: (current or 0) + 1,
    "float": lambda env, field, current: (current or 0.0) + 1.0,
    "boolean": lambda env, field, current: not current,
    "selection": _other_selection,
    "date": lambda env, field, current: (current or hanoi_today()) - timedelta(days=1),
    "datetime": lambda env, field, current: (current or datetime(2026, 1, 1))
    - timedelta(days=1),
    "many2one": _other_record,
    "many2many": _extra_record,
}


# (model, state) -> {role: fields that role changes by a plain write}. Any
# other field, and any role not listed, is refused.
ALLOWED = {
    ("ntm.exemplar", "discovered"): everyone(
        DOSSIER_NOTES
        | DOSSIER_BLOCK
        | DOSSIER_IDENTITY
        | {"stage_id", "movement", "council_reward_form_id"}
    ),
    ("ntm.exemplar", "rewarded"): everyone(DOSSIER_NOTES | DOSSIER_BLOCK),
    ("ntm.exemplar.criterion.line", "open"): everyone(LINE_VALUES),
    ("ntm.exemplar.criterion.line", "rewarded"): {},
    ("ntm.council", "idle"): everyone(COUNCIL_RULES | {"unit_id"}, MANAGERS),
    ("ntm.council", "voting"): everyone({"name", "active"}, MANAGERS),
    ("ntm.council.member", "voting"): {},
    ("ntm.council.session", "draft"): everyone(SESSION_DRAFT, MANAGERS),
    ("ntm.council.session", "closed"): {},
    ("ntm.council.attendance", "draft"): everyone(
        {"role", "state", "written_opinion"}, MANAGERS
    ),
    ("ntm.council.attendance", "closed"): {},
    ("ntm.council.result", "undecided"): everyone(
        {"decision_number", "decision_date"}, MANAGERS
    ),
    ("ntm.council.result", "decided"): {},
    ("ntm.ballot", "open"): {},
    ("ntm.reward.proposal", "draft"): everyone(PROPOSAL_DRAFT),
    ("ntm.reward.proposal", "approved"): everyone({"addressee", "recipients"}),
    ("ntm.reward.proposal.line", "draft"): everyone(PROPOSAL_LINE_DRAFT),
    ("ntm.reward.proposal.line", "approved"): {},
    ("ntm.reward.proposal.document", "draft"): everyone({"attachment_ids"}),
    ("ntm.reward.proposal.document", "approved"): {},
    ("ntm.top.five", "confirmed"): everyone(
        {"date", "recipients"}, ("coordinator", "admin")
    ),
    # The confirmed ranking: written by the confirmation only.
    ("ntm.top.five.line", "confirmed"): {},
    ("ntm.propagation", "logged"): everyone(
        {
            "name",
            "unit_id",
            "date",
            "channel",
            "url",
            "audience",
            "exemplar_ids",
            "attachment_ids",
            "user_id",
        }
    ),
    ("ntm.exemplar.publication", "draft"): everyone(PUBLICATION_CONTENT),
    # Live on the honour board: its leaders only.
    ("ntm.exemplar.publication", "published"): everyone(PUBLICATION_CONTENT, MANAGERS),
    # Issued and revoked by their actions only.
    ("ntm.reward.certificate", "valid"): {},
    # Filed by the public form, never written.
    ("ntm.citizen.nomination", "received"): {},
    ("ntm.exemplar.followup", "logged"): everyone(
        {"date", "year", "keeps_developing", "notes", "user_id"}
    ),
    ("ntm.writing.entry", "logged"): everyone(
        {"name", "author_id", "exemplar_id", "year", "award", "text"}
    ),
    ("ntm.summary.report", "draft"): everyone(
        {
            "unit_id",
            "year",
            "kind",
            "unit_grouping",
            "date",
            "assessment",
            "directions",
            "recipients",
        }
    ),
    ("ntm.summary.report", "issued"): everyone(
        {
            "unit_id",
            "year",
            "kind",
            "unit_grouping",
            "date",
            "assessment",
            "directions",
            "recipients",
        }
    ),
    # Configuration: the addon's administrators only (their edits have their
    # own tests); no other role changes any of it.
    ("ntm.unit", "config"): {},
    ("ntm.criterion", "config"): {},
    ("ntm.plan", "config"): {},
    ("ntm.exemplar.stage", "config"): {},
    ("ntm.exemplar.category", "config"): {},
    ("ntm.reward.form", "config"): {},
}
CONFIG_ROLES = ("officer", "manager", "coordinator", "council")
SKIPPED = set(models.MAGIC_COLUMNS) | {"display_name", "parent_path"}


class TestFieldMatrix(MisuseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = {
            "officer": cls.users["officer", cls.district_a],
            "manager": cls.users["manager", cls.district_a],
            "coordinator": cls.user_coordinator,
            "admin": cls.user_admin,
            "council": cls.members[4],
        }

    # The records, each in the state the matrix names.

    def _records(self):
        discovered = self._new_dossier(self.roles["officer"], self.district_a)
        rewarded = self._recognised(1)
        approved = self._approved(rewarded)
        draft_proposal = self._proposal(self._recognised(1))
        voting_dossier = self._candidate()
        voting = self._session(voting_dossier)
        voting.action_open()
        draft_session = self._session(self._candidate())
        closed_dossier = self._candidate()
        closed = self._session(closed_dossier)
        closed.action_open()
        self._vote(closed, closed_dossier, {i: "agree" for i in range(8)})
        closed.action_close()
        decided = rewarded.council_result_ids
        undecided = self._result(closed, closed_dossier)
        idle_council = self.env["ntm.council"].create(
            {"name": "Hội đồng khác", "unit_id": self.district_a.id}
        )
        ballot = (
            self.env["ntm.ballot"]
            .sudo()
            .search(
                [("session_id", "=", voting.id), ("user_id", "=", self.members[4].id)]
            )
        )
        self._recognised(5, year=2019)
        top_five = self._confirmed_top_five(2019)
        propagation = self.env["ntm.propagation"].create(
            {"name": "Bài viết", "unit_id": self.district_a.id, "channel": "press"}
        )
        followup = self.env["ntm.exemplar.followup"].create(
            {"exemplar_id": rewarded.id, "notes": "Tiếp tục phát triển"}
        )
        entry = self.env["ntm.writing.entry"].create(
            {
                "name": "Bài dự thi",
                "exemplar_id": rewarded.id,
                "author_id": self.nominee.id,
            }
        )
        page, live = (
            self.env["ntm.exemplar.publication"]
            .with_user(self.roles["manager"])
            .create(
                [
                    {"exemplar_id": dossier.id, "summary": "<p>Câu chuyện</p>"}
                    for dossier in self._recognised(2)
                ]
            )
        )
        proof = self.env["ir.attachment"].create(
            {"name": "dong_y.pdf", "raw": b"%PDF-1.4\n"}
        )
        live._record_consent("Ông A", date(2026, 1, 5), "signed_form", proof)
        live.with_user(self.roles["manager"]).action_publish()
        proposal, _errors, _limited = self.env["ntm.citizen.nomination"]._submit(
            {
                "nominee_kind": "person",
                "nominee_name": "Ông Nguyễn Văn Tốt",
                "commune_id": self.commune_a1.id,
                "description": "Tự nguyện hiến đất làm đường liên thôn.",
                "proposer_name": "Bà Lê Thị Kể",
                "proposer_phone": "0912345678",
                "consent": "1",
            },
            [],
            "192.0.2.1",
        )
        Report = self.env["ntm.summary.report"]
        report = Report.create({"unit_id": self.district_a.id, "year": 2026})
        issued = Report.create({"unit_id": self.district_a.id, "year": 2025})
        issued.with_user(self.roles["manager"]).action_issue()
        return {
            ("ntm.exemplar", "discovered"): discovered,
            ("ntm.exemplar", "rewarded"): rewarded,
            ("ntm.exemplar.criterion.line", "open"): discovered.criterion_line_ids[:1],
            ("ntm.exemplar.criterion.line", "rewarded"): rewarded.criterion_line_ids[
                :1
            ],
            ("ntm.council", "idle"): idle_council,
            ("ntm.council", "voting"): self.council,
            ("ntm.council.member", "voting"): self.council.member_ids[:1],
            ("ntm.council.session", "draft"): draft_session,
            ("ntm.council.session", "closed"): closed,
            ("ntm.council.attendance", "draft"): draft_session.attendance_ids[:1],
            ("ntm.council.attendance", "closed"): closed.attendance_ids[:1],
            ("ntm.council.result", "undecided"): undecided,
            ("ntm.council.result", "decided"): decided,
            ("ntm.ballot", "open"): ballot,
            ("ntm.reward.proposal", "draft"): draft_proposal,
            ("ntm.reward.proposal", "approved"): approved,
            ("ntm.reward.proposal.line", "draft"): draft_proposal.line_ids,
            ("ntm.reward.proposal.line", "approved"): approved.line_ids,
            ("ntm.reward.proposal.document", "draft"): draft_proposal.document_ids[:1],
            ("ntm.reward.proposal.document", "approved"): approved.document_ids[:1],
            ("ntm.top.five", "confirmed"): top_five,
            ("ntm.top.five.line", "confirmed"): top_five.line_ids[:1],
            ("ntm.propagation", "logged"): propagation,
            ("ntm.exemplar.publication", "draft"): page,
            ("ntm.exemplar.publication", "published"): live,
            ("ntm.citizen.nomination", "received"): proposal,
            ("ntm.reward.certificate", "valid"): approved.certificate_ids[:1],
            ("ntm.exemplar.followup", "logged"): followup,
            ("ntm.writing.entry", "logged"): entry,
            ("ntm.summary.report", "draft"): report,
            ("ntm.summary.report", "issued"): issued,
            ("ntm.unit", "config"): self.commune_a1,
            ("ntm.criterion", "config"): self.env.ref(
                "ntm_exemplar.criterion_district_income"
            ),
            ("ntm.plan", "config"): self.env.ref("ntm_exemplar.plan_2025"),
            ("ntm.exemplar.stage", "config"): self.env.ref(
                "ntm_exemplar.stage_fostering"
            ),
            ("ntm.exemplar.category", "config"): self.env[
                "ntm.exemplar.category"
            ].search([], limit=1),
            ("ntm.reward.form", "config"): self.form,
        }

    # A value each field does not hold yet, valid for its type.

    def _other_value(self, record, field, user):
        if (record._name, field.name) == ("ntm.exemplar.publication", "photo_ids"):
            photo = (
                self.env["ir.attachment"]
                .with_user(user)
                .create({"name": "anh.png", "raw": image_bytes()})
            )
            return [(4, photo.id)]
        if field.comodel_name == "ir.attachment":
            # A file the user uploads, as the many2many_binary widget does.
            attachment = (
                self.env["ir.attachment"]
                .with_user(user)
                .create({"name": "minh_chung.pdf", "raw": b"%PDF-1.4\n"})
            )
            return [(4, attachment.id)]
        special = self._special_values().get((record._name, field.name)) or (
            self._special_values().get(("*", field.name))
        )
        if special:
            return special(record)
        return TYPE_VALUES[field.type](self.env, field, record[field.name])

    def _special_values(self):
        """Values that make sense for the record: an allowed change must be
        possible, so the value is one the role could legitimately choose."""
        manager = self.roles["manager"]
        recognised = lambda _r: self._recognised(1).id  # noqa: E731
        return {
            ("ntm.exemplar", "year"): lambda r: r.year - 1,
            ("ntm.exemplar", "unit_id"): lambda _r: self.commune_a1.id,
            ("ntm.propagation", "unit_id"): lambda _r: self.commune_a1.id,
            ("ntm.summary.report", "unit_id"): lambda _r: self.commune_a2.id,
            ("ntm.exemplar", "stage_id"): lambda _r: self.env.ref(
                "ntm_exemplar.stage_fostering"
            ).id,
            ("ntm.exemplar", "partner_id"): lambda _r: self._new_nominee(
                "Đối tượng khác"
            ).id,
            ("*", "user_id"): lambda _r: manager.id,
            ("ntm.writing.entry", "author_id"): lambda _r: manager.partner_id.id,
            ("ntm.exemplar", "fostering_helper_ids"): lambda _r: [(4, manager.id)],
            ("ntm.reward.proposal.line", "exemplar_id"): recognised,
            ("ntm.writing.entry", "exemplar_id"): recognised,
            ("ntm.propagation", "exemplar_ids"): lambda _r: [
                (4, self._recognised(1).id)
            ],
            ("ntm.council.session", "exemplar_ids"): lambda _r: [
                (4, self._candidate().id)
            ],
            ("ntm.council.session", "council_id"): lambda _r: self.env["ntm.council"]
            .create(
                {
                    "name": "Hội đồng mới",
                    "unit_id": self.district_a.id,
                    "member_ids": [(0, 0, {"user_id": m.id}) for m in self.members],
                }
            )
            .id,
            # A form that asks no majority of its own: the listed dossier was
            # voted for none (test_vote_rules checks the others).
            ("ntm.reward.proposal", "reward_form_id"): lambda _r: self.env.ref(
                "ntm_exemplar.reward_form_city_certificate_ad_hoc"
            ).id,
            ("ntm.reward.proposal", "kind"): lambda _r: "regular",
            ("*", "quorum_numerator"): lambda _r: 1,
            ("*", "approval_numerator"): lambda _r: 1,
            ("*", "quorum_denominator"): lambda _r: 3,
            ("*", "approval_denominator"): lambda _r: 3,
            ("*", "decision_date"): lambda _r: hanoi_today(),
            ("*", "nominee_birthdate"): lambda _r: date(1980, 5, 1),
            ("*", "url"): lambda _r: "https://hanoi.gov.vn/dien-hinh",
            ("ntm.exemplar.publication", "coverage_ids"): lambda r: [
                (
                    4,
                    self.env["ntm.propagation"]
                    .create(
                        {
                            "name": "Bài báo",
                            "unit_id": self.district_a.id,
                            "channel": "press",
                            "url": "https://hanoimoi.vn/bai-bao",
                            "exemplar_ids": [(4, r.exemplar_id.id)],
                        }
                    )
                    .id,
                )
            ],
            ("ntm.exemplar.followup", "year"): lambda r: r.year - 1,
            ("ntm.summary.report", "year"): lambda r: r.year - 2,
            ("ntm.council.session", "year"): lambda r: r.year - 1,
        }

    def _row(self, record):
        return self.env.execute_query(
            SQL(
                "SELECT row_to_json(t)::text FROM %s t WHERE id = %s",
                SQL.identifier(record._table),
                record.id,
            )
        )

    def _stored_fields(self, model):
        return [
            field
            for field in self.env[model]._fields.values()
            if field.store
            and field.name not in SKIPPED
            and not field.name.startswith(("message_", "activity_"))
            and field.type not in ("one2many", "binary")
        ]

    def test_each_role_changes_only_what_it_may_in_each_state(self):
        records = self._records()
        self.assertEqual(set(records), set(ALLOWED), "one record per matrix row")
        mismatches = []
        attempts = allowed_writes = 0
        for (model, state), record in records.items():
            self.assertTrue(record, f"{model} {state}: no record")
            roles = CONFIG_ROLES if state == "config" else ROLES
            for role in roles:
                allowed = ALLOWED[model, state].get(role, set())
                for field in self._stored_fields(model):
                    attempts += 1
                    changed = self._try_write(record, field, self.roles[role])
                    expected = field.name in allowed
                    allowed_writes += changed
                    if changed is not expected:
                        mismatches.append(
                            f"{model} [{state}] {role}.{field.name}: "
                            f"{'changed' if changed else 'refused'}, expected "
                            f"{'changed' if expected else 'refused'}"
                        )
        sys.stdout.write(
            f"\nField matrix: {attempts} writes tried over {len(records)} records "
            f"in their states, {allowed_writes} allowed, "
            f"{attempts - allowed_writes} refused\n"
        )
        self.assertGreater(attempts, 1000)
        self.assertFalse(mismatches, "\n" + "\n".join(mismatches))

    def _try_write(self, record, field, user):
        """Whether `user` changed `field` of `record` by a plain write; a
        refusal must leave the record as it was. Every attempt is rolled
        back, so that the next one starts from the same record."""
        value = self._other_value(record, field, user)
        before = self._state(record, field)
        try:
            with self.env.cr.savepoint():
                record.with_user(user).write({field.name: value})
                raise _Rollback(self._state(record, field) != before)
        except _Rollback as outcome:
            self.env.invalidate_all()
            return outcome.changed
        except Exception:
            self.env.invalidate_all()
            self.assertEqual(
                self._state(record, field), before, "a refusal wrote something"
            )
            return False

    def _state(self, record, field):
        """The record's row, and the links of a many2many field."""
        self.env.flush_all()
        self.env.invalidate_all()
        links = (
            set(record.sudo()[field.name].ids) if field.type == "many2many" else None
        )
        return self._row(record), links


class _Rollback(Exception):
    def __init__(self, changed):
        super().__init__(changed)
        self.changed = changed
