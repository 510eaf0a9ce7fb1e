"""What the private calendar feed holds: the person's steps, and steps they come along to.

Two queries whatever the history: the person's own scheduled steps, and steps
of other people who named them as the ally through a live supporter link and to
which they answered "I'll be there". A revoked link or a "can't make it" drops
the event from the next fetch.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F

from accounts.models import User
from planner.models import ScheduledStep
from reminders.ical import Event
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
            Event(
                uid=f"scheduled-{scheduled.pk}@{host}",
                summary=scheduled.step.title,
                starts_at=scheduled.starts_at,
                ends_at=scheduled.starts_at + timedelta(minutes=scheduled.planned_minutes),
                stamp=scheduled.updated_at,
                sequence=_sequence(scheduled, changed=scheduled.updated_at),
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
        changed = max(scheduled.updated_at, response.answered_at)
        events.append(
            Event(
                uid=f"ally-{scheduled.pk}-{response.link_id}@{host}",
                summary=f"Coming along: {scheduled.step.title} with {scheduled.owner.display_name}",
                starts_at=scheduled.starts_at,
                ends_at=scheduled.starts_at + timedelta(minutes=scheduled.planned_minutes),
                stamp=changed,
                sequence=_sequence(scheduled, changed=changed),
                description="You said you'd come along. Stepwise has the details.",
            )
        )
    return events


def calendar_events(*, feed: CalendarFeed, now: datetime) -> list[Event]:
    owner = feed.owner
    since = now - PAST
    host = feed_host()
    events = _own_events(owner, feed, since, host) + _ally_events(owner, since, host)
    return sorted(events, key=lambda event: (event.starts_at, event.uid))
