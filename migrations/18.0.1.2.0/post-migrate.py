"""18.0.1.2.0: what the update's data cannot set on records that already
exist (noupdate data) or that an admin changed."""

from odoo import SUPERUSER_ID, api

# Deciding level of each shipped form in 18.0.1.1.0: a different value in the
# database is the admin's, and is kept as the level in force today.
PREVIOUS_LEVELS = {
    "reward_title_grassroots_fighter": "district",
    "reward_title_city_fighter": "city",
    "reward_title_advanced_worker": "department",
    "reward_title_excellent_collective": "city",
    "reward_title_city_flag": "city",
    "reward_form_labour_medal": "president",
    "reward_form_pm_certificate": "prime_minister",
    "reward_form_minister_certificate": "ministry",
    "reward_form_city_certificate_thematic": "city",
    "reward_form_city_certificate_ad_hoc": "city",
    "reward_form_department_commendation_thematic": "department",
    "reward_form_department_commendation_ad_hoc": "department",
    "reward_form_district_commendation_thematic": "district",
    "reward_form_district_commendation_ad_hoc": "district",
    "reward_form_commune_commendation": "commune",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    # The successor of a unit merged before is one of its receiving units.
    cr.execute(
        """
        INSERT INTO ntm_unit_receiving_rel (former_unit_id, receiving_unit_id)
        SELECT id, successor_id FROM ntm_unit WHERE successor_id IS NOT NULL
        ON CONFLICT DO NOTHING
        """
    )
    # The district categories end with the district level.
    env["ntm.exemplar.category"].search(
        [("code", "in", ("urban_district", "district")), ("last_year", "=", 0)]
    ).write({"last_year": 2025})
    _carry_reward_levels(env)
    _mark_nominees(env)
    # Units loaded before the terms: their chatter said "Administrative Unit
    # được tạo"; units loaded from now on get no such line.
    cr.execute(
        """
        UPDATE mail_message
           SET body = replace(body, 'Administrative Unit được tạo', 'Đơn vị được tạo')
         WHERE model = 'ntm.unit' AND body LIKE '%%Administrative Unit được tạo%%'
        """
    )
    env["ntm.unit"]._clear_rule_cache()


def _mark_nominees(env):
    """The contacts dossiers name become nominees, with the type, details and
    (today's) unit of their latest dossier, so that officers keep them."""
    dossiers = env["ntm.exemplar"].search(
        [("partner_id.ntm_is_nominee", "=", False)], order="year, id"
    )
    latest = {dossier.partner_id: dossier for dossier in dossiers}
    for partner, dossier in latest.items():
        vals = {
            "ntm_is_nominee": True,
            "ntm_nominee_type": dossier.nominee_type or "individual",
        }
        unit = dossier.unit_id._ntm_today_units()[:1]
        if unit:
            vals["ntm_unit_id"] = unit.id
        if dossier.nominee_type == "individual":
            vals.update(
                ntm_birthdate=partner.ntm_birthdate or dossier.nominee_birthdate,
                ntm_gender=partner.ntm_gender or dossier.nominee_gender,
            )
        partner.write(vals)


def _carry_reward_levels(env):
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'ntm_reward_form' AND column_name = 'level'"
    )
    if not env.cr.fetchone():
        return
    env.cr.execute("SELECT id, level FROM ntm_reward_form WHERE level IS NOT NULL")
    old_levels = dict(env.cr.fetchall())
    xmlids = {
        form.id: xmlid.split(".", 1)[1]
        for form in env["ntm.reward.form"].browse(old_levels)
        for xmlid in form._get_external_ids().get(form.id, [])
        if xmlid.startswith("ntm_exemplar.")
    }
    today = env.cr.now().date()
    Level = env["ntm.reward.form.level"]
    for form in env["ntm.reward.form"].browse(old_levels):
        level = old_levels[form.id]
        shipped = PREVIOUS_LEVELS.get(xmlids.get(form.id))
        if not form.level_ids:
            # A form an admin created: its level, with no dates.
            Level.create({"reward_form_id": form.id, "level": level})
        elif shipped and level != shipped:
            # The admin changed it: it is the level in force today.
            current = form.level_ids._in_force_on(today)[:1]
            if current:
                current.level = level
            else:
                Level.create({"reward_form_id": form.id, "level": level})
