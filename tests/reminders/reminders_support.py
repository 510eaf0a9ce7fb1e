"""Helpers for reminder planning tests, the reliability suite and the bench.

`due_rows_create` and `people_create` write many rows in a few bulk inserts, so a
test (or `make bench`) can set up 100,000 due reminders in seconds.
"""

from datetime import UTC, date, datetime, time, timedelta
from itertools import islice

from accounts.models import User
from planner.models import TrustedContact
from reminders.models import Outbox, ReminderPreferences
from reminders.rules import wall_to_utc
from supporters.models import SupporterLink
from tests.factories import CHOSEN_ALL

# A Monday, far from any clock change in New York or Dublin.
MONDAY = date(2030, 6, 3)


def local(person: User, day: date, hour: int, minute: int = 0) -> datetime:
    """The UTC instant of a wall-clock time in the person's own zone."""
    return wall_to_utc(day, time(hour, minute), person.zone)


def wall(person: User, instant: datetime) -> datetime:
    return instant.astimezone(person.zone).replace(tzinfo=None)


def prefs_set(person: User, **fields) -> ReminderPreferences:
    prefs, _ = ReminderPreferences.objects.get_or_create(owner=person)
    for name, value in fields.items():
        setattr(prefs, name, value)
    prefs.save()
    return prefs


def verified_phone(person: User, phone: str = "+12025550143", **fields) -> ReminderPreferences:
    return prefs_set(
        person, phone=phone, phone_verified_at=datetime(2030, 1, 1, tzinfo=UTC), **fields
    )


def pending(person: User, **filters) -> list[Outbox]:
    return list(Outbox.objects.filter(recipient=person, status="pending", **filters))


def ally_for(owner: User, supporter: User, *, now: datetime, **link_fields):
    """A live supporter link and the owner's trusted contact that is that supporter."""
    link = SupporterLink.objects.create(
        owner=owner, supporter=supporter, relationship="friend", created_at=now, **link_fields
    )
    contact = TrustedContact.objects.create(
        owner=owner, name=str(supporter), can_be_ally=True, supporter_link=link
    )
    return link, contact


def _chunks(items, size):
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def people_create(count: int, *, prefix: str = "bench", timezone: str = "UTC") -> list[int]:
    """`count` people who chose every reminder, in bulk (no password hashing)."""
    ids = []
    for chunk in _chunks(range(count), 5000):
        made = User.objects.bulk_create(
            [
                User(
                    email=f"{prefix}{n}@bench.example.org",
                    display_name=f"Person {n}",
                    timezone=timezone,
                    password="!",
                )
                for n in chunk
            ]
        )
        ids += [user.pk for user in made]
    if not ids or ids[0] is None:  # backends that do not return ids
        ids = list(
            User.objects.filter(email__startswith=prefix, email__endswith="@bench.example.org")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    for chunk in _chunks(ids, 5000):
        ReminderPreferences.objects.bulk_create(
            [ReminderPreferences(owner_id=pk, **CHOSEN_ALL) for pk in chunk]
        )
    return ids


def due_rows_create(
    *,
    recipient_ids: list[int],
    due_at: datetime,
    per_person: int = 1,
    kind: str = "planning",
    channel: str = "email",
    expires_in: timedelta | None = timedelta(hours=6),
    key_prefix: str = "bench",
) -> int:
    """Pending outbox rows due at `due_at`, `per_person` for each recipient, in bulk."""
    expires_at = due_at + expires_in if expires_in is not None else None
    rows = (
        Outbox(
            recipient_id=recipient,
            kind=kind,
            channel=channel,
            due_at=due_at,
            expires_at=expires_at,
            dedupe_key=f"{key_prefix}:{kind}:{recipient}:{channel}:{n}:{due_at:%Y%m%dT%H%M}",
        )
        for recipient in recipient_ids
        for n in range(per_person)
    )
    written = 0
    for chunk in _chunks(rows, 5000):
        Outbox.objects.bulk_create(chunk, ignore_conflicts=True)
        written += len(chunk)
    return written
