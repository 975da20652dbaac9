"""tools/bootstrap.py: which modules of a fetched Odoo tree are kept, the
addons path, the requirements. Plain pytest, without Odoo:
`python3 -m pytest -p no:odoo tools/test_bootstrap.py` (no:odoo: without
pytest-odoo's database); `make test` runs it too."""

import os
import shutil
import subprocess

import bootstrap  # a sibling: pytest puts this folder on sys.path
import pytest

MANIFESTS = {
    "base": {"license": "LGPL-3", "depends": []},
    "web": {"license": "LGPL-3", "depends": ["base"]},
    "sale": {"license": "LGPL-3", "depends": ["web"]},
    "web_studio": {"license": "OEEL-1", "depends": ["web"]},
    "sale_studio": {"license": "LGPL-3", "depends": ["sale", "web_studio"]},
    "sale_studio_report": {"license": "LGPL-3", "depends": ["sale_studio"]},
    "l10n_x_bridge": {"license": "LGPL-3", "depends": ["sale", "not_in_the_tree"]},
}


def test_enterprise_modules_and_those_depending_on_them_are_left_out():
    assert bootstrap.excluded_modules(MANIFESTS) == {
        "web_studio",
        "sale_studio",
        "sale_studio_report",
        "l10n_x_bridge",
    }
    community = {k: v for k, v in MANIFESTS.items() if k in ("base", "web", "sale")}
    assert bootstrap.excluded_modules(community) == set()


def test_a_manifest_is_read_as_data_only():
    text = "# comment\n{'name': 'X', 'license': 'OEEL-1', 'depends': ['web']}\n"
    assert bootstrap.parse_manifest(text)["license"] == "OEEL-1"
    assert bootstrap.parse_manifest("__import__('os').system('true')") == {}
    assert bootstrap.parse_manifest("[1, 2]") == {}


def test_sparse_patterns_keep_all_but_the_modules_and_files_left_out():
    assert bootstrap.sparse_patterns(
        {"odoo/addons/web_studio", "addons/sale_studio/"},
        ["odoo/addons/product_unspsc/i18n_extra/da_DK.po"],
    ) == [
        "/*",
        "!/addons/sale_studio/",
        "!/odoo/addons/web_studio/",
        "!/odoo/addons/product_unspsc/i18n_extra/da_DK.po",
    ]


def _tree(root, modules):
    """An Odoo-like tree: {relative folder of a module: manifest}."""
    for folder, manifest in modules.items():
        path = os.path.join(root, folder)
        os.makedirs(path)
        with open(os.path.join(path, "__manifest__.py"), "w") as fh:
            fh.write(repr({"name": os.path.basename(folder), **manifest}))
        with open(os.path.join(path, "__init__.py"), "w") as fh:
            fh.write("")
    return root


def test_addons_path_of_a_tree_without_top_level_addons_adds_nothing(tmp_path):
    root = _tree(str(tmp_path / "odoo"), {"odoo/addons/base": MANIFESTS["base"]})
    assert bootstrap.extra_addons_dirs(root, str(tmp_path / "links")) == []
    assert bootstrap.extra_addons_dirs(None) == []


def test_addons_path_takes_a_community_addons_folder_as_it_is(tmp_path):
    root = _tree(
        str(tmp_path / "odoo"),
        {"odoo/addons/base": MANIFESTS["base"], "addons/web": MANIFESTS["web"]},
    )
    links = str(tmp_path / "links")
    assert bootstrap.extra_addons_dirs(root, links) == [os.path.join(root, "addons")]
    assert not os.path.exists(links)


def test_addons_path_links_only_the_community_modules_of_a_mixed_folder(tmp_path):
    root = _tree(
        str(tmp_path / "odoo"),
        {
            "odoo/addons/base": MANIFESTS["base"],
            **{
                f"addons/{name}": MANIFESTS[name]
                for name in MANIFESTS
                if name != "base"
            },
        },
    )
    links = str(tmp_path / "links")
    os.makedirs(os.path.join(links, "stale"))
    assert bootstrap.extra_addons_dirs(root, links) == [links]
    assert sorted(os.listdir(links)) == ["sale", "web"]
    assert os.path.realpath(os.path.join(links, "web")) == os.path.join(
        os.path.realpath(root), "addons", "web"
    )
    # The tree's odoo/addons is on Odoo's path whatever: its Enterprise
    # modules are reported.
    _tree(root, {"odoo/addons/web_enterprise": {"license": "OEEL-1"}})
    assert bootstrap.enterprise_in_package(root) == ["web_enterprise"]


def test_odoo_requirements_install_from_wheels():
    lines = [
        "# The officially supported versions",
        "cbor2==5.4.2 ; python_version < '3.12'",
        "cbor2==5.6.2 ; python_version >= '3.12'",
        "psycopg2==2.9.5 ; python_version == '3.11'",
        "python-ldap==3.4.0 ; sys_platform != 'win32' # min version",
        "pytz  # no version pinning",
        "lxml==4.9.3 ; python_version > '3.10' and python_version < '3.12' # min 4.9.2",
        "",
    ]
    assert bootstrap.odoo_requirements(lines) == [
        "cbor2==5.4.6 ; python_version < '3.12'",
        "cbor2==5.6.2 ; python_version >= '3.12'",
        "psycopg2-binary==2.9.5 ; python_version == '3.11'",
        "pytz",
        "lxml==4.9.3 ; python_version > '3.10' and python_version < '3.12'",
    ]


def _git(cwd, *args):
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.mark.skipif(not shutil.which("git"), reason="git is not installed")
def test_fetch_checks_out_community_modules_of_a_repository_missing_a_blob(tmp_path):
    source = str(tmp_path / "source")
    _tree(
        source,
        {f"odoo/addons/{name}": manifest for name, manifest in MANIFESTS.items()},
    )
    with open(os.path.join(source, "odoo", "__init__.py"), "w") as fh:
        fh.write("")
    lost = os.path.join(source, "odoo", "addons", "sale", "big.po")
    with open(lost, "w") as fh:
        fh.write("a file whose content the repository lacks\n")
    _git(source, "init", "-q", "-b", "18.0")
    _git(source, "add", "-A")
    _git(source, "commit", "-qm", "Odoo")
    oid = _git(source, "rev-parse", "HEAD:odoo/addons/sale/big.po").strip()
    os.remove(os.path.join(source, ".git", "objects", oid[:2], oid[2:]))

    dest = str(tmp_path / "odoo")
    kept, left_out, missing = bootstrap.fetch_odoo(source, "18.0", dest)

    assert (kept, left_out) == (3, 4)
    assert missing == ["odoo/addons/sale/big.po"]
    assert sorted(os.listdir(os.path.join(dest, "odoo", "addons"))) == [
        "base",
        "sale",
        "web",
    ]
    assert os.path.isfile(os.path.join(dest, "odoo", "addons", "sale", "__init__.py"))
    assert not os.path.exists(os.path.join(dest, "odoo", "addons", "sale", "big.po"))
    assert not os.path.exists(dest + ".tmp")
    assert _git(dest, "status", "--porcelain") == ""


@pytest.mark.skipif(not shutil.which("git"), reason="git is not installed")
def test_fetch_refuses_a_repository_that_is_not_odoo(tmp_path):
    source = str(tmp_path / "source")
    os.makedirs(source)
    with open(os.path.join(source, "README"), "w") as fh:
        fh.write("not Odoo\n")
    _git(source, "init", "-q", "-b", "18.0")
    _git(source, "add", "-A")
    _git(source, "commit", "-qm", "x")
    with pytest.raises(bootstrap.Missing, match="not an Odoo source tree"):
        bootstrap.fetch_odoo(source, "18.0", str(tmp_path / "odoo"))
    with pytest.raises(bootstrap.Missing, match="git clone failed"):
        bootstrap.fetch_odoo(source, "17.0", str(tmp_path / "odoo"))


def test_odoo_addons_from_pypi_are_installed_apart():
    lines = [
        "# Python packages the addon needs",
        "lxml",
        "odoo-addon-report-xlsx>=18.0,<18.1  # OCA",
        "pytest-odoo>=2.3,<3",
        "",
    ]
    assert bootstrap.split_addon_requirements(lines) == (
        ["lxml", "pytest-odoo>=2.3,<3"],
        ["odoo-addon-report-xlsx>=18.0,<18.1"],
    )


def test_the_addon_is_linked_without_a_fetched_odoo_and_venv(tmp_path):
    root = str(tmp_path / "checkout")
    for folder in ("models", "tests", ".git", ".local/data"):
        os.makedirs(os.path.join(root, folder))
    with open(os.path.join(root, "__manifest__.py"), "w") as fh:
        fh.write("{}")
    link = str(tmp_path / "addons" / "ntm_exemplar")
    os.makedirs(os.path.dirname(link))

    bootstrap.link_addon(root, link)
    assert os.path.islink(link) and os.readlink(link) == root

    # Odoo's translation export walks the module's folder: the fetched Odoo
    # and the venv must not be in it.
    os.makedirs(os.path.join(root, ".local", "venv", "lib"))
    bootstrap.link_addon(root, link)
    assert not os.path.islink(link)
    assert sorted(os.listdir(link)) == ["__manifest__.py", "models", "tests"]
    assert os.readlink(os.path.join(link, "models")) == os.path.join(root, "models")

    os.makedirs(os.path.join(root, "controllers"))
    os.remove(os.path.join(root, "__manifest__.py"))
    bootstrap.link_addon(root, link)
    assert sorted(os.listdir(link)) == ["controllers", "models", "tests"]

    shutil.rmtree(os.path.join(root, ".local", "venv"))
    bootstrap.link_addon(root, link)
    assert os.readlink(link) == root
    assert os.path.isdir(os.path.join(root, "models")), "targets kept"


def test_missing_system_packages_are_named_in_one_sentence_when_not_root(
    monkeypatch, capsys
):
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: None)
    monkeypatch.setattr(bootstrap.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(bootstrap, "has_venv", lambda python: False)

    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"ran {args[0]}")

    monkeypatch.setattr(bootstrap.subprocess, "run", no_subprocess)
    missing = bootstrap.ensure_system_packages("python3")
    packages = ["postgresql", "wkhtmltopdf", "chromium", "fonts-croscore"]
    assert missing == [*packages, "python3-venv"]
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "[ntm] missing system packages: postgresql, wkhtmltopdf, chromium, "
        "fonts-croscore, python3-venv; install them (Debian/Ubuntu: sudo apt-get "
        "install postgresql wkhtmltopdf chromium fonts-croscore python3-venv)."
    ]
    assert bootstrap.ensure_system_packages("python3", need_venv=False) == packages
