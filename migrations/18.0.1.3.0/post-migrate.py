"""18.0.1.3.0: corrections of the shipped criteria. The lines of dossiers
already before the council or decided keep what they were judged by; open
dossiers are judged again."""

import json

from markupsafe import Markup

from odoo import SUPERUSER_ID, Command, api

from odoo.addons.ntm_exemplar.models.ntm_decision_mixin import as_decision

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


def _store_confirmed_rankings(env):
    """Top fives confirmed before the ranking was stored get their lines:
    ranked once here, with the figures of the update's day, then frozen as
    the wizard's are."""
    if env["res.lang"]._lang_get("vi_VN"):
        env = env(context=dict(env.context, lang="vi_VN"))
    TopFive = env["ntm.top.five"]
    for selection in TopFive.search([("line_ids", "=", False)]):
        rows = TopFive._candidates(selection.year)
        five = [row for row in rows if row["exemplar"] in selection.exemplar_ids]
        if len(five) != len(selection.exemplar_ids):
            # A selected dossier is no longer a recognised exemplar of the
            # year: the five are ranked among themselves.
            five = TopFive._candidates(selection.year, dossiers=selection.exemplar_ids)
        as_decision(selection).write(
            {"line_ids": [Command.create(TopFive._line_values(row)) for row in five]}
        )
        selection.message_post(
            body=Markup("<p>%s</p>")
            % "Thứ hạng của năm lựa chọn được lưu khi cập nhật phân hệ (phiên bản "
            "18.0.1.3.0), theo số liệu tại ngày cập nhật; văn bản giới thiệu in "
            "thứ hạng đã lưu này.",
        )


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    _store_confirmed_rankings(env)
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
