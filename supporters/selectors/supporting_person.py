"""Reads for a supporter's read-only pages about one person, one scope each.

The views call these only after supporters.permissions.supported_or_404 granted the
scope. Each loads just the columns its page shows (`only`), so private text the
scope does not cover (a goal's "why", a step's description, attempt notes) is not
even decrypted, let alone rendered. Every page is a fixed handful of queries.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from django.db.models import Prefetch

from accounts.models import User
from planner import rules
from planner.models import Attempt, CheckIn, Goal, JournalEntry, Step, ThoughtRecord
from planner.selectors import practice as practice_selectors
from planner.selectors.week import WeekPlan, week_plan
from supporters.selectors.supporting import ready_steps

GOALS_SHOWN = 30
RECENT_ATTEMPTS = 12
RECENT_CHECKINS = 14
RECENT_WRITING = 20


@dataclass
class PersonPlan:
    goals: list[Goal]
    week: WeekPlan


def person_plan(*, owner: User, now: datetime) -> PersonPlan:
    """Goals still in play with their ladders (titles and forecasts), and this week."""
    steps = Step.objects.only(
        "pk", "goal_id", "position", "title", "predicted_suds", "mode", "planned_minutes"
    ).order_by("position", "pk")
    goals = list(
        Goal.objects.filter(owner=owner)
        .exclude(status=Goal.Status.ARCHIVED)
        .select_related("value")
        .only("pk", "title", "area", "status", "created_at", "value__name", "owner_id")
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("status", "-created_at", "-pk")[:GOALS_SHOWN]
    )
    today = rules.local_date(now, owner.zone)
    return PersonPlan(goals=goals, week=week_plan(owner=owner, day=today, now=now))


@dataclass
class PersonPractice:
    points: list[practice_selectors.ForecastPoint]
    summary: rules.ForecastSummary
    attempts: list[Attempt]  # newest first, numbers only
    total: int
    ready: list[str]  # titles of steps that look ready to move up ("" without the plan)


def person_practice(*, owner: User, with_titles: bool) -> PersonPractice:
    """Forecasts and outcomes; step titles only `with_titles` (the plan scope)."""
    points = practice_selectors.forecast_points(owner=owner, limit=RECENT_ATTEMPTS)
    if not with_titles:
        points = [replace(point, step_title="") for point in points]
    attempts = list(
        Attempt.objects.filter(owner=owner, happened_at__isnull=False)
        .select_related("step" if with_titles else None)
        .only(
            "pk",
            "happened_at",
            "predicted_peak",
            "suds_before",
            "suds_peak",
            "suds_after",
            "minutes_stayed",
            "used_exit_strategy",
            *(["step__title"] if with_titles else []),
        )
        .order_by("-happened_at", "-pk")[:RECENT_ATTEMPTS]
    )
    return PersonPractice(
        points=points,
        summary=practice_selectors.summary_of(points),
        attempts=attempts,
        total=practice_selectors.attempts_logged_count(owner),
        ready=[
            title if with_titles else ""
            for _, title, first, prev, last in ready_steps({owner.pk})
            if rules.is_ready_to_move_up(first_peak=first, latest_peaks=[prev, last])
        ],
    )


def person_checkins(*, owner: User, with_private: bool) -> list[CheckIn]:
    """Recent check-ins. Notes and trigger tags come only `with_private` (journal scope)."""
    rows = CheckIn.objects.filter(owner=owner).order_by("-period_start", "-pk")
    if with_private:
        rows = rows.prefetch_related("tags")
    else:
        rows = rows.only(
            "pk", "rhythm", "period_start", "mood", "distress", "energy", "interactions", "owner_id"
        )
    return list(rows[:RECENT_CHECKINS])


@dataclass
class PersonJournal:
    entries: list[JournalEntry]
    thoughts: list[ThoughtRecord]


def person_journal(*, owner: User) -> PersonJournal:
    entries = JournalEntry.objects.filter(owner=owner).prefetch_related("tags")
    thoughts = ThoughtRecord.objects.filter(owner=owner)
    return PersonJournal(
        entries=list(entries.order_by("-created_at", "-pk")[:RECENT_WRITING]),
        thoughts=list(thoughts.order_by("-created_at", "-pk")[:RECENT_WRITING]),
    )
