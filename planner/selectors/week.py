"""Reads for the weekly plan: one week's days and cards in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from accounts.models import User
from planner import extensions, rules, rules_slots
from planner.models import Attempt, Goal, PlanSettings, RestDay, ScheduledStep, Step


def plan_settings_for(owner: User) -> PlanSettings:
    """The person's settings, or the defaults (unsaved) if they never changed them."""
    return PlanSettings.objects.filter(owner=owner).first() or PlanSettings(owner=owner)


def week_start_for(person: User, day: date) -> date:
    return rules.week_start(day, sunday_first=person.week_starts_on_sunday)


def _logged_peaks(newest_first: bool) -> QuerySet:
    order = ("-happened_at", "-pk") if newest_first else ("happened_at", "pk")
    return (
        Attempt.objects.filter(step=OuterRef("step"), happened_at__isnull=False)
        .order_by(*order)
        .values("suds_peak")
    )


def _extension_annotations() -> dict:
    # What apps above planner show on a step card (an ally's answer), in this query.
    return {name: make() for name, make in extensions.scheduled_step_annotations.items()}


def scheduled_with_progress(owner: User) -> QuerySet:
    """Scheduled steps with what a card shows, each answered inside the one query:
    the step's first, second-newest and newest peaks (for readiness) and the step
    just below it on the ladder (for the offer of something easier)."""
    easier = Step.objects.filter(
        goal=OuterRef("step__goal"), position__lt=OuterRef("step__position")
    ).order_by("-position", "-pk")
    return (
        ScheduledStep.objects.filter(owner=owner)
        .select_related("step__goal", "step__ally", "attempt")
        .annotate(
            first_peak=Subquery(_logged_peaks(newest_first=False)[:1]),
            last_peak=Subquery(_logged_peaks(newest_first=True)[:1]),
            prev_peak=Subquery(_logged_peaks(newest_first=True)[1:2]),
            easier_step_id=Subquery(easier.values("pk")[:1]),
            easier_step_title=Subquery(easier.values("title")[:1]),
            **_extension_annotations(),
        )
    )


@dataclass
class Card:
    """One scheduled step as the week shows it."""

    scheduled: ScheduledStep
    attempt: Attempt | None
    starts_local: datetime
    is_past: bool
    ready: bool
    offer_easier: bool
    smaller_minutes: int

    @property
    def step(self) -> Step:
        return self.scheduled.step

    @property
    def state(self) -> str:
        """planned, predicted, done, cancelled or paused."""
        scheduled = self.scheduled
        if scheduled.status == ScheduledStep.Status.PLANNED:
            if scheduled.step.goal.status == Goal.Status.PAUSED:
                return "paused"
            if self.attempt is not None:
                return "predicted"
        return scheduled.status


def card_for(scheduled: ScheduledStep, *, zone, now: datetime) -> Card:
    """Wrap a row from scheduled_with_progress() with the rules' answers."""
    try:
        attempt = scheduled.attempt
    except Attempt.DoesNotExist:
        attempt = None
    latest = [peak for peak in (scheduled.prev_peak, scheduled.last_peak) if peak is not None]
    offer_easier = bool(attempt and attempt.is_logged) and rules.offers_easier_step(
        peak=attempt.suds_peak,
        used_exit_strategy=attempt.used_exit_strategy,
        minutes_stayed=attempt.minutes_stayed,
        planned_minutes=scheduled.planned_minutes,
    )
    return Card(
        scheduled=scheduled,
        attempt=attempt,
        starts_local=scheduled.starts_at.astimezone(zone),
        is_past=scheduled.starts_at <= now,
        ready=rules.is_ready_to_move_up(first_peak=scheduled.first_peak, latest_peaks=latest),
        offer_easier=offer_easier,
        smaller_minutes=rules.smaller_version_minutes(scheduled.planned_minutes),
    )


def card_get(*, owner: User, pk: int, now: datetime) -> Card | None:
    scheduled = scheduled_with_progress(owner).filter(pk=pk).first()
    return scheduled and card_for(scheduled, zone=owner.zone, now=now)


@dataclass
class Day:
    day: date
    is_today: bool
    is_past: bool
    resting: bool
    cards: list[Card] = field(default_factory=list)


@dataclass
class WeekPlan:
    start: date
    today: date
    settings: PlanSettings
    days: list[Day]

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def previous_start(self) -> date:
        return self.start - timedelta(days=7)

    @property
    def next_start(self) -> date:
        return self.start + timedelta(days=7)

    @property
    def is_current(self) -> bool:
        return self.start <= self.today <= self.end

    @property
    def cards(self) -> list[Card]:
        return [card for day in self.days for card in day.cards]

    @property
    def planned_count(self) -> int:
        return sum(1 for card in self.cards if card.scheduled.counts_toward_capacity)

    @property
    def done_count(self) -> int:
        return sum(1 for card in self.cards if card.state == "done")

    @property
    def rest_day_count(self) -> int:
        return sum(1 for day in self.days if day.resting)

    @property
    def over_capacity(self) -> bool:
        return self.planned_count > self.settings.weekly_capacity

    @property
    def first_open_day(self) -> date:
        """Where a new step most likely goes: the first day from today on that is free."""
        for day in self.days:
            if not day.is_past and not day.resting and not day.cards:
                return day.day
        return max(self.today, self.start) if self.is_current else self.start


def week_plan(*, owner: User, day: date, now: datetime) -> WeekPlan:
    """The week holding `day` in the person's zone and locale: three queries."""
    zone = owner.zone
    start = week_start_for(owner, day)
    dates = rules.week_days(start)
    today = rules.local_date(now, zone)
    settings = plan_settings_for(owner)
    rows = scheduled_with_progress(owner).filter(
        starts_at__gte=rules.local_midnight(start, zone),
        starts_at__lt=rules.local_midnight(start + timedelta(days=7), zone),
    )
    resting = set(
        RestDay.objects.filter(owner=owner, day__range=(dates[0], dates[-1])).values_list(
            "day", flat=True
        )
    )
    days = {
        d: Day(day=d, is_today=d == today, is_past=d < today, resting=d in resting) for d in dates
    }
    for scheduled in rows:
        card = card_for(scheduled, zone=zone, now=now)
        days[card.starts_local.date()].cards.append(card)
    return WeekPlan(start=start, today=today, settings=settings, days=list(days.values()))


def capacity_for(
    *, owner: User, starts_at: datetime, exclude_pk: int | None = None
) -> rules.CapacityCheck:
    """What to ask before a step goes in at `starts_at` (or moves there): two queries."""
    zone = owner.zone
    day = rules.local_date(starts_at, zone)
    start = week_start_for(owner, day)
    day_from = rules.local_midnight(day, zone)
    day_to = rules.local_midnight(day + timedelta(days=1), zone)
    settings = plan_settings_for(owner)
    others = ScheduledStep.objects.filter(
        owner=owner,
        starts_at__gte=rules.local_midnight(start, zone),
        starts_at__lt=rules.local_midnight(start + timedelta(days=7), zone),
    ).exclude(status=ScheduledStep.Status.CANCELLED)
    if exclude_pk is not None:
        # A step being moved does not count against its own new place.
        others = others.exclude(pk=exclude_pk)
    counts = others.aggregate(
        week=Count("pk"), day=Count("pk", filter=Q(starts_at__gte=day_from, starts_at__lt=day_to))
    )
    return rules.capacity_check(
        weekly_capacity=settings.weekly_capacity,
        max_per_day=settings.max_per_day,
        planned_that_week=counts["week"],
        planned_that_day=counts["day"],
        rest_day=RestDay.objects.filter(owner=owner, day=day).exists(),
    )


def next_scheduled(*, owner: User, now: datetime) -> ScheduledStep | None:
    """The next planned step from now on, with what the person needs to hand."""
    return (
        ScheduledStep.objects.filter(
            owner=owner, status=ScheduledStep.Status.PLANNED, starts_at__gte=now
        )
        .exclude(step__goal__status=Goal.Status.PAUSED)
        .select_related("step__goal", "step__ally")
        .annotate(**_extension_annotations())
        .order_by("starts_at", "pk")
        .first()
    )


def schedulable_steps(owner: User) -> QuerySet:
    """Steps the person can put into the week: those of goals that are active.

    Only what the picker shows is loaded, so a long ladder decrypts nothing.
    """
    return (
        Step.objects.filter(goal__owner=owner, goal__status=Goal.Status.ACTIVE)
        .select_related("goal")
        .only(
            "pk",
            "title",
            "position",
            "planned_minutes",
            "predicted_suds",
            "ally_id",
            "goal__id",
            "goal__title",
            "goal__owner",
        )
        .order_by("goal__created_at", "goal__pk", "position", "pk")
    )


def free_slot_for(*, owner: User, now: datetime) -> rules_slots.Slot:
    """The next free evening for a new step (planner.rules_slots): three queries."""
    zone = owner.zone
    today = rules.local_date(now, zone)
    last = today + timedelta(days=rules_slots.LOOK_AHEAD_DAYS + 1)
    window = {"starts_at__gte": now, "starts_at__lt": rules.local_midnight(last, zone)}
    planned = ScheduledStep.objects.filter(owner=owner, **window).exclude(
        status=ScheduledStep.Status.CANCELLED
    )
    per_day: dict[date, int] = {}
    for starts_at in planned.values_list("starts_at", flat=True):
        day = rules.local_date(starts_at, zone)
        per_day[day] = per_day.get(day, 0) + 1
    return rules_slots.next_free_slot(
        now=now,
        zone=zone,
        rest_days=set(
            RestDay.objects.filter(owner=owner, day__gte=today, day__lte=last).values_list(
                "day", flat=True
            )
        ),
        planned_per_day=per_day,
        max_per_day=plan_settings_for(owner).max_per_day,
    )
