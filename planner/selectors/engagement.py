"""Reads for re-engagement: when the person last logged, and whether to welcome them back."""

from datetime import datetime

from django.db.models import OuterRef, Subquery

from accounts.models import User
from common.fragments import versioned
from planner import rules_engagement
from planner.models import Attempt, CheckIn
from planner.selectors.week import plan_settings_for


def last_log_at(owner: User) -> datetime | None:
    """When the person last logged anything (an attempt or a check-in), in one query.

    Two correlated subqueries, each an indexed "newest first, take one", rather
    than a join that would multiply attempts by check-ins.
    """
    newest_attempt = (
        Attempt.objects.filter(owner=OuterRef("pk"), happened_at__isnull=False)
        .order_by("-happened_at")
        .values("happened_at")[:1]
    )
    newest_checkin = (
        CheckIn.objects.filter(owner=OuterRef("pk"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    row = (
        User.objects.filter(pk=owner.pk)
        .values(attempt=Subquery(newest_attempt), checkin=Subquery(newest_checkin))
        .get()
    )
    times = [t for t in (row["attempt"], row["checkin"]) if t is not None]
    return max(times) if times else None


def welcome_back_due(owner: User, *, now: datetime) -> datetime | None:
    """The last log before a quiet spell the person has not been welcomed back from yet.

    The cheap test comes first, so on an ordinary day this is a single query.
    """
    # Only a logged attempt moves it, and that bumps the version: kept in the cache till then.
    last = versioned(owner, "last_log_at", lambda: last_log_at(owner))
    if not rules_engagement.is_quiet_spell(last_log_at=last, now=now):
        return None
    due = rules_engagement.should_welcome_back(
        last_log_at=last,
        now=now,
        paused=plan_settings_for(owner).is_paused,
        already_shown=owner.welcome_backs.filter(last_log_at=last).exists(),
    )
    return last if due else None
