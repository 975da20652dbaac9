#!/usr/bin/env python3
"""Developer tooling for the ntm_exemplar addon: ``make demo``, ``make test``.

Standard library only: it must be able to say clearly what is missing on a
machine where Odoo itself is not installed yet.

Layout it manages: ``/tmp/ntm-addons-<uid>-<hash>/ntm_exemplar``, a link to
the checkout, so Odoo sees the addon under its technical name whatever the
folder of the clone is called; and under ``.local/`` (ignored by git):

- ``odoo.conf``: the Odoo configuration used by every command;
- ``data/``: Odoo's data dir (filestores, sessions);
- ``pg/``: a private PostgreSQL cluster, only when run as a normal user.
"""

import argparse
import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOCAL = os.path.join(ROOT, ".local")
# The addons folder holding the link lives outside the checkout: inside it,
# Odoo's file walkers (translation export) would follow the link back into
# the checkout without end.
ADDONS_DIR = os.path.join(
    "/tmp", f"ntm-addons-{os.getuid()}-{zlib.crc32(ROOT.encode()):08x}"
)
MODULE = "ntm_exemplar"
MODULE_LINK = os.path.join(ADDONS_DIR, MODULE)
CONF = os.path.join(LOCAL, "odoo.conf")
DATA_DIR = os.path.join(LOCAL, "data")
PG_DIR = os.path.join(LOCAL, "pg")
PG_DATA = os.path.join(PG_DIR, "data")
PG_SOCKET = os.path.join(PG_DIR, "run")
if len(PG_SOCKET) > 80:
    # A Unix socket path is limited to about 107 bytes: deep checkouts keep
    # theirs in /tmp, one folder per checkout.
    PG_SOCKET = os.path.join(
        "/tmp", f"ntm-pg-{os.getuid()}-{zlib.crc32(ROOT.encode()):08x}"
    )
PYTHON = os.environ.get("PYTHON") or sys.executable
DEMO_DB = "ntm_demo"
DEMO_PORT = 8069
LANG = "vi_VN"
TOUR_GLOB = "test_tour*.py"
TOUR_TAG = "ntm_tour"
PREFORK_TIMEOUT = 600  # seconds; the prefork smoke takes well under a minute

# Demo logins (password = login), created by data/..._demo.xml.
DEMO_LOGINS = [
    ("admin", "admin", "Odoo administrator"),
    ("ntm.admin", "ntm.admin", "Quản trị (admin of the addon)"),
    ("ntm.coordinator", "ntm.coordinator", "Văn phòng Điều phối NTM"),
    ("ntm.manager", "ntm.manager", "Lãnh đạo đơn vị - Huyện Đông Anh"),
    ("ntm.officer.district", "ntm.officer.district", "Cán bộ - Huyện Đông Anh"),
    ("ntm.manager.commune", "ntm.manager.commune", "Lãnh đạo đơn vị - Xã Vân Nội"),
    ("ntm.officer", "ntm.officer", "Cán bộ - Xã Vân Nội"),
    ("ntm.council", "ntm.council", "Chủ tịch Hội đồng TĐKT huyện Đông Anh"),
    ("ntm.council2", "ntm.council2", "Phó Chủ tịch Hội đồng TĐKT"),
    ("ntm.council3", "ntm.council3", "Thư ký Hội đồng TĐKT"),
    ("ntm.council4", "ntm.council4", "Ủy viên Hội đồng TĐKT"),
    ("ntm.council5", "ntm.council5", "Ủy viên Hội đồng TĐKT (Xã Vân Nội)"),
]


class Missing(Exception):
    """A prerequisite is missing: the message says what and how to get it."""


def say(msg):
    print(f"[ntm] {msg}", flush=True)


# --------------------------------------------------------------------------
# Prerequisites
# --------------------------------------------------------------------------


def odoo_env():
    """Environment for every Python/Odoo subprocess (ODOO_PATH on PYTHONPATH)."""
    env = dict(os.environ)
    odoo_path = os.environ.get("ODOO_PATH")
    if odoo_path:
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (os.path.abspath(odoo_path), env.get("PYTHONPATH")) if p
        )
    if is_private_pg():
        env["PGHOST"] = PG_SOCKET
    return env


def check_odoo():
    odoo_path = os.environ.get("ODOO_PATH")
    if odoo_path and not os.path.isfile(os.path.join(odoo_path, "odoo", "__init__.py")):
        raise Missing(
            f"ODOO_PATH={odoo_path} is not an Odoo source tree (no odoo/__init__.py "
            "there): point it at the folder that holds setup.py and odoo/."
        )
    # The whole package, not only odoo.release: its own requirements must be there.
    probe = (
        "import odoo, odoo.release as r, sys; "
        "sys.stdout.write('%d %s' % (r.version_info[0], r.version))"
    )
    res = subprocess.run(
        [PYTHON, "-c", probe],
        env=odoo_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if res.returncode:
        lines = res.stderr.strip().splitlines()
        why = f" ({lines[-1]})" if lines else ""
        raise Missing(
            f"Odoo 18 is not importable by {PYTHON}{why}: install Odoo 18.0 community "
            "and its requirements (README.md, 'Installing Odoo 18') or set ODOO_PATH "
            "to an Odoo 18 source tree."
        )
    major, version = res.stdout.split(" ", 1)
    if major != "18":
        raise Missing(
            f"Odoo {version} found, but this addon needs Odoo 18.0: install Odoo 18.0 "
            "community (README.md) or set ODOO_PATH to an Odoo 18 source tree."
        )
    return version


def check_wkhtmltopdf():
    if not shutil.which("wkhtmltopdf"):
        raise Missing(
            "wkhtmltopdf is missing: install wkhtmltopdf 0.12.6 "
            "(Debian/Ubuntu: apt-get install wkhtmltopdf), Odoo prints PDFs with it."
        )


def check_document_font():
    """The documents' font (static/src/scss/ntm_report.scss): without it,
    wkhtmltopdf mixes fonts for Vietnamese letters."""
    found = (
        subprocess.run(
            ["fc-list", "Tinos"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if shutil.which("fc-list")
        else ""
    )
    if not found:
        raise Missing(
            "the font Tinos is missing: install it (Debian/Ubuntu: apt-get install "
            "fonts-croscore); the PDF documents are printed in it."
        )


def chromium_path():
    for name in (
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ):
        path = shutil.which(name)
        if path:
            return path
    return None


# --------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------


def is_root():
    return os.geteuid() == 0


def is_external_pg():
    """PGHOST set by the caller: use that server as it is, manage nothing."""
    return bool(os.environ.get("PGHOST")) and not os.environ.get("NTM_PG_MANAGED")


def is_private_pg():
    return not is_root() and not is_external_pg()


def pg_bindir():
    """Folder of the PostgreSQL server binaries (Debian keeps them off PATH)."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0,
        reverse=True,
    )
    for path in candidates:
        if os.path.isfile(os.path.join(path, "postgres")):
            return path
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return os.path.dirname(pg_ctl)
    return None


def missing_pg_server():
    return Missing(
        "The PostgreSQL server is missing: install PostgreSQL 13 or newer "
        "(Debian/Ubuntu: apt-get install postgresql)."
    )


def psql_ok(env):
    if not shutil.which("psql"):
        raise Missing(
            "The PostgreSQL client (psql) is missing: install PostgreSQL 13 or newer "
            "(Debian/Ubuntu: apt-get install postgresql)."
        )
    res = subprocess.run(
        ["psql", "-d", "postgres", "-tAc", "select 1"],
        check=False,
        env=env,
        capture_output=True,
        text=True,
    )
    return res.returncode == 0


def ensure_system_cluster():
    """As root: start the system cluster and give root a superuser role."""
    if not shutil.which("pg_lsclusters"):
        # Not a Debian-like system: rely on a server already running.
        if psql_ok(odoo_env()):
            return
        raise missing_pg_server()
    clusters = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    clusters = [line.split() for line in clusters if line.strip()]
    if not clusters:
        if not pg_bindir():
            raise missing_pg_server()
        version = os.path.basename(os.path.dirname(pg_bindir()))
        say(f"creating PostgreSQL {version} cluster 'main'")
        subprocess.run(
            ["pg_createcluster", version, "main"], check=True, stdout=subprocess.DEVNULL
        )
        clusters = [[version, "main", "5432", "down"]]
    version, name, _port, status = clusters[0][:4]
    if status != "online":
        say(f"starting PostgreSQL {version}/{name}")
        subprocess.run(["pg_ctlcluster", version, name, "start"], check=True)
    role = subprocess.run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            "psql",
            "-tAc",
            "select 1 from pg_roles where rolname = 'root'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if role != "1":
        say("creating PostgreSQL superuser role 'root'")
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                "psql",
                "-qc",
                "CREATE ROLE root SUPERUSER LOGIN",
            ],
            check=True,
        )


def ensure_private_cluster():
    """As a normal user: a cluster of our own under .local/pg, Unix socket only."""
    bindir = pg_bindir()
    if not bindir:
        raise missing_pg_server()
    os.makedirs(PG_SOCKET, exist_ok=True)
    if not os.path.isfile(os.path.join(PG_DATA, "PG_VERSION")):
        say(f"creating a private PostgreSQL cluster in {PG_DATA}")
        subprocess.run(
            [
                os.path.join(bindir, "initdb"),
                "-D",
                PG_DATA,
                "-U",
                os.environ.get("USER") or "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    status = subprocess.run(
        [os.path.join(bindir, "pg_ctl"), "-D", PG_DATA, "status"],
        check=False,
        capture_output=True,
        text=True,
    )
    if status.returncode != 0:
        say("starting the private PostgreSQL cluster")
        subprocess.run(
            [
                os.path.join(bindir, "pg_ctl"),
                "-D",
                PG_DATA,
                "-w",
                "-l",
                os.path.join(PG_DIR, "postgresql.log"),
                "-o",
                f"-k {PG_SOCKET} -c listen_addresses=''",
                "start",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )


def ensure_postgres():
    if is_external_pg():
        pass
    elif is_root():
        ensure_system_cluster()
    else:
        ensure_private_cluster()
    if not psql_ok(odoo_env()):
        raise Missing(
            "PostgreSQL does not answer: start the server (root: pg_ctlcluster "
            "<version> main start) or set PGHOST/PGUSER/PGPASSWORD for an existing one."
        )


# --------------------------------------------------------------------------
# Odoo configuration and commands
# --------------------------------------------------------------------------


def write_conf():
    os.makedirs(ADDONS_DIR, exist_ok=True)
    os.makedirs(DATA_DIR, exist_ok=True)
    if os.path.islink(MODULE_LINK) and os.readlink(MODULE_LINK) != ROOT:
        os.unlink(MODULE_LINK)
    if not os.path.lexists(MODULE_LINK):
        os.symlink(ROOT, MODULE_LINK)
    lines = [
        "[options]",
        f"addons_path = {ADDONS_DIR}",
        f"data_dir = {DATA_DIR}",
        "admin_passwd = admin",
        "list_db = True",
        "proxy_mode = False",
    ]
    env = os.environ
    if is_private_pg():
        lines.append(f"db_host = {PG_SOCKET}")
    elif is_external_pg():
        lines.append(f"db_host = {env['PGHOST']}")
        for key, var in (
            ("db_port", "PGPORT"),
            ("db_user", "PGUSER"),
            ("db_password", "PGPASSWORD"),
        ):
            if env.get(var):
                lines.append(f"{key} = {env[var]}")
    with open(CONF, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return CONF


def odoo_cmd(*args, conf=None):
    return [PYTHON, "-m", "odoo", "-c", conf or CONF, *args]


def run_odoo(*args, log=None, check=True, conf=None):
    """Run an Odoo command; its log goes to `log` (a path) when given, its
    configuration is `conf` (this checkout's by default)."""
    cmd = odoo_cmd(*args, conf=conf)
    if log:
        with open(log, "w", encoding="utf-8") as fh:
            res = subprocess.run(
                cmd, check=False, env=odoo_env(), stdout=fh, stderr=subprocess.STDOUT
            )
    else:
        res = subprocess.run(cmd, check=False, env=odoo_env())
    if check and res.returncode:
        if log:
            with open(log, encoding="utf-8") as fh:
                tail = fh.readlines()[-40:]
            sys.stdout.write("".join(tail))
        raise SystemExit(f"[ntm] odoo {' '.join(args)} failed (exit {res.returncode})")
    return res.returncode


def db_exists(name):
    res = subprocess.run(
        [
            "psql",
            "-d",
            "postgres",
            "-tAc",
            f"select 1 from pg_database where datname = '{name}'",
        ],
        env=odoo_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return res.stdout.strip() == "1"


def module_installed(db):
    res = subprocess.run(
        [
            "psql",
            "-d",
            db,
            "-tAc",
            f"select state from ir_module_module where name = '{MODULE}'",
        ],
        check=False,
        env=odoo_env(),
        capture_output=True,
        text=True,
    )
    return res.returncode == 0 and res.stdout.strip() == "installed"


def set_base_url(db, url):
    """Odoo takes its base URL from the port the database was created with
    (a free port, for installing): documents printed by wkhtmltopdf fetch
    their styles from it, so it is set to where the database is served."""
    subprocess.run(
        ["psql", "-d", db, "-q", "-v", "ON_ERROR_STOP=1", "-v", f"url={url}"],
        # Variables are interpolated in psql's input, not in -c.
        input="UPDATE ir_config_parameter SET value = :'url' "
        "WHERE key = 'web.base.url';\n",
        text=True,
        env=odoo_env(),
        check=True,
    )


def drop_db(name):
    subprocess.run(["dropdb", "--if-exists", name], env=odoo_env(), check=True)
    shutil.rmtree(os.path.join(DATA_DIR, "filestore", name), ignore_errors=True)


def install(db, log=None, conf=None):
    """Create `db` with the addon, its demo data and Vietnamese."""
    run_odoo(
        "-d",
        db,
        "-i",
        MODULE,
        f"--load-language={LANG}",
        "--stop-after-init",
        "--http-port",
        str(free_port()),
        log=log,
        conf=conf,
    )


def free_port():
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(need_wkhtmltopdf=True):
    version = check_odoo()
    if need_wkhtmltopdf:
        check_wkhtmltopdf()
        check_document_font()
    ensure_postgres()
    write_conf()
    return version


# --------------------------------------------------------------------------
# Subcommands
# --------------------------------------------------------------------------


def cmd_check(args):
    version = check_odoo()
    say(f"Odoo {version} is importable")
    if not args.odoo_only:
        check_wkhtmltopdf()
        check_document_font()
        ensure_postgres()
        say("PostgreSQL answers, wkhtmltopdf and the documents' font are installed")
    return 0


def print_logins(url):
    say(f"Odoo serves database '{DEMO_DB}' on {url}")
    say("demo logins (password = login):")
    for login, _password, role in DEMO_LOGINS:
        print(f"    {login:<18} {role}", flush=True)


def cmd_demo(args):
    prepare()
    prepare_demo_db(f"http://localhost:{args.port}")
    print_logins(f"http://localhost:{args.port}")
    if args.no_serve:
        return 0
    os.execvpe(
        PYTHON,
        odoo_cmd(
            "-d", DEMO_DB, "--db-filter", f"^{DEMO_DB}$", "--http-port", str(args.port)
        ),
        odoo_env(),
    )


def prepare_demo_db(url):
    """Create `ntm_demo` (demo data, Vietnamese) or update the addon in it;
    its base URL is `url`, where it is served."""
    os.makedirs(os.path.join(LOCAL, "log"), exist_ok=True)
    log = os.path.join(LOCAL, "log", "demo-update.log")
    if db_exists(DEMO_DB) and module_installed(DEMO_DB):
        say(f"reusing database '{DEMO_DB}', updating {MODULE}")
        # --i18n-overwrite: a changed vi.po must show in a reused database too.
        run_odoo(
            "-d",
            DEMO_DB,
            "-u",
            MODULE,
            "--i18n-overwrite",
            "--stop-after-init",
            "--http-port",
            str(free_port()),
            log=log,
        )
    else:
        if db_exists(DEMO_DB):
            say(f"database '{DEMO_DB}' exists without {MODULE}: installing it")
        else:
            say(f"creating database '{DEMO_DB}' with {MODULE}, demo data and {LANG}")
        install(DEMO_DB, log=log)
    set_base_url(DEMO_DB, url)


def cmd_serve(args):
    """Serve a database: threaded, the way `make demo` does (used by tests),
    or with --workers as production does (tools/ntm_prod.py)."""
    if args.workers is not None:
        return serve_production(args)
    prepare(need_wkhtmltopdf=False)
    os.execvpe(
        PYTHON,
        odoo_cmd(
            "-d",
            args.db,
            "--db-filter",
            f"^{args.db}$",
            "--http-port",
            str(args.port),
            "--max-cron-threads",
            "0",
        ),
        odoo_env(),
    )


def serve_production(args):
    """Prefork nodes behind nginx on `args.db` (ntm_demo: prepared as `make
    demo` does), until Ctrl+C."""
    import ntm_prod  # here: it imports this module

    prepare(need_wkhtmltopdf=args.db == DEMO_DB)
    ntm_prod.check()
    workers = ntm_prod.workers_for() if args.workers == "auto" else args.workers
    if not isinstance(workers, int) and not str(workers).isdigit():
        raise Missing(f"--workers takes a number or 'auto', not {workers!r}")
    workers = int(workers)
    if workers < 1 or args.nodes < 1:
        raise Missing("--workers and --nodes take a number of at least 1 (or auto)")
    url = f"http://{ntm_prod.HOST}:{args.port}"
    if args.db == DEMO_DB:
        prepare_demo_db(url)
    elif not module_installed(args.db):
        raise Missing(f"database '{args.db}' does not exist or has no {MODULE}")
    else:
        set_base_url(args.db, url)
    say(
        f"starting {args.nodes} node(s) x {workers} HTTP workers + "
        f"{args.cron} cron worker(s) + the gevent process, behind nginx"
    )
    try:
        prod = ntm_prod.start(
            args.db,
            workers=workers,
            nodes=args.nodes,
            port_base=args.port,
            cron_threads=args.cron,
        )
    except RuntimeError as err:
        print(f"[ntm] ERROR: {err}", file=sys.stderr, flush=True)
        return 1
    for index, (node, ws) in enumerate(
        zip(prod.node_urls, prod.websocket_urls, strict=True), start=1
    ):
        say(f"node{index}: HTTP {node}, websocket {ws}")
    say(f"configuration files, logs and nginx.conf: {prod.state_dir}")
    if args.db == DEMO_DB:
        print_logins(prod.url)
    else:
        say(f"Odoo serves database '{args.db}' on {prod.url}")
    say("Ctrl+C stops nginx and the nodes")
    return ntm_prod.serve_forever(prod)


def wait_http(url, timeout=120, proc=None):
    """Poll `url` until it answers; returns the HTTP status (0 on time-out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return 0
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                return resp.status
        except urllib.error.HTTPError as err:
            return err.code
        except (TimeoutError, urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    return 0


def tour_tests():
    return sorted(glob.glob(os.path.join(ROOT, "tests", TOUR_GLOB)))


def run_tours(db, logdir):
    """Browser tours go through Odoo's own test runner."""
    if not tour_tests():
        say("browser tours: none in this addon yet")
        return 0
    if not chromium_path():
        say(
            "browser tours: SKIPPED, Chromium is not installed "
            "(Debian/Ubuntu: apt-get install chromium)"
        )
        return 0
    log = os.path.join(logdir, "tours.log")
    say(f"browser tours: running with Odoo's test runner (log: {log})")
    rc = run_odoo(
        "-d",
        db,
        f"--test-tags={TOUR_TAG}/{MODULE}",
        "--stop-after-init",
        "--http-port",
        str(free_port()),
        log=log,
        check=False,
    )
    with open(log, encoding="utf-8") as fh:
        text = fh.read()
    failed = rc != 0 or " ERROR " in text or "FAIL:" in text
    for line in text.splitlines():
        if "tests" in line and ("failed" in line or "Ran " in line or "ran " in line):
            print("    " + line.split(": ", 2)[-1], flush=True)
    say(f"browser tours: {'FAILED' if failed else 'passed'}")
    return 1 if failed else 0


def cmd_test(args):
    prepare()
    db = args.db or f"ntm_test_{uuid.uuid4().hex[:8]}"
    logdir = os.path.join(LOCAL, "log")
    os.makedirs(logdir, exist_ok=True)
    install_log = os.path.join(logdir, "install.log")
    say(f"creating throwaway database '{db}' (log: {install_log})")
    status, rc_pytest = 1, None
    prefork_db, rc_tours, rc_prefork = None, 0, 0
    try:
        install(db, log=install_log)
        if ntm_prod_missing() is None:
            # The smoke changes what the demo holds: a copy, made while no
            # server is connected to the database.
            prefork_db = f"{db}_prefork"
            copy_db(db, prefork_db)
        rc_tours = run_tours(db, logdir)
        rc_prefork = run_prefork_smoke(prefork_db)
        env = odoo_env()
        env["NTM_TEST_DB"] = db
        env["NTM_CTL"] = os.path.abspath(__file__)
        pytest_args = [
            PYTHON,
            "-m",
            "pytest",
            f"--odoo-config={CONF}",
            f"--odoo-database={db}",
            "--odoo-http",
            "--odoo-log-level=warn",
            # pytest-odoo imports odoo.tests before it sets test mode, which
            # Odoo logs as an error with a stack trace: only noise here.
            "--odoo-extra=log-handler=odoo.tests.common:CRITICAL",
            "-p",
            "no:cacheprovider",
            f"--ignore-glob=*/{TOUR_GLOB}",
            os.path.join(MODULE, "tests"),
            *args.pytest_args,
        ]
        say("running the test suite with pytest-odoo")
        # Collected through the link, so that pytest-odoo imports the tests as
        # odoo.addons.ntm_exemplar whatever the clone's folder is called.
        rc_pytest = subprocess.run(
            pytest_args, check=False, env=env, cwd=ADDONS_DIR
        ).returncode
        status = rc_pytest or rc_tours or rc_prefork
    finally:
        if prefork_db:
            drop_db(prefork_db)
        if not args.keep:
            drop_db(db)
    # pytest's summary stays the last line: say nothing after it on success.
    if status and not rc_pytest:
        failed = [
            what
            for what, rc in (("browser tours", rc_tours), ("prefork smoke", rc_prefork))
            if rc
        ]
        print(f"[ntm] FAILED: {' and '.join(failed)} (see above)", flush=True)
    return status


def ntm_prod_missing():
    """What production mode lacks on this machine (nginx, the odoo console
    script, gevent...), or None."""
    import ntm_prod  # here: it imports this module

    if not ntm_prod.nginx_path():
        return "nginx is not installed (Debian/Ubuntu: apt-get install nginx)"
    try:
        ntm_prod.check()
    except Missing as err:
        return str(err)
    return None


def copy_db(template, name):
    """`name` as a copy of `template` (no connection to it), filestore too."""
    subprocess.run(["createdb", "-T", template, name], env=odoo_env(), check=True)
    source = os.path.join(DATA_DIR, "filestore", template)
    if os.path.isdir(source):
        shutil.copytree(source, os.path.join(DATA_DIR, "filestore", name))


def run_prefork_smoke(db):
    """tools/prefork_smoke.py on `db` (None: say why it is skipped). Before
    the suite, so that pytest's summary stays make test's last line."""
    if db is None:
        say(f"prefork smoke: skipped: {ntm_prod_missing()}")
        return 0
    log = os.path.join(LOCAL, "log", "prefork-smoke.log")
    say(f"prefork smoke: 2 nodes x 2 workers behind nginx (log: {log})")
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen(
            [PYTHON, os.path.join(ROOT, "tools", "prefork_smoke.py"), "--db", db],
            env=odoo_env(),
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
        try:
            rc = proc.wait(timeout=PREFORK_TIMEOUT)
        except subprocess.TimeoutExpired:
            # SIGTERM: the smoke stops its servers before it exits.
            proc.terminate()
            proc.wait(timeout=180)
            fh.write(f"[prefork] FAILED: still running after {PREFORK_TIMEOUT}s\n")
            rc = 1
    with open(log, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    shown = lines if rc else [line for line in lines if line.startswith("[prefork]")]
    for line in shown[-60:] if rc else shown:
        print("    " + line, flush=True)
    say(f"prefork smoke: {'FAILED' if rc else 'passed'}")
    return 1 if rc else 0


def cmd_bench(args):
    """Run every bench/bench_*.py on database ntm_bench (kept between runs:
    the benchmarks fill it once)."""
    prepare()
    logdir = os.path.join(LOCAL, "log")
    os.makedirs(logdir, exist_ok=True)
    log = os.path.join(logdir, "bench-update.log")
    # Odoo's own apps the benchmarks compare with: -i installs those missing
    # and leaves installed ones as they are.
    compared = ("-i", "project,account", "--stop-after-init", "--no-http")
    if db_exists(args.db) and module_installed(args.db):
        run_odoo("-d", args.db, "-u", MODULE, *compared, log=log)
    else:
        say(f"creating database '{args.db}' (log: {log})")
        install(args.db, log=log)
        run_odoo("-d", args.db, *compared, log=log.replace("update", "apps"))
    status = 0
    for script in sorted(glob.glob(os.path.join(ROOT, "bench", "bench_*.py"))):
        say(f"benchmark {os.path.basename(script)}")
        status |= subprocess.run(
            [PYTHON, script, "-c", CONF, "-d", args.db, *args.bench_args],
            env=odoo_env(),
            check=False,
        ).returncode
    return status


def cmd_smoke(args):
    """Start `serve` on a database and check /web/login answers 200."""
    port = args.port or free_port()
    proc = subprocess.Popen(
        [
            PYTHON,
            os.path.abspath(__file__),
            "serve",
            "--db",
            args.db,
            "--port",
            str(port),
        ],
        env=odoo_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        code = wait_http(f"http://127.0.0.1:{port}/web/login", proc=proc)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    say(f"/web/login answered {code}")
    return 0 if code == 200 else 1


def main(argv=None):
    parser = argparse.ArgumentParser(prog="ntmctl", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="check Odoo, PostgreSQL and wkhtmltopdf")
    p.add_argument("--odoo-only", action="store_true")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("demo", help="create or reuse the demo database and serve it")
    p.add_argument("--port", type=int, default=DEMO_PORT)
    p.add_argument("--no-serve", action="store_true", help="prepare the database only")
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser(
        "serve",
        help="serve a database as the demo does, or with --workers as production "
        "does (prefork nodes behind nginx)",
    )
    p.add_argument("--db", default=DEMO_DB, help=f"database (default: {DEMO_DB})")
    p.add_argument(
        "--port",
        type=int,
        default=DEMO_PORT,
        help="HTTP port; with --workers nginx's, the nodes' ports follow it",
    )
    p.add_argument(
        "--workers",
        help="HTTP worker processes per node, or 'auto' (2 x CPU cores + 1): "
        "production mode",
    )
    p.add_argument("--nodes", type=int, default=1, help="Odoo servers behind nginx")
    p.add_argument("--cron", type=int, default=1, help="cron workers per node")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("smoke", help="serve a database and check /web/login")
    p.add_argument("--db", required=True)
    p.add_argument("--port", type=int)
    p.set_defaults(func=cmd_smoke)
    p = sub.add_parser("bench", help="run the benchmarks on database ntm_bench")
    p.add_argument("--db", default="ntm_bench")
    p.add_argument("bench_args", nargs="*", help="extra benchmark arguments (after --)")
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("test", help="run the whole test suite on a throwaway database")
    p.add_argument("--db", help="database name (default: a new random one)")
    p.add_argument("--keep", action="store_true", help="keep the database afterwards")
    p.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    p.set_defaults(func=cmd_test)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Missing as err:
        print(f"[ntm] ERROR: {err}", file=sys.stderr, flush=True)
        return 2


if __name__ == "__main__":
    # tools/ntm_prod.py imports this file as `ntmctl`: one module, one Missing.
    sys.modules.setdefault("ntmctl", sys.modules[__name__])
    sys.exit(main())
