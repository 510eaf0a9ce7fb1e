"""The weekly summary a supporter gets by email, limited to what the person shares.

Every part asks supporters.permissions.can_view for its own scope, so a scope the
person turned off (or a link that ended) leaves its part out entirely: None, not
an empty part. Journal text, check-in notes, thought records and the safety plan's
contents never appear; the safety scope adds at most "their plan was reviewed".
Check-ins come as the week's count and a mood trend: a weekly summary, within what
either check-in choice (weekly summary or each check-in) shows. Whether a step looks
ready to move up is never in it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Avg, Count, F, Q

from planner import rules
from planner.models import Attempt, CheckIn, SafetyPlan, ScheduledStep
from supporters.models import Scope, SupporterLink
from supporters.permissions import can_view

# How many planned steps the email names; the count says the rest.
PLANNED_SHOWN = 5
# A change in average mood (1-5) smaller than this reads as "steady".
MOOD_STEADY = 0.5


@dataclass(frozen=True)
class PlannedStep:
    title: str
    day: date  # the person's local date
    done: bool


@dataclass(frozen=True)
class PlanPart:
    planned: int  # steps in the week, not counting "not this time"
    steps: list[PlannedStep] = field(default_factory=list)  # the first few, by time


@dataclass(frozen=True)
class PracticePart:
    showed_up: int  # attempts logged in the week: each one is showing up
    steps_practised: int  # different steps among them
    calmer_than_expected: int  # peak distress below the forecast made beforehand


@dataclass(frozen=True)
class CheckinPart:
    count: int
    # "lighter", "steady" or "heavier" against the week before; None
    # when either week has no check-ins to compare.
    trend: str | None


@dataclass(frozen=True)
class Digest:
    owner_name: str
    week_start: date
    week_end: date  # inclusive
    plan: PlanPart | None
    practice: PracticePart | None
    checkins: CheckinPart | None
    safety_reviewed: bool | None  # None: not shared

    @property
    def drew_on(self) -> list[Scope]:
        """The scopes this summary read (for the access log): each part that is shared."""
        parts = {
            Scope.PLAN: self.plan,
            Scope.PRACTICE: self.practice,
            Scope.CHECKINS: self.checkins,
            Scope.SAFETY: self.safety_reviewed,
        }
        return [scope for scope, part in parts.items() if part is not None]

    @property
    def is_quiet(self) -> bool:
        """Nothing to tell: shared parts with nothing in them, or nothing shared."""
        return not any(
            (
                self.plan and self.plan.planned,
                self.practice and self.practice.showed_up,
                self.checkins and self.checkins.count,
                self.safety_reviewed,
            )
        )


def digest_for(*, link: SupporterLink, week_start: date, week_end: date) -> Digest:
    """The person's week (local dates, both inclusive) as `link`'s supporter may see it.

    At most five queries, whatever the history: one per shared part.
    """
    owner, supporter = link.owner, link.supporter
    zone = owner.zone
    starts_at = rules.local_midnight(week_start, zone)
    ends_at = rules.local_midnight(week_end + timedelta(days=1), zone)

    def shared(scope: Scope) -> bool:
        return can_view(supporter, owner, scope, link=link)

    return Digest(
        owner_name=owner.display_name,
        week_start=week_start,
        week_end=week_end,
        plan=_plan(owner, starts_at, ends_at, zone) if shared(Scope.PLAN) else None,
        practice=_practice(owner, starts_at, ends_at) if shared(Scope.PRACTICE) else None,
        checkins=_checkins(owner, week_start, week_end) if shared(Scope.CHECKINS) else None,
        safety_reviewed=(
            _safety_reviewed(owner, starts_at, ends_at) if shared(Scope.SAFETY) else None
        ),
    )


def _plan(owner, starts_at: datetime, ends_at: datetime, zone) -> PlanPart:
    rows = list(
        ScheduledStep.objects.filter(owner=owner, starts_at__gte=starts_at, starts_at__lt=ends_at)
        .exclude(status=ScheduledStep.Status.CANCELLED)
        .order_by("starts_at", "pk")
        .values("step__title", "starts_at", "status")
    )
    steps = [
        PlannedStep(
            title=row["step__title"],
            day=rules.local_date(row["starts_at"], zone),
            done=row["status"] == ScheduledStep.Status.DONE,
        )
        for row in rows[:PLANNED_SHOWN]
    ]
    return PlanPart(planned=len(rows), steps=steps)


def _practice(owner, starts_at: datetime, ends_at: datetime) -> PracticePart:
    counts = Attempt.objects.filter(
        owner=owner, happened_at__gte=starts_at, happened_at__lt=ends_at
    ).aggregate(
        showed_up=Count("pk"),
        steps=Count("step", distinct=True),
        calmer=Count("pk", filter=Q(suds_peak__lt=F("predicted_peak"))),
    )
    return PracticePart(
        showed_up=counts["showed_up"],
        steps_practised=counts["steps"],
        calmer_than_expected=counts["calmer"],
    )


def _checkins(owner, week_start: date, week_end: date) -> CheckinPart:
    before = week_start - timedelta(days=7)
    week = Q(period_start__gte=week_start, period_start__lte=week_end)
    previous = Q(period_start__gte=before, period_start__lt=week_start)
    # Only numbers leave this query: a check-in's note is never read here.
    found = CheckIn.objects.filter(owner=owner).aggregate(
        count=Count("pk", filter=week),
        mood_now=Avg("mood", filter=week),
        mood_before=Avg("mood", filter=previous),
    )
    trend = _trend(found["mood_now"], found["mood_before"])
    return CheckinPart(count=found["count"], trend=trend)


def _trend(mood: float | None, mood_before: float | None) -> str | None:
    if mood is None or mood_before is None:
        return None
    if mood - mood_before >= MOOD_STEADY:
        return "lighter"
    if mood_before - mood >= MOOD_STEADY:
        return "heavier"
    return "steady"


def _safety_reviewed(owner, starts_at: datetime, ends_at: datetime) -> bool:
    return SafetyPlan.objects.filter(
        owner=owner, reviewed_at__gte=starts_at, reviewed_at__lt=ends_at
    ).exists()
