from odoo.tools import SQL

# The addon's working records: deleted before Odoo removes the addon's data
# (units, stages, criteria, reward forms), which they reference with
# ondelete='restrict' — without it the uninstall logs foreign key errors.
WORKING_MODELS = (
    "ntm.reward.certificate",
    "ntm.citizen.nomination",
    "ntm.exemplar.publication",
    "ntm.ballot",
    "ntm.council.attendance",
    "ntm.council.result",
    "ntm.council.session",
    "ntm.council.member",
    "ntm.council",
    "ntm.reward.proposal.document",
    "ntm.reward.proposal.line",
    "ntm.reward.proposal",
    "ntm.top.five.line",
    "ntm.top.five",
    "ntm.summary.report",
    "ntm.writing.entry",
    "ntm.propagation",
    "ntm.exemplar.followup",
    "ntm.exemplar.criterion.line",
    "ntm.exemplar",
)


def uninstall_hook(env):
    tables = [env[model]._table for model in WORKING_MODELS]
    env.cr.execute(
        SQL("TRUNCATE %s CASCADE", SQL(", ").join(map(SQL.identifier, tables)))
    )
    # Former units name their successors (ondelete='restrict'): the links go
    # first, so that Odoo can delete the shipped units in any order.
    env.cr.execute("UPDATE ntm_unit SET successor_id = NULL")
    env.cr.execute("DELETE FROM ntm_unit_receiving_rel")
    # Criteria name their plan (ondelete='restrict'), and an updated database
    # gave the shipped plan its xml id after the criteria's: the link goes
    # first, so that Odoo deletes plans and criteria in any order.
    env.cr.execute("ALTER TABLE ntm_criterion ALTER COLUMN plan_id DROP NOT NULL")
    env.cr.execute("UPDATE ntm_criterion SET plan_id = NULL")
    # The document numbering sequences, the certificates' registers and the
    # settings the addon created.
    env["ir.sequence"].search(
        ["|", ("code", "=like", "ntm.document.%"), ("code", "=like", "ntm.register.%")]
    ).unlink()
    env["ir.config_parameter"].search([("key", "=like", "ntm_exemplar.%")]).unlink()
