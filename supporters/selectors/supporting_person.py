"""Reads for a supporter's read-only pages about one person, one scope each.

The views call these only after supporters.permissions.supported_or_404 granted the
scope. Each loads just the columns its page shows (`only`), so private text the
scope does not cover (a goal's "why", a step's description, attempt notes) is not
even decrypted, let alone rendered. Every page is a fixed handful of queries.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.db.models import Prefetch

from accounts.models import User
from planner import rules
from planner.models import Attempt, CheckIn, Goal, JournalEntry, Step, ThoughtRecord
from planner.selectors import practice as practice_selectors
from planner.selectors.week import WeekPlan, week_plan, week_start_for
from supporters.selectors.supporting import ready_steps

GOALS_SHOWN = 30
RECENT_ATTEMPTS = 12
RECENT_CHECKINS = 14
RECENT_WEEKS = 8
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


def person_practice(*, owner: User, with_titles: bool, with_ready: bool) -> PersonPractice:
    """Forecasts and outcomes; step titles only `with_titles` (the plan scope), steps
    that look ready only `with_ready` (the person ticked "show when a step looks ready")."""
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
            for _, title, first, prev, last in (ready_steps({owner.pk}) if with_ready else ())
            if rules.is_ready_to_move_up(first_peak=first, latest_peaks=[prev, last])
        ],
    )


@dataclass(frozen=True)
class CheckinWeek:
    """One week of check-ins as a weekly summary shows it: a count and averages only."""

    start: date  # the person's first day of that week
    count: int
    mood: float  # 1-5
    distress: int  # 0-100
    energy: float  # 1-5
    moments: float  # meaningful moments per check-in


def person_checkin_weeks(*, owner: User, now: datetime) -> list[CheckinWeek]:
    """The last RECENT_WEEKS weeks that have check-ins, newest first: one query.

    Only the numbers are read, and they leave this function averaged per week, so a
    single day's check-in never reaches the page.
    """
    this_week = week_start_for(owner, rules.local_date(now, owner.zone))
    since = this_week - timedelta(weeks=RECENT_WEEKS - 1)
    rows = CheckIn.objects.filter(owner=owner, period_start__gte=since).values_list(
        "period_start", "mood", "distress", "energy", "interactions"
    )
    weeks: dict[date, list[tuple]] = {}
    for day, *numbers in rows:
        weeks.setdefault(week_start_for(owner, day), []).append(numbers)
    return [_week_of(start, weeks[start]) for start in sorted(weeks, reverse=True)]


def _week_of(start: date, rows: list[tuple]) -> CheckinWeek:
    count = len(rows)
    mood, distress, energy, moments = (sum(column) / count for column in zip(*rows, strict=True))
    return CheckinWeek(
        start=start,
        count=count,
        mood=round(mood, 1),
        distress=round(distress),
        energy=round(energy, 1),
        moments=round(moments, 1),
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
