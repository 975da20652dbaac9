#!/usr/bin/env python3
"""Print the addon's documents from a running Odoo, as a user would, and turn
each PDF into PNG pages to look at.

    python3 tools/render_reports.py URL DB LOGIN PASSWORD OUTDIR [report:id ...]

Without report:id pairs, prints each PDF report of the addon for the latest
record of its model that the user can read. Needs pdftoppm (poppler-utils).
"""

import json
import os
import subprocess
import sys
import urllib.request
from http.cookiejar import CookieJar

REPORTS = {
    "ntm_exemplar.report_reward_proposal": "ntm.reward.proposal",
    "ntm_exemplar.report_council_minutes": "ntm.council.session",
    "ntm_exemplar.report_exemplar_achievements": "ntm.exemplar",
    "ntm_exemplar.report_top_five": "ntm.top.five",
    "ntm_exemplar.report_summary": "ntm.summary.report",
}


def main(url, db, login, password, outdir, *wanted):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar())
    )

    def rpc(path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        request = urllib.request.Request(
            url + path, body.encode(), {"Content-Type": "application/json"}
        )
        reply = json.load(opener.open(request))
        if reply.get("error"):
            sys.exit(f"{path}: {reply['error']['data']['message']}")
        return reply["result"]

    rpc("/web/session/authenticate", {"db": db, "login": login, "password": password})
    jobs = []
    if wanted:
        for item in wanted:
            name, rec_id = item.rsplit(":", 1)
            jobs.append((name, int(rec_id)))
    else:
        for name, model in REPORTS.items():
            domain = [("state", "=", "closed")] if "council" in model else []
            ids = rpc(
                "/web/dataset/call_kw",
                {
                    "model": model,
                    "method": "search",
                    "args": [domain],
                    "kwargs": {"limit": 1, "order": "id desc"},
                },
            )
            if ids:
                jobs.append((name, ids[0]))
    os.makedirs(outdir, exist_ok=True)
    for name, rec_id in jobs:
        pdf = opener.open(f"{url}/report/pdf/{name}/{rec_id}").read()
        if not pdf.startswith(b"%PDF"):
            sys.exit(f"{name}/{rec_id}: not a PDF")
        base = os.path.join(outdir, f"{name.split('.')[-1]}_{rec_id}")
        with open(base + ".pdf", "wb") as fh:
            fh.write(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", base + ".pdf", base], check=True
        )
        print(base + ".pdf")


if __name__ == "__main__":
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
