#!/usr/bin/env python3
"""Benchmark: ranking a year's candidates for the top five.

    make bench
    python3 bench/bench_top_five.py -c .local/odoo.conf -d ntm_bench

Times ntm.top.five._candidates(year) on last year (20,000 dossiers, 16,000
of them recognised: the candidates), which ranks every recognised exemplar
by its criteria score (a stored field), the council's share of agreeing
votes (one council result each) and how often it was propagated (a
many2many grouped with _read_group).

Odoo has no ranking of this shape; its counterpart here is the same
three-key ranking written with Odoo's own calls on Odoo's own app, over
data of the same shape made by bench_00_generate.py: the 16,000 tasks of 16
projects, ranked by priority (a stored field), their assignment (one
project.task.stage.personal record each) and their number of tags (a
many2many grouped with _read_group). The ratio shows what the addon's
models cost against project.task's for the same work.
"""

from common import bench_data, measure, parse_args, queries_text, superuser_env


def odoo_ranking(env, project_ids):
    """The tasks of `project_ids`, best first: priority, then the earliest
    assignee, then the number of tags."""
    tasks = env["project.task"].search([("project_id", "in", project_ids)])
    assignments = env["project.task.stage.personal"].search(
        [("task_id", "in", tasks.ids)]
    )
    first = {}
    for assignment in assignments:
        first[assignment.task_id.id] = min(
            first.get(assignment.task_id.id, assignment.user_id.id),
            assignment.user_id.id,
        )
    counts = dict(
        env["project.tags"]._read_group(
            [("task_ids", "in", tasks.ids)], ["task_ids"], ["__count"]
        )
    )
    rows = [
        {
            "task": task,
            "priority": task.priority,
            "assignee": first.get(task.id, 0),
            "tags": counts.get(task, 0),
        }
        for task in tasks
    ]
    rows.sort(
        key=lambda r: (-int(r["priority"]), r["assignee"], -r["tags"], r["task"].id)
    )
    return rows


def main():
    args = parse_args(__doc__.split("\n")[0], repeat=(int, 5))
    with superuser_env(args) as env:
        data = bench_data(env)
        year = data["years"][-2]
        found = {}

        def addon():
            found["addon"] = len(env["ntm.top.five"]._candidates(year))

        def odoo():
            found["odoo"] = len(odoo_ranking(env, data["ranked_project_ids"]))

        addon_ms, addon_q = measure(env, addon, args.repeat)
        odoo_ms, odoo_q = measure(env, odoo, args.repeat)
    print(f"top-five ranking, median of {args.repeat}:")
    print(
        f"  _candidates({year}): {addon_ms:8.0f} ms, {queries_text(addon_q)} queries, "
        f"{found['addon']:,} candidates ranked"
    )
    print(
        f"  project.task ranking: {odoo_ms:8.0f} ms, {queries_text(odoo_q)} queries, "
        f"{found['odoo']:,} tasks ranked"
    )
    print(f"  ratio addon / Odoo: {addon_ms / odoo_ms:.2f}")


if __name__ == "__main__":
    main()
