#!/usr/bin/env python3
"""Benchmark: a commune officer's dossier list against the admin's.

    make bench                       # all benchmarks, on database ntm_bench
    python3 bench/bench_record_rules.py -c .local/odoo.conf -d ntm_bench

Fills the database once with realistic volume (100,000 dossiers spread over
every Hanoi unit, 5 years, 4 movements), then times the two calls the list
and kanban views start with — ``search_count`` and the first page of
``web_search_read`` — as a commune officer (record rules on the unit tree)
and as the admin (no rule), and prints each figure, its query count and the
officer/admin ratio. Not a test: figures depend on the machine.
"""

import json
import random
import statistics
import time

from common import parse_args, superuser_env

from odoo import SUPERUSER_ID

YEARS = range(2021, 2026)
MOVEMENTS = [
    "Toàn dân chung sức xây dựng nông thôn mới",
    "Người tốt, việc tốt",
    "Chung sức xây dựng nông thôn mới kiểu mẫu",
    "Phát triển sản phẩm OCOP",
]
CATEGORIES = ["city_agency", "district", "commune", "enterprise", "individual", "other"]
SOURCES = ["movement", "press", "radio", "television"]
LIST_SPEC = {
    "ref": {},
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "unit_id": {"fields": {"display_name": {}}},
    "category": {},
    "year": {},
    "source": {},
    "user_id": {"fields": {"display_name": {}}},
    "activity_ids": {"fields": {}},
}
OFFICER_LOGIN = "bench.officer.vannoi"


def fill(env, total):
    """Insert dossiers with SQL up to `total` (the ORM would take an hour)."""
    cr = env.cr
    cr.execute("SELECT count(*) FROM ntm_exemplar")
    have = cr.fetchone()[0]
    if have >= total:
        return have
    rng = random.Random(20251231)
    hanoi = env.ref("ntm_exemplar.unit_hanoi")
    units = env["ntm.unit"].search(
        [("id", "child_of", hanoi.id), ("reorganization", "=", "none")]
    )
    # Communes file most dossiers: weight them as such.
    weights = [
        10 if u.unit_type in ("commune", "ward", "township") else 3 for u in units
    ]
    per_partner = len(YEARS) * len(MOVEMENTS)
    missing = total - have
    partners = env["res.partner"].create(
        [
            {"name": f"Đối tượng {have // per_partner + i + 1:06d}"}
            for i in range(-(-missing // per_partner))
        ]
    )
    combos = [(p, y, m) for p in partners.ids for y in YEARS for m in MOVEMENTS]
    rows = []
    for n, (partner, year, movement) in enumerate(combos[:missing], start=have + 1):
        rows.append(
            (
                f"Hồ sơ điển hình {n:06d}",
                f"ĐHTT/{year}/{n:06d}",
                partner,
                rng.choice(CATEGORIES),
                year,
                rng.choice(SOURCES),
                movement,
                rng.choices(units.ids, weights)[0],
            )
        )
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        cr.execute(
            """
            INSERT INTO ntm_exemplar (name, ref, partner_id, category, year, source,
                movement, unit_id, active, user_id, create_uid, write_uid,
                create_date, write_date)
            SELECT v.name, v.ref, v.partner_id, v.category, v.year, v.source,
                v.movement, v.unit_id, true, %s, %s, %s, now(), now()
              FROM jsonb_to_recordset(%s::jsonb) AS v(name text, ref text,
                partner_id int, category text, year int, source text,
                movement text, unit_id int)
            """,
            (
                SUPERUSER_ID,
                SUPERUSER_ID,
                SUPERUSER_ID,
                json.dumps(
                    [
                        dict(
                            zip(
                                (
                                    "name",
                                    "ref",
                                    "partner_id",
                                    "category",
                                    "year",
                                    "source",
                                    "movement",
                                    "unit_id",
                                ),
                                row,
                                strict=True,
                            )
                        )
                        for row in chunk
                    ]
                ),
            ),
        )
    cr.execute("ANALYZE ntm_exemplar")
    return have + len(rows)


def officer(env):
    user = env["res.users"].search([("login", "=", OFFICER_LOGIN)])
    if not user:
        commune = env.ref("ntm_exemplar.unit_commune_00481")  # Xã Vân Nội
        user = env["res.users"].create(
            {
                "name": "Cán bộ xã Vân Nội (benchmark)",
                "login": OFFICER_LOGIN,
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            env.ref("ntm_exemplar.group_officer").id,
                            env.ref("base.group_user").id,
                        ],
                    )
                ],
                "ntm_unit_ids": [(6, 0, commune.ids)],
            }
        )
    return user


def measure(env, uid, call, repeat):
    """Median seconds and queries of `call` as `uid`, with a warm rule cache
    and a cold record cache, as on a running server."""
    as_user = env(user=uid)["ntm.exemplar"]
    call(as_user)  # warm-up: registry caches, rule domains
    times, queries = [], set()
    for _ in range(repeat):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        result = call(as_user)
        times.append(time.perf_counter() - start)
        queries.add(env.cr.sql_log_count - before)
    return statistics.median(times), queries, result


def main():
    args = parse_args(__doc__.split("\n")[0], dossiers=(int, 100_000), repeat=(int, 15))
    with superuser_env(args) as env:
        cr = env.cr
        start = time.perf_counter()
        total = fill(env, args.dossiers)
        user = officer(env)
        cr.commit()
        print(f"dossiers: {total} (filled in {time.perf_counter() - start:.1f}s)")
        calls = {
            "search_count": lambda m: m.search_count([]),
            "web_search_read (first page of 80)": lambda m: m.web_search_read(
                [], LIST_SPEC, limit=80
            ),
        }
        admin = env.ref("base.user_admin").id
        print(
            f"{'call':<38}{'officer':>12}{'admin':>12}{'ratio':>8}"
            "  queries (officer / admin)"
        )
        for name, call in calls.items():
            t_off, q_off, r_off = measure(env, user.id, call, args.repeat)
            t_adm, q_adm, _result = measure(env, admin, call, args.repeat)
            seen = r_off if isinstance(r_off, int) else r_off["length"]
            print(
                f"{name:<38}{t_off * 1000:>10.1f}ms{t_adm * 1000:>10.1f}ms"
                f"{t_off / t_adm:>8.2f}  {'/'.join(map(str, sorted(q_off)))}"
                f" / {'/'.join(map(str, sorted(q_adm)))}  (officer sees {seen})"
            )


if __name__ == "__main__":
    main()
