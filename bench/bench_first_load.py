#!/usr/bin/env python3
"""Benchmark: the first load of the dossier kanban and list as a commune
officer, against Odoo's project.task kanban and list as a project user.

    make bench
    python3 bench/bench_first_load.py -c .local/odoo.conf -d ntm_bench

Both users see the same number of records out of 100,000 through a record
rule (bench_00_generate.py): the officer the dossiers of Xã Vân Nội
(`unit_id in <the user's units>`), the project user the tasks of the one
follower-only project they follow (Odoo's rule on project.task: the project
is not follower-only or the user follows it, or the task), spread over the
same stages. The calls are those the web client (Odoo 18) sends when the
action opens, with the fields it asks for, built here from get_views as the
client builds them (checked against what Chromium sent):

- kanban: read_progress_bar, web_read_group by stage, then one
  web_search_read per unfolded column (80 records at most each);
- list: web_search_read of the first 80 records (ungrouped on both sides;
  the project's list opens grouped by stage, one request per stage).

Prints the median time and the query count of each load, the ratio against
Odoo's, and the query counts with 40 and 80 records per column or page and
for a district officer who sees far more dossiers: they must not change.
"""

import ast

from common import (
    OFFICER_LOGIN,
    PROJECT_LOGIN,
    bench_data,
    measure,
    parse_args,
    queries_text,
    superuser_env,
)
from lxml import etree

from odoo import Command

DISTRICT_OFFICER_LOGIN = "bench.officer.donganh"
M2O = {"fields": {"display_name": {}}}
ACTIVITY = {
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_type_id": M2O,
}
# What the web client's widgets of these views read besides their field:
# fieldDependencies (more fields of the record), relatedFields (fields of
# the related records) and a context.
FIELD_WIDGETS = {
    "kanban_activity": {"dependencies": ACTIVITY},
    "list_activity": {"dependencies": ACTIVITY},
    "many2many_tags": {"related": ["display_name"], "color": True},
    "many2many_avatar_user": {
        "related": ["display_name"],
        "context": {"active_test": False},
    },
    "res_partner_many2one": {"context": {"res_partner_search_mode": "customer"}},
    "project_task_state_selection": {"dependencies": {"project_id": M2O}},
}
NODE_WIDGETS = {"subtask_counter": {"closed_subtask_count": {}}}
COUNT_LIMIT = 10_000


def field_spec(node, field, widget):
    always_invisible = (node.get("invisible") or node.get("column_invisible")) in (
        "1",
        "True",
    )
    if field["type"] in ("many2one", "reference"):
        spec = {"fields": {} if always_invisible else {"display_name": {}}}
    elif field["type"] in ("one2many", "many2many"):
        related = {name: {} for name in widget.get("related", [])}
        options = ast.literal_eval(node.get("options") or "{}")
        if widget.get("color") and options.get("color_field"):
            related[options["color_field"]] = {}
        spec = {"fields": related}
    else:
        spec = {}
    if "context" in widget and not always_invisible:
        spec["context"] = widget["context"]
    return spec


def view_spec(model, action, view_type):
    """The fields the web client asks for, the aggregates of web_read_group,
    and the view's root node (grouping, progress bar, order)."""
    result = model.get_views([(False, view_type)], {"action_id": action.id})
    fields = result["models"][model._name]["fields"]
    root = etree.fromstring(result["views"][view_type]["arch"])
    spec = {}
    for node in root.iter("field", "widget"):
        if node.tag == "widget":
            spec.update(NODE_WIDGETS.get(node.get("name"), {}))
            continue
        name = node.get("name")
        if any(a.tag == "field" for a in node.iterancestors()):
            continue  # a sub-view's field
        widget = FIELD_WIDGETS.get(node.get("widget"), {})
        spec.setdefault(name, field_spec(node, fields[name], widget))
        for dependency, sub in widget.get("dependencies", {}).items():
            spec.setdefault(dependency, sub)
    group_by = root.get("default_group_by")
    aggregates = [
        f"{name}:{fields[name]['aggregator']}"
        for name in spec
        if fields.get(name, {}).get("aggregator") and name != group_by
    ]
    return spec, aggregates, root


def order_of(root):
    """The view's default_order as the client sends it ('a DESC, b ASC')."""
    parts = []
    for part in filter(None, (root.get("default_order") or "").split(",")):
        name, *direction = part.split()
        parts.append(f"{name} {(direction or ['asc'])[0].upper()}")
    return ", ".join(parts)


class Screen:
    """One user's action: its model as the user, domain and context."""

    def __init__(self, env, user, action, domain, context, kanban_context=None):
        self.action = env.ref(action)
        self.model = (
            env[self.action.res_model]
            .with_user(user)
            .with_context(
                lang="vi_VN", tz=False, allowed_company_ids=user.company_ids.ids[:1]
            )
        )
        self.domain = domain
        self.context = context
        self.kanban_context = {**context, **(kanban_context or {})}
        self.kanban = view_spec(
            self.model.with_context(**self.kanban_context), self.action, "kanban"
        )
        self.list = view_spec(self.model.with_context(**context), self.action, "list")

    def load_kanban(self, limit=80):
        """What opening the kanban sends; returns the records shown."""
        spec, aggregates, root = self.kanban
        group_by = root.get("default_group_by")
        model = self.model.with_context(**self.kanban_context)
        progress = root.find("progressbar")
        if progress is not None:
            model.read_progress_bar(
                self.domain,
                group_by,
                {
                    "colors": ast.literal_eval(progress.get("colors")),
                    "field": progress.get("field"),
                    "help": "",
                },
            )
        groups = model.web_read_group(
            self.domain, aggregates, [group_by], limit=2**53 - 1, orderby="", lazy=True
        )["groups"]
        shown = 0
        for group in groups:
            if group.get("__fold") or not group[f"{group_by}_count"]:
                continue
            value = group[group_by][0] if group[group_by] else False
            shown += len(
                model.with_context(
                    bin_size=True, **{f"default_{group_by}": value}
                ).web_search_read(
                    group["__domain"],
                    spec,
                    offset=0,
                    limit=limit,
                    order=order_of(root),
                    count_limit=COUNT_LIMIT + 1,
                )["records"]
            )
        return shown

    def load_list(self, limit=80):
        spec, _aggregates, root = self.list
        page = self.model.with_context(**self.context, bin_size=True).web_search_read(
            self.domain,
            spec,
            offset=0,
            limit=limit,
            order=order_of(root),
            count_limit=COUNT_LIMIT + 1,
        )
        return len(page["records"])


def district_officer(env):
    """A district officer of Đông Anh: same rule, far more dossiers."""
    user = env["res.users"].search([("login", "=", DISTRICT_OFFICER_LOGIN)])
    return user or env["res.users"].create(
        {
            "name": "Cán bộ huyện Đông Anh (benchmark)",
            "login": DISTRICT_OFFICER_LOGIN,
            "groups_id": [
                Command.set(
                    [
                        env.ref("ntm_exemplar.group_officer").id,
                        env.ref("base.group_user").id,
                    ]
                )
            ],
            "ntm_unit_ids": [
                Command.set(env.ref("ntm_exemplar.unit_district_017").ids)
            ],
        }
    )


def screens(env):
    data = bench_data(env)
    users = env["res.users"].search([("login", "in", (OFFICER_LOGIN, PROJECT_LOGIN))])
    by_login = {u.login: u for u in users}
    dossiers = "ntm_exemplar.ntm_exemplar_action"
    project = data["project_id"]
    context = {
        "active_id": project,
        "active_ids": [project],
        "active_model": "project.project",
        "default_project_id": project,
        "show_project_update": True,
    }
    return {
        "officer": Screen(env, by_login[OFFICER_LOGIN], dossiers, [], {}),
        "district": Screen(env, district_officer(env), dossiers, [], {}),
        "project": Screen(
            env,
            by_login[PROJECT_LOGIN],
            "project.act_project_project_2_project_task_all",
            # The action's domain and its default filter, "Open Tasks".
            [
                "&",
                "&",
                ("project_id", "=", project),
                ("display_in_project", "=", True),
                ("is_closed", "=", False),
            ],
            context,
            # The task kanban adds project_kanban (the project's stages).
            {"project_kanban": True},
        ),
    }


def main():
    args = parse_args(__doc__.split("\n")[0], repeat=(int, 15))
    with superuser_env(args) as env:
        views = screens(env)
        rows = []
        for view in ("kanban", "list"):
            figures = {}
            for name, screen in views.items():
                load = getattr(screen, f"load_{view}")
                shown = {limit: load(limit) for limit in (40, 80)}
                ms, queries = measure(env, load, args.repeat)
                _ms, queries40 = measure(env, lambda load=load: load(40), 3)
                figures[name] = (ms, queries, queries40, shown)
            rows.append((view, figures))
        print(f"first load, median of {args.repeat} (queries with 80 / 40 shown):")
        for view, figures in rows:
            odoo_ms = figures["project"][0]
            for name, (ms, queries, queries40, shown) in figures.items():
                print(
                    f"  {view:<7}{name:<10}{ms:8.1f} ms  ratio {ms / odoo_ms:5.2f}  "
                    f"queries {queries_text(queries)} / {queries_text(queries40)}  "
                    f"records shown {shown[80]} / {shown[40]}"
                )


if __name__ == "__main__":
    main()
