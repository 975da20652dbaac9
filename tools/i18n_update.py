#!/usr/bin/env python3
"""Refresh i18n/ntm_exemplar.pot and i18n/vi.po from an installed database.

    python3 tools/i18n_update.py DB

Exports the addon's terms (Odoo's own exporter) to the .pot, merges them into
vi.po keeping every existing translation, takes the translation of a term that
Odoo's own addons already translate (fields inherited from mail's mixins, ...),
and lists what is left untranslated (exit 1), to be translated by hand.
"""

import glob
import os
import subprocess
import sys

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POT = os.path.join(ROOT, "i18n", "ntm_exemplar.pot")
VI = os.path.join(ROOT, "i18n", "vi.po")
CONF = os.path.join(ROOT, ".local", "odoo.conf")


def odoo_catalog(odoo_addons):
    """msgid -> msgstr from the vi.po of Odoo's base and mail addons."""
    catalog = {}
    for name in ("base", "web", "mail"):
        for path in glob.glob(os.path.join(odoo_addons, name, "i18n", "vi.po")):
            for entry in polib.pofile(path):
                if entry.msgstr and not entry.obsolete:
                    catalog.setdefault(entry.msgid, entry.msgstr)
    return catalog


def main(db):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            CONF,
            "-d",
            db,
            f"--i18n-export={POT}",
            "--modules=ntm_exemplar",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ],
        check=True,
    )
    import odoo

    catalog = odoo_catalog(os.path.join(os.path.dirname(odoo.__file__), "addons"))
    pot = polib.pofile(POT)
    old = polib.pofile(VI) if os.path.exists(VI) else polib.POFile()
    known = {entry.msgid: entry.msgstr for entry in old if entry.msgstr}
    vi = polib.POFile(wrapwidth=78)
    vi.metadata = {
        "Project-Id-Version": "Odoo Server 18.0",
        "Language": "vi",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    missing = []
    for entry in pot:
        entry.msgstr = known.get(entry.msgid) or catalog.get(entry.msgid, "")
        if not entry.msgstr:
            missing.append(entry.msgid)
        vi.append(entry)
    vi.save(VI)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(vi)} terms, {len(missing)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
