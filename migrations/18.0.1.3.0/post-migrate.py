"""18.0.1.3.0: corrections of the shipped criteria. The lines of dossiers
already before the council or decided keep what they were judged by; open
dossiers are judged again."""

import json

from odoo import SUPERUSER_ID, api

# xml id -> (the values shipped before, the corrected values).
CORRECTIONS = {
    # "đạt từ 80-85%" is a target of at least 80 %: 90 % meets it.
    "criterion_district_schools": (
        {"measure": "range"},
        {"measure": "number", "operator": ">=", "threshold_max": 0.0},
    ),
    # Targets of section II, not criteria of III.1.2: they rank, never block.
    "criterion_district_employment": ({"is_mandatory": True}, {"is_mandatory": False}),
    "criterion_district_insurance": ({"is_mandatory": True}, {"is_mandatory": False}),
}


DESCRIPTIONS = {
    "en_US": "A target of section II.2 of the plan, not a criterion of section "
    "III.1.2: it ranks the dossiers without blocking them.",
    "vi_VN": "Mục tiêu tại mục II.2 của Kế hoạch, không phải tiêu chí tại mục "
    "III.1.2: dùng để xếp hạng hồ sơ, không chặn đề nghị.",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    for xmlid, (shipped, corrected) in CORRECTIONS.items():
        criterion = env.ref(f"ntm_exemplar.{xmlid}", raise_if_not_found=False)
        if criterion and all(criterion[k] == v for k, v in shipped.items()):
            # A correction of the shipped data, not an admin's change of a
            # plan with decided dossiers.
            criterion.with_context(ntm_plan_correction=True).write(corrected)
    # The source text and its Vietnamese, whichever languages are active.
    cr.execute(
        """
        UPDATE ntm_criterion c
           SET description = coalesce(c.description, '{}'::jsonb) || %s::jsonb
          FROM ir_model_data d
         WHERE d.model = 'ntm.criterion' AND d.res_id = c.id
           AND d.module = 'ntm_exemplar'
           AND d.name IN ('criterion_district_employment',
                          'criterion_district_insurance')
        """,
        [json.dumps(DESCRIPTIONS)],
    )
