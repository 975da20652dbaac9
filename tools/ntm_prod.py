#!/usr/bin/env python3
"""Production mode: Odoo's prefork server, on one or more nodes, behind nginx.

What a department runs: per node, ``--workers`` HTTP worker processes, cron
workers (``--max-cron-threads``) and the gevent process serving the
websocket, started by the ``odoo`` console script (``python -m odoo`` cannot
re-spawn its gevent process: ``odoo gevent`` is re-run as ``sys.argv[0]``);
``--proxy-mode`` and memory/time limits; the nodes share one database, one
filestore and the sessions (one ``data_dir``); nginx in front, HTTP to the
nodes' ports, ``/websocket`` to their gevent ports.

API (stable: ``ntmctl serve``, the prefork smoke and ``make load`` use it)::

    import ntm_prod
    prod = ntm_prod.start("ntm_demo", workers=2, nodes=2, port_base=8700)
    prod.url             # "http://127.0.0.1:8700": nginx, the public address
    prod.node_urls       # ["http://127.0.0.1:8701", "http://127.0.0.1:8703"]
    prod.websocket_urls  # each node's gevent port: "ws://127.0.0.1:8702/websocket"
    prod.logs            # {"node1": path, ..., "nginx": path}
    prod.replica         # with start(..., replica=True): the streaming replica
    prod.pids()          # {"node1": [master, workers..., gevent], "nginx": [...]}
    ntm_prod.stop(prod)

    with ntm_prod.running("ntm_demo", nodes=2) as prod:
        ...

Ports: nginx listens on ``port_base`` (127.0.0.1 only), node *i* (0-based)
on ``port_base + 1 + 2*i`` (HTTP) and ``port_base + 2 + 2*i`` (gevent);
without ``port_base``, free ports. Everything a run writes (the nodes'
configuration files and logs, nginx's configuration, pid, logs and temporary
files) is under ``.local/prod/<name>/``. The database must exist with the
addon installed (``ntmctl`` installs it). Standard library only.
"""

import atexit
import configparser
import contextlib
import dataclasses
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ntmctl  # the tooling next to this file

Missing = ntmctl.Missing
TEMPLATE = os.path.join(ntmctl.ROOT, "tools", "nginx", "ntm_exemplar.conf.tmpl")
PROD_DIR = os.path.join(ntmctl.LOCAL, "prod")
HOST = "127.0.0.1"

# Per worker process; Odoo recycles a worker above the soft limit once its
# request is done and kills it above the hard one. Reports (wkhtmltopdf runs
# outside) and the Excel exports of a district's year stay well below.
LIMITS = {
    "limit_memory_soft": 1024 * 1024 * 1024,
    "limit_memory_hard": 1536 * 1024 * 1024,
    "limit_time_cpu": 120,
    "limit_time_real": 240,
    "limit_request": 65536,
}
# Seconds a worker waits for a request's bytes on a connection it accepted
# (Odoo's default is 2, against idle clients holding a worker). nginx buffers
# every request before it connects, so no client can hold one; but a
# handshake whose last packet the kernel dropped at Odoo's full accept queue
# (8 x workers) delivers its request only at the retransmission, 1 to 3 s
# later: with 2 s the worker gave up and nginx answered 502 (make load: 2 in
# a run, during a burst of logins).
HTTP_SOCKET_TIMEOUT = 10
# Connections per process (each worker, cron worker and gevent process has
# its own pool): PostgreSQL's max_connections must cover
# nodes x (workers + cron + 1) x db_maxconn at worst.
DB_MAXCONN = 16
# Keys of the checkout's configuration the nodes keep (where the addons,
# the data and the database are); the rest is production's.
BASE_KEYS = (
    "addons_path",
    "data_dir",
    "admin_passwd",
    "db_host",
    "db_port",
    "db_user",
    "db_password",
    "db_sslmode",
    "without_demo",
)
# setuptools >= 70: with older ones the gevent process, which imports
# pkg_resources through gevent.events, crash-looped; < 81: gevent 22/24
# import pkg_resources unguarded, which setuptools 81 may remove.
SETUPTOOLS_MIN = (70,)
SETUPTOOLS_MAX = (81,)


def workers_for(cores=None):
    """Odoo's rule of thumb for HTTP workers: 2 x CPU cores + 1 (cron
    workers come on top, one or two per node)."""
    return 2 * (cores or os.cpu_count() or 1) + 1


@dataclasses.dataclass
class Prod:
    """A running production setup, as `start` returns it."""

    db: str
    name: str
    url: str
    node_urls: list
    websocket_urls: list
    state_dir: str
    confs: list
    logs: dict
    workers: int
    cron_threads: int
    procs: dict = dataclasses.field(default_factory=dict, repr=False)
    replica: object = None  # a Replica when start(replica=True)

    def pids(self):
        """Process ids per component: a node's master first, then its
        workers and gevent process (the master's children)."""
        result = {}
        for name, proc in self.procs.items():
            if proc.poll() is None:
                result[name] = [proc.pid, *_children(proc.pid)]
        return result

    def alive(self):
        return all(proc.poll() is None for proc in self.procs.values())

    def tail(self, lines=30):
        """The end of every log: what to print when something failed."""
        out = []
        for name, path in self.logs.items():
            with contextlib.suppress(OSError), open(path, errors="replace") as fh:
                kept = fh.readlines()[-lines:]
            out.append(f"--- {name}: {path}\n" + "".join(kept))
        return "\n".join(out)


def _children(pid):
    """Direct children of `pid`, from /proc (Linux), else none."""
    path = f"/proc/{pid}/task/{pid}/children"
    with contextlib.suppress(OSError), open(path) as fh:
        return [int(p) for p in fh.read().split()]
    return []


# --------------------------------------------------------------------------
# Prerequisites
# --------------------------------------------------------------------------


def odoo_script():
    """The `odoo` console script, as [interpreter, script] when it is a
    Python script (so that it runs on ntmctl's Python), else [script]."""
    candidates = [os.path.join(os.path.dirname(ntmctl.PYTHON), "odoo")]
    odoo_path = os.environ.get("ODOO_PATH")
    if odoo_path:
        # A source tree: its odoo-bin is the same console script.
        candidates.insert(0, os.path.join(os.path.abspath(odoo_path), "odoo-bin"))
    candidates.append(shutil.which("odoo"))
    for path in filter(None, candidates):
        if os.path.isfile(path) and os.access(path, os.X_OK):
            with open(path, "rb") as fh:
                first = fh.readline()
            if first.startswith(b"#!") and b"python" in first:
                return [ntmctl.PYTHON, path]
            return [path]
    raise Missing(
        "the 'odoo' console script is missing (prefork needs it: 'python -m odoo' "
        "cannot re-spawn its gevent process): install Odoo 18 with pip "
        "(pip install -e <odoo source>) or set ODOO_PATH to a source tree with "
        "odoo-bin."
    )


def _version_tuple(text):
    return tuple(int(p) for p in re.findall(r"\d+", text)[:3])


def check_python_packages():
    """gevent, psutil and a setuptools gevent works with, on ntmctl's Python."""
    probe = (
        "import importlib.metadata as m, sys\n"
        "for name in ('setuptools', 'gevent', 'greenlet', 'psutil'):\n"
        "    try: print(name, m.version(name))\n"
        "    except m.PackageNotFoundError: print(name, '')\n"
    )
    res = subprocess.run(
        [ntmctl.PYTHON, "-c", probe],
        env=ntmctl.odoo_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    versions = dict([*line.split(" ", 1), ""][:2] for line in res.stdout.splitlines())
    missing = [name for name in ("gevent", "greenlet", "psutil") if not versions[name]]
    if missing:
        raise Missing(
            f"{', '.join(missing)} missing: prefork needs them (Odoo's requirements): "
            "pip install -r requirements.txt"
        )
    setuptools = _version_tuple(versions["setuptools"] or "0")
    if not SETUPTOOLS_MIN <= setuptools[:1] < SETUPTOOLS_MAX:
        raise Missing(
            f"setuptools {versions['setuptools'] or '(none)'} found: Odoo's gevent "
            "process needs setuptools >= 70 and < 81 (pkg_resources): "
            "pip install -r requirements.txt"
        )


def nginx_path():
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.isfile(p)),
        None,
    )


def check_nginx():
    path = nginx_path()
    if not path:
        raise Missing(
            "nginx is missing: install it (Debian/Ubuntu: apt-get install nginx); "
            "production mode serves Odoo behind it."
        )
    return path


def check(proxy=True):
    """Everything production mode needs, or Missing saying what is not there."""
    script = odoo_script()
    check_python_packages()
    if proxy:
        check_nginx()
    return script


# --------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------


def _port_free(port):
    import socket

    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def plan_ports(nodes, port_base=None):
    """(nginx port, [(http port, gevent port) per node])."""
    if port_base is None:
        ports = []
        while len(ports) < 1 + 2 * nodes:
            port = ntmctl.free_port()
            if port not in ports:
                ports.append(port)
    else:
        ports = list(range(port_base, port_base + 1 + 2 * nodes))
    busy = [port for port in ports if not _port_free(port)]
    if busy:
        raise RuntimeError(
            f"port(s) {', '.join(map(str, busy))} already in use: stop what listens "
            f"there or choose other ports (nginx on {ports[0]}, the nodes above)."
        )
    return ports[0], [(ports[1 + 2 * i], ports[2 + 2 * i]) for i in range(nodes)]


def read_conf(path):
    parser = configparser.RawConfigParser()
    parser.read(path, encoding="utf-8")
    return dict(parser.items("options")) if parser.has_section("options") else {}


def node_options(db, base, http_port, gevent_port, workers, cron_threads, **extra):
    """The [options] of one node: the checkout's location keys, then
    production's (see README, 'Deployment')."""
    options = {key: base[key] for key in BASE_KEYS if base.get(key)}
    options.update(
        {
            "http_interface": HOST,
            "http_port": http_port,
            "gevent_port": gevent_port,
            "proxy_mode": True,
            "workers": workers,
            "max_cron_threads": cron_threads,
            "db_name": db,
            "dbfilter": f"^{re.escape(db)}$",
            "list_db": False,
            "db_maxconn": DB_MAXCONN,
            **LIMITS,
        }
    )
    options.update({k: v for k, v in extra.items() if v is not None})
    return options


def write_node_conf(path, options):
    lines = ["[options]"]
    lines += [f"{key} = {value}" for key, value in options.items()]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def _others_can_traverse(path):
    """Every folder down to `path` may be entered by any user."""
    path = os.path.abspath(path)
    while True:
        if not os.stat(path).st_mode & stat.S_IXOTH:
            return False
        parent = os.path.dirname(path)
        if parent == path:
            return True
        path = parent


def render_nginx(prefix, listen_port, nodes_ports):
    """nginx.conf for a private instance under `prefix`."""
    with open(TEMPLATE, encoding="utf-8") as fh:
        text = fh.read()
    user = ""
    if os.geteuid() == 0:
        # As root, nginx's workers drop to an unprivileged user, as installed;
        # they buffer large replies under `prefix`, which that user must reach
        # (a checkout in /root is not: then they stay root, as we are).
        user = "user root;"
        if _others_can_traverse(prefix):
            for name in ("www-data", "nginx", "nobody"):
                with contextlib.suppress(KeyError):
                    pwd.getpwnam(name)
                    user = f"user {name};"
                    break
    values = {
        "prefix": prefix,
        "user": user,
        "listen": f"{HOST}:{listen_port}",
        "http_servers": "\n".join(
            f"        server {HOST}:{http};" for http, _ws in nodes_ports
        ),
        "websocket_servers": "\n".join(
            f"        server {HOST}:{ws};" for _http, ws in nodes_ports
        ),
    }

    def fill(match):
        key = match.group(1)
        if key not in values:
            raise KeyError(f"unknown placeholder {{{{ {key} }}}} in {TEMPLATE}")
        return str(values[key])

    return re.sub(r"\{\{\s*(\w+)\s*\}\}", fill, text)


# --------------------------------------------------------------------------
# A PostgreSQL streaming replica (Odoo 18's db_replica_host)
# --------------------------------------------------------------------------

# What a hot standby must have at least as much of as its primary.
STANDBY_SETTINGS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


@dataclasses.dataclass
class Replica:
    """A hot standby of the cluster, streaming from it, as `start_replica`
    returns it: Odoo reaches it at `host` (a socket folder) and `port`."""

    data_dir: str
    host: str
    port: int
    log: str
    run_as: list

    def psql(self, db, sql):
        res = subprocess.run(
            ["psql", "-h", self.host, "-p", str(self.port), "-d", db, "-tAc", sql],
            env=ntmctl.odoo_env(),
            capture_output=True,
            text=True,
            check=True,
        )
        return res.stdout.strip()


def _primary():
    """(socket folder, port) of the cluster the checkout's Odoo uses."""
    if ntmctl.is_external_pg():
        raise Missing(
            "a replica is made of the cluster the tooling runs (the system one as "
            "root, .local/pg otherwise), not of a PGHOST server: make it there."
        )
    if ntmctl.is_private_pg():
        return ntmctl.PG_SOCKET, 5432
    out = subprocess.run(
        ["psql", "-d", "postgres", "-tAc", "show unix_socket_directories; show port"],
        env=ntmctl.odoo_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return out[0].split(",")[0].strip(), int(out[1])


def start_replica(port, name="replica", timeout=180):
    """A hot standby of the whole cluster (pg_basebackup -R: PostgreSQL's
    streaming replication) under .local/prod/<name>/, listening on a Unix
    socket only, on `port`. As root it runs as the postgres user (PostgreSQL
    refuses root), from the system cluster; as a normal user, from .local/pg."""
    bindir = ntmctl.pg_bindir()
    if not bindir:
        raise ntmctl.missing_pg_server()
    primary_host, primary_port = _primary()
    root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if root else []
    base = os.path.join(PROD_DIR, name)
    data_dir = os.path.join(base, "data")
    socket_dir = os.path.join(
        "/tmp", f"ntm-replica-{os.getuid()}-{zlib.crc32(base.encode()):08x}"
    )
    for path in (base, socket_dir):
        os.makedirs(path, exist_ok=True)
        os.chmod(path, 0o755)
    if root:
        if not _others_can_traverse(base):
            raise Missing(
                f"the postgres user cannot reach {base}: PostgreSQL refuses to run "
                "as root and needs its data folder on a path it can enter."
            )
        shutil.chown(base, "postgres")
        shutil.chown(socket_dir, "postgres")
    if os.path.exists(data_dir):
        # A standby left behind may no longer find its WAL on the primary.
        subprocess.run([*run_as, "rm", "-rf", data_dir], check=True)
    user = "postgres" if root else (os.environ.get("USER") or "postgres")
    settings = {
        key: subprocess.run(
            ["psql", "-d", "postgres", "-tAc", f"show {key}"],
            env=ntmctl.odoo_env(),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for key in STANDBY_SETTINGS
    }
    log = os.path.join(base, "postgresql.log")
    subprocess.run(
        [
            *run_as,
            os.path.join(bindir, "pg_basebackup"),
            "-D",
            data_dir,
            "-h",
            primary_host,
            "-p",
            str(primary_port),
            "-U",
            user,
            "-X",
            "stream",
            "-R",
            "-c",
            "fast",
        ],
        check=True,
        capture_output=True,
    )
    # Debian keeps a cluster's configuration in /etc: the standby gets its own.
    conf = [
        f"port = {port}",
        "listen_addresses = ''",
        f"unix_socket_directories = '{socket_dir}'",
        "hot_standby = on",
        "shared_buffers = 64MB",
        *(f"{key} = {value}" for key, value in settings.items()),
    ]
    hba = ["local all all " + ("peer" if root else "trust")]
    for filename, lines in (("postgresql.conf", conf), ("pg_hba.conf", hba)):
        path = os.path.join(data_dir, filename)
        subprocess.run(
            [*run_as, "tee", path],
            input="\n".join(lines) + "\n",
            text=True,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    subprocess.run(
        [*run_as, "rm", "-f", os.path.join(data_dir, "postmaster.pid")], check=True
    )
    subprocess.run(
        [
            *run_as,
            os.path.join(bindir, "pg_ctl"),
            "-D",
            data_dir,
            "-l",
            log,
            "-w",
            "-t",
            str(timeout),
            "start",
        ],
        check=True,
        capture_output=True,
    )
    replica = Replica(data_dir, socket_dir, port, log, run_as)
    if replica.psql("postgres", "select pg_is_in_recovery()") != "t":
        stop_replica(replica)
        raise RuntimeError(f"{data_dir} is not a standby; see {log}")
    return replica


def wait_replayed(replica, timeout=30):
    """Wait until the standby has replayed what the primary has written."""
    lsn = subprocess.run(
        ["psql", "-d", "postgres", "-tAc", "select pg_current_wal_lsn()"],
        env=ntmctl.odoo_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (
            replica.psql(
                "postgres", f"select pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn"
            )
            == "t"
        ):
            return True
        time.sleep(0.2)
    return False


def stop_replica(replica):
    """Stop the standby and remove it (made again from the primary each time)."""
    bindir = ntmctl.pg_bindir()
    subprocess.run(
        [
            *replica.run_as,
            os.path.join(bindir, "pg_ctl"),
            "-D",
            replica.data_dir,
            "-m",
            "fast",
            "stop",
        ],
        check=False,
        capture_output=True,
    )
    subprocess.run([*replica.run_as, "rm", "-rf", replica.data_dir], check=False)
    with contextlib.suppress(OSError):
        os.rmdir(replica.host)  # the socket folder, empty once stopped


# --------------------------------------------------------------------------
# Start and stop
# --------------------------------------------------------------------------


def _get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code
    except (OSError, ValueError):
        return 0


def _wait_ok(url, prod, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not prod.alive():
            return False
        if _get(url) == 200:
            return True
        time.sleep(0.3)
    return False


def start(
    db,
    workers=2,
    nodes=1,
    port_base=None,
    conf=None,
    cron_threads=1,
    name=None,
    proxy=True,
    log_level="info",
    timeout=180,
    replica=False,
    **options,
):
    """Start `nodes` prefork Odoo servers on `db`, each with `workers` HTTP
    workers and `cron_threads` cron workers, and nginx in front of them
    (`proxy=False`: no nginx, `url` is the first node's). `conf` is the
    configuration whose location keys the nodes keep (the checkout's
    .local/odoo.conf by default); extra `options` are Odoo configuration keys
    (e.g. limit_time_real=600, db_replica_host=...). Returns a `Prod` once
    every node, its gevent process and nginx answer /web/health; raises
    Missing or RuntimeError (with the logs' end) otherwise, having stopped
    what it started. `replica=True`: a PostgreSQL streaming replica of the
    cluster (`start_replica`, on the port after the nodes') serves Odoo's
    read-only requests (db_replica_host/db_replica_port)."""
    script = check(proxy=proxy)
    conf = conf or ntmctl.CONF
    if not os.path.isfile(conf):
        ntmctl.write_conf()
    base = read_conf(conf)
    name = name or db
    state_dir = os.path.join(PROD_DIR, name)
    os.makedirs(os.path.join(state_dir, "tmp"), exist_ok=True)
    os.chmod(state_dir, 0o755)
    listen_port, nodes_ports = plan_ports(nodes, port_base)
    replica_port = None
    if replica:
        replica_port = (
            ntmctl.free_port() if port_base is None else port_base + 1 + 2 * nodes
        )
    prod = Prod(
        db=db,
        name=name,
        url=f"http://{HOST}:{listen_port}"
        if proxy
        else f"http://{HOST}:{nodes_ports[0][0]}",
        node_urls=[f"http://{HOST}:{http}" for http, _ws in nodes_ports],
        websocket_urls=[f"ws://{HOST}:{ws}/websocket" for _http, ws in nodes_ports],
        state_dir=state_dir,
        confs=[],
        logs={},
        workers=workers,
        cron_threads=cron_threads,
    )
    try:
        if replica:
            prod.replica = start_replica(replica_port, name=f"{name}-replica")
            options["db_replica_host"] = prod.replica.host
            options["db_replica_port"] = prod.replica.port
            prod.logs["replica"] = prod.replica.log
        for index, (http, ws) in enumerate(nodes_ports, start=1):
            node = f"node{index}"
            path = os.path.join(state_dir, f"{node}.conf")
            write_node_conf(
                path,
                node_options(
                    db,
                    base,
                    http,
                    ws,
                    workers,
                    cron_threads,
                    log_level=log_level,
                    **options,
                ),
            )
            prod.confs.append(path)
            log = os.path.join(state_dir, f"{node}.log")
            prod.logs[node] = log
            with open(log, "w", encoding="utf-8") as fh:
                prod.procs[node] = subprocess.Popen(
                    [*script, "-c", path],
                    env={
                        **ntmctl.odoo_env(),
                        "ODOO_HTTP_SOCKET_TIMEOUT": str(HTTP_SOCKET_TIMEOUT),
                    },
                    stdin=subprocess.DEVNULL,
                    stdout=fh,
                    stderr=subprocess.STDOUT,
                    # Its own process group: stop() ends the master, its
                    # workers and its gevent process, and nothing else.
                    start_new_session=True,
                )
        for index, (http, ws) in enumerate(nodes_ports, start=1):
            for port in (http, ws):
                if not _wait_ok(f"http://{HOST}:{port}/web/health", prod, timeout):
                    raise RuntimeError(
                        f"node{index} did not answer on port {port} within {timeout}s"
                    )
        if proxy:
            _start_nginx(prod, listen_port, nodes_ports)
            if not _wait_ok(f"{prod.url}/web/health", prod, 30):
                raise RuntimeError(f"nginx did not answer on {prod.url}")
            if _get(f"{prod.url}/web/login") != 200:
                raise RuntimeError(f"{prod.url}/web/login does not answer 200")
    except BaseException as err:
        tail = prod.tail()
        stop(prod)
        if isinstance(err, RuntimeError):
            raise RuntimeError(f"{err}\n{tail}") from err
        raise
    _RUNNING.append(prod)
    return prod


# What start() started and stop() did not stop yet: stopped when the
# calling program ends without stopping them.
_RUNNING = []


@atexit.register
def _stop_running():
    for prod in list(_RUNNING):
        stop(prod)


def _start_nginx(prod, listen_port, nodes_ports):
    binary = check_nginx()
    prefix = prod.state_dir
    text = render_nginx(prefix, listen_port, nodes_ports)
    path = os.path.join(prefix, "nginx.conf")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    log = os.path.join(prefix, "error.log")
    prod.logs["nginx"] = log
    cmd = [binary, "-p", prefix, "-c", path, "-e", log]
    test = subprocess.run(
        [*cmd, "-t", "-q"], capture_output=True, text=True, check=False
    )
    if test.returncode:
        raise RuntimeError(f"nginx refuses {path}:\n{test.stderr}")
    with open(os.path.join(prefix, "nginx.out"), "w", encoding="utf-8") as fh:
        prod.procs["nginx"] = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _end(proc, sig, timeout):
    """Send `sig` (if any) to `proc` and wait; then end what is left of its
    group."""
    if proc.poll() is None:
        if sig is not None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(sig)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    # The group is ours (start_new_session): a gevent process or worker the
    # master left behind goes with it.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def stop(prod, timeout=60):
    """Stop nginx (graceful), then every node (SIGTERM: Odoo finishes the
    requests under way); whatever remains after `timeout`s is killed."""
    with contextlib.suppress(ValueError):
        _RUNNING.remove(prod)
    nginx = prod.procs.pop("nginx", None)
    if nginx is not None:
        _end(nginx, signal.SIGQUIT, timeout)
    for name in list(prod.procs):
        if name.startswith("node"):
            proc = prod.procs[name]
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGTERM)
    # One signal each: a second one would make Odoo skip its graceful stop.
    for name in list(prod.procs):
        _end(prod.procs.pop(name), None, timeout)
    if prod.replica is not None:
        stop_replica(prod.replica)
        prod.replica = None


@contextlib.contextmanager
def running(db, **kwargs):
    """`start(db, **kwargs)` for the time of a with block."""
    prod = start(db, **kwargs)
    try:
        yield prod
    finally:
        stop(prod)


def serve_forever(prod):
    """Wait until Ctrl+C or SIGTERM, or until a component stops; then stop."""
    stopping = []

    def on_signal(signum, _frame):
        stopping.append(signum)

    previous = signal.signal(signal.SIGTERM, on_signal)
    try:
        while not stopping and prod.alive():
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        dead = [name for name, proc in prod.procs.items() if proc.poll() is not None]
        stop(prod)
    if dead:
        ntmctl.say(f"{', '.join(dead)} stopped unexpectedly; see {prod.state_dir}")
        return 1
    return 0
