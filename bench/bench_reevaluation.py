#!/usr/bin/env python3
"""Benchmark: re-evaluating the open dossiers after a threshold change.

    make bench
    python3 bench/bench_reevaluation.py -c .local/odoo.conf -d ntm_bench

Times what an admin's change of a threshold of the current plan costs —
the communes' employment target (TC.X4, bench_00_generate.current_plan),
which refreshes the lines of that criterion on every dossier of the plan
still under review (this year's commune dossiers, 13,000; earlier plans'
dossiers are not touched) and recomputes their result and gap, then the
counts, eligibility and score of the dossiers whose result changed — next
to a plain write of one field on the same dossiers (Odoo's cheapest write of
that many records: one table, no computation). Both include the flush to
the database; medians of --repeat.
"""

import datetime

from bench_00_generate import EMPLOYMENT
from common import (
    bench_data,
    measure,
    parse_args,
    queries_text,
    superuser_env,
)


def open_dossiers(env, criterion):
    """The dossiers a change of `criterion` re-evaluates."""
    lines = env["ntm.exemplar.criterion.line"].search(
        [
            ("criterion_id", "=", criterion.id),
            ("exemplar_id.stage_id.locks_dossier", "=", False),
        ]
    )
    # A fresh recordset: one read prefetches them all.
    return env["ntm.exemplar"].browse(lines.exemplar_id.ids)


def main():
    args = parse_args(__doc__.split("\n")[0], repeat=(int, 5))
    with superuser_env(args) as env:
        bench_data(env)
        year = datetime.date.today().year
        plan = env["ntm.plan"].search([("year_from", "=", year)], limit=1)
        income = plan.criterion_ids.filtered(lambda c: c.code == EMPLOYMENT)
        dossiers = open_dossiers(env, income)
        thresholds = iter([96, 95] * (args.repeat + 1))
        colors = iter(range(1, 2 * args.repeat + 3))
        t_re, q_re = measure(
            env, lambda: income.write({"threshold": next(thresholds)}), args.repeat
        )
        t_plain, q_plain = measure(
            env, lambda: dossiers.write({"color": next(colors) % 11}), args.repeat
        )
        # Between 80 and 81, the lines whose result changes: their dossiers
        # are the ones counted again.
        flipped = env["ntm.exemplar.criterion.line"].search_count(
            [
                ("exemplar_id", "in", dossiers.ids),
                ("criterion_id", "=", income.id),
                ("value_number", ">", 95),
                ("value_number", "<=", 96),
                ("is_evaluated", "=", True),
            ]
        )
    count = len(dossiers)
    print(f"{'call':<58}{'time':>10}  queries")
    print(
        f"{f'threshold change, {count:,} dossiers re-evaluated':<58}"
        f"{t_re:>8.0f}ms  {queries_text(q_re)}"
    )
    print(
        f"{'plain write of one field on the same dossiers':<58}"
        f"{t_plain:>8.0f}ms  {queries_text(q_plain)}"
    )
    print(f"ratio re-evaluation / plain write: {t_re / t_plain:.2f}")
    print(f"dossiers whose result changed and were counted again: {flipped:,}")


if __name__ == "__main__":
    main()
