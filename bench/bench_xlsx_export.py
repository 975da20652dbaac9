#!/usr/bin/env python3
"""Benchmark: exporting 10,000 dossiers with their criteria values to Excel.

    make bench
    python3 bench/bench_xlsx_export.py -c .local/odoo.conf -d ntm_bench

Uses the latest 10,000 rural-district dossiers of bench_00_generate.py (20
evaluation lines each). Times the addon's export
(report_xlsx "Dossiers with Criteria Values": one row per dossier, one column
per criterion) next to Odoo's own list export to .xlsx of the same dossiers
and fields (web's export_data + ExportXlsxWriter, the criteria as
"criterion_line_ids/..." sub-rows, as a user would pick them), and prints
both, their query counts and the ratio.
"""

import statistics
import time

from common import bench_data, parse_args, superuser_env

from odoo import http, sql_db

from odoo.addons.web.controllers.export import ExportXlsxWriter

CRITERIA_FIELDS = [
    "criterion_line_ids/code",
    "criterion_line_ids/value_number",
    "criterion_line_ids/value_bool",
]


def measure(env, func, rounds):
    times, queries = [], []
    for _ in range(rounds):
        env.invalidate_all()
        start_queries = sql_db.sql_counter
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
        queries.append(sql_db.sql_counter - start_queries)
    return statistics.median(times), queries[-1]


def main():
    args = parse_args(__doc__.splitlines()[0], rounds=(int, 3))
    with superuser_env(args) as env:
        # Importable once Odoo knows its addons path: the report's own columns.
        from odoo.addons.ntm_exemplar.reports.ntm_exemplar_xlsx import (  # noqa: PLC0415
            DOSSIER_FIELDS,
        )

        fields = [*DOSSIER_FIELDS, *CRITERIA_FIELDS]
        bench_data(env)
        dossiers = env["ntm.exemplar"].search(
            [("category", "=", "district")], order="id desc", limit=10_000
        )
        reports = env["ir.actions.report"]
        size = {}

        def addon_export():
            content, _fmt = reports._render_xlsx(
                "ntm_exemplar.report_exemplar_xlsx", dossiers.ids, {}
            )
            size["addon"] = len(content)

        class Request:  # what ExportXlsxWriter reads of the HTTP request
            pass

        fake = Request()
        fake.env = env
        http._request_stack.push(fake)

        # What the export dialog passes: each field's name and type.
        columns = [
            {
                "name": f,
                "type": "float" if f.endswith(("score", "value_number")) else "char",
            }
            for f in fields
        ]

        def odoo_export():
            rows = dossiers.export_data(fields)["datas"]
            with ExportXlsxWriter(columns, fields, len(rows)) as writer:
                for row_index, row in enumerate(rows):
                    for cell_index, value in enumerate(row):
                        writer.write_cell(row_index + 1, cell_index, value)
            size["odoo"] = len(writer.value)

        addon_ms, addon_q = measure(env, addon_export, args.rounds)
        odoo_ms, odoo_q = measure(env, odoo_export, args.rounds)
        print(
            f"xlsx export of {len(dossiers)} dossiers (20 criteria each), "
            f"median of {args.rounds}:"
        )
        print(
            f"  addon report (one row per dossier): {addon_ms:8.0f} ms, "
            f"{addon_q} queries, {size['addon']} bytes"
        )
        print(
            f"  Odoo list export (same fields)    : {odoo_ms:8.0f} ms, "
            f"{odoo_q} queries, {size['odoo']} bytes"
        )
        print(f"  ratio addon / Odoo: {addon_ms / odoo_ms:.2f}")


if __name__ == "__main__":
    main()
