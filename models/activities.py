"""Reminders of the yearly deadlines (dates in Settings), which must not pile
up: one open activity per person, record and type (and deadline)."""

from datetime import date

# name -> default (month, day): the councils' review (section III.2.2 of the
# plan) and the top five introduced to the city (section IV.2).
DEADLINES = {"review": (1, 15), "top_five": (2, 28)}


def next_deadline(env, name, today):
    """The coming `name` deadline as set in Settings: this year's, or next
    year's once this year's has passed."""
    param = env["ir.config_parameter"].sudo().get_param
    month, day = DEADLINES[name]
    deadline = date(
        today.year,
        int(param(f"ntm_exemplar.{name}_deadline_month", month)),
        int(param(f"ntm_exemplar.{name}_deadline_day", day)),
    )
    return deadline if deadline >= today else deadline.replace(year=today.year + 1)


def deadline_year(env, name, today):
    """The emulation year the coming `name` deadline closes: the review of
    2026 ends on 15 January 2027, its top five by 28 February 2027."""
    return next_deadline(env, name, today).year - 1


def is_reminder_due(env, deadline, today):
    """Within the reminder lead time (Settings) before `deadline`."""
    param = env["ir.config_parameter"].sudo().get_param
    lead = int(param("ntm_exemplar.review_reminder_days", 14))
    return 0 <= (deadline - today).days <= lead


def schedule_once(env, activity_xmlid, targets, note, date_deadline=None):
    """Schedule the activity `activity_xmlid` on each record of `targets`
    ((record, users) pairs) for every user who has no open activity of that
    type on that record yet (for that deadline, when one is given)."""
    targets = [(record, users) for record, users in targets if record and users]
    if not targets:
        return
    activity_type = env.ref(activity_xmlid)
    existing = env["mail.activity"].search(
        [
            ("activity_type_id", "=", activity_type.id),
            ("res_model", "in", list({record._name for record, _users in targets})),
            ("res_id", "in", [record.id for record, _users in targets]),
        ]
    )
    done = {
        (activity.res_model, activity.res_id, activity.user_id.id)
        for activity in existing
        if not date_deadline or activity.date_deadline == date_deadline
    }
    for record, users in targets:
        for user in users:
            if (record._name, record.id, user.id) not in done:
                record.activity_schedule(
                    activity_xmlid,
                    date_deadline=date_deadline,
                    user_id=user.id,
                    note=note,
                )


def schedule_from_odoo(record, activity_type, user, note, **values):
    """An activity on `record` for `user`. sudo: its notification is sent by
    Odoo's default sender, so that a user without an e-mail address still acts
    (as the user, Odoo would mail from the user's own address)."""
    if user:
        record.sudo().activity_schedule(
            activity_type_id=activity_type.id, user_id=user.id, note=note, **values
        )


def mark_done(records, activity_type, feedback, users=None):
    """Mark the open activities of `activity_type` on `records` (those of
    `users` only, when given) done. sudo: the assignees are others than
    whoever moved the records on; Odoo keeps the done activity in the
    chatter."""
    if records:
        domain = [
            ("res_model", "=", records._name),
            ("res_id", "in", records.ids),
            ("activity_type_id", "=", activity_type.id),
        ]
        if users is not None:
            domain.append(("user_id", "in", users.ids))
        records.env["mail.activity"].sudo().search(domain).action_feedback(
            feedback=feedback
        )
