"""Saving a person's profile; a new time zone is announced to the apps that care."""

from datetime import datetime

from django.db import transaction

from accounts.models import User
from accounts.signals import zone_changed

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
    """
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        saved_zone = (
            User.objects.select_for_update().values_list("timezone", flat=True).get(pk=user.pk)
        )
        for name, value in data.items():
            setattr(user, name, value)
        user.full_clean()
        user.save(update_fields=[*data])
        if user.timezone != saved_zone:
            zone_changed.send(sender=User, user=user, now=now)
    return user
