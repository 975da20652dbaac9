"""18.0.1.2.1: the majority each reward asks of the council (Decree
98/2023/NĐ-CP art. 30, carried on by Decree 152/2025/NĐ-CP). The reward
forms are noupdate data: the shipped rule goes on the existing records whose
rule is still empty; a rule an admin set is kept."""

from odoo import SUPERUSER_ID, api

# xmlid -> minimum share of all the council's members, by secret ballot.
SHIPPED_RULES = {
    "reward_title_grassroots_fighter": 80.0,
    "reward_title_city_fighter": 90.0,
    "reward_title_city_flag": 80.0,
}
# Every emulation flag (Cờ thi đua) asks for 80% as well.
FLAG_PERCENT = 80.0


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    Form = env["ntm.reward.form"]
    rules = {}
    for xmlid, percent in SHIPPED_RULES.items():
        form = env.ref(f"ntm_exemplar.{xmlid}", raise_if_not_found=False)
        if form:
            rules[form] = percent
    # The name is translated: any language's text names a flag.
    cr.execute(
        "SELECT id FROM ntm_reward_form WHERE name::text ILIKE %s",
        ("%Cờ thi đua%",),
    )
    for form in Form.browse(row[0] for row in cr.fetchall()):
        rules.setdefault(form, FLAG_PERCENT)
    for form, percent in rules.items():
        if form.vote_required or form.vote_min_percent:
            continue
        form.write(
            {
                "vote_required": True,
                "vote_min_percent": percent,
                "vote_base": "all",
                "vote_secret": True,
            }
        )
