"""The day in Hanoi.

Deadlines, validity dates of units and the dates of decisions are Hanoi dates:
the day does not depend on the time zone of the server or of the user (a test
user, a script, a user who never set one). Odoo's `context_today` would give
UTC's day for them, which is yesterday in Hanoi from midnight to 7 a.m.
"""

from datetime import datetime

import pytz

from odoo.exceptions import ValidationError

HANOI_TZ = "Asia/Ho_Chi_Minh"


def hanoi_today(_record=None):
    """Today's date in Hanoi; usable as a field default (the record is unused)."""
    return datetime.now(pytz.timezone(HANOI_TZ)).date()


def check_birthdate(env, birthdate, nominee):
    """A date of birth is not after today in Hanoi: one check for nominees
    and the dossiers that copy their date."""
    if birthdate and birthdate > hanoi_today():
        raise ValidationError(
            env._(
                "The date of birth of %(nominee)s is in the future.",
                nominee=nominee,
            )
        )


def in_force_domain(first_day, last_day=None):
    """Domain of the records whose validity (valid_from, valid_until; empty
    ends are open) meets the days from `first_day` to `last_day` (that day
    alone by default)."""
    return [
        "&",
        "|",
        ("valid_from", "=", False),
        ("valid_from", "<=", last_day or first_day),
        "|",
        ("valid_until", "=", False),
        ("valid_until", ">=", first_day),
    ]
