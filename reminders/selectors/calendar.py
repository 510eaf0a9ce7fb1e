"""What the private calendar feed holds: the person's steps, and steps they come along to.

Two queries whatever the history: the person's own scheduled steps, and steps
of other people who named them as the ally through a live supporter link and to
which they answered "I'll be there". A revoked link or a "can't make it" drops
the event from the next fetch.

The iCalendar text (RFC 5545) is written by the `icalendar` package: it escapes
TEXT values and folds long lines at 75 octets without splitting a character.
Times are handed to it in UTC, so they are written in the "Z" form: no VTIMEZONE
is needed and no calendar app has to guess a zone.
"""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F
from icalendar import Calendar, Event
from icalendar.enums import STATUS, TRANSP

from accounts.models import User
from planner.models import ScheduledStep
from reminders.models import CalendarFeed
from supporters.models import AllyResponse

# Calendars keep what they already have; a few weeks back is enough history.
PAST = timedelta(weeks=8)
SHOWN = (ScheduledStep.Status.PLANNED, ScheduledStep.Status.DONE)


def feed_host() -> str:
    return urlsplit(settings.PUBLIC_URL).hostname or "stepwise.localhost"


def _sequence(scheduled: ScheduledStep, *, changed: datetime) -> int:
    # RFC 5545 wants SEQUENCE to grow with each real change; seconds since the row
    # was made grow with every save, with no counter to keep.
    return max(0, int((changed - scheduled.created_at).total_seconds()))


def _event(
    *, uid: str, summary: str, scheduled: ScheduledStep, changed: datetime, description: str = ""
) -> Event:
    starts_at = scheduled.starts_at.astimezone(UTC)
    changed = changed.astimezone(UTC)
    return Event.new(
        uid=uid,
        summary=summary,
        start=starts_at,
        end=starts_at + timedelta(minutes=scheduled.planned_minutes),
        # DTSTAMP and LAST-MODIFIED: when this event last changed, not when it was fetched.
        stamp=changed,
        last_modified=changed,
        sequence=_sequence(scheduled, changed=changed),
        description=description or None,
        transparency=TRANSP.OPAQUE,
        status=STATUS.CONFIRMED,
    )


def _own_events(owner: User, feed: CalendarFeed, since: datetime, host: str) -> list[Event]:
    rows = (
        ScheduledStep.objects.select_related("step")
        .filter(owner=owner, status__in=SHOWN, starts_at__gte=since)
        .order_by("starts_at", "pk")
    )
    events = []
    for scheduled in rows:
        description = ""
        if feed.include_exit_strategy and scheduled.step.exit_strategy:
            description = f"If you need a way out: {scheduled.step.exit_strategy}"
        events.append(
            _event(
                uid=f"scheduled-{scheduled.pk}@{host}",
                summary=scheduled.step.title,
                scheduled=scheduled,
                changed=scheduled.updated_at,
                description=description,
            )
        )
    return events


def _ally_events(viewer: User, since: datetime, host: str) -> list[Event]:
    responses = (
        AllyResponse.objects.select_related("scheduled_step__step", "scheduled_step__owner")
        .filter(
            answer=AllyResponse.Answer.COMING,
            link__supporter=viewer,
            link__ended_at__isnull=True,
            # The answer counts only while this link is still the step's named ally.
            scheduled_step__step__ally__supporter_link=F("link"),
            scheduled_step__status=ScheduledStep.Status.PLANNED,
            scheduled_step__starts_at__gte=since,
        )
        .order_by("scheduled_step__starts_at", "pk")
    )
    events = []
    for response in responses:
        scheduled = response.scheduled_step
        events.append(
            _event(
                uid=f"ally-{scheduled.pk}-{response.link_id}@{host}",
                summary=f"Coming along: {scheduled.step.title} with {scheduled.owner.display_name}",
                scheduled=scheduled,
                changed=max(scheduled.updated_at, response.answered_at),
                description=(
                    "You said you'd come along. "
                    + ("Your planner" if viewer.discreet else "Stepwise")
                    + " has the details."
                ),
            )
        )
    return events


def calendar_events(*, feed: CalendarFeed, now: datetime) -> list[Event]:
    owner = feed.owner
    since = now - PAST
    host = feed_host()
    events = _own_events(owner, feed, since, host) + _ally_events(owner, since, host)
    return sorted(events, key=lambda event: (event.start, str(event.uid)))


def calendar_feed_ical(*, feed: CalendarFeed, now: datetime) -> bytes:
    """The whole feed as iCalendar bytes (UTF-8, CRLF line ends), ready to serve."""
    calendar = Calendar()
    calendar.version = "2.0"
    calendar.prodid = f"-//Stepwise//{feed_host()}//EN"
    calendar.calscale = "GREGORIAN"
    calendar.method = "PUBLISH"
    # Discreet mode: a name that says nothing about what the calendar is for.
    calendar.calendar_name = "My plans" if feed.owner.discreet else "Stepwise: my steps"
    calendar.subcomponents = calendar_events(feed=feed, now=now)
    return calendar.to_ical()
