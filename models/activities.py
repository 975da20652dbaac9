"""Reminders that must not pile up: one open activity per person, record and
type (and deadline, when one is given)."""


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
