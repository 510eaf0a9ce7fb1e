"""What reminders adds to "download everything" (planner.extensions.export_parts).

The preferences and quiet hours come back on import; the phone and the calendar
feed are records only: a number must be confirmed again by a code before texts
go to it, and a feed's private address is never in the file (only its hash is
kept, and a new one is made on the Reminders page).
"""

from datetime import date, datetime, time

from accounts.models import User
from planner import extensions
from reminders.models import CalendarFeed, ReminderKind, ReminderPreferences

# Read back as they were; texts (sms_enabled) need a confirmed phone, so they are
# with the phone in the records, not here.
PREFERENCE_FIELDS = (
    "email_enabled",
    "email_unsubscribed",
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
    "paused_at",
    "paused_until",
)
TIMES = {"planning_at", "step_evening_at", "quiet_start", "quiet_end"}


def _plain(value):
    return value.isoformat() if isinstance(value, date | time) else value


def preferences_export(owner: User) -> list:
    found = ReminderPreferences.objects.filter(owner=owner).first()
    if found is None:
        return []  # never changed: the defaults apply
    return [{name: _plain(getattr(found, name)) for name in PREFERENCE_FIELDS}]


def preferences_import(owner: User, rows: list) -> int:
    """Replace the person's reminder choices with the file's; the phone stays as it is.

    The import's own re-plan (planner.services.export.export_import) then writes
    the reminders these choices ask for.
    """
    for row in rows[:1]:
        prefs = ReminderPreferences.objects.filter(owner=owner).first()
        prefs = prefs or ReminderPreferences(owner=owner)
        for name in PREFERENCE_FIELDS:
            setattr(prefs, name, _read(name, row[name]))
        if not isinstance(prefs.email_unsubscribed, list) or not set(
            prefs.email_unsubscribed
        ) <= set(ReminderKind.values):
            raise ValueError("email_unsubscribed names unknown kinds")
        prefs.full_clean(exclude=["owner"])
        prefs.save()
    return len(rows[:1])


def _read(name: str, value):
    if value is None:
        return None
    if name in TIMES:
        return time.fromisoformat(value)
    if name == "paused_at":
        return datetime.fromisoformat(value)
    if name == "paused_until":
        return date.fromisoformat(value)
    return value


def phone_export(owner: User) -> list:
    found = ReminderPreferences.objects.filter(owner=owner).first()
    if found is None or not found.phone_verified:
        return []
    return [
        {
            "phone": found.phone,
            "confirmed_at": found.phone_verified_at.isoformat(),
            "texts_on": found.sms_enabled,
        }
    ]


def calendar_feeds_export(owner: User) -> list:
    # Never the token, nor its hash: whoever has the address reads the calendar.
    feeds = CalendarFeed.objects.filter(owner=owner).order_by("created_at", "pk")
    return [
        {
            "include_exit_strategy": feed.include_exit_strategy,
            "made_at": feed.created_at.isoformat(),
            "stopped_at": feed.revoked_at.isoformat() if feed.revoked_at else None,
            "last_read_by_your_calendar_at": (
                feed.last_fetched_at.isoformat() if feed.last_fetched_at else None
            ),
        }
        for feed in feeds
    ]


PARTS = (
    extensions.ExportPart(
        name="reminder_preferences",
        export=preferences_export,
        import_=preferences_import,
        said="reminder preferences and quiet hours",
        readme="How and when reminders come: by email, the weekly planning prompt, step"
        " and check-in reminders, the safety plan review, quiet hours and any pause.",
    ),
    extensions.ExportPart(
        name="phone",
        export=phone_export,
        said="phone for texts",
        readme="The number you confirmed for texts, when, and whether texts are on.",
        why_not="a number has to be confirmed again with a code before any text goes to it.",
    ),
    extensions.ExportPart(
        name="calendar_feeds",
        export=calendar_feeds_export,
        said="calendar address settings",
        readme="When you made (or stopped) a private calendar address and whether it"
        " shows exit strategies. The address itself is never in this file.",
        why_not="a new private address is made on the Reminders page, never from a file.",
    ),
)


def register() -> None:
    for part in PARTS:
        extensions.export_parts[part.name] = part
