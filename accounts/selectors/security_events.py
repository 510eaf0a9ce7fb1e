"""Reading a person's security events: the profile's latest few, the paged history."""

from datetime import datetime

from django.core.paginator import Page, Paginator

from accounts.models import SecurityEvent, User
from accounts.services.security_events import RETENTION

RECENT = 10
PER_PAGE = 50


def _last_year(user: User, now: datetime):
    # Pruned daily, so this only hides the last day's leftovers past a year.
    return SecurityEvent.objects.filter(user=user, at__gte=now - RETENTION)


def security_events_recent(*, user: User, now: datetime) -> list[SecurityEvent]:
    """The newest RECENT events (1 query)."""
    return list(_last_year(user, now)[:RECENT])


def security_events_page(*, user: User, now: datetime, number) -> Page:
    """One page of the last year, newest first (count + rows: 2 queries)."""
    return Paginator(_last_year(user, now), PER_PAGE).get_page(number)
