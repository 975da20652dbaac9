"""18.0.1.3.0, before the models load: the criteria belong to a plan (a
required field), so the shipped plan exists before its column does; the
evaluation lines keep their criterion's measure and unit from now on."""

PLAN_NAME = (
    "Tuyên truyền gương điển hình tiên tiến, người tốt, việc tốt trong phong "
    "trào thi đua “Toàn dân chung sức xây dựng nông thôn mới” thành phố Hà Nội "
    "đến năm 2025"
)


def migrate(cr, version):
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS ntm_plan (
            id serial PRIMARY KEY, name varchar NOT NULL, issuer varchar
        )
        """
    )
    cr.execute(
        "INSERT INTO ntm_plan (name, issuer) VALUES (%s, %s) RETURNING id",
        [PLAN_NAME, "Sở Nông nghiệp và Phát triển nông thôn"],
    )
    plan_id = cr.fetchone()[0]
    cr.execute(
        """
        INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
        VALUES ('ntm_exemplar', 'plan_2025', 'ntm.plan', %s, true)
        """,
        [plan_id],
    )
    cr.execute("ALTER TABLE ntm_criterion ADD COLUMN IF NOT EXISTS plan_id integer")
    cr.execute("UPDATE ntm_criterion SET plan_id = %s", [plan_id])
    # What each line was judged as: its criterion's measure and unit today.
    cr.execute(
        """
        ALTER TABLE ntm_exemplar_criterion_line
            ADD COLUMN IF NOT EXISTS measure varchar,
            ADD COLUMN IF NOT EXISTS uom varchar
        """
    )
    cr.execute(
        """
        UPDATE ntm_exemplar_criterion_line line
           SET measure = criterion.measure, uom = criterion.uom
          FROM ntm_criterion criterion
         WHERE criterion.id = line.criterion_id
        """
    )
    # The plan is no longer a legal text: plans apply by achievement year
    # (legal texts came within 18.0.1.2.0: a database may not have them).
    cr.execute("SELECT to_regclass('ntm_legal_text')")
    if not cr.fetchone()[0]:
        return
    cr.execute(
        """
        DELETE FROM ntm_legal_text WHERE id IN (
            SELECT res_id FROM ir_model_data
             WHERE module = 'ntm_exemplar' AND name = 'legal_text_plan_2025'
        )
        """
    )
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'ntm_exemplar' "
        "AND name = 'legal_text_plan_2025'"
    )
