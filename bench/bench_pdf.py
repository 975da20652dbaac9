#!/usr/bin/env python3
"""Benchmark: the reward proposal PDF against Odoo's invoice PDF.

    make bench
    python3 bench/bench_pdf.py -c .local/odoo.conf -d ntm_bench

Renders the proposal memo and its attached list (report
ntm_exemplar.action_report_reward_proposal) of Thành phố Hà Nội with N
exemplars of the former Huyện Đông Anh recognised last year (a proposal is
made today, by a unit in operation), and a draft customer invoice
(account.account_invoices) with N lines whose descriptions are as long as
the list's rows, for N = 20 and 100, with the same wkhtmltopdf. An HTTP
server runs in the process, as Odoo's does, so that wkhtmltopdf loads the
reports' stylesheets from it. Prints the median time (and that of the QWeb
rendering alone, the rest being wkhtmltopdf's), the query count, the pages
and the ratio; both records are made with the ORM and rolled back.
"""

import contextlib
import logging
import re
import socket

from common import bench_data, measure, parse_args, queries_text, superuser_env

import odoo
from odoo import Command
from odoo.service import server

SIZES = (20, 100)
LINE_TEXT = (
    "Dịch vụ tư vấn xây dựng nông thôn mới kiểu mẫu: khảo sát, lập hồ sơ, "
    "hướng dẫn hoàn thiện tiêu chí và tổ chức tuyên truyền tại cơ sở"
)


def serve_http(env):
    """Odoo's HTTP server in a thread, and reports pointed at it."""
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    odoo.tools.config["http_interface"] = "127.0.0.1"
    odoo.tools.config["http_port"] = port
    server.ThreadedServer(odoo.http.root).http_spawn()
    env["ir.config_parameter"].set_param("report.url", f"http://127.0.0.1:{port}")


def proposal(env, size, year):
    district = env.ref("ntm_exemplar.unit_district_017")  # Huyện Đông Anh
    city = env.ref("ntm_exemplar.unit_hanoi")
    dossiers = env["ntm.exemplar"].search(
        [
            ("unit_id", "child_of", district.id),
            ("year", "=", year),
            ("stage_id", "=", env.ref("ntm_exemplar.stage_recognized").id),
        ],
        limit=size,
    )
    record = env["ntm.reward.proposal"].create(
        {
            "unit_id": city.id,
            "reward_form_id": env.ref(
                "ntm_exemplar.reward_title_excellent_collective"
            ).id,
            "line_ids": [Command.create({"exemplar_id": d.id}) for d in dossiers],
        }
    )
    # The number a submission gives, written as the submission would.
    from odoo.addons.ntm_exemplar.models.ntm_decision_mixin import (  # noqa: PLC0415
        as_decision,
    )

    as_decision(record).document_number = "15/TTr-UBND"
    return record


def invoice(env, size):
    partner = env["res.partner"].search([("ref", "=", "ntm-bench")], limit=1)
    return env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_line_ids": [
                Command.create(
                    {"name": f"{n + 1}. {LINE_TEXT}", "quantity": 1, "price_unit": 100}
                )
                for n in range(size)
            ],
        }
    )


def main():
    args = parse_args(__doc__.split("\n")[0], repeat=(int, 5))
    # wkhtmltopdf built on an unpatched Qt warns about every header switch.
    logging.getLogger("odoo.addons.base.models.ir_actions_report").setLevel(
        logging.ERROR
    )
    with superuser_env(args) as env:
        year = bench_data(env)["years"][-2]
        # ntm_bench outlives the checkout whose filestore held its asset
        # bundles: dropped, they are built again, so wkhtmltopdf gets the CSS.
        env["ir.attachment"].search([("url", "=like", "/web/assets/%")]).unlink()
        env.cr.commit()
        serve_http(env)
        reports = env["ir.actions.report"]
        rows = []
        for size in SIZES:
            figures = {}
            for name, report, record, lines in (
                (
                    "proposal",
                    "ntm_exemplar.action_report_reward_proposal",
                    proposal(env, size, year),
                    "line_ids",
                ),
                (
                    "invoice",
                    "account.account_invoices",
                    invoice(env, size),
                    "invoice_line_ids",
                ),
            ):
                env.flush_all()
                pdf = {}

                def render(report=report, record=record, pdf=pdf):
                    pdf["content"] = reports._render_qweb_pdf(report, record.ids)[0]

                ms, queries = measure(env, render, args.repeat)
                pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf["content"]))
                # The QWeb part alone: the rest is wkhtmltopdf's.
                html_ms, _queries = measure(
                    env,
                    lambda report=report, record=record: reports._render_qweb_html(
                        report, record.ids
                    ),
                    args.repeat,
                )
                figures[name] = (ms, queries, pages, len(record[lines]), html_ms)
            rows.append((size, figures))
    print(f"PDF, median of {args.repeat}:")
    for size, figures in rows:
        odoo_ms = figures["invoice"][0]
        for name, (ms, queries, pages, lines, html_ms) in figures.items():
            print(
                f"  {size:>4} lines  {name:<9}{ms:8.0f} ms (QWeb {html_ms:4.0f} ms)"
                f"  queries {queries_text(queries):>5}  pages {pages:>2}  lines "
                f"{lines:>4}  ratio {ms / odoo_ms:.2f}"
            )


if __name__ == "__main__":
    main()
