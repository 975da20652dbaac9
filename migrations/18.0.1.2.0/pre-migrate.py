"""18.0.1.2.0: units carry validity dates (the reform of 1 July 2025).

A code names a unit only together with its dates: the unique (code, type)
constraint goes before the update loads the new units, which reuse the codes
of former ones. Units the previous release marked merged or dissolved end on
the day before their reorganisation date (yesterday when it had none), so
that they stay closed."""


def migrate(cr, version):
    cr.execute(
        "ALTER TABLE ntm_unit DROP CONSTRAINT IF EXISTS ntm_unit_code_type_unique"
    )
    cr.execute(
        "DELETE FROM ir_model_constraint WHERE name = 'ntm_unit_code_type_unique'"
    )
    cr.execute("ALTER TABLE ntm_unit ADD COLUMN IF NOT EXISTS valid_until date")
    cr.execute(
        """
        UPDATE ntm_unit
           SET valid_until = COALESCE(reorganization_date - 1, CURRENT_DATE - 1)
         WHERE reorganization != 'none' AND valid_until IS NULL
        """
    )
