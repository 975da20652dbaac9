#!/usr/bin/env python3
"""Benchmark: re-evaluating 10,000 dossiers after a threshold change.

    make bench
    python3 bench/bench_reevaluation.py -c .local/odoo.conf -d ntm_bench

Fills the database once with 10,000 rural-district dossiers under review
(20 evaluation lines each, inserted with SQL, judged by the ORM), then times
what an admin's Settings change costs — writing the income threshold, which
refreshes the 10,000 lines of that criterion and recomputes their result and
their dossiers' counts — next to a plain write of one field on the same
10,000 dossiers, and prints both, their query counts and the ratio.
"""

import json
import random
import statistics
import time

from common import parse_args, superuser_env

from odoo import SUPERUSER_ID

MARK = "Hồ sơ đánh giá lại"
TOTAL = 10_000


def fill(env):
    cr = env.cr
    cr.execute("SELECT id FROM ntm_exemplar WHERE name LIKE %s", [MARK + "%"])
    ids = [row[0] for row in cr.fetchall()]
    if len(ids) >= TOTAL:
        return env["ntm.exemplar"].browse(ids[:TOTAL])
    rng = random.Random(4)
    districts = env["ntm.unit"].search(
        [
            ("unit_type", "in", ("rural_district", "town")),
            ("reorganization", "=", "none"),
        ]
    )
    partners = env["res.partner"].create(
        [{"name": f"Huyện đánh giá {i:05d}"} for i in range(TOTAL - len(ids))]
    )
    stage = env.ref("ntm_exemplar.stage_discovered")
    rows = [
        {
            "name": f"{MARK} {n:05d}",
            "ref": f"ĐHTT/BENCH/{n:05d}",
            "partner_id": partner,
            "unit_id": rng.choice(districts.ids),
        }
        for n, partner in enumerate(partners.ids, start=len(ids) + 1)
    ]
    cr.execute(
        """
        INSERT INTO ntm_exemplar (name, ref, partner_id, unit_id, category, year,
            source, movement, active, stage_id, create_uid, write_uid,
            create_date, write_date)
        SELECT v.name, v.ref, v.partner_id, v.unit_id, 'district', 2025, 'movement',
            'Toàn dân chung sức xây dựng nông thôn mới', true, %s, %s, %s, now(), now()
          FROM jsonb_to_recordset(%s::jsonb)
            AS v(name text, ref text, partner_id int, unit_id int)
        RETURNING id
        """,
        [stage.id, SUPERUSER_ID, SUPERUSER_ID, json.dumps(rows)],
    )
    new_ids = [row[0] for row in cr.fetchall()]
    criteria = (
        env["ntm.criterion"].search([]).filtered(lambda c: c._applies_to("district"))
    )
    lines = []
    for dossier_id in new_ids:
        for criterion in criteria:
            snap = criterion._snapshot()
            if criterion.measure == "boolean":
                value = {"value_bool": "yes", "value_number": 0}
            else:
                value = {
                    "value_bool": None,
                    "value_number": round(snap["threshold"] * rng.uniform(0.9, 1.2), 2),
                }
            lines.append(
                {
                    "exemplar_id": dossier_id,
                    "criterion_id": criterion.id,
                    **snap,
                    **value,
                }
            )
    for start in range(0, len(lines), 20_000):
        cr.execute(
            """
            INSERT INTO ntm_exemplar_criterion_line (exemplar_id, criterion_id,
                operator, threshold, threshold_max, is_mandatory, weight,
                value_bool, value_number, is_evaluated, create_uid, write_uid,
                create_date, write_date)
            SELECT v.exemplar_id, v.criterion_id, v.operator, v.threshold,
                v.threshold_max, v.is_mandatory, v.weight, v.value_bool,
                v.value_number, true, %s, %s, now(), now()
              FROM jsonb_to_recordset(%s::jsonb) AS v(exemplar_id int,
                criterion_id int, operator text, threshold numeric,
                threshold_max numeric, is_mandatory bool, weight numeric,
                value_bool text, value_number numeric)
            """,
            [SUPERUSER_ID, SUPERUSER_ID, json.dumps(lines[start : start + 20_000])],
        )
    # Let the ORM judge what SQL inserted: is_met, gap, then the counts.
    Line = env["ntm.exemplar.criterion.line"]
    new_lines = Line.search([("exemplar_id", "in", new_ids)])
    env.add_to_compute(Line._fields["is_met"], new_lines)
    env.add_to_compute(Line._fields["gap"], new_lines)
    env.flush_all()
    dossiers = env["ntm.exemplar"].browse(new_ids)
    for name in (
        "criteria_count",
        "criteria_met_count",
        "mandatory_missing_count",
        "is_eligible",
        "eligibility",
        "score",
    ):
        env.add_to_compute(dossiers._fields[name], dossiers)
    env.flush_all()
    cr.execute("ANALYZE ntm_exemplar_criterion_line")
    return env["ntm.exemplar"].browse(ids + new_ids)


def timed(env, func):
    env.invalidate_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    func()
    env.flush_all()
    return time.perf_counter() - start, env.cr.sql_log_count - before


def main():
    args = parse_args(__doc__.split("\n")[0], repeat=(int, 3))
    with superuser_env(args) as env:
        cr = env.cr
        start = time.perf_counter()
        dossiers = fill(env)
        cr.commit()
        print(
            f"dossiers under review: {len(dossiers)} "
            f"(ready in {time.perf_counter() - start:.1f}s)"
        )
        income = env.ref("ntm_exemplar.criterion_district_income")
        reeval, plain = [], []
        for i in range(args.repeat):
            threshold = 81 if i % 2 == 0 else 80
            reeval.append(
                timed(env, lambda t=threshold: income.write({"threshold": t}))
            )
            plain.append(timed(env, lambda i=i: dossiers.write({"color": i % 11 + 1})))
    t_re = statistics.median(t for t, _ in reeval)
    t_plain = statistics.median(t for t, _ in plain)
    print(f"{'call':<52}{'time':>10}  queries")
    print(
        f"{'threshold change, 10,000 dossiers re-evaluated':<52}"
        f"{t_re * 1000:>8.0f}ms  {reeval[0][1]}"
    )
    print(
        f"{'plain write of one field on the same dossiers':<52}"
        f"{t_plain * 1000:>8.0f}ms  {plain[0][1]}"
    )
    print(f"ratio re-evaluation / plain write: {t_re / t_plain:.2f}")


if __name__ == "__main__":
    main()
