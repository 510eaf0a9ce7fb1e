"""Saving a person's profile; a new time zone is announced to the apps that care."""

from datetime import datetime

from django.db import transaction

from accounts.models import User
from accounts.signals import wording_changed, zone_changed

# What reminders are worded with (besides the zone, which re-plans them anyway).
WORDING = frozenset({"display_name", "locale", "discreet"})

EDITABLE = (
    "display_name",
    "timezone",
    "locale",
    "exit_url",
    "discreet",
    "text_size",
    "readable_font",
)


def profile_update(*, user: User, data: dict, now: datetime) -> User:
    """Save the fields in `data` (names from EDITABLE) in one transaction.

    Reminders are wall-clock times in the person's zone: when it changes,
    `zone_changed` is sent inside this transaction, so the reminders app
    re-plans every waiting one with it and none goes out at the old zone's hour.
    A new name, language or discreet mode sends `wording_changed`, so reminders
    already worded ahead are worded again in the new way.
    """
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        saved = User.objects.select_for_update().values("timezone", *WORDING).get(pk=user.pk)
        for name, value in data.items():
            setattr(user, name, value)
        user.full_clean()
        user.save(update_fields=[*data])
        if user.timezone != saved["timezone"]:
            zone_changed.send(sender=User, user=user, now=now)
        if any(getattr(user, name) != saved[name] for name in WORDING):
            wording_changed.send(sender=User, user=user, now=now)
    return user
