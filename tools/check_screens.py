#!/usr/bin/env python3
"""Open the addon's screens as each demo user, in headless Chromium, and list
any label still in English.

    python3 tools/check_screens.py [--url http://localhost:8069] [--out DIR]

Needs the demo served (`make demo`). For every demo user and every screen
that user can open (kanban, lists, forms, settings, ballots...), the page's
visible text is compared line by line with the English source terms of the
addon (i18n/ntm_exemplar.pot): a line equal to a source term whose Vietnamese
translation differs is an untranslated label. Screenshots and texts are kept
in DIR (default /tmp/ntm-screens). Exits non-zero when a label is found.
"""

import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCREENS = {
    # login: screens (paths under /odoo)
    "ntm.officer": [
        "action-ntm_exemplar.ntm_exemplar_action",
        "action-ntm_exemplar.ntm_exemplar_action?view_type=list",
        "action-ntm_exemplar.ntm_exemplar_action/11",
        "action-ntm_exemplar.ntm_propagation_action",
        "action-ntm_exemplar.ntm_reward_proposal_action",
        "action-ntm_exemplar.ntm_summary_report_action",
    ],
    "ntm.manager": [
        "action-ntm_exemplar.ntm_exemplar_action",
        "action-ntm_exemplar.ntm_council_session_action/1",
        "action-ntm_exemplar.ntm_council_session_action/2",
        "action-ntm_exemplar.ntm_reward_proposal_action/2",
    ],
    "ntm.council": ["action-ntm_exemplar.ntm_ballot_action"],
    "ntm.coordinator": [
        "action-ntm_exemplar.ntm_top_five_action/1",
        "action-ntm_exemplar.ntm_reward_proposal_action/1",
    ],
    "ntm.admin": [
        "action-ntm_exemplar.ntm_exemplar_settings_action",
        "action-ntm_exemplar.ntm_criterion_action",
        "action-ntm_exemplar.ntm_unit_action",
        "action-ntm_exemplar.ntm_exemplar_stage_action",
    ],
}


def source_terms():
    """English msgids of the addon whose Vietnamese differs."""
    po = open(os.path.join(ROOT, "i18n", "vi.po"), encoding="utf-8").read()
    terms = set()
    for msgid, msgstr in re.findall(r'\nmsgid "(.+)"\nmsgstr "(.*)"', po):
        if msgid != msgstr and len(msgid) > 3 and "%" not in msgid:
            terms.add(msgid.replace('\\"', '"'))
    return terms


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--out", default="/tmp/ntm-screens")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    terms = source_terms()
    found = 0
    for login, paths in SCREENS.items():
        for path in paths:
            name = re.sub(r"\W+", "_", f"{login}_{path}")
            text_file = os.path.join(args.out, name + ".txt")
            subprocess.run(
                [
                    sys.executable,
                    os.path.join(ROOT, "tools", "screenshot.py"),
                    login,
                    login,
                    f"{args.url}/odoo/{path}",
                    os.path.join(args.out, name + ".png"),
                    "--wait",
                    "6",
                    "--text",
                    text_file,
                ],
                check=True,
                capture_output=True,
            )
            lines = {
                line.strip()
                for line in open(text_file, encoding="utf-8").read().splitlines()
            }
            english = sorted(lines & terms)
            found += len(english)
            status = "untranslated: " + ", ".join(english) if english else "ok"
            print(f"{login:16} {path:60} {status}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
