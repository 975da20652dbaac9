#!/usr/bin/env python3
"""Load test data: the deadline week of the 126 communes, and its
project.task counterpart, in a database that has the addon and `project`.

    python3 bench/load/seed_load.py -c .local/odoo.conf -d ntm_load_week \
        --out .local/load/seed.json

Run by run_load.py (`make load`) on a new database. What it creates, with
the ORM as superuser (a seeding script: nothing here is a user's act):

- one officer and one unit manager ("leader") for each of the 126 communes
  and wards in operation (the shipped 2025 units), a council of 9 members
  at the city (chair, vice-chair, secretary, 6 members) and a coordinator;
- in each commune this year's dossiers: DISCOVERED to evaluate, FOSTERING,
  NOMINATED (evaluated, waiting for the leader), RETURNED, and COUNCIL ones
  on the agenda of the city council's draft sessions (SESSION_DOSSIERS
  each); the first session is open (ballots made);
- the counterpart with Odoo's own app: one follower-only project per
  commune with the same stages, followed by that commune's two project
  users, holding as many tasks per stage as the commune has dossiers (each
  with as many subtasks as the dossier has criteria lines); a council
  project followed by 9 project users, its tasks in batches as the
  sessions' agendas; a project manager as coordinator.

Writes what the load clients need (logins, ids, the views' fields as the
web client asks for them) to --out as JSON.
"""

import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench_first_load import order_of, view_spec
from common import parse_args, superuser_env
from lxml import etree

from odoo import Command

PASSWORD = "ntm-load"  # every load user's (a local database, 127.0.0.1 only)
COMMUNE_PREFIX = "ntm_exemplar.unit_2025_"
# This year's dossiers of each commune, by stage, before the load starts.
PER_COMMUNE = {"discovered": 10, "fostering": 3, "nominated": 6, "returned": 2}
SESSIONS = 16
SESSION_DOSSIERS = 12
COUNCIL_ROLES = ["chair", "vice_chair", "secretary"] + ["member"] * 6
CATEGORIES = ("individual", "enterprise", "other", "commune")
USER_GROUPS = {
    "officer": ["ntm_exemplar.group_officer"],
    "leader": ["ntm_exemplar.group_manager"],
    "council": ["ntm_exemplar.group_council"],
    "coordinator": ["ntm_exemplar.group_coordinator"],
    # Officers create the nominees: project users, the customers (Contacts).
    "p_officer": ["project.group_project_user", "base.group_partner_manager"],
    "p_leader": ["project.group_project_user"],
    "p_council": ["project.group_project_user"],
    "p_coordinator": ["project.group_project_manager"],
}


def log(msg, start=[]):  # noqa: B006 (the first call's time, kept)
    start = start or start.append(time.monotonic()) or start
    print(f"[seed {time.monotonic() - start[0]:6.1f}s] {msg}", flush=True)


def make_users(env, communes):
    """{role: [users]} with one shared password, hashed once."""
    plan = []
    for index, unit in enumerate(communes, 1):
        plan.append(
            ("officer", f"load.officer.{index:03d}", f"Cán bộ {unit.name}", unit)
        )
        plan.append(
            ("leader", f"load.leader.{index:03d}", f"Lãnh đạo {unit.name}", unit)
        )
        plan.append(
            ("p_officer", f"load.p.officer.{index:03d}", f"Nhân viên {index}", 0)
        )
        plan.append(
            ("p_leader", f"load.p.leader.{index:03d}", f"Trưởng nhóm {index}", 0)
        )
    city = env.ref("ntm_exemplar.unit_hanoi")
    for index in range(1, len(COUNCIL_ROLES) + 1):
        plan.append(
            ("council", f"load.council.{index}", f"Ủy viên Hội đồng {index}", 0)
        )
        plan.append(("p_council", f"load.p.council.{index}", f"Người duyệt {index}", 0))
    plan.append(("coordinator", "load.coordinator", "Văn phòng Điều phối", city))
    plan.append(("p_coordinator", "load.p.coordinator", "Quản lý dự án", 0))
    base = env.ref("base.group_user").id
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nolog=True)
        .create(
            [
                {
                    "name": name,
                    "login": login,
                    "lang": "vi_VN",
                    "tz": "Asia/Ho_Chi_Minh",
                    # A chatter message needs its author's address; the
                    # notifications stay in Odoo's inbox (no mail sent).
                    "email": f"{login}@example.com",
                    "notification_type": "inbox",
                    "groups_id": [
                        Command.set([base] + [env.ref(g).id for g in USER_GROUPS[role]])
                    ],
                    "ntm_unit_ids": [Command.set(unit.ids if unit else [])],
                }
                for role, login, name, unit in plan
            ]
        )
    )
    # One hash for all: hashing each user's password would take minutes.
    hashed = users._crypt_context().hash(PASSWORD)
    for user in users:
        user._set_encrypted_password(user.id, hashed)
    by_role = {}
    for (role, *_rest), user in zip(plan, users, strict=True):
        by_role.setdefault(role, env["res.users"])
        by_role[role] |= user
    return by_role


def meet_values(line):
    """Values meeting the line's criterion (as tests/common.py does)."""
    if line.measure == "boolean":
        return {"value_bool": "yes"}
    if line.measure == "range":
        return {"value_number": line.threshold}
    step = {">": 1, "<": -1}.get(line.operator, 0)
    return {"value_number": line.threshold + step}


def evaluate(lines):
    """Meet every line, one write per distinct value."""
    by_values = {}
    for line in lines:
        key = tuple(sorted(meet_values(line).items()))
        by_values.setdefault(key, lines.browse())
        by_values[key] |= line
    for key, group in by_values.items():
        group.write(dict(key))


def make_dossiers(env, rng, communes, officers):
    """{unit id: {stage key: [ids]}} and the council-stage dossiers."""
    Exemplar = env["ntm.exemplar"].with_context(
        mail_create_nolog=True, tracking_disable=True, mail_notrack=True
    )
    stage = {
        key: env.ref(f"ntm_exemplar.stage_{key}")
        for key in ("discovered", "fostering", "nominated", "council", "returned")
    }
    per_session_unit = -(-SESSIONS * SESSION_DOSSIERS // len(communes))
    counts = {**PER_COMMUNE, "council": per_session_unit}
    nominees = env["res.partner"].create(
        [
            {
                "name": f"Đối tượng {unit.name} {key} {n + 1}",
                "ntm_is_nominee": True,
                "ntm_unit_id": unit.id,
            }
            for unit in communes
            for key, count in counts.items()
            for n in range(count)
        ]
    )
    vals, keys, n = [], [], 0
    for unit, officer in zip(communes, officers, strict=True):
        for key, count in counts.items():
            for index in range(count):
                vals.append(
                    {
                        "name": f"Hồ sơ {key} {index + 1} – {unit.name}",
                        "partner_id": nominees[n].id,
                        "category": rng.choice(CATEGORIES),
                        "unit_id": unit.id,
                        "user_id": officer.id,
                        "source": "movement",
                    }
                )
                keys.append((unit.id, key))
                n += 1
    dossiers = Exemplar.create(vals)
    log(f"{len(dossiers)} dossiers, {len(dossiers.criterion_line_ids)} lines")
    by_key = {}
    for dossier, key in zip(dossiers, keys, strict=True):
        by_key.setdefault(key[1], Exemplar.browse())
        by_key[key[1]] |= dossier
    by_key["fostering"].write({"stage_id": stage["fostering"].id})
    ahead = by_key["nominated"] | by_key["returned"] | by_key["council"]
    evaluate(ahead.criterion_line_ids)
    ahead.action_nominate()
    (by_key["returned"]).action_return_for_completion("Bổ sung minh chứng.")
    by_key["council"].action_send_to_council()
    log("dossiers evaluated, nominated, returned, sent to the council")
    queues = {}
    for dossier, (unit_id, key) in zip(dossiers, keys, strict=True):
        queues.setdefault(str(unit_id), {}).setdefault(key, []).append(dossier.id)
    return queues, by_key["council"]


def make_council(env, members, agenda):
    council = env["ntm.council"].create(
        {
            "name": "Hội đồng Thi đua - Khen thưởng Thành phố (tải thử)",
            "unit_id": env.ref("ntm_exemplar.unit_hanoi").id,
            "member_ids": [
                Command.create({"user_id": user.id, "role": role})
                for user, role in zip(members, COUNCIL_ROLES, strict=True)
            ],
        }
    )
    agenda = agenda.sorted("id")
    sessions = env["ntm.council.session"].create(
        [
            {
                "name": f"Phiên bình xét số {n + 1}",
                "council_id": council.id,
                "exemplar_ids": [
                    Command.set(
                        agenda[n * SESSION_DOSSIERS : (n + 1) * SESSION_DOSSIERS].ids
                    )
                ],
            }
            for n in range(SESSIONS)
        ]
    )
    sessions.action_load_members()
    sessions[0].action_open()
    log(f"council of {len(members)}, {len(sessions)} sessions, the first open")
    return council, sessions


def make_projects(env, queues, communes, users):
    """One follower-only project per commune, as many tasks per stage as its
    dossiers, each with as many subtasks as the dossier has lines."""
    Task = env["project.task"].with_context(
        mail_create_nolog=True, tracking_disable=True, mail_notrack=True
    )
    dossier_stages = env["ntm.exemplar.stage"].search([])
    task_stages = env["project.task.type"].create(
        [
            {"name": s.name, "sequence": s.sequence, "fold": s.fold}
            for s in dossier_stages
        ]
    )
    stage_of = dict(zip(dossier_stages.ids, task_stages.ids, strict=True))
    projects = (
        env["project.project"]
        .with_context(mail_create_nolog=True)
        .create(
            [
                {
                    "name": f"Dự án {unit.name}",
                    "privacy_visibility": "followers",
                    "type_ids": [Command.set(task_stages.ids)],
                }
                for unit in communes
            ]
            + [
                {
                    "name": "Dự án Hội đồng (tải thử)",
                    "privacy_visibility": "followers",
                    "type_ids": [Command.set(task_stages.ids)],
                }
            ]
        )
    )
    council_project = projects[-1]
    for project, officer, leader in zip(
        projects, users["p_officer"], users["p_leader"], strict=False
    ):
        project.message_subscribe(partner_ids=(officer | leader).partner_id.ids)
    council_project.message_subscribe(partner_ids=users["p_council"].partner_id.ids)
    dossiers = env["ntm.exemplar"].browse(
        [i for unit in queues.values() for ids in unit.values() for i in ids]
    )
    project_of = {
        unit.id: project for unit, project in zip(communes, projects, strict=False)
    }
    key_of = {
        env.ref(f"ntm_exemplar.stage_{key}").id: key
        for key in ("discovered", "fostering", "nominated", "council", "returned")
    }
    p_queues, vals, keys = {}, [], []
    for dossier in dossiers:
        unit_key = key_of[dossier.stage_id.id]
        project = (
            council_project
            if dossier.stage_id.is_council
            else project_of[dossier.unit_id.id]
        )
        vals.append(
            {
                "name": dossier.name,
                "project_id": project.id,
                "stage_id": stage_of[dossier.stage_id.id],
                "partner_id": dossier.partner_id.id,
                "child_ids": [
                    Command.create(
                        {
                            "name": line.criterion_id.name,
                            "project_id": project.id,
                            "state": "1_done"
                            if line.is_evaluated
                            else "01_in_progress",
                        }
                    )
                    for line in dossier.criterion_line_ids
                ],
            }
        )
        keys.append((str(project.id), unit_key))
    tasks = Task.create(vals)
    for task, (project_id, key) in zip(tasks, keys, strict=True):
        p_queues.setdefault(project_id, {}).setdefault(key, []).append(task.id)
    log(
        f"{len(projects)} projects, {len(tasks)} tasks, {len(tasks.child_ids)} subtasks"
    )
    return projects, council_project, p_queues, stage_of


def form_spec(model, action_id):
    """The fields a form asks for, its one2many lists' fields included."""
    result = model.get_views([(False, "form")], {"action_id": action_id})
    models = result["models"]
    root = etree.fromstring(result["views"]["form"]["arch"])

    def spec_of(node, model_name, top):
        spec = {}
        for field in node.iter("field"):
            parent = next((a for a in field.iterancestors() if a.tag == "field"), None)
            if parent is not top:
                continue
            name = field.get("name")
            info = models[model_name]["fields"][name]
            if info["type"] in ("many2one", "reference"):
                spec[name] = {"fields": {"display_name": {}}}
            elif info["type"] in ("one2many", "many2many"):
                sub = field.find("list")
                spec[name] = {
                    "fields": spec_of(sub, info["relation"], field)
                    if sub is not None
                    else {"display_name": {}}
                }
            else:
                spec[name] = {}
        return spec

    return spec_of(root, model._name, None)


def kanban(env, user, action_xmlid, context):
    """What the client needs to open the kanban as `user`."""
    action = env.ref(action_xmlid)
    model = env[action.res_model].with_user(user).with_context(lang="vi_VN", **context)
    spec, aggregates, root = view_spec(model, action, "kanban")
    progress = root.find("progressbar")
    return {
        "spec": spec,
        "aggregates": aggregates,
        "group_by": root.get("default_group_by"),
        "order": order_of(root),
        "progress": None
        if progress is None
        else {
            "field": progress.get("field"),
            "colors": json.loads(progress.get("colors")),
            "help": "",
        },
        "form": form_spec(model, action.id),
        "action_id": action.id,
    }


def kanban_list(env, user, action_xmlid):
    """An ungrouped kanban's fields and order (the projects' overview)."""
    action = env.ref(action_xmlid)
    model = env[action.res_model].with_user(user).with_context(lang="vi_VN")
    spec, _aggregates, root = view_spec(model, action, "kanban")
    return {"spec": spec, "order": order_of(root)}


def main():
    args = parse_args(__doc__.split("\n")[0], out=(str, ".local/load/seed.json"))
    rng = random.Random(17)
    with superuser_env(args) as root:
        log("seeding")
        env = root(context={"lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"})
        env.ref("base.user_admin").tz = "Asia/Ho_Chi_Minh"
        communes = env["ntm.unit"].search(
            [
                (
                    "id",
                    "in",
                    env["ir.model.data"]
                    .search(
                        [
                            ("module", "=", "ntm_exemplar"),
                            ("name", "=like", "unit_2025_%"),
                            ("model", "=", "ntm.unit"),
                        ]
                    )
                    .mapped("res_id"),
                )
            ],
            order="id",
        )
        assert len(communes) == 126, len(communes)
        users = make_users(env, communes)
        log(f"{sum(len(u) for u in users.values())} users")
        queues, agenda = make_dossiers(env, rng, communes, users["officer"])
        council, sessions = make_council(env, users["council"], agenda)
        projects, council_project, p_queues, stage_of = make_projects(
            env, queues, communes, users
        )
        # The council project's tasks in batches as the sessions' agendas.
        batches = [
            env["project.task"]
            .search(
                [("project_id", "=", council_project.id), ("parent_id", "=", False)],
                order="id",
            )[n * SESSION_DOSSIERS : (n + 1) * SESSION_DOSSIERS]
            .ids
            for n in range(SESSIONS)
        ]
        # The first batch is "open": assigned to the 9 reviewers.
        env["project.task"].browse(batches[0]).user_ids = users["p_council"]
        officer, p_officer = users["officer"][0], users["p_officer"][0]
        project_context = {
            "active_id": projects[0].id,
            "active_ids": [projects[0].id],
            "active_model": "project.project",
            "default_project_id": projects[0].id,
            "show_project_update": True,
        }
        stage_ids = {
            key: env.ref(f"ntm_exemplar.stage_{key}").id
            for key in ("discovered", "nominated", "council", "returned", "recognized")
        }
        data = {
            "database": args.database,
            "password": PASSWORD,
            "logins": {role: u.mapped("login") for role, u in users.items()},
            "uids": {role: u.ids for role, u in users.items()},
            "units": communes.ids,
            "queues": queues,
            "stages": stage_ids,
            "council_id": council.id,
            "sessions": sessions.ids,
            "projects": projects[:-1].ids,
            "council_project": council_project.id,
            "p_queues": p_queues,
            "p_stages": {k: stage_of[v] for k, v in stage_ids.items()},
            "p_batches": batches,
            "kanban": kanban(env, officer, "ntm_exemplar.ntm_exemplar_action", {}),
            "p_kanban": kanban(
                env,
                p_officer,
                "project.act_project_project_2_project_task_all",
                {**project_context, "project_kanban": True},
            ),
            "p_home": kanban_list(
                env, users["p_coordinator"], "project.open_view_project_all"
            ),
            "ballots": view_spec(
                env["ntm.ballot"].with_user(users["council"][0]),
                env.ref("ntm_exemplar.ntm_ballot_action"),
                "list",
            )[0],
        }
        env.cr.commit()
        log("committed")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
