"""The private calendar feed: make, replace, revoke, and open it by its token.

Like the safety plan's private link, the token is 256 random bits shown once;
only its hash is stored, so a database dump cannot read anyone's calendar.
"""

import secrets
from datetime import datetime

from django.db import transaction

from accounts.models import User
from planner.models.safety import hash_token
from reminders.models import CalendarFeed


def calendar_feed_active(*, owner: User) -> CalendarFeed | None:
    return owner.calendar_feeds.filter(revoked_at__isnull=True).first()


def calendar_feed_create(
    *, owner: User, include_exit_strategy: bool, now: datetime
) -> tuple[CalendarFeed, str]:
    """A new feed URL token, ending any earlier one (a calendar app using it stops updating)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        owner.calendar_feeds.filter(revoked_at__isnull=True).update(revoked_at=now)
        feed = CalendarFeed.objects.create(
            owner=owner,
            token_hash=hash_token(token),
            include_exit_strategy=include_exit_strategy,
            created_at=now,
        )
    return feed, token


def calendar_feed_set_exit_strategy(*, owner: User, include_exit_strategy: bool) -> int:
    """Change what the current feed shows without changing its address."""
    return owner.calendar_feeds.filter(revoked_at__isnull=True).update(
        include_exit_strategy=include_exit_strategy
    )


def calendar_feed_revoke(*, owner: User, now: datetime) -> int:
    """Stop the feed at once; the next fetch by a calendar app finds nothing."""
    return owner.calendar_feeds.filter(revoked_at__isnull=True).update(revoked_at=now)


def calendar_feed_open(*, token: str, now: datetime) -> CalendarFeed | None:
    """The active feed for `token` (noting the fetch), or None for unknown and revoked alike."""
    feed = (
        CalendarFeed.objects.select_related("owner")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if feed is not None:
        # Shown on the reminders page, so a fetch the person did not expect is noticed.
        CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now)
        feed.last_fetched_at = now
    return feed
