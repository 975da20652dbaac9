#!/usr/bin/env python3
"""`make load`: the deadline week under load, against the prefork server
behind nginx, then the same load on Odoo's project.task, as a ratio.

    make load
    python3 bench/load/run_load.py [--steps 15:90,30:90,50:120] [--wait 2,6]

1. A seeded template database (ntm_load_seed: the addon, `project`, vi_VN,
   seed_load.py's deadline week) is made once and reused while the addon's
   files and the seeding script are unchanged; each run copies it to
   ntm_load_week, so that every run starts from the same state.
2. tools/ntm_prod.py starts one prefork node (2 HTTP workers, 1 cron worker,
   --proxy-mode) behind a private nginx on 127.0.0.1 (ports 8760-8762).
3. Locust (headless, OdooLocust users, locustfile.py) runs the addon's
   users, then the project.task counterpart, each with stepped users (15,
   30, 50 by default) for a bounded time (5 minutes each by default).
4. Prints per action and step: requests/s, p50/p95/p99, errors; the
   addon/project ratio; then compares the database's counts with what the
   clients did. Exits non-zero on an error or a count mismatch.

Everything a run writes (Locust's CSV, the samples, the summary) is under
.local/load/<time>/; the summary is also printed (markdown, for
bench/RESULTS.md). Only 127.0.0.1 is ever contacted. Not part of make test.
"""

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))

import ntm_prod  # noqa: E402
import ntmctl  # noqa: E402

TEMPLATE = "ntm_load_seed"
FINGERPRINT_KEY = "ntm_exemplar.load_fingerprint"
SYSTEMS = ("ntm", "project")
# The goal of issue 17, at the last (largest) step.
GOAL_P95_MS = 1000
GOAL_RATIO = 1.0


def say(msg):
    print(f"[load] {msg}", flush=True)


def psql(db, sql):
    res = subprocess.run(
        ["psql", "-d", db, "-v", "ON_ERROR_STOP=1", "-tAc", sql],
        env=ntmctl.odoo_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return res.stdout.strip()


def fingerprint():
    """Of the files the template depends on: the addon's tracked files as
    they are now (uncommitted changes included)."""
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    digest = hashlib.sha256()
    for name in sorted(files):
        if name.startswith("bench/") and name != "bench/load/seed_load.py":
            continue
        path = os.path.join(ROOT, name)
        if os.path.isfile(path):
            digest.update(name.encode())
            with open(path, "rb") as fh:
                digest.update(fh.read())
    return digest.hexdigest()[:16]


def seed_path(local):
    return os.path.join(local, "seed.json")


def ensure_template(local, logdir):
    """The seeded template, made again when its fingerprint changed."""
    wanted = fingerprint()
    if ntmctl.db_exists(TEMPLATE) and os.path.isfile(seed_path(local)):
        have = psql(
            TEMPLATE,
            f"SELECT value FROM ir_config_parameter WHERE key = '{FINGERPRINT_KEY}'",
        )
        if have == wanted:
            say(f"reusing the seeded template '{TEMPLATE}' ({wanted})")
            return
    say(f"making the seeded template '{TEMPLATE}' ({wanted}): install, then seed")
    ntmctl.drop_db(TEMPLATE)
    start = time.monotonic()
    ntmctl.run_odoo(
        "-d",
        TEMPLATE,
        "-i",
        f"{ntmctl.MODULE},project",
        "--without-demo=all",
        f"--load-language={ntmctl.LANG}",
        "--stop-after-init",
        "--no-http",
        log=os.path.join(logdir, "install.log"),
    )
    say(f"installed in {time.monotonic() - start:.0f}s")
    res = subprocess.run(
        [
            ntmctl.PYTHON,
            os.path.join(HERE, "seed_load.py"),
            "-c",
            ntmctl.CONF,
            "-d",
            TEMPLATE,
            "--out",
            seed_path(local),
        ],
        env=ntmctl.odoo_env(),
        check=False,
    )
    if res.returncode:
        raise SystemExit("[load] seeding failed (see above)")
    psql(
        TEMPLATE,
        "INSERT INTO ir_config_parameter (key, value, create_date, write_date) "
        f"VALUES ('{FINGERPRINT_KEY}', '{wanted}', now(), now())",
    )


def copy_template(db):
    ntmctl.drop_db(db)
    subprocess.run(["createdb", "-T", TEMPLATE, db], env=ntmctl.odoo_env(), check=True)
    store = os.path.join(ntmctl.DATA_DIR, "filestore")
    if os.path.isdir(os.path.join(store, TEMPLATE)):
        shutil.copytree(os.path.join(store, TEMPLATE), os.path.join(store, db))


# --------------------------------------------------------------------------
# What the database holds, against what the clients did
# --------------------------------------------------------------------------


def tracked_moves(db, model, stage, since):
    return int(
        psql(
            db,
            f"""SELECT count(*) FROM mail_tracking_value v
                  JOIN mail_message m ON m.id = v.mail_message_id
                  JOIN ir_model_fields f ON f.id = v.field_id
                 WHERE m.model = '{model}' AND f.name = 'stage_id'
                   AND v.new_value_integer = {int(stage)}
                   AND m.date >= '{since}'""",
        )
    )


def db_state(db, seed, system):
    """Counters that only the load's actions move, read before and after."""
    if system == "ntm":
        return {
            "dossiers": int(psql(db, "SELECT count(*) FROM ntm_exemplar")),
            "lines_evaluated": int(
                psql(
                    db,
                    "SELECT count(*) FROM ntm_exemplar_criterion_line "
                    "WHERE is_evaluated",
                )
            ),
            "votes": int(
                psql(
                    db,
                    "SELECT (SELECT coalesce(sum(agree_count + disagree_count "
                    "+ abstain_count), 0) FROM ntm_council_result) "
                    "+ (SELECT count(*) FROM ntm_ballot WHERE vote IS NOT NULL)",
                )
            ),
            "closed": int(
                psql(
                    db,
                    "SELECT count(*) FROM ntm_council_session WHERE state = 'closed'",
                )
            ),
            "opened": int(
                psql(
                    db,
                    "SELECT count(*) FROM ntm_council_session WHERE state != 'draft'",
                )
            ),
        }
    council = int(seed["council_project"])
    batches = seed["p_batches"]
    recognized = int(seed["p_stages"]["recognized"])
    done = psql(
        db,
        f"SELECT id FROM project_task WHERE project_id = {council} "
        f"AND stage_id = {recognized}",
    ).split()
    assigned = psql(
        db,
        "SELECT DISTINCT r.task_id FROM project_task_user_rel r "
        f"JOIN project_task t ON t.id = r.task_id WHERE t.project_id = {council} "
        f"AND r.user_id IN ({','.join(str(u) for u in seed['uids']['p_council'])})",
    ).split()
    done, assigned = {int(i) for i in done}, {int(i) for i in assigned}
    return {
        "dossiers": int(
            psql(db, "SELECT count(*) FROM project_task WHERE parent_id IS NULL")
        ),
        "lines_evaluated": int(
            psql(
                db,
                "SELECT count(*) FROM project_task "
                "WHERE parent_id IS NOT NULL AND state = '1_done'",
            )
        ),
        "votes": int(
            psql(
                db,
                "SELECT count(*) FROM mail_message m JOIN project_task t "
                "ON t.id = m.res_id WHERE m.model = 'project.task' "
                f"AND m.message_type = 'comment' AND t.project_id = {council}",
            )
        ),
        "closed": sum(1 for batch in batches if set(batch) <= done),
        "opened": sum(1 for batch in batches if set(batch) & assigned),
    }


def check_counts(db, seed, system, before, since, counts):
    """[(what, clients, database)] for every count of the run."""
    after = db_state(db, seed, system)
    model = "ntm.exemplar" if system == "ntm" else "project.task"
    stages = seed["stages"] if system == "ntm" else seed["p_stages"]
    rows = [
        ("dossiers filed" if system == "ntm" else "tasks filed", "filed", "dossiers"),
        (
            "criteria lines evaluated" if system == "ntm" else "subtasks done",
            "lines_evaluated",
            "lines_evaluated",
        ),
        (
            "votes cast" if system == "ntm" else "review messages",
            "votes",
            "votes",
        ),
        (
            "sessions closed" if system == "ntm" else "batches closed",
            "closed",
            "closed",
        ),
        (
            "sessions opened" if system == "ntm" else "batches opened",
            "opened",
            "opened",
        ),
    ]
    result = [
        (label, counts.get(key, 0), after[state] - before[state])
        for label, key, state in rows
    ]
    for label, key, stage in (
        ("nominations", "nominated", "nominated"),
        ("cards moved to the council", "moved", "council"),
        ("returns", "returned", "returned"),
    ):
        result.append(
            (label, counts.get(key, 0), tracked_moves(db, model, stages[stage], since))
        )
    return result


# --------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------


def percentile(values, share):
    """Nearest rank, as Locust's own percentiles."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def summarize(samples, steps, settle=0):
    """{step index: {action: stats}} and the pooled stats per step; with
    `settle`, only the actions that started `settle` seconds or more after
    their step began (the step's new users have joined and logged in)."""
    by_step = {}
    for step, name, ms, error, since in samples:
        if since - ms / 1000 < settle:
            continue
        by_step.setdefault(step, {}).setdefault(name, []).append((ms, error))
        by_step[step].setdefault("(all actions)", []).append((ms, error))
    table = {}
    for step, actions in by_step.items():
        seconds = steps[step][1] - settle
        table[step] = {
            name: {
                "count": len(rows),
                "rps": len(rows) / seconds,
                "p50": percentile([ms for ms, _e in rows], 0.50),
                "p95": percentile([ms for ms, _e in rows], 0.95),
                "p99": percentile([ms for ms, _e in rows], 0.99),
                "errors": sum(1 for _ms, error in rows if error),
                "first_error": next((e for _ms, e in rows if e), None),
            }
            for name, rows in actions.items()
        }
    return table


def machine():
    model = "unknown"
    try:
        out = subprocess.run(
            ["lscpu"], capture_output=True, text=True, check=True
        ).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    with open("/proc/meminfo", encoding="utf-8") as fh:
        kib = int(fh.readline().split()[1])
    pg = psql("postgres", "SHOW server_version")
    return (
        f"{os.cpu_count()} cores (`nproc`), {model}, {kib / 1024 / 1024:.1f} GiB RAM, "
        f"Linux {platform.release()}, Python {platform.python_version()}, "
        f"PostgreSQL {pg}"
    )


def table_lines(ntm, project):
    """One markdown table: the addon's and project.task's stats per action."""
    lines = [
        "| action | addon req/s | p50 | p95 | p99 | errors "
        "| project.task req/s | p50 | p95 | p99 | errors | p95 ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: |",
    ]
    names = sorted(set(ntm) | set(project), key=lambda n: (n == "(all actions)", n))
    for name in names:
        a, b = ntm.get(name), project.get(name)
        cells = [name]
        for stats in (a, b):
            cells += (
                [
                    f"{stats['rps']:.2f}",
                    f"{stats['p50']:.0f}",
                    f"{stats['p95']:.0f}",
                    f"{stats['p99']:.0f}",
                    str(stats["errors"]),
                ]
                if stats
                else ["—"] * 5
            )
        cells.append(f"{a['p95'] / b['p95']:.2f}" if a and b and b["p95"] else "—")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def goal_lines(label, ntm, project):
    """The p95 and ratio goals on one step's stats."""
    worst = max(
        ((s["p95"], name) for name, s in ntm.items() if name != "(all actions)"),
        default=(0, "-"),
    )
    lines = [
        f"- {label}: worst addon p95 {worst[0]:.0f} ms ({worst[1]}), goal < "
        f"{GOAL_P95_MS} ms — {'met' if worst[0] < GOAL_P95_MS else 'NOT met'}"
    ]
    a, b = ntm.get("(all actions)"), project.get("(all actions)")
    if a and b and b["p95"]:
        ratio = a["p95"] / b["p95"]
        lines.append(
            f"- {label}: p95 of all actions, addon / project.task {ratio:.2f}, "
            f"goal ≤ {GOAL_RATIO} — {'met' if ratio <= GOAL_RATIO else 'NOT met'}"
        )
    return lines


def report(results, steps, wait, settle):
    lines = []
    last = len(steps) - 1
    ntm, project = results["ntm"]["table"], results["project"]["table"]
    for step, (users, seconds) in enumerate(steps):
        lines.append(f"\n**{users} users** ({seconds} s):\n")
        for system in SYSTEMS:
            m = results[system]["machine"][step]
            lines.append(
                f"- {system}: load average {m['load']:.1f}, CPU busy "
                f"{m['busy']:.2f} of 2 cores: the Odoo server {m['odoo']:.2f}, "
                f"PostgreSQL (all databases) {m['pg']:.2f}, Locust "
                f"{m['locust']:.2f}, others the rest"
            )
        lines.append("")
        lines += table_lines(ntm.get(step, {}), project.get(step, {}))
    users = steps[last][0]
    steady = {s: results[s]["steady"].get(last, {}) for s in SYSTEMS}
    lines.append(
        f"\n**{users} users, from {settle} s after the step began** (its new "
        "users have joined and logged in):\n"
    )
    lines += table_lines(steady["ntm"], steady["project"])
    lines.append(
        f"\nTimes in ms, each action as its user waits for it (all its RPCs); "
        f"think time {wait[0]:g}–{wait[1]:g} s between a user's actions."
    )
    ok = True
    errors = sum(
        stats["errors"]
        for system in (ntm, project)
        for step_stats in system.values()
        for name, stats in step_stats.items()
        if name != "(all actions)"
    )
    logins = sum(results[s]["counts"].get("failed_logins", 0) for s in SYSTEMS)
    errors += logins
    lines.append(f"\nFailed logins (retried): {logins}.")
    lines.append(
        "Connections dropped at a full accept queue (kernel's ListenOverflows, "
        "machine-wide; Odoo listens with 8 x workers = 16): "
        + ", ".join(f"{s} {results[s]['overflows']}" for s in SYSTEMS)
        + "."
    )
    lines.append(f"\nGoals at {users} users:")
    lines.append(
        f"- errors (all steps, both systems, logins included): {errors} (goal 0) "
        f"— {'met' if not errors else 'NOT met'}"
    )
    lines += goal_lines("whole step", ntm.get(last, {}), project.get(last, {}))
    lines += goal_lines(f"from {settle} s on", steady["ntm"], steady["project"])
    lines.append("\nDatabase against the clients:\n")
    lines.append("| system | count | clients | database | |")
    lines.append("| --- | --- | ---: | ---: | --- |")
    for system in SYSTEMS:
        for label, clients, database in results[system]["checks"]:
            same = clients == database
            ok &= same
            lines.append(
                f"| {system} | {label} | {clients} | {database} "
                f"| {'OK' if same else 'MISMATCH'} |"
            )
    for system in SYSTEMS:
        for step, step_stats in results[system]["table"].items():
            for name, stats in step_stats.items():
                if stats["errors"] and name != "(all actions)":
                    lines.append(
                        f"- {system}, {steps[step][0]} users, {name}: "
                        f"{stats['errors']} errors, first: "
                        f"{(stats['first_error'] or '')[:300]}"
                    )
    return "\n".join(lines), ok and not errors


class Sampler(threading.Thread):
    """Every 5 s: the machine's load average and busy CPU, and the CPU time
    of the Odoo node's processes (master, workers, cron, gevent), of
    PostgreSQL (every database: the cluster is shared) and of Locust: how
    much of the 2 cores the server had (the machine is shared)."""

    def __init__(self, prod):
        super().__init__(daemon=True)
        self.prod, self.rows, self.stopping = prod, [], threading.Event()
        self.tick = os.sysconf("SC_CLK_TCK")
        self.locust_pid = None

    def _cpu(self, pids):
        """{pid: CPU seconds so far}: a delta is taken over the processes
        present at both ends (PostgreSQL backends come and go)."""
        result = {}
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            result[pid] = (int(fields[11]) + int(fields[12])) / self.tick
        return result

    @staticmethod
    def _postgres():
        pids = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/comm", encoding="utf-8") as fh:
                    if fh.read().strip() == "postgres":
                        pids.append(pid)
            except OSError:
                continue
        return pids

    @staticmethod
    def _busy():
        with open("/proc/stat", encoding="utf-8") as fh:
            values = [int(v) for v in fh.readline().split()[1:]]
        idle = values[3] + values[4]
        return sum(values) - idle, sum(values)

    def sample(self):
        busy, total = self._busy()
        return (
            time.monotonic(),
            os.getloadavg()[0],
            self._cpu(self.prod.pids().get("node1", [])),
            self._cpu(self._postgres()),
            self._cpu([self.locust_pid] if self.locust_pid else []),
            busy,
            total,
        )

    def run(self):
        while not self.stopping.is_set():
            self.rows.append(self.sample())
            self.stopping.wait(5)

    def per_step(self, steps):
        """[{load, busy, odoo, postgres, locust}] per step (cores used)."""
        result = []
        begin = self.rows[0][0] if self.rows else 0
        for _users, seconds in steps:
            rows = [r for r in self.rows if begin <= r[0] <= begin + seconds]
            begin += seconds
            if len(rows) < 2:
                result.append(
                    dict.fromkeys(("load", "busy", "odoo", "pg", "locust"), 0)
                )
                continue
            first, last = rows[0], rows[-1]
            wall = last[0] - first[0]

            def cores(index, first=first, last=last, wall=wall):
                # Processes that ended in between count for nothing: a
                # lower bound for PostgreSQL's short-lived backends.
                return (
                    sum(
                        cpu - first[index].get(pid, cpu)
                        for pid, cpu in last[index].items()
                    )
                    / wall
                )

            result.append(
                {
                    "load": sum(r[1] for r in rows) / len(rows),
                    "odoo": cores(2),
                    "pg": cores(3),
                    "locust": cores(4),
                    # Share of the machine's CPU time that was busy, in cores.
                    "busy": (last[5] - first[5])
                    / (last[6] - first[6])
                    * os.cpu_count(),
                }
            )
        return result


def listen_overflows():
    """The kernel's count of connections dropped because a listening
    socket's accept queue was full (machine-wide): Odoo's prefork server
    listens with a queue of 8 x workers."""
    with open("/proc/net/netstat", encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            return int(
                dict(zip(names.split(), values.split(), strict=True))["ListenOverflows"]
            )
    return 0


def run_system(system, prod, db, seed_file, run_dir, steps, wait, sampler):
    port = int(prod.url.rsplit(":", 1)[1])
    out = os.path.join(run_dir, f"{system}-samples.json")
    env = dict(
        os.environ,
        NTM_LOAD_SEED=seed_file,
        NTM_LOAD_SYSTEM=system,
        NTM_LOAD_OUT=out,
        NTM_LOAD_PORT=str(port),
        NTM_LOAD_DB=db,
        NTM_LOAD_STEPS=",".join(f"{u}:{s}" for u, s in steps),
        NTM_LOAD_WAIT=",".join(str(w) for w in wait),
    )
    total = sum(seconds for _users, seconds in steps)
    say(f"{system}: Locust, {' → '.join(str(u) for u, _s in steps)} users, {total}s")
    locust = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            os.path.join(HERE, "locustfile.py"),
            "--headless",
            "--host",
            "127.0.0.1",
            "--csv",
            os.path.join(run_dir, system),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "60",
            "--exit-code-on-error",
            "0",
        ],
        env=env,
    )
    sampler.locust_pid = locust.pid
    try:
        locust.wait(timeout=total + 300)
    except subprocess.TimeoutExpired:
        locust.kill()
        locust.wait()
    with open(out, encoding="utf-8") as fh:
        return json.load(fh)


def measure_system(system, args, seed, local, run_dir, steps, wait):
    """One system's run on a fresh copy of the template (both systems
    start from the same data), with its own server."""
    copy_template(args.db)
    say(f"{system}: the prefork server ({args.workers} workers) behind nginx")
    prod = ntm_prod.start(
        args.db,
        workers=args.workers,
        nodes=1,
        port_base=args.port_base,
        cron_threads=1,
        name="load",
        log_level="warn",
    )
    try:
        before = db_state(args.db, seed, system)
        since = psql(args.db, "SELECT now() AT TIME ZONE 'UTC'")
        sampler = Sampler(prod)
        sampler.start()
        overflows = listen_overflows()
        run = run_system(
            system, prod, args.db, seed_path(local), run_dir, steps, wait, sampler
        )
        sampler.stopping.set()
        overflows = listen_overflows() - overflows
        time.sleep(2)  # the last responses' transactions are committed
        return {
            "table": summarize(run["samples"], steps),
            "steady": summarize(run["samples"], steps, args.settle),
            "checks": check_counts(args.db, seed, system, before, since, run["counts"]),
            "counts": run["counts"],
            "machine": sampler.per_step(steps),
            "overflows": overflows,
        }
    finally:
        ntm_prod.stop(prod)
        shutil.copy(prod.logs["node1"], os.path.join(run_dir, f"{system}-odoo.log"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="ntm_load_week")
    parser.add_argument("--port-base", type=int, default=8760)
    parser.add_argument("--steps", default="15:90,30:90,50:120")
    parser.add_argument("--wait", default="2,6", help="think time range, seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument(
        "--settle",
        type=int,
        default=30,
        help="seconds of a step left out of its steady-state table",
    )
    parser.add_argument(
        "--auth",
        choices=("session", "rpc"),
        default="session",
        help="session: the web client's login and cookie (one password check a "
        "user); rpc: odoolib's uid and password in every call",
    )
    args = parser.parse_args()
    # locustfile.py reads it (run_system passes os.environ on).
    os.environ["NTM_LOAD_AUTH"] = args.auth
    steps = [tuple(int(x) for x in s.split(":")) for s in args.steps.split(",")]
    wait = tuple(float(x) for x in args.wait.split(","))
    systems = args.systems.split(",")
    for package in ("locust", "OdooLocust"):
        if importlib.util.find_spec(package) is None:
            raise SystemExit(
                f"[load] ERROR: {package} is missing: "
                "pip install -r requirements-test.txt"
            )
    try:
        ntmctl.prepare(need_wkhtmltopdf=False)
    except ntmctl.Missing as err:
        raise SystemExit(f"[load] ERROR: {err}") from err
    local = os.path.join(ntmctl.LOCAL, "load")
    run_dir = os.path.join(local, time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(run_dir, exist_ok=True)
    ensure_template(local, run_dir)
    with open(seed_path(local), encoding="utf-8") as fh:
        seed = json.load(fh)
    results = {
        system: measure_system(system, args, seed, local, run_dir, steps, wait)
        for system in systems
    }
    if set(results) != set(SYSTEMS):
        for system, result in results.items():
            print(json.dumps({system: result["checks"]}, ensure_ascii=False))
        return 0
    text, ok = report(results, steps, wait, args.settle)
    text = (
        f"Machine: {machine()}; {args.workers} workers behind nginx; "
        f"authentication: {args.auth}.\n" + text
    )
    with open(os.path.join(run_dir, "summary.md"), "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    print(text, flush=True)
    say(f"results in {run_dir}")
    say("OK" if ok else "FAILED: errors or counts differ (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
