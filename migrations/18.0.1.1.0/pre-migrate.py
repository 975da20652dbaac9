"""18.0.1.1.0: child records keep their parent's unit (the record rules read
it). Filled in SQL before the update, so that the ORM does not recompute the
criterion lines one batch at a time (over a million in a city's database)."""

from odoo.tools import SQL

COPIES = [
    # (table, column, parent table, link column, parent's column)
    (
        "ntm_exemplar_criterion_line",
        "unit_id",
        "ntm_exemplar",
        "exemplar_id",
        "unit_id",
    ),
    ("ntm_exemplar_followup", "unit_id", "ntm_exemplar", "exemplar_id", "unit_id"),
    (
        "ntm_reward_proposal_line",
        "proposal_unit_id",
        "ntm_reward_proposal",
        "proposal_id",
        "unit_id",
    ),
    (
        "ntm_reward_proposal_document",
        "unit_id",
        "ntm_reward_proposal",
        "proposal_id",
        "unit_id",
    ),
    ("ntm_council_member", "unit_id", "ntm_council", "council_id", "unit_id"),
    (
        "ntm_council_attendance",
        "unit_id",
        "ntm_council_session",
        "session_id",
        "unit_id",
    ),
]


def migrate(cr, version):
    for table, column, parent, link, source in COPIES:
        cr.execute(
            SQL(
                "ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s int4",
                SQL.identifier(table),
                SQL.identifier(column),
            )
        )
        cr.execute(
            SQL(
                "UPDATE %s t SET %s = p.%s FROM %s p WHERE p.id = t.%s",
                SQL.identifier(table),
                SQL.identifier(column),
                SQL.identifier(source),
                SQL.identifier(parent),
                SQL.identifier(link),
            )
        )
