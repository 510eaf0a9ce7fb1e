"""Writes to a person's reminder preferences; each one re-plans their pending reminders.

Saving and re-planning share one transaction, so the outbox never holds a
reminder that the saved preferences no longer want (a planning prompt at the
old time, a text after texts were turned off, anything during a pause).
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from reminders.models import ReminderPreferences
from reminders.services.schedule import reminders_replan

# What the reminders page may change; the phone has its own service (reminders.services.phone).
EDITABLE = (
    "email_enabled",
    "sms_enabled",
    "planning_enabled",
    "planning_weekday",
    "planning_at",
    "step_enabled",
    "step_evening_before",
    "step_evening_at",
    "step_lead_minutes",
    "checkin_enabled",
    "safety_review_enabled",
    "quiet_start",
    "quiet_end",
)


def reminder_preferences_for(owner: User) -> ReminderPreferences:
    """The person's preferences, or the defaults (unsaved) if they never changed them."""
    return ReminderPreferences.objects.filter(owner=owner).first() or ReminderPreferences(
        owner=owner
    )


def _for_update(owner: User) -> ReminderPreferences:
    prefs, _ = ReminderPreferences.objects.select_for_update().get_or_create(owner=owner)
    return prefs


def reminder_preferences_update(*, owner: User, data: dict, now: datetime) -> ReminderPreferences:
    """Save the fields in `data` (names from EDITABLE) and re-plan, or change nothing."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        prefs = _for_update(owner)
        for name, value in data.items():
            setattr(prefs, name, value)
        if prefs.sms_enabled and not prefs.phone_verified:
            # The form says this kindly; this guards every other caller.
            raise ValidationError(
                {"sms_enabled": "Texts need a phone number you've confirmed with a code first."}
            )
        prefs.full_clean()
        prefs.save()
        reminders_replan(owner=owner, now=now)
    return prefs


def reminder_preferences_pause(
    *, owner: User, until: date | None, now: datetime
) -> ReminderPreferences:
    """Pause every reminder, optionally until a local date (they come back that morning)."""
    with transaction.atomic():
        prefs = _for_update(owner)
        # Pausing again only moves the end date; the pause began when it began.
        prefs.paused_at = prefs.paused_at or now
        prefs.paused_until = until
        prefs.full_clean()
        prefs.save(update_fields=["paused_at", "paused_until", "updated_at"])
        reminders_replan(owner=owner, now=now)
    return prefs


def reminder_preferences_resume(*, owner: User, now: datetime) -> ReminderPreferences:
    """End a pause now: reminders from here on are planned again."""
    with transaction.atomic():
        prefs = _for_update(owner)
        prefs.paused_at = None
        prefs.paused_until = None
        prefs.save(update_fields=["paused_at", "paused_until", "updated_at"])
        reminders_replan(owner=owner, now=now)
    return prefs
