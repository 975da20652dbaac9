#!/usr/bin/env python3
"""Benchmark: re-evaluating the open dossiers after a threshold change.

    make bench
    python3 bench/bench_reevaluation.py -c .local/odoo.conf -d ntm_bench

Times what an admin's Settings change costs — writing the income threshold
(TC.H03), which refreshes the lines of that criterion on every dossier still
under review (the rural-district dossiers of bench_00_generate.py: this
year's and those left in an early stage, 13,000) and recomputes their result
and gap, then the counts, eligibility and score of the dossiers whose result
changed — next to a plain write of one field on the same dossiers (Odoo's
cheapest write of that many records: one table, no computation). Both
include the flush to the database; medians of --repeat.
"""

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
            ("exemplar_id.stage_id.is_closed", "=", False),
        ]
    )
    # A fresh recordset: one read prefetches them all.
    return env["ntm.exemplar"].browse(lines.exemplar_id.ids)


def main():
    args = parse_args(__doc__.split("\n")[0], repeat=(int, 5))
    with superuser_env(args) as env:
        bench_data(env)
        income = env.ref("ntm_exemplar.criterion_district_income")
        dossiers = open_dossiers(env, income)
        thresholds = iter([81, 80] * (args.repeat + 1))
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
                ("value_number", ">=", 80),
                ("value_number", "<", 81),
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
