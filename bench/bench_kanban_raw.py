#!/usr/bin/env python3
"""Benchmark: the physical limit of the commune officer's first kanban page,
the cards the kanban shows when it opens read through the ORM against one
hand-written SQL query returning the same rows and columns.

    make bench
    python3 bench/bench_kanban_raw.py -c .local/odoo.conf -d ntm_bench

ORM: as the officer, one ``web_search_read`` per open column (the stages
that are not folded and hold a card), with the kanban's specification as
the web client builds it (bench_first_load.Screen), 80 cards at most a
column, the view's order (the model's: year desc, id desc), lang vi_VN.

Raw: one SQL query doing all of it: the record rule (the user's units, the
units below them, and back through each reorganisation the units they
received; active dossiers only), 80 cards a stage by window function, the
stages' order, every field of the specification (display names included,
translated, the unit's end date formatted as the language formats dates)
and the activity fields (ids, state as of today in the assignee's time
zone, summary, icon, type, exception), turned into the same dicts.

The script stops (exit 1) unless both return the same records, in the same
order, with the same values. It prints the medians, the ORM/raw ratio, and
next to it the project.task ratio: the same ORM page of the project user's
task kanban (bench_first_load's counterpart), officer/project user.
"""

import sys

from bench_first_load import COUNT_LIMIT, order_of, screens
from common import bench_data, measure, parse_args, queries_text, superuser_env

from odoo.tools.translate import code_translations

LIMIT = 80

RAW_PAGE = """
WITH RECURSIVE readable(id) AS (
        SELECT unit.id
          FROM ntm_unit own
          JOIN ntm_unit_res_users_rel rel
            ON rel.unit_id = own.id AND rel.user_id = %(uid)s
          JOIN ntm_unit unit ON unit.parent_path LIKE own.parent_path || '%%'
    UNION
        SELECT receiving.former_unit_id
          FROM ntm_unit_receiving_rel receiving
          JOIN readable ON readable.id = receiving.receiving_unit_id
), ranked AS (
    SELECT d.*, row_number() OVER (
               PARTITION BY d.stage_id ORDER BY d.year DESC, d.id DESC
           ) AS rank
      FROM ntm_exemplar d
     -- As an array: the planner then knows it is a few units, not a
     -- table to hash against every dossier.
     WHERE d.active AND d.unit_id = ANY(ARRAY(SELECT id FROM readable))
)
SELECT d.id,
       stage.id, COALESCE(stage.name->>%(lang)s, stage.name->>'en_US'),
       d.color, d.name, d.ref,
       nominee.id,
       CASE WHEN (nominee.company_name IS NOT NULL OR nominee.parent_id IS NOT NULL)
                 AND NOT COALESCE(nominee.is_company, FALSE)
            THEN TRIM(COALESCE(nominee.commercial_company_name, company.name)
                      || ', ' || COALESCE(nominee.name, ''))
            ELSE TRIM(COALESCE(nominee.name, '')) END,
       unit.id,
       CASE WHEN parent.id IS NOT NULL AND parent.unit_type != 'city'
            THEN parent.name || ' / ' || unit.name ELSE unit.name END,
       to_char(unit.valid_until, %(date_format)s),
       d.category,
       d.criteria_met_count || '/' || d.criteria_count,
       d.is_eligible,
       act.ids, act.state, act.summary, act.icon, act.type_id, act.type_name,
       exception.decoration_type, exception.icon,
       d.year,
       officer.id, officer_partner.name
  FROM ranked d
  JOIN ntm_exemplar_stage stage
    ON stage.id = d.stage_id AND NOT COALESCE(stage.fold, FALSE)
  JOIN res_partner nominee ON nominee.id = d.partner_id
  LEFT JOIN res_partner company ON company.id = nominee.parent_id
  JOIN ntm_unit unit ON unit.id = d.unit_id
  LEFT JOIN ntm_unit parent ON parent.id = unit.parent_id
  LEFT JOIN res_users officer ON officer.id = d.user_id
  LEFT JOIN res_partner officer_partner ON officer_partner.id = officer.partner_id
  LEFT JOIN LATERAL (
        SELECT array_agg(a.id ORDER BY a.date_deadline, a.id) AS ids,
               CASE WHEN bool_or(a.days < 0) THEN 'overdue'
                    WHEN bool_or(a.days = 0) THEN 'today'
                    WHEN count(*) > 0 THEN 'planned' END AS state,
               (array_agg(a.summary ORDER BY a.date_deadline, a.id))[1] AS summary,
               (array_agg(a.icon ORDER BY a.date_deadline, a.id))[1] AS icon,
               (array_agg(a.type_id ORDER BY a.date_deadline, a.id))[1] AS type_id,
               (array_agg(a.type_name ORDER BY a.date_deadline, a.id))[1] AS type_name
          FROM (SELECT a.id, a.date_deadline, a.summary, t.icon, t.id AS type_id,
                       COALESCE(t.name->>%(lang)s, t.name->>'en_US') AS type_name,
                       a.date_deadline - (now() AT TIME ZONE COALESCE(
                           NULLIF(assignee.tz, ''), 'UTC'))::date AS days
                  FROM mail_activity a
                  LEFT JOIN mail_activity_type t ON t.id = a.activity_type_id
                  LEFT JOIN res_users u ON u.id = a.user_id
                  LEFT JOIN res_partner assignee ON assignee.id = u.partner_id
                 WHERE a.res_model = 'ntm.exemplar' AND a.res_id = d.id
                   AND a.active) a
  ) act ON TRUE
  -- Odoo's rule: the first type marked "danger", else the last "warning"
  -- one, in the order the types first appear among the activities.
  LEFT JOIN LATERAL (
        SELECT t.decoration_type, t.icon
          FROM (SELECT a.activity_type_id, min(a.date_deadline) AS first_day,
                       min(a.id) AS first_id
                  FROM mail_activity a
                 WHERE a.res_model = 'ntm.exemplar' AND a.res_id = d.id
                   AND a.active
                 GROUP BY a.activity_type_id) types
          JOIN mail_activity_type t ON t.id = types.activity_type_id
         WHERE t.decoration_type IN ('danger', 'warning')
         ORDER BY t.decoration_type = 'danger' DESC,
                  CASE WHEN t.decoration_type = 'danger'
                       THEN types.first_day END ASC,
                  types.first_day DESC, types.first_id DESC
         LIMIT 1
  ) exception ON TRUE
 WHERE d.rank <= %(limit)s
 ORDER BY stage.sequence, stage.id, d.year DESC, d.id DESC
"""


def m2o(record_id, name):
    return {"id": record_id, "display_name": name} if record_id else False


def raw_page(env, uid, until):
    """The page by one SQL query, as the dicts web_search_read returns."""
    lang = env["res.lang"]._lang_get("vi_VN")
    # Odoo's strftime-style date format as PostgreSQL's to_char pattern.
    date_format = (
        lang.date_format.replace("%d", "DD").replace("%m", "MM").replace("%Y", "YYYY")
    )
    env.cr.execute(
        RAW_PAGE,
        {"uid": uid, "lang": "vi_VN", "date_format": date_format, "limit": LIMIT},
    )
    records = []
    for row in env.cr.fetchall():
        (
            dossier_id,
            stage_id,
            stage_name,
            color,
            name,
            ref,
            partner_id,
            partner_name,
            unit_id,
            unit_name,
            unit_end,
            category,
            progress,
            eligible,
            activity_ids,
            activity_state,
            summary,
            icon,
            type_id,
            type_name,
            decoration,
            decoration_icon,
            year,
            user_id,
            user_name,
        ) = row
        records.append(
            {
                "id": dossier_id,
                "stage_id": m2o(stage_id, stage_name),
                "color": color or 0,
                "name": name or False,
                "ref": ref or False,
                "partner_id": m2o(partner_id, partner_name),
                "unit_id": m2o(
                    unit_id,
                    until % {"unit": unit_name, "date": unit_end}
                    if unit_end
                    else unit_name,
                ),
                "category": category or False,
                "criteria_progress": progress,
                "is_eligible": bool(eligible),
                "activity_ids": [{"id": i} for i in activity_ids or ()],
                "activity_exception_decoration": decoration or False,
                "activity_exception_icon": decoration_icon or False,
                "activity_state": activity_state or False,
                "activity_summary": summary or False,
                "activity_type_icon": icon or False,
                "activity_type_id": m2o(type_id, type_name),
                "year": year or 0,
                "user_id": m2o(user_id, user_name),
            }
        )
    return records


def orm_page(screen):
    """The page as the web client reads it: one web_search_read per open
    column, the columns found once by web_read_group (as the client does
    before asking for the cards)."""
    spec, _aggregates, root = screen.kanban
    group_by = root.get("default_group_by")
    model = screen.model.with_context(**screen.kanban_context)
    groups = model.web_read_group(
        screen.domain, [], [group_by], limit=2**53 - 1, orderby="", lazy=True
    )["groups"]
    columns = [
        (group["__domain"], group[group_by][0] if group[group_by] else False)
        for group in groups
        if not group.get("__fold") and group[f"{group_by}_count"]
    ]
    order = order_of(root)

    def read():
        records = []
        for domain, value in columns:
            records += model.with_context(
                bin_size=True, **{f"default_{group_by}": value}
            ).web_search_read(
                domain,
                spec,
                offset=0,
                limit=LIMIT,
                order=order,
                count_limit=COUNT_LIMIT + 1,
            )["records"]
        return records

    return read


def main():
    args = parse_args(__doc__.split("\n")[0], repeat=(int, 15))
    with superuser_env(args) as env:
        bench_data(env)
        views = screens(env)
        officer = views["officer"]
        uid = officer.model.env.uid
        # The addon's own translation of ntm.unit._dated_name's text.
        source = "%(unit)s (until %(date)s)"
        until = code_translations.get_python_translations("ntm_exemplar", "vi_VN").get(
            source, source
        )
        orm = orm_page(officer)
        project = orm_page(views["project"])
        orm_records, raw_records = orm(), raw_page(env, uid, until)
        if orm_records != raw_records:
            ids = [r["id"] for r in orm_records], [r["id"] for r in raw_records]
            print("ORM and raw SQL differ:", file=sys.stderr)
            if ids[0] != ids[1]:
                print(
                    f"  ids ORM {ids[0][:10]}... raw {ids[1][:10]}...", file=sys.stderr
                )
            for a, b in zip(orm_records, raw_records, strict=False):
                if a != b:
                    diff = {k: (a.get(k), b.get(k)) for k in a if a.get(k) != b.get(k)}
                    print(
                        f"  first difference, dossier {a['id']}: {diff}",
                        file=sys.stderr,
                    )
                    break
            sys.exit(1)
        orm_ms, orm_queries = measure(env, orm, args.repeat)
        raw_ms, raw_queries = measure(
            env, lambda: raw_page(env, uid, until), args.repeat
        )
        project_ms, project_queries = measure(env, project, args.repeat)
        shown = len(orm_records)
        print(
            f"kanban first page, commune officer ({shown} cards, same ids, order and "
            f"values), median of {args.repeat}:"
        )
        print(
            f"  ORM web_search_read {orm_ms:7.1f} ms  queries "
            f"{queries_text(orm_queries)}"
        )
        print(
            f"  one SQL query       {raw_ms:7.1f} ms  queries "
            f"{queries_text(raw_queries)}"
        )
        print(
            f"  ORM/raw {orm_ms / raw_ms:5.2f}   |   project.task page "
            f"({len(project())} cards) {project_ms:.1f} ms, queries "
            f"{queries_text(project_queries)}: addon/project.task "
            f"{orm_ms / project_ms:5.2f}"
        )


if __name__ == "__main__":
    main()
