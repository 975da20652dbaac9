#!/usr/bin/env python3
"""Benchmark: a commune officer's dossier list against the admin's.

    make bench                       # all benchmarks, on database ntm_bench
    python3 bench/bench_record_rules.py -c .local/odoo.conf -d ntm_bench

On the 100,000 dossiers of bench_00_generate.py, times the two calls the
list and kanban views start with — ``search_count`` and the first page of
``web_search_read`` — as a commune officer (record rules on the unit tree)
and as the admin (no rule), and prints each figure, its query count and the
officer/admin ratio. Not a test: figures depend on the machine.
"""

import statistics
import time

from common import OFFICER_LOGIN, bench_data, parse_args, superuser_env

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
    args = parse_args(__doc__.split("\n")[0], repeat=(int, 15))
    with superuser_env(args) as env:
        bench_data(env)
        user = env["res.users"].search([("login", "=", OFFICER_LOGIN)])
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
