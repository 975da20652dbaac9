"""A bare machine's Odoo: fetch Odoo 18.0 community into ``.local/odoo`` and
make ``.local/venv`` with its requirements and the addon's.

Used by ntmctl when the Python it runs with cannot import Odoo and ODOO_PATH
is not set. Standard library only, like ntmctl.

- ``ODOO_GIT_URL`` (default the official repository) and ``ODOO_GIT_BRANCH``
  (default 18.0) say where Odoo comes from: a shallow clone, or a plain
  clone of a local repository.
- Modules under the Odoo Enterprise licence (manifest ``license`` OEEL-1),
  and modules that depend on them, are never checked out: a tree whose
  ``odoo/addons`` holds every module keeps that folder on Odoo's addons path
  whatever the configuration says. Files whose content the repository lacks
  are left out too, so a repository missing a few blobs still checks out.
- System packages (PostgreSQL, wkhtmltopdf, Chromium, the documents' font,
  Python's venv) are installed with apt-get when run as root; otherwise they
  are named in one sentence.
"""

import ast
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOCAL = os.path.join(ROOT, ".local")
ODOO_DIR = os.path.join(LOCAL, "odoo")
VENV = os.path.join(LOCAL, "venv")
VENV_PYTHON = os.path.join(VENV, "bin", "python")
# Community modules of a tree whose top-level addons/ also holds others.
LINKS_DIR = os.path.join(LOCAL, "odoo-addons")
DEFAULT_GIT_URL = "https://github.com/odoo/odoo.git"
DEFAULT_BRANCH = "18.0"
ENTERPRISE_LICENSE = "OEEL-1"
# Folders of an Odoo tree that hold modules: odoo/addons in every layout, and
# addons/ in a git checkout of odoo/odoo (a setup.py tree has all in the first).
ADDONS_ROOTS = ("odoo/addons", "addons")
MANIFEST = re.compile(r"^(odoo/addons|addons)/([^/]+)/__manifest__\.py$")
# Written when a step completed, so that an interrupted one starts again.
FETCHED_MARK = os.path.join(LOCAL, "odoo.fetched")
VENV_MARK = os.path.join(VENV, "ntm-requirements.sha1")
PIP_LOG = os.path.join(LOCAL, "log", "bootstrap-pip.log")
BOOTSTRAPPED = "NTM_BOOTSTRAPPED"

# Odoo's requirements.txt pins the packages of Debian/Ubuntu releases; on
# PyPI a few of them build only with compilers and headers a bare machine
# lacks. (requirement name, replaced by; None: left out)
REQUIREMENT_CHANGES = {
    # psycopg2 builds against libpq's headers; the same release ships wheels.
    "psycopg2": "psycopg2-binary",
    # Needs OpenLDAP's headers, and only auth_ldap uses it.
    "python-ldap": None,
}
# 5.4.2's source no longer builds with current setuptools; 5.4.6 does.
REQUIREMENT_PINS = {"cbor2==5.4.2": "cbor2==5.4.6"}
# With setuptools 65, pkg_resources cannot resolve zope.interface for gevent
# and prefork's gevent process crash-loops; 81 removes pkg_resources.
BUILD_REQUIREMENTS = ["pip", "setuptools>=70,<81", "wheel"]


class Missing(Exception):
    """A prerequisite is missing: the message says what and how to get it."""


def say(msg):
    print(f"[ntm] {msg}", flush=True)


# --------------------------------------------------------------------------
# Modules of a tree (pure functions)
# --------------------------------------------------------------------------


def parse_manifest(text):
    """The dict of a manifest's text ({} when it is not one)."""
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def excluded_modules(manifests):
    """Modules to leave out of {name: manifest}: those under the Enterprise
    licence, and those depending, directly or not, on one of them or on a
    module the tree does not hold."""
    excluded = {
        name
        for name, manifest in manifests.items()
        if manifest.get("license") == ENTERPRISE_LICENSE
    }
    changed = True
    while changed:
        changed = False
        for name, manifest in manifests.items():
            if name in excluded:
                continue
            depends = manifest.get("depends") or ()
            if any(dep in excluded or dep not in manifests for dep in depends):
                excluded.add(name)
                changed = True
    return excluded


def sparse_patterns(excluded_dirs, missing_files):
    """Lines of a non-cone sparse-checkout file: everything but the given
    folders and files (paths relative to the tree)."""
    lines = ["/*"]
    lines += [f"!/{path.strip('/')}/" for path in sorted(excluded_dirs)]
    lines += [f"!/{path}" for path in sorted(missing_files)]
    return lines


def module_manifests(folder):
    """{module: manifest} of the modules directly in `folder`."""
    manifests = {}
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else ():
        path = os.path.join(folder, name, "__manifest__.py")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as fh:
                manifests[name] = parse_manifest(fh.read())
    return manifests


def extra_addons_dirs(odoo_root, links_dir=LINKS_DIR):
    """Folders of an Odoo tree to put on the addons path besides the addon's:
    its top-level addons/ (a git checkout of odoo/odoo), or when that holds
    Enterprise modules a folder of links to its others, made afresh in
    `links_dir`. odoo/addons is on Odoo's path whatever the configuration
    says."""
    if not odoo_root:
        return []
    top = os.path.join(odoo_root, "addons")
    manifests = module_manifests(top)
    if not manifests:
        return []
    tree = {**module_manifests(os.path.join(odoo_root, "odoo", "addons")), **manifests}
    excluded = excluded_modules(tree) & set(manifests)
    if not excluded:
        return [top]
    shutil.rmtree(links_dir, ignore_errors=True)
    os.makedirs(links_dir)
    for name in manifests:
        if name not in excluded:
            os.symlink(
                os.path.join(os.path.abspath(top), name), os.path.join(links_dir, name)
            )
    return [links_dir]


def enterprise_in_package(odoo_root):
    """Enterprise modules in a tree's odoo/addons, which no addons path hides."""
    manifests = module_manifests(os.path.join(odoo_root, "odoo", "addons"))
    return sorted(
        name
        for name, manifest in manifests.items()
        if manifest.get("license") == ENTERPRISE_LICENSE
    )


def link_addon(root, link):
    """Show the addon at `root` to Odoo as `link`: a link to it; or, once
    root/.local holds a fetched Odoo or a venv, a folder of links to its
    entries but .local and .git. Odoo's translation export walks a module's
    folder whole, and would take every term of Odoo and of the venv for the
    addon's."""
    hidden = {".local", ".git"}
    bootstrapped = any(
        os.path.exists(os.path.join(root, ".local", name)) for name in ("odoo", "venv")
    )
    if not bootstrapped:
        if os.path.islink(link) and os.readlink(link) == root:
            return
        _remove(link)
        os.symlink(root, link)
        return
    if os.path.islink(link) or not os.path.isdir(link):
        _remove(link)
        os.makedirs(link)
    wanted = {name: os.path.join(root, name) for name in os.listdir(root)}
    for name in hidden:
        wanted.pop(name, None)
    for name in os.listdir(link):
        path = os.path.join(link, name)
        if not os.path.islink(path) or os.readlink(path) != wanted.get(name):
            _remove(path)
    for name, target in wanted.items():
        if not os.path.lexists(os.path.join(link, name)):
            os.symlink(target, os.path.join(link, name))


def _remove(path):
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)  # a folder of links: the links go, not their targets


# --------------------------------------------------------------------------
# Requirements (pure functions)
# --------------------------------------------------------------------------


def requirement_name(line):
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line)
    return match.group(1).lower() if match else None


def odoo_requirements(lines):
    """Odoo's requirements.txt made installable from wheels: see
    REQUIREMENT_CHANGES and REQUIREMENT_PINS."""
    result = []
    for line in lines:
        code = line.split("#", 1)[0].strip()
        name = requirement_name(code)
        if not name:
            continue
        if name in REQUIREMENT_CHANGES:
            new = REQUIREMENT_CHANGES[name]
            if new is None:
                continue
            code = new + code[len(name) :]
        spec = code.split(";", 1)[0].strip().replace(" ", "")
        if spec in REQUIREMENT_PINS:
            code = code.replace(
                code.split(";", 1)[0].strip(), REQUIREMENT_PINS[spec], 1
            )
        result.append(code)
    return result


# --------------------------------------------------------------------------
# Fetching Odoo
# --------------------------------------------------------------------------


def git(*args, cwd=None, input=None):
    res = subprocess.run(
        ["git", *args], cwd=cwd, check=False, capture_output=True, input=input
    )
    if res.returncode:
        err = res.stderr.decode(errors="replace").strip()
        raise Missing(
            f"git {args[0]} failed: {err.splitlines()[-1] if err else res.returncode}"
        )
    return res.stdout


def tree_files(repo):
    """[(mode, blob id, path)] of HEAD's files."""
    out = git("ls-tree", "-r", "-z", "--full-tree", "HEAD", cwd=repo)
    files = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode, kind, oid = meta.split()
        if kind == b"blob":
            files.append((mode.decode(), oid.decode(), path.decode()))
    return files


def missing_blobs(repo, oids):
    """The ids among `oids` whose content the repository lacks."""
    out = git(
        "cat-file", "--batch-check", cwd=repo, input="\n".join(oids).encode() + b"\n"
    )
    return {
        line.split()[0]
        for line in out.decode().splitlines()
        if line.endswith(" missing")
    }


def read_blobs(repo, oids):
    """{id: bytes} of blobs (present ones)."""
    out = git("cat-file", "--batch", cwd=repo, input="\n".join(oids).encode() + b"\n")
    blobs, pos = {}, 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        blobs[header[0].decode()] = out[pos : pos + size]
        pos += size + 1
    return blobs


def is_local(url):
    return os.path.isdir(url) or url.startswith("file://")


def fetch_odoo(url, branch, dest=ODOO_DIR):
    """Clone `branch` of `url` into `dest` and check out its community
    modules only; returns (modules kept, modules left out, files missing)."""
    tmp = dest + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    clone = ["clone", "--quiet", "--no-checkout", "--single-branch", "--branch", branch]
    if url.startswith("file://"):
        # The pack protocol refuses a repository missing blobs: a plain clone
        # of a local one copies its objects as they are.
        url = url[len("file://") :]
    if not is_local(url):
        clone += ["--depth", "1"]
    say(f"fetching Odoo {branch} from {url} into {dest}")
    git(*clone, url, tmp)
    files = tree_files(tmp)
    missing = missing_blobs(tmp, [oid for _mode, oid, _path in files])
    manifest_files = {
        MANIFEST.match(path).group(2): (MANIFEST.match(path).group(1), oid)
        for _mode, oid, path in files
        if MANIFEST.match(path) and oid not in missing
    }
    contents = read_blobs(tmp, [oid for _root, oid in manifest_files.values()])
    manifests = {
        name: parse_manifest(contents.get(oid, b"").decode("utf-8", "replace"))
        for name, (_root, oid) in manifest_files.items()
    }
    if "base" not in manifests:
        raise Missing(f"{url} ({branch}) is not an Odoo source tree: no base module.")
    excluded = excluded_modules(manifests)
    excluded_dirs = {f"{manifest_files[name][0]}/{name}" for name in excluded}
    missing_files = [
        path
        for _mode, oid, path in files
        if oid in missing and not any(path.startswith(d + "/") for d in excluded_dirs)
    ]
    git("sparse-checkout", "init", "--no-cone", cwd=tmp)
    patterns = "\n".join(sparse_patterns(excluded_dirs, missing_files)) + "\n"
    with open(os.path.join(tmp, ".git", "info", "sparse-checkout"), "w") as fh:
        fh.write(patterns)
    git("read-tree", "-mu", "HEAD", cwd=tmp)
    shutil.rmtree(dest, ignore_errors=True)
    os.rename(tmp, dest)
    kept = len(manifests) - len(excluded)
    say(
        f"Odoo checked out: {kept} community modules; {len(excluded)} modules "
        f"under the {ENTERPRISE_LICENSE} licence or depending on them left out"
        + (
            f"; {len(missing_files)} files the repository lacks left out"
            if missing_files
            else ""
        )
    )
    return kept, len(excluded), missing_files


# --------------------------------------------------------------------------
# System packages
# --------------------------------------------------------------------------


def has_venv(python):
    """Whether `python -m venv` can make a venv with pip (Debian splits
    ensurepip into python3-venv)."""
    res = subprocess.run(
        [python, "-c", "import ensurepip, venv"], capture_output=True, check=False
    )
    return res.returncode == 0


def font_installed():
    if not shutil.which("fc-list"):
        return False
    res = subprocess.run(
        ["fc-list", "Tinos"], capture_output=True, text=True, check=False
    )
    return bool(res.stdout.strip())


def chromium_installed():
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    return any(shutil.which(name) for name in names)


def pg_server_installed():
    return bool(shutil.which("psql")) and bool(
        glob.glob("/usr/lib/postgresql/*/bin/postgres") or shutil.which("postgres")
    )


def missing_system_packages(python, need_venv=True):
    """Debian packages the tooling needs that are not installed."""
    wanted = [
        ("postgresql", pg_server_installed),
        ("wkhtmltopdf", lambda: shutil.which("wkhtmltopdf")),
        ("chromium", chromium_installed),
        ("fonts-croscore", font_installed),
    ]
    if need_venv:
        wanted.append(("python3-venv", lambda: has_venv(python)))
    return [name for name, present in wanted if not present()]


def ensure_system_packages(python=sys.executable, need_venv=True):
    """Install what is missing with apt-get as root; otherwise say it in one
    sentence. Returns the packages still missing."""
    missing = missing_system_packages(python, need_venv)
    if not missing:
        return []
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"installing {', '.join(missing)} with apt-get")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        res = subprocess.run(
            ["apt-get", "install", "-y", "-qq", *missing],
            check=False,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        still = missing_system_packages(python, need_venv)
        if res.returncode and still:
            # The checks that need them say what they are for.
            say(f"apt-get could not install {', '.join(still)} (see above).")
        return still
    say(
        f"missing system packages: {', '.join(missing)}; install them "
        f"(Debian/Ubuntu: sudo apt-get install {' '.join(missing)})."
    )
    return missing


# --------------------------------------------------------------------------
# The venv
# --------------------------------------------------------------------------


def requirement_files(odoo_dir=ODOO_DIR):
    files = [os.path.join(odoo_dir, "requirements.txt")]
    files += [
        os.path.join(ROOT, name)
        for name in ("requirements.txt", "requirements-test.txt")
    ]
    return [path for path in files if os.path.isfile(path)]


def requirements_digest(odoo_dir=ODOO_DIR):
    digest = hashlib.sha1()
    for path in requirement_files(odoo_dir):
        with open(path, "rb") as fh:
            digest.update(fh.read())
    return digest.hexdigest()


def venv_ready(odoo_dir=ODOO_DIR):
    if not os.path.isfile(VENV_MARK) or not os.access(VENV_PYTHON, os.X_OK):
        return False
    with open(VENV_MARK, encoding="utf-8") as fh:
        return fh.read().strip() == requirements_digest(odoo_dir)


def split_addon_requirements(lines):
    """(requirements, Odoo addons) of requirements.txt lines. OCA's
    odoo-addon-* packages require the distribution odoo, whose metadata asks
    for psycopg2, built from source: they go in without their dependencies,
    which Odoo's requirements already hold."""
    plain, addons = [], []
    for line in lines:
        code = line.split("#", 1)[0].strip()
        if not code:
            continue
        name = requirement_name(code) or ""
        (addons if name.startswith("odoo-addon-") else plain).append(code)
    return plain, addons


def pip_install(args, what, log=PIP_LOG):
    """pip install into the venv; its output goes to `log`."""
    cmd = [VENV_PYTHON, "-m", "pip", "install", "--disable-pip-version-check", *args]
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(f"$ {' '.join(cmd)}\n")
        fh.flush()
        res = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, check=False)
    if res.returncode:
        with open(log, encoding="utf-8", errors="replace") as fh:
            sys.stdout.write("".join(fh.readlines()[-30:]))
        raise Missing(
            f"pip could not install {what} into {VENV} (log: {log}): see the lines "
            "above; check that PyPI answers, then run the command again."
        )


def ensure_venv(python=sys.executable, odoo_dir=ODOO_DIR):
    """Make .local/venv with Odoo (editable, from odoo_dir) and the addon's
    requirements, unless it is there for these requirement files."""
    if venv_ready(odoo_dir):
        return VENV_PYTHON
    if not has_venv(python):
        raise Missing(
            f"{python} cannot make a virtual environment: install python3-venv "
            "(Debian/Ubuntu: sudo apt-get install python3-venv)."
        )
    if not os.access(VENV_PYTHON, os.X_OK):
        say(f"creating the virtual environment {VENV}")
        subprocess.run([python, "-m", "venv", VENV], check=True)
    os.makedirs(os.path.dirname(PIP_LOG), exist_ok=True)
    say(
        "installing Odoo's requirements into it, a few minutes the first time "
        f"(log: {PIP_LOG})"
    )
    pip_install(["--upgrade", *BUILD_REQUIREMENTS], "pip and setuptools")
    with open(os.path.join(odoo_dir, "requirements.txt"), encoding="utf-8") as fh:
        odoo_reqs = odoo_requirements(fh.read().splitlines())
    reqs_file = os.path.join(VENV, "odoo-requirements.txt")
    with open(reqs_file, "w", encoding="utf-8") as fh:
        fh.write("\n".join(odoo_reqs) + "\n")
    pip_install(["-r", reqs_file], "Odoo's requirements")
    # --no-deps: setup.py asks for psycopg2, which builds from source; its
    # wheel (psycopg2-binary) is installed above.
    pip_install(
        ["--no-deps", "--config-settings", "editable_mode=compat", "-e", odoo_dir],
        "Odoo",
    )
    say("installing the addon's requirements into it")
    lines = []
    for path in requirement_files(odoo_dir)[1:]:
        with open(path, encoding="utf-8") as fh:
            lines += fh.read().splitlines()
    plain, addons = split_addon_requirements(lines)
    pip_install(plain, "the addon's requirements")
    if addons:
        pip_install(["--no-deps", *addons], "the addon's Odoo modules")
    with open(VENV_MARK, "w", encoding="utf-8") as fh:
        fh.write(requirements_digest(odoo_dir) + "\n")
    return VENV_PYTHON


def odoo_fetched():
    return os.path.isfile(FETCHED_MARK) and os.path.isfile(
        os.path.join(ODOO_DIR, "odoo", "__init__.py")
    )


def bootstrap(python=sys.executable):
    """Fetch Odoo and make the venv when needed; returns the venv's Python."""
    ensure_system_packages(python)
    if not shutil.which("git"):
        raise Missing(
            "git is missing, and Odoo is fetched with it: install git "
            "(Debian/Ubuntu: sudo apt-get install git)."
        )
    if not odoo_fetched():
        url = os.environ.get("ODOO_GIT_URL") or DEFAULT_GIT_URL
        branch = os.environ.get("ODOO_GIT_BRANCH") or DEFAULT_BRANCH
        os.makedirs(LOCAL, exist_ok=True)
        fetch_odoo(url, branch)
        with open(FETCHED_MARK, "w", encoding="utf-8") as fh:
            fh.write(f"{url} {branch}\n")
    return ensure_venv(python)


def reexec(python, argv):
    """Run the command again (`argv`: sys.argv of a script) with `python`,
    the venv's, for good."""
    script = os.path.abspath(argv[0]) if argv else ""
    if not os.path.isfile(script):
        raise Missing(f"Odoo is installed in {VENV}: run this with {python}.")
    env = dict(os.environ, PYTHON=python, **{BOOTSTRAPPED: "1"})
    say(f"continuing with {python}")
    os.execve(python, [python, script, *argv[1:]], env)
