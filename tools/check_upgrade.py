#!/usr/bin/env python3
"""Check that updating ntm_exemplar keeps the data and what an admin set, and
that uninstalling it leaves no error.

    python3 tools/check_upgrade.py -d DB [--keep-copy] [--fresh [--from-ref REF]]

With ``--from-ref REF`` (a tag or commit; ``previous-version`` for the last
commit of the version before this checkout's), ``--fresh`` creates DB with the
addon as it was at REF, from a git worktree of it (``.local/previous-
release``): step 1 runs with that release's code, step 2 updates to this
checkout's, so that the migration scripts are proven on a database of the
previous release. Every record of that release must still be there (new ones
may be added) and every record of a unit keeps its unit.

On database DB (the addon installed, with its demo data):

1. as the Odoo administrator, change thresholds and council defaults through
   Settings, the weight of a criterion and the reorganisation of a shipped
   unit; note the records of every ntm.* model (count and ids);
2. update the addon: ``python3 -m odoo -c .local/odoo.conf -d DB -u
   ntm_exemplar --stop-after-init``; its log must hold no error;
3. check that every record is still there and every change above kept, then
   put the values of step 1 back as they were;
4. on a copy of DB (``createdb -T``), uninstall the addon as the Apps screen
   does (``button_immediate_uninstall``); the log must hold no error and no
   table, model, window action or xml id of the addon may remain. The copy
   is dropped.

Exits non-zero on any difference or error. Standard library and Odoo only: the
steps that need Odoo run in child processes (``--step``), with the
configuration ``tools/ntmctl.py`` writes.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ntmctl  # the sibling tool, found through the line above

MODULE = ntmctl.MODULE
RESULT = "NTM_RESULT:"
# An Odoo log line: "2026-11-29 03:04:04,028 7450 ERROR db logger: message".
LOG_LEVEL = re.compile(r"^\d{4}-\d\d-\d\d [\d:,]+ \d+ (\w+) ")
# Settings an admin changes (step 1): field -> new value from the old one.
SETTINGS_CHANGES = {
    "ntm_district_income": lambda old: old + 5,
    "ntm_district_cultural_villages": lambda old: old + 5 if old <= 95 else old - 1,
    "ntm_quorum_numerator": lambda old: 2 if old != 2 else 3,
    "ntm_quorum_denominator": lambda old: 3 if old != 3 else 4,
    "ntm_review_reminder_days": lambda old: old + 7,
    "ntm_approval_comparison": lambda old: "at_least" if old == "more" else "more",
}
# Settings that are thresholds of the current plan's criteria.
THRESHOLD_SETTINGS = ("ntm_district_income", "ntm_district_cultural_villages")
CRITERION = "ntm_exemplar.criterion_general_movement"
# Records an update removes on purpose (migrations/): model -> xml ids.
REMOVED = {
    # 18.0.1.3.0: plans are ntm.plan records, no longer a legal text.
    "ntm.legal.text": ("ntm_exemplar.legal_text_plan_2025",),
}
# Corrections an update makes on purpose (migrations/): code -> (the
# version bringing it, {index in the criteria snapshot: corrected value}).
CORRECTIONS = {
    # 18.0.1.3.0: "đạt từ 80-85%" is a minimum of 80 %; employment and health
    # insurance are targets that rank without blocking.
    "TC.H09": ("18.0.1.3.0", {0: "number", 1: ">=", 3: 0.0}),
    "TC.H14": ("18.0.1.3.0", {5: False}),
    "TC.H15": ("18.0.1.3.0", {5: False}),
}


def say(msg):
    print(f"[check-upgrade] {msg}", flush=True)


# --------------------------------------------------------------------------
# Steps run inside Odoo (child processes)
# --------------------------------------------------------------------------


def _snapshot(env):
    """Records of every ntm.* model (count and digest of their ids), the
    addon's settings, the criteria and the reorganised shipped units."""
    from odoo.tools import SQL

    records = {}
    # The unit of every record of a unit: {model: {id: unit id}}.
    record_units = {}
    for name in sorted(env.registry):
        model = env[name]
        if not name.startswith("ntm.") or model._abstract or model._transient:
            continue
        if not model._auto:
            continue
        if "unit_id" in model._fields and model._fields["unit_id"].store:
            record_units[name] = dict(
                env.execute_query(
                    SQL(
                        "SELECT id, unit_id FROM %s ORDER BY id",
                        SQL.identifier(model._table),
                    )
                )
            )
        removed = {
            record.id
            for xmlid in REMOVED.get(name, ())
            if (record := env.ref(xmlid, raise_if_not_found=False))
        }
        ids = [
            row[0]
            for row in env.execute_query(
                SQL("SELECT id FROM %s ORDER BY id", SQL.identifier(model._table))
            )
            if row[0] not in removed
        ]
        records[name] = [len(ids), ids]
    Settings = env["res.config.settings"]
    # What the Settings screen shows: config parameters and thresholds.
    settings = Settings.default_get([f for f in Settings._fields if f[:4] == "ntm_"])
    criteria = {
        f"{criterion.id} {criterion.code}": [
            criterion.measure,
            criterion.operator,
            criterion.threshold,
            criterion.threshold_max,
            criterion.weight,
            criterion.is_mandatory,
            criterion.active,
        ]
        for criterion in env["ntm.criterion"].with_context(active_test=False).search([])
    }
    units = (
        env["ntm.unit"]
        .with_context(active_test=False)
        .search([("reorganization", "!=", "none")])
    )
    xmlids = units.get_external_id()
    reorganized = {
        xmlids[unit.id]: [unit.reorganization, unit.successor_id.complete_name or False]
        for unit in units
        if xmlids[unit.id]
    }
    return {
        "records": records,
        "settings": settings,
        "criteria": criteria,
        "units": reorganized,
        "record_units": record_units,
    }


def _shipped_unit(env):
    """A shipped city agency in operation that no reform changes, the last
    created (the admin dissolves it in step 1)."""
    data = env["ir.model.data"].search(
        [("module", "=", MODULE), ("model", "=", "ntm.unit")]
    )
    return env["ntm.unit"].search(
        [
            ("id", "in", data.mapped("res_id")),
            ("unit_type", "=", "department"),
            ("reorganization", "=", "none"),
            ("name", "not like", "Sở Nông nghiệp%"),
            ("name", "not like", "Ban Tuyên giáo%"),
        ],
        order="id desc",
        limit=1,
    )


def _keeps_criteria(plans):
    """Whether one of `plans` has decided dossiers: from 18.0.1.3.0 on, its
    criteria no longer change, and no admin changes them."""
    return bool(plans) and bool(plans._decided_dossiers())


def _changeable_criterion(env):
    """CRITERION, or when its plan keeps its criteria, a criterion of the
    newest plan that still changes; None when every plan keeps them."""
    criterion = env.ref(CRITERION)
    if "ntm.plan" not in env or not _keeps_criteria(criterion.plan_id):
        return criterion
    for plan in env["ntm.plan"].search([], order="year_from desc"):
        if plan.criterion_ids and not _keeps_criteria(plan):
            return plan.criterion_ids[:1]
    return None


def _apply(env, settings, weight, unit_xmlid, reorganization, admin=None):
    admin = admin or env.ref("base.user_admin")
    env["res.config.settings"].with_user(admin).create(settings).execute()
    if weight:
        criterion_id, value = weight
        env["ntm.criterion"].browse(criterion_id).with_user(admin).weight = value
    unit = env.ref(unit_xmlid).with_user(admin)
    values = {"reorganization": reorganization}
    if reorganization == "none" and "valid_until" in unit._fields:
        values["valid_until"] = False
    unit.write(values)


def step_mark(env, _payload):
    """Step 1: the changes an admin makes; returns what was there before.
    Thresholds and a weight are changed where an admin may: not on a plan
    whose dossiers are decided (the demo's current plan, from 18.0.1.3.0)."""
    before = _snapshot(env)
    old = before["settings"]
    locked = "ntm.plan" in env and _keeps_criteria(env["ntm.plan"]._current())
    changes = {
        field: change
        for field, change in SETTINGS_CHANGES.items()
        if field in old and not (locked and field in THRESHOLD_SETTINGS)
    }
    criterion = _changeable_criterion(env)
    unit = _shipped_unit(env)
    xmlid = unit.get_external_id()[unit.id]
    originals = {
        "settings": {field: old[field] for field in changes},
        "weight": criterion and [criterion.id, criterion.weight],
        "unit": xmlid,
        "reorganization": unit.reorganization,
    }
    _apply(
        env,
        {field: change(old[field]) for field, change in changes.items()},
        criterion and [criterion.id, criterion.weight + 2],
        xmlid,
        "dissolved",
    )
    env.flush_all()
    return {"originals": originals, "marked": _snapshot(env)}


def step_snapshot(env, _payload):
    return _snapshot(env)


def step_restore(env, originals):
    """Step 3, last: put back what step 1 changed. The shipped plan has
    decided dossiers by then (the demo's), whose criteria no admin changes:
    putting back the tool's own change is a correction."""
    env = env(context=dict(env.context, ntm_plan_correction=True))
    _apply(
        env,
        originals["settings"],
        originals["weight"],
        originals["unit"],
        originals["reorganization"],
        # The superuser: the correction context is honoured for it only.
        admin=env.user,
    )
    return {"restored": True}


def step_uninstall(env, _payload):
    """Step 4: uninstall as the Apps screen does, then list what remains."""
    from odoo.modules.registry import Registry

    module = env["ir.module.module"].search([("name", "=", MODULE)])
    module.button_immediate_uninstall()
    with Registry(env.cr.dbname).cursor() as cr:
        cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [MODULE])
        state = cr.fetchone()[0]
        cr.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename LIKE %s ORDER BY tablename",
            [r"ntm\_%"],
        )
        tables = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT model FROM ir_model WHERE model LIKE %s", ["ntm.%"])
        models = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT count(*) FROM ir_model_data WHERE module = %s", [MODULE])
        xmlids = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*) FROM ir_act_window WHERE res_model LIKE %s", ["ntm.%"]
        )
        actions = cr.fetchone()[0]
    return {
        "state": state,
        "tables": tables,
        "models": models,
        "xmlids": xmlids,
        "actions": actions,
    }


STEPS = {
    "mark": step_mark,
    "snapshot": step_snapshot,
    "restore": step_restore,
    "uninstall": step_uninstall,
}


def run_step(args):
    """Inside a child process: open database `args.db` and run one step; its
    result goes to stdout as one JSON line, Odoo's log to stderr."""
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.db, f"--log-level={args.log_level}"],
        setup_logging=True,
    )
    payload = json.load(sys.stdin) if args.step == "restore" else None
    with Registry(args.db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        result = STEPS[args.step](env, payload)
    sys.stdout.write(RESULT + json.dumps(result, default=str) + "\n")
    return 0


# --------------------------------------------------------------------------
# The check (parent process)
# --------------------------------------------------------------------------


def child(step, db, log, payload=None, log_level="warn", conf=None):
    """Run `step` on `db` in a child process; its log goes to file `log`; the
    configuration `conf` (this checkout's by default) names the addon's code."""
    with open(log, "w", encoding="utf-8") as fh:
        res = subprocess.run(
            [
                ntmctl.PYTHON,
                os.path.abspath(__file__),
                "--step",
                step,
                "-c",
                conf or ntmctl.CONF,
                "-d",
                db,
                "--log-level",
                log_level,
            ],
            input=json.dumps(payload) if payload is not None else "",
            stdout=subprocess.PIPE,
            stderr=fh,
            text=True,
            env=ntmctl.odoo_env(),
            check=False,
        )
    lines = [line for line in res.stdout.splitlines() if line.startswith(RESULT)]
    if res.returncode or not lines:
        sys.stdout.write(tail(log))
        raise SystemExit(f"[check-upgrade] step '{step}' failed (log: {log})")
    return json.loads(lines[-1][len(RESULT) :])


def tail(path, count=40):
    with open(path, encoding="utf-8", errors="replace") as fh:
        return "".join(fh.readlines()[-count:])


def log_problems(path):
    """The errors of an Odoo log (level ERROR or CRITICAL, tracebacks), one
    line each with how often it occurs; a refused query by its PostgreSQL
    message."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        lines = fh.read().splitlines()
    found = Counter()
    for index, line in enumerate(lines):
        match = LOG_LEVEL.match(line)
        if match and match.group(1) in ("ERROR", "CRITICAL"):
            text = line[match.end() :].split(" ", 1)[-1]
            detail = next(
                (nxt for nxt in lines[index + 1 : index + 4] if nxt[:6] == "ERROR:"),
                None,
            )
            if "bad query" in text and detail:
                text = f"odoo.sql_db: query refused: {detail[6:].strip()}"
            found[text[:300]] += 1
        elif line.startswith("Traceback"):
            last = next(
                (nxt for nxt in lines[index + 1 :] if nxt and not nxt[0].isspace()),
                "?",
            )
            found[f"traceback: {last[:300]}"] += 1
    return [
        f"{text} ({count} times)" if count > 1 else text
        for text, count in found.items()
    ]


def compare(label, expected, actual):
    """Differences between two dicts of the snapshot, one line each."""
    diffs = []
    for key in sorted(set(expected) | set(actual)):
        old, new = expected.get(key), actual.get(key)
        if old != new:
            diffs.append(f"{label} {key}: before {old!r}, after {new!r}")
    return diffs


def corrected(criteria):
    """The criteria snapshot as the update's own corrections leave it."""
    result = {}
    for key, snapshot in criteria.items():
        values = list(snapshot)
        _version, changes = CORRECTIONS.get(key.split(" ", 1)[1], (None, {}))
        for index, value in changes.items():
            values[index] = value
        result[key] = values
    return result


def compare_records(before, after):
    """Every record noted before is still there, and every record of a unit
    keeps its unit; records the update adds are counted, not refused."""
    problems = []
    added = 0
    for name, (_count, ids) in sorted(before["records"].items()):
        now = set(after["records"].get(name, [0, []])[1])
        lost = [i for i in ids if i not in now]
        if lost:
            problems.append(f"records {name}: {len(lost)} lost, e.g. ids {lost[:5]}")
        added += len(now) - (len(ids) - len(lost))
    for name, units in sorted(before["record_units"].items()):
        now = after["record_units"].get(name, {})
        moved = [i for i, unit in units.items() if i in now and now[i] != unit]
        if moved:
            problems.append(
                f"units {name}: {len(moved)} records changed unit, e.g. ids {moved[:5]}"
            )
    say(
        f"    {sum(count for count, _ids in before['records'].values())} records "
        f"kept with their units; {added} added by the update"
    )
    return problems


def check_update(db, logdir, conf=None):
    say(f"step 1: an admin changes settings, a criterion and a unit on '{db}'")
    marked = child(
        "mark", db, os.path.join(logdir, "check-upgrade-mark.log"), conf=conf
    )
    originals, before = marked["originals"], marked["marked"]
    for field, old in originals["settings"].items():
        say(f"    {field}: {old!r} -> {before['settings'][field]!r}")
    if originals["weight"]:
        criterion_id, weight = originals["weight"]
        say(f"    weight of criterion {criterion_id}: {weight} -> {weight + 2}")
    else:
        say("    every plan has decided dossiers: no criterion weight changed")
    say(
        f"    records of {len(before['records'])} ntm.* models noted "
        f"({sum(count for count, _ids in before['records'].values())} records)"
    )
    log = os.path.join(logdir, "check-upgrade-update.log")
    say(f"step 2: updating {MODULE} (log: {log})")
    rc = ntmctl.run_odoo(
        "-d", db, "-u", MODULE, "--stop-after-init", "--no-http", log=log, check=False
    )
    problems = [f"the update exited with {rc}"] if rc else []
    problems += log_problems(log)
    say("step 3: comparing after the update")
    try:
        after = child("snapshot", db, os.path.join(logdir, "check-upgrade-after.log"))
        problems += compare_records(before, after)
        # A setting the new version drops or adds is no admin's value lost.
        shared = before["settings"].keys() & after["settings"].keys()
        problems += compare(
            "settings",
            {key: before["settings"][key] for key in shared},
            {key: after["settings"][key] for key in shared},
        )
        problems += compare(
            "criteria", corrected(before["criteria"]), after["criteria"]
        )
        # The admin's reorganisation is kept (the update may add the reform's).
        problems += compare(
            "units",
            before["units"],
            {key: after["units"].get(key) for key in before["units"]},
        )
    finally:
        restore_log = os.path.join(logdir, "check-upgrade-restore.log")
        child("restore", db, restore_log, originals)
        say("    the values changed in step 1 are put back")
    return problems


def check_uninstall(db, logdir, keep_copy):
    copy = f"{db}_uninstall_check"
    say(f"step 4: uninstalling {MODULE} on a copy, '{copy}'")
    if ntmctl.db_exists(copy):
        ntmctl.drop_db(copy)
    res = subprocess.run(
        ["createdb", "-T", db, copy],
        env=ntmctl.odoo_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if res.returncode:
        return [
            f"createdb -T {db} {copy} failed ({res.stderr.strip()}): is a server "
            f"still connected to '{db}'?"
        ]
    filestore = os.path.join(ntmctl.DATA_DIR, "filestore")
    if os.path.isdir(os.path.join(filestore, db)):
        shutil.copytree(os.path.join(filestore, db), os.path.join(filestore, copy))
    log = os.path.join(logdir, "check-upgrade-uninstall.log")
    try:
        left = child("uninstall", copy, log, log_level="info")
    finally:
        if not keep_copy:
            ntmctl.drop_db(copy)
    problems = log_problems(log)
    if left["state"] != "uninstalled":
        problems.append(f"the module is '{left['state']}' after uninstalling")
    for key in ("tables", "models"):
        if left[key]:
            problems.append(f"{key} left after uninstalling: {left[key]}")
    for key in ("xmlids", "actions"):
        if left[key]:
            problems.append(f"{left[key]} {key} left after uninstalling")
    say(f"    log: {log}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-d", "--db", required=True, help="database to check")
    parser.add_argument(
        "--keep-copy", action="store_true", help="keep the uninstalled copy"
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="create the database first (addon, demo data, Vietnamese) and drop it "
        "afterwards: what CI runs",
    )
    parser.add_argument(
        "--from-ref",
        help="with --fresh: create the database from this git tag or commit of the "
        "addon (last-tag: the newest 18.0.* tag), then update it to this checkout",
    )
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("-c", "--config", help=argparse.SUPPRESS)
    parser.add_argument("--log-level", default="warn", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        return run_step(args)
    try:
        ntmctl.prepare(need_wkhtmltopdf=False)
    except ntmctl.Missing as err:
        print(f"[check-upgrade] ERROR: {err}", file=sys.stderr, flush=True)
        return 2
    logdir = os.path.join(ntmctl.LOCAL, "log")
    os.makedirs(logdir, exist_ok=True)
    conf = None
    if args.from_ref and not args.fresh:
        print("[check-upgrade] ERROR: --from-ref needs --fresh", file=sys.stderr)
        return 2
    if args.fresh:
        ntmctl.drop_db(args.db)
        if args.from_ref:
            conf = previous_release(args.from_ref)
        say(f"creating '{args.db}' with the addon and its demo data")
        ntmctl.install(
            args.db, log=os.path.join(logdir, "check-upgrade-install.log"), conf=conf
        )
    try:
        return check(args, logdir, conf)
    finally:
        if args.fresh:
            ntmctl.drop_db(args.db)


def _manifest_version(text):
    match = re.search(r"[\"']version[\"']\s*:\s*[\"']([^\"']+)", text)
    return match.group(1) if match else None


def previous_version_commit(root):
    """The newest commit whose manifest names another version than this
    checkout's: the last state of the previous release."""
    with open(os.path.join(root, "__manifest__.py"), encoding="utf-8") as fh:
        current = _manifest_version(fh.read())
    commits = subprocess.run(
        ["git", "-C", root, "log", "--format=%H", "--", "__manifest__.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    bump = None  # the oldest commit at this version, once found
    for commit in commits:
        text = subprocess.run(
            ["git", "-C", root, "show", f"{commit}:__manifest__.py"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if _manifest_version(text) != current:
            # The commit before the bump; HEAD when the bump is not committed.
            return f"{bump}^" if bump else "HEAD"
        bump = commit
    raise SystemExit(f"[check-upgrade] no commit of a version other than {current}")


def previous_release(ref):
    """A git worktree of the addon at `ref` and an Odoo configuration that
    loads it instead of this checkout; returns the configuration's path."""
    root = ntmctl.ROOT
    if ref == "previous-version":
        ref = previous_version_commit(root)
    # Outside the checkout: Odoo's translation export walks the addon's
    # folder and would take the old release's terms as the addon's own.
    worktree = ntmctl.ADDONS_DIR + "-previous-release"
    subprocess.run(
        ["git", "-C", root, "worktree", "remove", "--force", worktree],
        capture_output=True,
        check=False,
    )
    shutil.rmtree(worktree, ignore_errors=True)
    subprocess.run(["git", "-C", root, "worktree", "prune"], check=True)
    subprocess.run(
        ["git", "-C", root, "worktree", "add", "--detach", "--quiet", worktree, ref],
        check=True,
    )
    addons = ntmctl.ADDONS_DIR + "-previous-release-addons"
    os.makedirs(addons, exist_ok=True)
    link = os.path.join(addons, MODULE)
    if os.path.lexists(link):
        os.unlink(link)
    os.symlink(worktree, link)
    with open(ntmctl.CONF, encoding="utf-8") as fh:
        lines = [
            f"addons_path = {addons}" if line.startswith("addons_path") else line
            for line in fh.read().splitlines()
        ]
    conf = os.path.join(ntmctl.LOCAL, "previous-release.conf")
    with open(conf, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    version = subprocess.run(
        ["git", "-C", root, "log", "-1", "--format=%h %s", ref],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    say(f"previous release: {ref} ({version}) in {worktree}")
    return conf


def check(args, logdir, conf=None):
    if not ntmctl.db_exists(args.db) or not ntmctl.module_installed(args.db):
        print(
            f"[check-upgrade] ERROR: database '{args.db}' does not exist or has no "
            f"{MODULE} installed: create it with `python3 tools/ntmctl.py test --keep "
            f"--db {args.db}` or `make demo`.",
            file=sys.stderr,
            flush=True,
        )
        return 2
    problems = check_update(args.db, logdir, conf)
    problems += check_uninstall(args.db, logdir, args.keep_copy)
    for problem in problems:
        say(f"PROBLEM: {problem}")
    if problems:
        say(f"FAILED: {len(problems)} problems")
        return 1
    say("OK: the update kept every record and every change; the uninstall is clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
