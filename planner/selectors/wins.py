"""Reads for small wins: the kept ones, and recent moments that could become one."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.models import User
from planner.models import Attempt, CheckIn, TrustedContact, Win

# Offer moments from the last few weeks: old enough ones were either kept or let go.
CANDIDATE_DAYS = 28
CANDIDATES = 6
# A check-in with mood at or above this is offered as a good day.
GOOD_MOOD = 4


@dataclass
class Candidates:
    attempts: list[Attempt]
    checkins: list[CheckIn]
    contacts: list[TrustedContact]

    def __bool__(self) -> bool:
        return bool(self.attempts or self.checkins or self.contacts)


def win_candidates(*, owner: User, now: datetime) -> Candidates:
    """Three queries: recent logged attempts, good check-ins and new contacts not kept yet."""
    since = now - timedelta(days=CANDIDATE_DAYS)
    return Candidates(
        attempts=list(
            Attempt.objects.filter(owner=owner, happened_at__gte=since, win__isnull=True)
            .select_related("step")
            .order_by("-happened_at", "-pk")[:CANDIDATES]
        ),
        checkins=list(
            CheckIn.objects.filter(
                owner=owner, created_at__gte=since, mood__gte=GOOD_MOOD, win__isnull=True
            ).order_by("-period_start", "-pk")[:CANDIDATES]
        ),
        contacts=list(
            TrustedContact.objects.filter(
                owner=owner, created_at__gte=since, win__isnull=True
            ).order_by("-created_at", "-pk")[:CANDIDATES]
        ),
    )


def latest_win(owner: User) -> Win | None:
    return Win.objects.filter(owner=owner).first()


def wins_between(*, owner: User, since: datetime, until: datetime, limit: int) -> list[Win]:
    """The wins that happened in [since, until), newest first: one query, at most `limit`."""
    return list(
        Win.objects.filter(owner=owner, happened_at__gte=since, happened_at__lt=until).order_by(
            "-happened_at", "-pk"
        )[:limit]
    )
