"""What every benchmark script shares: its command line, an Odoo environment
on the benchmark database, the data bench_00_generate.py put there, and how
a call is timed (scripts run from bench/, so this module is importable by
name)."""

import argparse
import contextlib
import json
import statistics
import time

import odoo
from odoo import SUPERUSER_ID, api

# ir.config_parameter holding what bench_00_generate.py generated (JSON).
MARKER = "ntm_exemplar.bench_data"
# A commune officer of Xã Vân Nội (Đông Anh), and a project user following
# one project: the users whose first screens are compared.
OFFICER_LOGIN = "bench.officer.vannoi"
PROJECT_LOGIN = "bench.project.user"


def parse_args(description, **options):
    """-c/--config and -d/--database, plus `options` as name=(type, default).
    Options of other scripts are ignored: `make bench -- --repeat 5` passes
    its arguments to every script."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    for name, (kind, default) in options.items():
        parser.add_argument(f"--{name}", type=kind, default=default)
    return parser.parse_known_args()[0]


@contextlib.contextmanager
def superuser_env(args):
    """A superuser environment on the database; rolled back unless the
    script commits."""
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})
        cr.rollback()


def bench_data(env):
    """What the generator recorded (years, users, project...); stops the
    script when the database was not generated."""
    raw = env["ir.config_parameter"].sudo().get_param(MARKER)
    if not raw:
        raise SystemExit("run bench/bench_00_generate.py first: it fills the database")
    return json.loads(raw)


def measure(env, call, repeat, warm=True):
    """Median milliseconds of `call()` over `repeat` runs, and the query
    count of each run, with a cold record cache (a new request) and, after
    one warm-up call, warm registry and rule caches, as on a running
    server. Pending writes are flushed inside the measure."""
    if warm:
        call()
        env.flush_all()
    times, queries = [], []
    for _ in range(repeat):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        call()
        env.flush_all()
        times.append((time.perf_counter() - start) * 1000)
        queries.append(env.cr.sql_log_count - before)
    return statistics.median(times), queries


def queries_text(queries):
    """'7' when every run cost the same, else '7–9'."""
    low, high = min(queries), max(queries)
    return str(low) if low == high else f"{low}–{high}"


def to_json(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
