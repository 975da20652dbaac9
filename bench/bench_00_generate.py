#!/usr/bin/env python3
"""Benchmark data: fills the database once with a realistic volume.

    make bench                  # runs this first, then every other benchmark
    python3 bench/bench_00_generate.py -c .local/odoo.conf -d ntm_bench

What it puts there, in one transaction (nothing when it was already done;
what an older version of the benchmarks left is removed first):

- 100,000 dossiers over the last 5 years (20,000 a year) filed by every Hanoi
  unit in operation below the city (communes, wards and townships weighted
  10, districts and agencies 3), 40,000 nominees; past years went through the
  pipeline (80 % recognised, proposed or rewarded, 10 % not selected, 10 %
  left in an early stage), this year is under review;
- their criteria: one line per criterion applying to the category, 1.3
  million lines (13 a dossier on average: the category mix is chosen for
  that, as the plan has 6 to 20 criteria by category), values drawn at
  random (every mandatory criterion met from nomination on); the lines'
  result and gap and the dossiers' counts, eligibility and score are computed
  in SQL with the rules of ntm.exemplar.criterion.line._evaluate and
  ntm.exemplar._compute_evaluation, then checked against the ORM on a sample;
- 40 councils (one per district-level unit and per city agency, five
  members each) and 200 sessions, one per council and year: past ones
  closed, with their attendance, their results (72,000: counts, selected or
  not, the head's decision); this year's in draft, with their agenda;
  no ballots (a closed session's results hold the counts);
- 20,000 propagation records in the year after recognition, each featuring
  one to three exemplars of a unit;
- Odoo's counterparts: 100,000 project.task in 100 follower-only projects;
  a project user follows one of them, which holds as many tasks as the
  commune officer sees dossiers, spread over 9 stages as the officer's
  dossiers are (kanban and list); the 16,000 tasks of 16 other projects have
  an assignee and one to three tags each (top-five ranking).

Volume is inserted with INSERT ... SELECT from rows sent with COPY (the ORM
would take hours); records with behaviour (users, councils, sessions,
projects, one template partner and task) are created with the ORM.
"""

import datetime
import io
import json
import random
import time
from unittest import mock

from common import MARKER, OFFICER_LOGIN, PROJECT_LOGIN, parse_args, superuser_env

from odoo import Command

VERSION = 4
DOSSIERS = 100_000
YEARS = 5
NOMINEES = 40_000
PROPAGATIONS = 20_000
# The district level ended on 1 July 2025 (its categories with 2025).
REFORM_YEAR = 2025
MEMBERS = ("chair", "vice_chair", "secretary", "member", "member")
TASKS = 100_000
PROJECTS = 100
# Projects whose tasks the top-five benchmark ranks, as many tasks as a
# year has recognised exemplars (16 x 1,000).
RANKED_PROJECTS = 16
TAGS = 10
SEED = 20251231
PARTNER_REF = "ntm-bench"
MOVEMENT = "Toàn dân chung sức xây dựng nông thôn mới"
# The numeric criterion of the current plan that bench_reevaluation changes.
EMPLOYMENT = "TC.X4"
# Nominee categories: shares chosen so that a dossier has 13 criteria lines
# on average (district 20 lines, commune and city agency 8, urban district
# 7, the others 6).
CATEGORIES = {
    "district": 47,
    "commune": 15,
    "individual": 13,
    "enterprise": 10,
    "other": 8,
    "city_agency": 4,
    "urban_district": 3,
}
PAST_STAGES = {
    "stage_rewarded": 30,
    "stage_proposed_city": 20,
    "stage_recognized": 30,
    "stage_not_selected": 10,
    "stage_discovered": 4,
    "stage_fostering": 3,
    "stage_returned": 3,
}
CURRENT_STAGES = {
    "stage_discovered": 30,
    "stage_fostering": 20,
    "stage_nominated": 20,
    "stage_council": 20,
    "stage_returned": 10,
}
# From nomination on, every mandatory criterion is met (the pipeline's guard).
ASSESSED = {
    "stage_nominated",
    "stage_council",
    "stage_recognized",
    "stage_proposed_city",
    "stage_rewarded",
    "stage_not_selected",
}
DECIDED = {"stage_recognized", "stage_proposed_city", "stage_rewarded"}
SOURCES = ["movement"] * 7 + ["press", "radio", "television"]
ACHIEVEMENTS = {
    "district": "Hoàn thành xây dựng huyện nông thôn mới nâng cao; thu nhập bình "
    "quân đầu người vượt kế hoạch; 100% xã đạt chuẩn nông thôn mới.",
    "commune": "Đạt chuẩn nông thôn mới kiểu mẫu; huy động nhân dân hiến đất làm "
    "đường giao thông nông thôn; phát triển sản phẩm OCOP 4 sao.",
    "individual": "Tích cực vận động nhân dân hiến đất, góp công xây dựng đường "
    "làng; mô hình kinh tế hộ cho thu nhập cao, giúp đỡ hộ nghèo.",
    "enterprise": "Liên kết sản xuất, bao tiêu sản phẩm cho nông dân; tạo việc "
    "làm thường xuyên cho lao động địa phương; ủng hộ quỹ xây dựng nông thôn mới.",
    "other": "Gia đình văn hóa tiêu biểu; hiến đất, góp tiền xây dựng nhà văn "
    "hóa thôn; giữ gìn cảnh quan môi trường xanh - sạch - đẹp.",
    "city_agency": "Chỉ đạo, hướng dẫn triển khai hiệu quả chương trình; sản "
    "phẩm nông nghiệp ứng dụng công nghệ cao vượt chỉ tiêu.",
    "urban_district": "Hỗ trợ các huyện xây dựng nông thôn mới; xây dựng điểm "
    "giới thiệu và bán sản phẩm OCOP.",
}
CHANNELS = [
    "portal",
    "press",
    "radio",
    "television",
    "social",
    "meeting",
    "review_conference",
    "commendation",
    "writing_contest",
    "publication",
    "culture_sports",
    "other",
]


def copy_rows(cr, table, columns, rows):
    """COPY `rows` into a new temporary table (columns: 'name type')."""
    cr.execute(f"DROP TABLE IF EXISTS {table}")
    cr.execute(f"CREATE TEMP TABLE {table} ({', '.join(columns)})")
    buffer = io.StringIO()
    for row in rows:
        buffer.write(
            "\t".join("\\N" if value is None else str(value) for value in row) + "\n"
        )
    buffer.seek(0)
    names = [column.split()[0] for column in columns]
    cr._obj.copy_from(buffer, table, columns=names)
    cr.execute(f"ANALYZE {table}")


def clone(cr, table, template_id, source, overrides):
    """Copy row `template_id` of `table` once per row of the SQL `source`
    (alias s), with `overrides` (column -> SQL expression, the id included
    when given): every column a module adds keeps the value the ORM gave the
    template. Returns the ids."""
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = %s
              AND (column_name != 'id' OR %s)""",
        [table, "id" in overrides],
    )
    columns = [row[0] for row in cr.fetchall()]
    values = ", ".join(overrides.get(c, f't."{c}"') for c in columns)
    cr.execute(
        f"""INSERT INTO {table} ({", ".join(f'"{c}"' for c in columns)})
            SELECT {values} FROM {table} t, ({source}) s WHERE t.id = %s
            RETURNING id""",
        [template_id],
    )
    return [row[0] for row in cr.fetchall()]


def weighted(rng, shares):
    keys = list(shares)
    return rng.choices(keys, [shares[k] for k in keys])[0]


# ----------------------------------------------------------------------
# Reset: a database filled by an older version of the benchmarks
# ----------------------------------------------------------------------


def reset(env):
    """Remove what earlier benchmark fillers left: records without an xml id
    (the demo's have one) of the models generated here, and their nominees."""
    cr = env.cr
    for table, model in (
        ("ntm_propagation", "ntm.propagation"),
        ("ntm_reward_proposal", "ntm.reward.proposal"),
        ("ntm_council_session", "ntm.council.session"),
        ("ntm_exemplar", "ntm.exemplar"),
        ("ntm_council", "ntm.council"),
        ("project_task", "project.task"),
        ("project_project", "project.project"),
        ("project_task_type", "project.task.type"),
        ("project_tags", "project.tags"),
    ):
        cr.execute(
            f"""DELETE FROM {table} r WHERE NOT EXISTS (
                    SELECT 1 FROM ir_model_data d
                     WHERE d.model = %s AND d.res_id = r.id)""",
            [model],
        )
    cr.execute(
        """DELETE FROM res_partner p
            WHERE (p.ref = %s OR p.name LIKE 'Đối tượng %%'
                   OR p.name LIKE 'Huyện đánh giá %%')
              AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)""",
        [PARTNER_REF],
    )
    cr.execute(
        """DELETE FROM mail_followers f
            WHERE f.res_model = 'project.project' AND NOT EXISTS (
                  SELECT 1 FROM project_project p WHERE p.id = f.res_id)"""
    )
    env.invalidate_all()


# ----------------------------------------------------------------------
# Users
# ----------------------------------------------------------------------


def user(env, login, name, groups, password=False, **vals):
    found = (
        env["res.users"].with_context(active_test=False).search([("login", "=", login)])
    )
    if found:
        if password:
            found.password = password
        return found
    return (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nolog=True)
        .create(
            {
                "name": name,
                "login": login,
                "groups_id": [Command.set([env.ref(g).id for g in groups])],
                **({"password": password} if password else {}),
                **vals,
            }
        )
    )


def officer(env):
    return user(
        env,
        OFFICER_LOGIN,
        "Cán bộ xã Phúc Thịnh (benchmark)",
        ["ntm_exemplar.group_officer", "base.group_user"],
        password=OFFICER_LOGIN,
        # Phúc Thịnh took over Vân Nội on 1 July 2025: its officer files this
        # year's dossiers and reads Vân Nội's history.
        ntm_unit_ids=[Command.set(env.ref("ntm_exemplar.unit_2025_00466").ids)],
    )


def project_user(env):
    return user(
        env,
        PROJECT_LOGIN,
        "Người dùng dự án (benchmark)",
        ["project.group_project_user", "base.group_user"],
        password=PROJECT_LOGIN,
    )


# ----------------------------------------------------------------------
# Dossiers and their criteria
# ----------------------------------------------------------------------


def plan_dossiers(env, rng, years, officer_id):
    """One row per dossier: (id, partner, unit, category, year, stage...)."""
    cr = env.cr
    hanoi = env.ref("ntm_exemplar.unit_hanoi")
    # Nominees belong to the units before the reform (history); this year's
    # dossiers are filed by the units that took those over.
    units = env["ntm.unit"].search(
        [
            ("id", "child_of", hanoi.id),
            ("id", "!=", hanoi.id),
            ("valid_from", "=", False),
        ]
    )
    # A dissolved district has no successor: its kind of dossier goes to the
    # city's coordination office.
    office = env.ref("ntm_exemplar.unit_agency_ntm_office")
    current_unit = {
        unit.id: (unit._current_successors() or office).id for unit in units
    }
    weights = [
        10 if u.unit_type in ("commune", "ward", "township") else 3 for u in units
    ]
    stages = {
        xmlid: env.ref(f"ntm_exemplar.{xmlid}").id
        for xmlid in {*PAST_STAGES, *CURRENT_STAGES}
    }
    officer_units = {
        env.ref("ntm_exemplar.unit_commune_00481").id,
        env.ref("ntm_exemplar.unit_2025_00466").id,
    }
    admin = env.ref("base.user_admin").id
    # A nominee keeps its unit and category from year to year.
    nominees = [
        (rng.choices(units.ids, weights)[0], weighted(rng, CATEGORIES))
        for _ in range(NOMINEES)
    ]
    partners = make_partners(env, nominees)
    cr.execute(
        "SELECT nextval('ntm_exemplar_id_seq') FROM generate_series(1, %s)",
        [DOSSIERS],
    )
    ids = [row[0] for row in cr.fetchall()]
    rows = []
    per_year = DOSSIERS // len(years)
    for n, dossier_id in enumerate(ids):
        year = years[n // per_year]
        nominee = n % NOMINEES
        unit, category = nominees[nominee]
        if year == years[-1] and year > REFORM_YEAR:
            unit = current_unit[unit]
            if category in ("district", "urban_district"):
                category = "commune"
        stage = weighted(rng, CURRENT_STAGES if year == years[-1] else PAST_STAGES)
        rows.append(
            (
                dossier_id,
                partners[nominee],
                unit,
                category,
                year,
                stages[stage],
                stage,
                rng.choice(SOURCES),
                officer_id if unit in officer_units else admin,
                f"ĐHTT/{year}/{n + 1:06d}",
            )
        )
    return rows


def make_partners(env, nominees):
    """The nominees: a template made by the ORM, copied in SQL."""
    template = env["res.partner"].create(
        {"name": "Đối tượng mẫu", "ref": PARTNER_REF, "is_company": True}
    )
    env.flush_all()
    env.cr.execute(
        "SELECT nextval('res_partner_id_seq') FROM generate_series(1, %s)",
        [len(nominees)],
    )
    ids = sorted(row[0] for row in env.cr.fetchall())
    copy_rows(
        env.cr,
        "bench_nominee",
        ["n int", "id int", "is_company bool"],
        [
            (
                n,
                ids[n],
                category != "individual" and not (category == "other" and n % 2),
            )
            for n, (_unit, category) in enumerate(nominees)
        ],
    )
    clone(
        env.cr,
        "res_partner",
        template.id,
        "SELECT * FROM bench_nominee",
        {
            "id": "s.id",
            "name": "'Đối tượng ' || lpad((s.n + 1)::text, 6, '0')",
            "complete_name": "'Đối tượng ' || lpad((s.n + 1)::text, 6, '0')",
            "is_company": "s.is_company",
            "commercial_partner_id": "NULL",
        },
    )
    env.cr.execute(
        """UPDATE res_partner SET commercial_partner_id = id
            WHERE ref = %s AND commercial_partner_id IS NULL""",
        [PARTNER_REF],
    )
    return ids


def current_plan(env, year):
    """The plan of this year, opened by the admin from the one before (as
    the demo does), with the communes' employment target: a number, as the
    districts' income was, re-evaluated by bench_reevaluation.py."""
    Plan = env["ntm.plan"]
    plan = Plan.search([("year_from", "=", year)], limit=1)
    if plan:
        return plan
    # As the wizard does, but the demo's dossiers of this year, already
    # before the council, stay with the plan they were judged by (the
    # wizard refuses to take their year: a real database opens next year's).
    source = Plan._for_years([year - 1])[year - 1]
    quiet = {"ntm_plan_defer_move": True, "ntm_plan_check_later": True}
    source.with_context(**quiet).year_to = year - 1
    plan = Plan.with_context(**quiet).create(
        {"name": f"Kế hoạch thử nghiệm hiệu năng từ năm {year}", "year_from": year}
    )
    wizard = env["ntm.plan.wizard"].new(
        {"source_plan_id": source.id, "year_from": year}
    )
    wizard._copy_criteria(plan.with_context(ntm_plan_check_later=False))
    high_tech = plan.criterion_ids.filtered(lambda c: c.code == "TC.S2")
    high_tech.copy(
        {
            "code": EMPLOYMENT,
            "name": "Tỷ lệ lao động có việc làm thường xuyên",
            "category_ids": [Command.set(env.ref("ntm_exemplar.category_commune").ids)],
            "operator": ">",
            "threshold": 95,
            "is_mandatory": False,
            "sequence": 24,
        }
    )
    return plan


def insert_dossiers(env, rows):
    cr = env.cr
    copy_rows(
        cr,
        "bench_dossier",
        [
            "id int",
            "partner_id int",
            "unit_id int",
            "category text",
            "year int",
            "stage_id int",
            "stage text",
            "source text",
            "user_id int",
            "ref text",
        ],
        rows,
    )
    cr.execute(
        """
        INSERT INTO ntm_exemplar (id, name, ref, partner_id, unit_id, category,
            nominee_type, year, source, movement, achievements, stage_id, active,
            user_id, color, create_uid, write_uid, create_date, write_date, plan_id)
        SELECT d.id, 'Hồ sơ điển hình ' || p.name, d.ref, d.partner_id, d.unit_id,
            d.category,
            CASE WHEN d.category = 'individual' THEN 'individual'
                 WHEN d.category = 'other' AND NOT p.is_company THEN 'household'
                 ELSE 'collective' END,
            d.year, d.source, %s, '<p>' || (%s::jsonb ->> d.category) || '</p>',
            d.stage_id, true, d.user_id, 0, %s, %s,
            make_timestamp(d.year, 3, 1, 8, 0, 0) + (d.id %% 200) * interval '1 day',
            now(),
            -- ntm.plan._for_years: the plan covering the year.
            (SELECT plan.id FROM ntm_plan plan
              WHERE coalesce(plan.year_from, 0) <= d.year
                AND d.year <= coalesce(nullif(plan.year_to, 0), 10000))
          FROM bench_dossier d JOIN res_partner p ON p.id = d.partner_id
        """,
        [MOVEMENT, json.dumps(ACHIEVEMENTS), env.uid, env.uid],
    )


# The rules of ntm.exemplar.criterion.line._evaluate, in SQL, on a row `l`
# with measure, operator, threshold, threshold_max, value_bool, value_number
# and is_evaluated.
IS_MET = """
    CASE WHEN NOT l.is_evaluated THEN false
         WHEN l.measure = 'boolean' THEN l.value_bool = 'yes'
         WHEN l.measure = 'range'
              THEN l.value_number BETWEEN l.threshold AND l.threshold_max
         WHEN l.operator = '>' THEN l.value_number > l.threshold
         WHEN l.operator = '<=' THEN l.value_number <= l.threshold
         WHEN l.operator = '<' THEN l.value_number < l.threshold
         WHEN l.operator = '=' THEN l.value_number = l.threshold
         ELSE l.value_number >= l.threshold END"""
GAP = """
    CASE WHEN NOT l.is_evaluated OR l.measure = 'boolean' THEN 0
         WHEN l.measure = 'range' THEN
              CASE WHEN l.value_number < l.threshold
                       THEN l.value_number - l.threshold
                   WHEN l.value_number > l.threshold_max
                       THEN l.threshold_max - l.value_number
                   ELSE 0 END
         WHEN l.operator = '=' THEN -abs(l.value_number - l.threshold)
         WHEN l.operator IN ('<=', '<') THEN l.threshold - l.value_number
         ELSE l.value_number - l.threshold END"""


def insert_lines(env):
    """One line per applicable criterion, its snapshot, a value drawn at
    random (met from nomination on), then its result and gap."""
    cr = env.cr
    cr.execute("SELECT setseed(0.42)")
    assessed = [env.ref(f"ntm_exemplar.{x}").id for x in ASSESSED]
    cr.execute(
        f"""
        WITH src AS (
            SELECT d.id AS exemplar_id, c.id AS criterion_id, c.kind, c.sequence,
                   c.measure, c.operator, c.threshold, c.threshold_max,
                   c.is_mandatory, c.weight, c.uom,
                   d.stage_id = ANY(%(assessed)s) OR random() < 0.6 AS is_evaluated,
                   d.stage_id = ANY(%(assessed)s) OR random() < 0.7 AS good,
                   random()::numeric AS r
              FROM bench_dossier d
              JOIN ntm_exemplar e ON e.id = d.id
              JOIN ntm_criterion c ON c.active AND c.plan_id = e.plan_id
               AND (c.kind = 'general' OR EXISTS (
                   SELECT 1 FROM ntm_criterion_ntm_exemplar_category_rel rel
                     JOIN ntm_exemplar_category cat
                       ON cat.id = rel.ntm_exemplar_category_id
                    WHERE rel.ntm_criterion_id = c.id AND cat.code = d.category))
        ), l AS (
            SELECT src.*,
                   CASE WHEN measure = 'boolean' AND is_evaluated
                        THEN CASE WHEN good THEN 'yes' ELSE 'no' END END AS value_bool,
                   CASE WHEN measure = 'boolean' OR NOT is_evaluated THEN 0
                        WHEN NOT good THEN round(threshold * (0.6 + 0.39 * r) - 0.01, 2)
                        WHEN measure = 'range'
                        THEN round(threshold + (threshold_max - threshold) * r, 2)
                        ELSE round(threshold + CASE WHEN operator = '>' THEN 0.01
                                                    ELSE 0 END
                             + greatest(CASE WHEN uom = 'percent' THEN 100
                                             ELSE threshold * 1.3 + 1 END
                                        - threshold - 0.01, 0) * r, 2)
                   END AS value_number
              FROM src
        )
        INSERT INTO ntm_exemplar_criterion_line (exemplar_id, unit_id,
            criterion_id, kind, sequence, measure, uom, operator, threshold,
            threshold_max,
            is_mandatory, weight, value_bool, value_number, is_evaluated, is_met,
            gap, create_uid, write_uid, create_date, write_date)
        SELECT l.exemplar_id, e.unit_id, l.criterion_id, l.kind, l.sequence,
               l.measure, l.uom, l.operator, l.threshold, l.threshold_max,
               l.is_mandatory, l.weight,
               l.value_bool, l.value_number, l.is_evaluated, {IS_MET}, {GAP},
               %(uid)s, %(uid)s, now(), now()
          FROM l JOIN ntm_exemplar e ON e.id = l.exemplar_id
        """,
        {"assessed": assessed, "uid": env.uid},
    )
    return cr.rowcount


def count_evaluations(env):
    """The dossiers' stored counts, as _compute_evaluation makes them."""
    env.cr.execute(
        """
        UPDATE ntm_exemplar e
           SET criteria_count = s.total,
               criteria_met_count = s.met,
               mandatory_missing_count = s.missing,
               is_eligible = s.total > 0 AND s.missing = 0,
               score = CASE WHEN s.weight > 0
                            THEN round((100 * s.met_weight / s.weight)::numeric, 1)
                            ELSE 0 END,
               eligibility = CASE WHEN s.total > 0 AND s.missing = 0 THEN 'eligible'
                                  WHEN s.unevaluated > 0 THEN 'incomplete'
                                  ELSE 'not_eligible' END
          FROM (SELECT exemplar_id, count(*) AS total,
                       count(*) FILTER (WHERE is_met) AS met,
                       count(*) FILTER (WHERE NOT is_met AND is_mandatory) AS missing,
                       count(*) FILTER (WHERE NOT is_met AND is_mandatory
                                          AND NOT is_evaluated) AS unevaluated,
                       sum(weight) AS weight,
                       coalesce(sum(weight) FILTER (WHERE is_met), 0) AS met_weight
                  FROM ntm_exemplar_criterion_line l
                  JOIN bench_dossier d ON d.id = l.exemplar_id
                 GROUP BY exemplar_id) s
         WHERE s.exemplar_id = e.id
        """
    )


# ----------------------------------------------------------------------
# Councils, sessions, results
# ----------------------------------------------------------------------


def council_unit(unit):
    """The district-level unit or city agency whose council reviews `unit`."""
    while unit.parent_id and unit.parent_id.unit_type != "city":
        unit = unit.parent_id
    return unit


def make_councils(env):
    units = (
        env["ntm.unit"].search(
            [("unit_type", "in", ("urban_district", "rural_district", "town"))]
        )
        | env["ntm.unit"].search([("unit_type", "=", "department")])
        # Since the reform each commune-level unit has its own council.
        | env["ntm.unit"].search([("valid_from", "=", "2025-07-01")])
    )
    councils = {}
    for index, unit in enumerate(units):
        members = [
            user(
                env,
                f"bench.council.{unit.id}.{i}",
                f"Thành viên Hội đồng {index + 1:02d}-{i + 1}",
                ["ntm_exemplar.group_council", "base.group_user"],
                ntm_unit_ids=[Command.set(unit.ids)],
            )
            for i in range(len(MEMBERS))
        ]
        councils[unit.id] = env["ntm.council"].create(
            {
                "name": f"Hội đồng Thi đua - Khen thưởng {unit.name}",
                "unit_id": unit.id,
                "member_ids": [
                    Command.create({"user_id": member.id, "role": role})
                    for member, role in zip(members, MEMBERS, strict=True)
                ],
            }
        )
    return councils


def make_sessions(env, rng, councils, years):
    """One session per council and year: closed for past years (in
    December), in draft for this year."""
    vals = []
    for council in councils.values():
        unit = council.unit_id
        for year in years:
            if (unit.valid_from and unit.valid_from.year > year) or (
                unit.valid_until and unit.valid_until.year < year
            ):
                continue  # no session of a year the unit did not see
            current = year == years[-1]
            day = datetime.date(year, 12, rng.randint(5, 28))
            vals.append(
                {
                    "name": f"Phiên họp xét chọn điển hình năm {year}",
                    "council_id": council.id,
                    "year": year,
                    "date": day,
                    "state": "draft" if current else "closed",
                    "location": "Hội trường UBND",
                    "document_number": False
                    if current
                    else f"{rng.randint(1, 40):02d}/BB-HĐTĐKT",
                    "attendance_ids": [
                        Command.create(
                            {
                                "user_id": member.user_id.id,
                                "role": member.role,
                                "state": "present"
                                if current or rng.random() < 0.9
                                else "written",
                            }
                        )
                        for member in council.member_ids
                    ],
                }
            )
    # The fixtures are the past: written as the closing of their votes would.
    from odoo.addons.ntm_exemplar.models.ntm_decision_mixin import (  # noqa: PLC0415
        as_decision,
    )

    sessions = as_decision(
        env["ntm.council.session"].with_context(
            tracking_disable=True, mail_create_nolog=True
        )
    ).create(vals)
    return {(s.council_id.unit_id.id, s.year): s for s in sessions}


def insert_agendas_and_results(env, sessions, dossier_rows):
    """Agendas: decided dossiers of past years, this year's dossiers at the
    council; results with counts of five members (more than half agree: 3 to
    5), the head's decision a few days after the session."""
    cr = env.cr
    units = {u.id: u for u in env["ntm.unit"].search([])}
    session_of_unit = {
        unit_id: council_unit(unit).id for unit_id, unit in units.items()
    }
    rows = []
    for dossier_id, _p, unit, _c, year, _sid, stage, *_rest in dossier_rows:
        session = sessions[session_of_unit[unit], year]
        if stage in DECIDED or stage == "stage_not_selected":
            rows.append((dossier_id, session.id, stage in DECIDED))
        elif stage == "stage_council":
            rows.append((dossier_id, session.id, None))
    copy_rows(
        cr, "bench_agenda", ["exemplar_id int", "session_id int", "passed bool"], rows
    )
    cr.execute(
        """INSERT INTO ntm_council_session_exemplar_rel (session_id, exemplar_id)
           SELECT session_id, exemplar_id FROM bench_agenda"""
    )
    cr.execute("SELECT setseed(0.24)")
    cr.execute(
        """
        WITH v AS (
            SELECT a.*, s.date, s.unit_id,
                   CASE WHEN a.passed THEN 3 + floor(random() * 3)::int
                        ELSE floor(random() * 3)::int END AS agree,
                   floor(random() * 2)::int AS abstain
              FROM bench_agenda a JOIN ntm_council_session s ON s.id = a.session_id
             WHERE a.passed IS NOT NULL
        )
        INSERT INTO ntm_council_result (session_id, unit_id, exemplar_id,
            agree_count, disagree_count, abstain_count, no_vote_count,
            conflict_count, base_count, is_passed, decision, decision_number,
            decision_date, create_uid, write_uid, create_date, write_date)
        SELECT session_id, unit_id, exemplar_id, agree,
               greatest(5 - agree - abstain, 0), least(abstain, 5 - agree), 0, 0, 5,
               passed, CASE WHEN passed THEN 'recognize' ELSE 'not_select' END,
               (extract(day FROM date)::int %% 30 + 1) || '/QĐ-UBND',
               date + 5, %s, %s, now(), now()
          FROM v
        """,
        [env.uid, env.uid],
    )
    results = cr.rowcount
    cr.execute(
        """UPDATE ntm_exemplar e
              SET council_decision = CASE WHEN a.passed THEN 'selected'
                                          ELSE 'not_selected' END
             FROM bench_agenda a
            WHERE a.exemplar_id = e.id AND a.passed IS NOT NULL"""
    )
    return results


# ----------------------------------------------------------------------
# Propagation
# ----------------------------------------------------------------------


def insert_propagation(env, rng, dossier_rows, today):
    """Each record features one to three exemplars of a unit recognised the
    same year, in the year after their recognition (not in the future)."""
    by_unit_year = {}
    for dossier_id, _p, unit, _c, year, _sid, stage, *_rest in dossier_rows:
        if stage in DECIDED:
            by_unit_year.setdefault((unit, year), []).append(dossier_id)
    groups = list(by_unit_year.items())
    records, featured = [], []
    for n in range(PROPAGATIONS):
        (unit, year), dossiers = rng.choice(groups)
        start = datetime.date(year + 1, 1, 1)
        end = min(datetime.date(year + 1, 12, 31), today)
        day = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
        records.append(
            (n, unit, day.isoformat(), rng.choice(CHANNELS), rng.randint(100, 50_000))
        )
        for dossier_id in rng.sample(dossiers, min(len(dossiers), rng.randint(1, 3))):
            featured.append((n, dossier_id))
    cr = env.cr
    copy_rows(
        cr,
        "bench_propagation",
        ["n int", "unit_id int", "date date", "channel text", "audience int"],
        records,
    )
    copy_rows(cr, "bench_featured", ["n int", "exemplar_id int"], featured)
    cr.execute(
        """
        WITH inserted AS (
            INSERT INTO ntm_propagation (name, unit_id, date, channel, audience,
                user_id, create_uid, write_uid, create_date, write_date)
            SELECT 'Tuyên truyền gương điển hình số ' || (n + 1), unit_id, date,
                   channel, audience, %s, %s, %s, date, date
              FROM bench_propagation ORDER BY n
            RETURNING id
        ), numbered AS (
            SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM inserted
        )
        INSERT INTO ntm_propagation_exemplar_rel (propagation_id, exemplar_id)
        SELECT numbered.id, f.exemplar_id
          FROM numbered JOIN bench_featured f ON f.n = numbered.n
        """,
        [env.uid, env.uid, env.uid],
    )
    return len(records), len(featured)


# ----------------------------------------------------------------------
# Odoo's counterpart: project tasks
# ----------------------------------------------------------------------


def make_projects(env, rng, visible_by_stage, partner_ids):
    """Follower-only projects and their tasks; the project user follows the
    first project, whose tasks sit in its stages as the officer's dossiers
    do in theirs (same count per stage, the same two stages folded)."""
    follower = project_user(env)
    dossier_stages = env["ntm.exemplar.stage"].search([])
    stages = env["project.task.type"].create(
        [
            {"name": stage.name, "sequence": stage.sequence, "fold": stage.fold}
            for stage in dossier_stages
        ]
    )
    projects = (
        env["project.project"]
        .with_context(mail_create_nolog=True, tracking_disable=True)
        .create(
            [
                {
                    "name": f"Dự án {n + 1:03d}",
                    "privacy_visibility": "followers",
                    "type_ids": [Command.set(stages.ids)],
                }
                for n in range(PROJECTS)
            ]
        )
    )
    own = projects[0]
    own.message_subscribe(partner_ids=follower.partner_id.ids)
    template = (
        env["project.task"]
        .with_context(mail_create_nolog=True, tracking_disable=True)
        .create(
            {
                "name": "Công việc mẫu",
                "project_id": own.id,
                "stage_id": stages[0].id,
                "partner_id": partner_ids[0],
                "user_ids": [Command.set(follower.ids)],
            }
        )
    )
    env.flush_all()
    # The officer's dossiers, stage by stage, then the other projects' tasks.
    rows = []
    for stage, dossier_stage in zip(stages, dossier_stages, strict=True):
        rows += [(own.id, stage.id)] * visible_by_stage.get(dossier_stage.id, 0)
    rows = rows[1:]  # the template is one of them
    others = projects[1:]
    rows += [
        (others[n % len(others)].id, stages[rng.randrange(len(stages))].id)
        for n in range(TASKS - len(rows) - 1)
    ]
    copy_rows(
        env.cr,
        "bench_task",
        ["n int", "project_id int", "stage_id int", "partner_id int", "priority text"],
        [
            (n, project, stage, rng.choice(partner_ids), "1" if n % 7 == 0 else "0")
            for n, (project, stage) in enumerate(rows)
        ],
    )
    ids = clone(
        env.cr,
        "project_task",
        template.id,
        "SELECT * FROM bench_task ORDER BY n",
        {
            "name": "'Công việc ' || lpad((s.n + 2)::text, 6, '0')",
            "project_id": "s.project_id",
            "stage_id": "s.stage_id",
            "partner_id": "s.partner_id",
            "priority": "s.priority",
            "sequence": "s.n",
        },
    )
    # The project's tasks are assigned to its follower, as the template.
    env.cr.execute(
        """INSERT INTO project_task_user_rel (task_id, user_id, stage_id,
               create_uid, write_uid, create_date, write_date)
           SELECT t.id, r.user_id, r.stage_id, r.create_uid, r.write_uid, now(), now()
             FROM project_task t, project_task_user_rel r
            WHERE r.task_id = %s AND t.project_id = %s AND t.id != %s""",
        [template.id, own.id, template.id],
    )
    rank_tasks(env, rng, others[:RANKED_PROJECTS])
    return own, others[:RANKED_PROJECTS], len(ids) + 1


def rank_tasks(env, rng, projects):
    """What the top-five benchmark's counterpart ranks the tasks of
    `projects` by, shaped like a year's exemplars: an assignee each (one
    related record, as a council result) and one to three tags (a
    many2many, as the propagation records featuring an exemplar)."""
    tags = env["project.tags"].create([{"name": f"Nhãn {n + 1}"} for n in range(TAGS)])
    env.flush_all()
    env.cr.execute(
        "SELECT id FROM project_task WHERE project_id = ANY(%s) ORDER BY id",
        [projects.ids],
    )
    task_ids = [row[0] for row in env.cr.fetchall()]
    copy_rows(
        env.cr,
        "bench_tag",
        ["task_id int", "tag_id int"],
        [
            (task, tag)
            for task in task_ids
            for tag in rng.sample(tags.ids, rng.randint(1, 3))
        ],
    )
    env.cr.execute(
        """INSERT INTO project_tags_project_task_rel (project_task_id, project_tags_id)
           SELECT task_id, tag_id FROM bench_tag;
           INSERT INTO project_task_user_rel (task_id, user_id, create_uid,
               write_uid, create_date, write_date)
           SELECT t.id, %s, %s, %s, now(), now()
             FROM project_task t WHERE t.project_id = ANY(%s)""",
        [env.ref("base.user_admin").id, env.uid, env.uid, projects.ids],
    )


# ----------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------

EVALUATION_FIELDS = (
    "criteria_count",
    "criteria_met_count",
    "mandatory_missing_count",
    "is_eligible",
    "eligibility",
    "score",
)


def check_sample(env, rng, size=500):
    """What SQL stored is what the ORM computes: on a random sample, the ORM
    recomputes the lines' result and gap and the dossiers' counts, and
    nothing may change."""
    cr = env.cr
    cr.execute("SELECT id FROM bench_dossier")
    ids = rng.sample([row[0] for row in cr.fetchall()], size)
    query = f"""
        SELECT e.id, {", ".join(f"e.{f}" for f in EVALUATION_FIELDS)},
               array_agg(ARRAY[l.id::text, l.is_met::text, l.gap::float8::text]
                         ORDER BY l.id)
          FROM ntm_exemplar e JOIN ntm_exemplar_criterion_line l
            ON l.exemplar_id = e.id
         WHERE e.id = ANY(%s) GROUP BY e.id ORDER BY e.id"""
    cr.execute(query, [ids])
    before = cr.fetchall()
    env.invalidate_all()
    dossiers = env["ntm.exemplar"].browse(ids)
    lines = dossiers.criterion_line_ids
    for name in ("is_met", "gap"):
        env.add_to_compute(lines._fields[name], lines)
    for name in EVALUATION_FIELDS:
        env.add_to_compute(dossiers._fields[name], dossiers)
    env.flush_all()
    cr.execute(query, [ids])
    for old, new in zip(before, cr.fetchall(), strict=True):
        if old != new:
            raise SystemExit(
                f"SQL and the ORM disagree on dossier {old[0]}: {old} {new}"
            )
    env.invalidate_all()


def officer_view_by_stage(env, officer_user):
    groups = (
        env["ntm.exemplar"]
        .with_user(officer_user)
        ._read_group([], ["stage_id"], ["__count"])
    )
    return {stage.id: count for stage, count in groups}


def vacuum(cr):
    """Fresh statistics and visibility maps for the filled tables, as a
    database in use has them (VACUUM runs outside a transaction)."""
    cr._cnx.autocommit = True
    try:
        for table in (
            "ntm_exemplar",
            "ntm_exemplar_criterion_line",
            "ntm_council_result",
            "ntm_council_session_exemplar_rel",
            "ntm_propagation",
            "ntm_propagation_exemplar_rel",
            "res_partner",
            "project_task",
            "project_task_user_rel",
            "project_tags_project_task_rel",
        ):
            cr.execute(f"VACUUM ANALYZE {table}")
    finally:
        cr._cnx.autocommit = False


def main():
    args = parse_args(__doc__.split("\n")[0])
    with superuser_env(args) as env:
        cr = env.cr
        params = env["ir.config_parameter"].sudo()
        done = json.loads(params.get_param(MARKER) or "{}")
        if done.get("version") == VERSION:
            print(f"data generated on {done['date']}: {done['summary']}")
            return
        start = time.perf_counter()
        rng = random.Random(SEED)
        today = datetime.date.today()
        years = list(range(today.year - YEARS + 1, today.year + 1))
        reset(env)
        current_plan(env, today.year)
        officer_user = officer(env)
        rows = plan_dossiers(env, rng, years, officer_user.id)
        insert_dossiers(env, rows)
        lines = insert_lines(env)
        count_evaluations(env)
        step = time.perf_counter()
        print(f"dossiers {len(rows)}, lines {lines} ({step - start:.0f}s)")
        # The councils of former units and their sessions are the past.
        with mock.patch.object(type(env["ntm.council"]), "_unit_must_operate", False):
            councils = make_councils(env)
            sessions = make_sessions(env, rng, councils, years)
        results = insert_agendas_and_results(env, sessions, rows)
        propagations, featured = insert_propagation(env, rng, rows, today)
        print(
            f"councils {len(councils)}, sessions {len(sessions)}, results "
            f"{results}, propagation {propagations} ({featured} exemplars featured)"
            f" ({time.perf_counter() - step:.0f}s)"
        )
        env.invalidate_all()
        for table in (
            "ntm_exemplar",
            "ntm_exemplar_criterion_line",
            "ntm_council_result",
            "ntm_council_session_exemplar_rel",
            "ntm_propagation",
            "ntm_propagation_exemplar_rel",
            "res_partner",
        ):
            cr.execute(f"ANALYZE {table}")
        check_sample(env, rng)
        visible = officer_view_by_stage(env, officer_user)
        project, ranked, tasks = make_projects(
            env, rng, visible, [row[1] for row in rows[:NOMINEES]]
        )
        summary = (
            f"{len(rows):,} dossiers ({years[0]}-{years[-1]}), {lines:,} criteria "
            f"lines, {len(sessions)} council sessions ({results:,} results), "
            f"{propagations:,} propagation records; {tasks:,} project tasks; the "
            f"officer sees {sum(visible.values())} dossiers"
        )
        params.set_param(
            MARKER,
            json.dumps(
                {
                    "version": VERSION,
                    "date": today.isoformat(),
                    "years": years,
                    "summary": summary,
                    "project_id": project.id,
                    "ranked_project_ids": ranked.ids,
                    "officer_sees": sum(visible.values()),
                }
            ),
        )
        env.flush_all()
        cr.commit()
        vacuum(cr)
        print(f"{summary} (generated in {time.perf_counter() - start:.0f}s)")


if __name__ == "__main__":
    main()
