import base64
import json
import re
from datetime import date
from io import BytesIO

from PIL import Image

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tools import SQL, mute_logger

ROLES = ("officer", "manager")

REFUSALS = (UserError, ValidationError, AccessError)
RPC_ERRORS = {
    "odoo.exceptions.UserError": UserError,
    "odoo.exceptions.ValidationError": ValidationError,
    "odoo.exceptions.AccessError": AccessError,
}
# Letters only Vietnamese writes: a message holding one is not English.
VIETNAMESE = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
    re.IGNORECASE,
)
# Beside the addon's own tables: what a misuse could leave behind elsewhere.
# (table, column and pattern of the rows that count, what is compared: the
# rows themselves or their count and last id)
OTHER_TABLES = (
    ("ir_config_parameter", "key", "ntm_exemplar.%", "rows"),
    ("res_partner", None, None, "ids"),
    ("ir_attachment", "res_model", "ntm.%", "ids"),
    ("mail_message", "model", "ntm.%", "ids"),
    ("mail_activity", "res_model", "ntm.%", "ids"),
)
ROWS_DIGEST = "count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"


class NtmCommon(TransactionCase):
    """A small hierarchy — a city, two districts with two communes each — one
    officer and one manager per unit, the city-wide roles and a nominee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Exemplar = cls.env["ntm.exemplar"]
        Unit = cls.env["ntm.unit"]
        cls.city = Unit.create({"name": "Thành phố Thử nghiệm", "unit_type": "city"})
        cls.district_a, cls.district_b = Unit.create(
            [
                {
                    "name": "Huyện A",
                    "unit_type": "rural_district",
                    "parent_id": cls.city.id,
                },
                {
                    "name": "Huyện B",
                    "unit_type": "rural_district",
                    "parent_id": cls.city.id,
                },
            ]
        )
        cls.commune_a1, cls.commune_a2, cls.commune_b1, cls.commune_b2 = Unit.create(
            [
                {"name": name, "unit_type": "commune", "parent_id": parent.id}
                for name, parent in (
                    ("Xã A1", cls.district_a),
                    ("Xã A2", cls.district_a),
                    ("Xã B1", cls.district_b),
                    ("Xã B2", cls.district_b),
                )
            ]
        )
        cls.units = (
            cls.district_a
            | cls.district_b
            | cls.commune_a1
            | cls.commune_a2
            | cls.commune_b1
            | cls.commune_b2
        )
        # users[(role, unit)]: one officer and one manager per unit.
        cls.users = {
            (role, unit): cls._new_user(
                f"t_{role}_{unit.id}", f"ntm_exemplar.group_{role}", unit
            )
            for unit in cls.units
            for role in ROLES
        }
        cls.user_officer = cls.users["officer", cls.commune_a1]
        cls.user_manager = cls.users["manager", cls.commune_a1]
        cls.user_coordinator = cls._new_user(
            "t_coordinator", "ntm_exemplar.group_coordinator"
        )
        cls.user_admin = cls._new_user("t_admin", "ntm_exemplar.group_admin")
        # An addon admin who also holds Odoo's Settings right.
        cls.user_settings_admin = cls._new_user(
            "t_settings_admin", "ntm_exemplar.group_admin,base.group_system"
        )
        cls.user_council = cls._new_user(
            "t_council", "ntm_exemplar.group_council", cls.district_a
        )
        cls.user_internal = cls._new_user("t_internal", "base.group_user")
        cls.nominee = cls._new_nominee(
            "HTX Dịch vụ nông nghiệp Thử Nghiệm",
            ntm_nominee_type="collective",
            ntm_unit_id=cls.commune_a1.id,
        )

    @classmethod
    def _new_nominee(cls, name, **vals):
        """A nominee contact (a dossier names nominees only)."""
        return cls.env["res.partner"].create(
            {"name": name, "ntm_is_nominee": True, **vals}
        )

    @classmethod
    def _new_user(cls, login, group, units=None):
        return new_test_user(
            cls.env,
            login=login,
            groups=f"base.group_user,{group}",
            lang="en_US",
            ntm_unit_ids=[(6, 0, units.ids if units else [])],
        )

    @classmethod
    def _dossier_vals(cls, unit=None, partner=None, **vals):
        """Values of a dossier; each gets its own nominee unless one is given
        (a nominee has one open dossier per year and movement)."""
        partner = partner or cls._new_nominee("Đối tượng thử")
        return {
            "name": "Hợp tác xã tiêu biểu",
            "partner_id": partner.id,
            "category": "enterprise",
            "unit_id": (unit or cls.commune_a1).id,
            **vals,
        }

    @classmethod
    def _dossier_per_unit(cls):
        """{unit: dossier} with one dossier per unit, named after the unit."""
        return {
            unit: cls.Exemplar.create(
                cls._dossier_vals(unit, name=f"Hồ sơ {unit.name}")
            )
            for unit in cls.units
        }

    @staticmethod
    def _meet_value(line):
        """A value that meets the line's criterion."""
        if line.measure == "boolean":
            return {"value_bool": "yes"}
        if line.measure == "range":
            return {"value_number": line.threshold}
        step = {">": 1, "<": -1}.get(line.operator, 0)
        return {"value_number": line.threshold + step}

    @classmethod
    def _evaluate_all(cls, dossiers, except_codes=()):
        """Meet every criterion of `dossiers` but those whose code is given."""
        for line in dossiers.criterion_line_ids:
            if line.code not in except_codes:
                line.write(cls._meet_value(line))

    @staticmethod
    def _to_council(dossiers):
        """Nominated and submitted to the council: the review is under way
        and the dossier is locked."""
        dossiers.action_nominate()
        dossiers.action_send_to_council()

    def _line(self, dossier, code):
        return dossier.criterion_line_ids.filtered(lambda line: line.code == code)

    @classmethod
    def _past_plan(cls, year_from=2020, year_to=2023):
        """A plan of past years, copied from the shipped one, that no dossier
        was decided under (the shipped plan's may be, in the demo): the
        shipped plan then starts the year after."""
        shipped = cls.env.ref("ntm_exemplar.plan_2025")
        shipped.year_from = year_to + 1
        return cls.env["ntm.plan"].create(
            {
                "name": f"Kế hoạch thử {year_from} – {year_to}",
                "year_from": year_from,
                "year_to": year_to,
                "criterion_ids": [
                    (0, 0, vals)
                    for vals in shipped.criterion_ids.copy_data({"plan_id": False})
                ],
            }
        )

    @staticmethod
    def _plan_criterion(plan, code):
        return plan.criterion_ids.filtered(lambda c: c.code == code)


class CouncilCommon(NtmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_council = cls.env.ref("ntm_exemplar.stage_council")
        cls.members = [
            new_test_user(
                cls.env,
                login=f"t_member_{i}",
                groups="base.group_user,ntm_exemplar.group_council",
                lang="en_US",
            )
            for i in range(10)
        ]
        cls.council = cls.env["ntm.council"].create(
            {
                "name": "Hội đồng TĐKT huyện A",
                "unit_id": cls.district_a.id,
                "member_ids": [
                    (0, 0, {"user_id": user.id, "role": role})
                    for user, role in zip(
                        cls.members,
                        ["chair", "vice_chair", "secretary"] + ["member"] * 7,
                        strict=True,
                    )
                ],
            }
        )

    def _candidate(self, unit=None, partner=None):
        dossier = self.Exemplar.create(
            self._dossier_vals(
                unit or self.district_a, category="enterprise", partner=partner
            )
        )
        self._evaluate_all(dossier)
        dossier.action_nominate()
        dossier.action_send_to_council()
        return dossier

    def _session(self, dossiers, absent=0, written=0, council=None, **council_vals):
        council = council or self.council
        if council_vals:
            council.write(council_vals)
        session = self.env["ntm.council.session"].create(
            {
                "name": "Phiên bình xét năm 2025",
                "council_id": council.id,
                "exemplar_ids": [(6, 0, dossiers.ids)],
            }
        )
        session.action_load_members()
        lines = session.attendance_ids.sorted("id")
        if absent:
            lines[-absent:].write({"state": "absent"})
        if written:
            lines[-absent - written : len(lines) - absent].write(
                {"state": "written", "written_opinion": "Đồng ý"}
            )
        return session

    def _vote(self, session, dossier, votes):
        """votes: {member index: 'agree'|'disagree'|'abstain'}"""
        for index, vote in votes.items():
            ballot = (
                self.env["ntm.ballot"]
                .with_user(self.members[index])
                .search(
                    [("session_id", "=", session.id), ("exemplar_id", "=", dossier.id)]
                )
            )
            ballot.action_cast_vote(vote)

    def _result(self, session, dossier):
        return session.result_ids.filtered(lambda r: r.exemplar_id == dossier)

    def _recognised(
        self,
        count=2,
        category="enterprise",
        agree=10,
        except_codes=(),
        year=None,
        unit=None,
        reward_form=None,
        council=None,
        decision_date=None,
        values=None,
    ):
        """Dossiers (of district A, or of `unit` below it) taken through the
        whole review: nominated, selected by the council of district A, or
        `council` (`agree` of its votes, 10 by default, for `reward_form` when
        given) and recognised by the head (on `decision_date`, today by
        default). `values`: {criterion code: line values} written over the
        values that just meet them."""
        council = council or self.council
        dossiers = self.Exemplar
        for _ in range(count):
            dossier = self.Exemplar.create(
                self._dossier_vals(
                    unit or self.district_a,
                    category=category,
                    **({"year": year} if year else {}),
                    **(
                        {"council_reward_form_id": reward_form.id}
                        if reward_form
                        else {}
                    ),
                )
            )
            self._evaluate_all(dossier, except_codes=except_codes)
            for code, line_values in (values or {}).items():
                self._line(dossier, code).write(line_values)
            dossier.action_nominate()
            dossier.action_send_to_council()
            dossiers |= dossier
        session = self._session(dossiers, council=council)
        session.action_open()
        voters = len(council.member_ids)
        for dossier in dossiers:
            self._vote(
                session,
                dossier,
                {i: "agree" if i < agree else "disagree" for i in range(voters)},
            )
        session.action_close()
        session.result_ids.write(
            {
                "decision_number": "01/QĐ-UBND",
                **({"decision_date": decision_date} if decision_date else {}),
            }
        )
        session.result_ids.with_user(
            self.users["manager", self.district_a]
        ).action_recognize()
        return dossiers


class RewardCommon(CouncilCommon):
    """Recognised exemplars proposed by district A's manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.users["manager", cls.district_a]
        cls.form = cls.env.ref("ntm_exemplar.reward_form_city_certificate_thematic")
        cls.stage = {
            key: cls.env.ref(f"ntm_exemplar.stage_{key}")
            for key in ("recognized", "proposed_city", "rewarded")
        }

    def _proposal(self, dossiers, form=None):
        proposal = (
            self.env["ntm.reward.proposal"]
            .with_user(self.manager)
            .create(
                {
                    "unit_id": self.district_a.id,
                    "date": date(2026, 1, 20),
                    "kind": "thematic",
                    "reward_form_id": (form or self.form).id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {"exemplar_id": d.id, "achievement_summary": "Thành tích"},
                        )
                        for d in dossiers
                    ],
                }
            )
        )
        return proposal

    def _provide_documents(self, proposal):
        for document in proposal.document_ids:
            attachment = (
                self.env["ir.attachment"]
                .with_user(self.manager)
                .create({"name": "tep.pdf", "datas": base64.b64encode(b"%PDF-1.4")})
            )
            document.attachment_ids = [(6, 0, attachment.ids)]

    def _confirmed_top_five(self, year):
        """The year's top five, selected by the coordination office's wizard."""
        wizard = (
            self.env["ntm.top.five.wizard"]
            .with_user(self.user_coordinator)
            .create({"year": year})
        )
        wizard.action_load()
        return self.env["ntm.top.five"].browse(wizard.action_confirm()["res_id"])

    def _approved(self, dossiers, number="15/QĐ-UBND"):
        proposal = self._proposal(dossiers)
        self._provide_documents(proposal)
        proposal.with_user(self.manager).action_submit()
        proposal.with_user(self.user_coordinator).action_approve(
            number, date(2026, 2, 1)
        )
        return proposal


class MisuseCommon(RewardCommon, HttpCase):
    """Misuse, tried as the user it binds: each attempt goes through
    `_refused`, which compares a fingerprint of the addon's tables before and
    after it, and `_rpc` calls the server as the web client does."""

    attempts = 0
    refused = 0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.snapshot_tables = cls._addon_tables()
        # The database may hold Vietnamese only: users who work in English
        # need it active to be answered in English over HTTP. Cached language
        # data must not outlive the rollback of this class.
        cls.addClassCleanup(cls.registry.clear_cache)
        cls.env["res.lang"]._activate_lang("en_US")

    @classmethod
    def _addon_tables(cls):
        """The tables of the addon's models and of their many2many links."""
        tables = set()
        for name in cls.env.registry:
            model = cls.env[name]
            if model._abstract or model._transient or not model._auto:
                continue
            if name.startswith("ntm."):
                tables.add(model._table)
            for field in model._fields.values():
                if (
                    field.type == "many2many"
                    and field.store
                    and (
                        name.startswith("ntm.") or field.comodel_name.startswith("ntm.")
                    )
                ):
                    tables.add(field.relation)
        return sorted(tables)

    def _snapshot(self):
        """{table: (row count, digest of every row)} of the addon's tables,
        and of what a misuse could touch elsewhere: the ORM is flushed first,
        so that a value left in the cache shows too (and the chatter's
        pending tracking: Cursor.flush runs the precommit hooks)."""
        self.env.cr.flush()
        state = {}
        for table in self.snapshot_tables:
            state[table] = self.env.execute_query(
                SQL("SELECT %s FROM %s t", SQL(ROWS_DIGEST), SQL.identifier(table))
            )[0]
        for table, column, pattern, kind in OTHER_TABLES:
            state[table] = self.env.execute_query(
                SQL(
                    "SELECT %s FROM %s t WHERE %s",
                    SQL(ROWS_DIGEST if kind == "rows" else "count(*), max(id)"),
                    SQL.identifier(table),
                    SQL("%s LIKE %s", SQL.identifier(column), pattern)
                    if column
                    else SQL("TRUE"),
                )
            )[0]
        return state

    def _refused(self, label, attempt, words, exc=REFUSALS, vietnamese=False):
        """Run `attempt` (a callable) as one misuse: it must raise `exc` with
        a message holding each of `words` (in Vietnamese when asked), and
        leave the database unchanged. Returns the message."""
        type(self).attempts += 1
        before = self._snapshot()
        try:
            with self.env.cr.savepoint():
                # No value in the cache may hide a record rule from the attempt.
                self.env.invalidate_all()
                attempt()
        except exc as error:
            message = str(error.args[0] if error.args else error)
        else:
            self.fail(f"{label}: accepted, it should have been refused")
        self.env.invalidate_all()
        self.assertTrue(message.strip(), f"{label}: refused without a message")
        for word in words:
            self.assertIn(word.casefold(), message.casefold(), f"{label}: {message}")
        if vietnamese:
            self.assertRegex(message, VIETNAMESE, f"{label}: not in Vietnamese")
        self.assertEqual(self._snapshot(), before, f"{label}: the database changed")
        type(self).refused += 1
        return message

    def _rpc(self, model, method, args, kwargs=None):
        """A JSON-RPC call as the web client makes it (with the user's context),
        as the user logged in with `_login`; an error comes back as the
        exception the server raised."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 0,
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": {"context": dict(self.session.context), **(kwargs or {})},
            },
        }
        # The server logs refused calls (and a database error's query): expected.
        with mute_logger("odoo.http", "odoo.sql_db"):
            response = self.url_open(
                f"/web/dataset/call_kw/{model}/{method}",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
                timeout=60,
            )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            data = body["error"]["data"]
            error = RPC_ERRORS.get(data["name"])
            if not error:
                raise RuntimeError(f"{data['name']}: {data['message']}")
            raise error(data["message"])
        return body.get("result")

    def _login(self, user, lang="en_US"):
        """Log `user` in over HTTP, working in `lang`."""
        user.lang = lang
        self.env.flush_all()
        self.authenticate(user.login, user.login + "x" * (8 - len(user.login)))

    @staticmethod
    def _vi(record):
        return record.with_context(lang="vi_VN")

    def _new_dossier(self, user=None, unit=None, **vals):
        Exemplar = self.Exemplar.with_user(user) if user else self.Exemplar
        return Exemplar.create(self._dossier_vals(unit, **vals))


class PlanCommon(RewardCommon):
    """In 2032, with the plan of 2031 onwards opened by the admin from the
    plan then in force: the years of the shipped and demo plans are left as
    they are, whatever the database holds."""

    freeze_time = "2032-03-10"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env["ntm.plan"]
        cls.previous = cls.Plan._for_years([2030])[2030]
        cls.plan = cls._open_plan(2031, year_to=0)

    @classmethod
    def _open_plan(cls, year_from, year_to=0, user=None, source=None):
        wizard = (
            cls.env["ntm.plan.wizard"]
            .with_user(user or cls.user_admin)
            .create(
                {
                    "source_plan_id": (
                        source or cls.Plan._for_years([year_from - 1])[year_from - 1]
                    ).id,
                    "name": f"Kế hoạch thử từ năm {year_from}",
                    "year_from": year_from,
                    "year_to": year_to,
                }
            )
        )
        action = wizard.action_open_plan()
        return cls.Plan.browse(action["res_id"])

    def _criterion(self, plan, code):
        return plan.criterion_ids.filtered(lambda c: c.code == code)


def image_bytes(fmt="PNG", size=(60, 40), color=(34, 139, 34)):
    """A small real image, as a photo upload would bring."""
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


class BoardCommon(MisuseCommon):
    """Recognised exemplars of district A and their public pages, as the
    district's leader prepares them; anonymous visits of the honour board."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Publication = cls.env["ntm.exemplar.publication"]
        cls.leader = cls.users["manager", cls.district_a]
        cls.officer = cls.users["officer", cls.district_a]

    def _photo(self, user, name="anh.png", raw=None):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create({"name": name, "raw": raw or image_bytes()})
        )

    def _page(self, dossier, user=None, photos=1, consent=True, **vals):
        """The dossier's page as `user` (the leader) writes it, with its
        photos and, when asked, the nominee's consent recorded."""
        user = user or self.leader
        attachments = self.env["ir.attachment"]
        for index in range(photos):
            attachments |= self._photo(user, f"anh_{index}.png")
        page = self.Publication.with_user(user).create(
            {
                "exemplar_id": dossier.id,
                "summary": "<p>Câu chuyện dành cho người dân.</p>",
                "photo_ids": [(6, 0, attachments.ids)],
                **vals,
            }
        )
        if consent:
            self._consent(page, user)
        return page

    def _consent(self, page, user=None):
        proof = (
            self.env["ir.attachment"]
            .with_user(user or self.leader)
            .create({"name": "phieu_dong_y.pdf", "raw": b"%PDF-1.4\n"})
        )
        page.with_user(user or self.leader)._record_consent(
            "Người đại diện", date(2026, 1, 5), "signed_form", proof
        )

    def _anonymous(self, url, **kwargs):
        """The page as a visitor who is not logged in gets it."""
        if getattr(self, "session", None) is None or self.session.uid:
            self.authenticate(None, None)
        return self.url_open(url, allow_redirects=False, **kwargs)
