"""Reads for the progress page: every chart is one aggregate query, whatever the history.

Grouping happens in the database (Trunc in the person's time zone, then
values/annotate), so three years of daily check-ins cost the same handful of
queries as three days.
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Avg, Count, DateField, DateTimeField, Max, Sum
from django.db.models.functions import Trunc

from accounts.models import User
from common.fragments import versioned
from planner import measures, rules
from planner.models import Attempt, MeasureResponse, ScheduledStep
from planner.models.checkins import CheckIn

# The ranges a person can pick: (label, days back, grouping).
RANGES = {
    "4w": ("Last 4 weeks", 28, "week"),
    "3m": ("Last 3 months", 91, "week"),
    "1y": ("Last year", 365, "month"),
}
DEFAULT_RANGE = "3m"
# The steps practised most in the range get a habituation chart each.
HABITUATION_STEPS = 3
MEASURE_POINTS = 24


@dataclass(frozen=True)
class Window:
    key: str
    label: str
    kind: str  # "week" or "month"
    buckets: list[date]
    start: datetime
    end: datetime
    # The person's zone: periods are their own weeks and months, not UTC's.
    zone: zoneinfo.ZoneInfo | None = None

    @property
    def tz(self):
        return self.zone or self.start.tzinfo

    def bucket_label(self, day: date) -> str:
        return f"{day:%b}" if self.kind == "month" else f"{day:%b} {day.day}"

    def day_label(self, day: date) -> str:
        return f"{day:%b} {day.day}"

    @property
    def labels(self) -> list[str]:
        return [self.bucket_label(b) for b in self.buckets]


def _bucket_of(day: date, kind: str) -> date:
    return day.replace(day=1) if kind == "month" else day - timedelta(days=day.weekday())


def _next_bucket(day: date, kind: str) -> date:
    if kind == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day + timedelta(days=7)


def window_for(key: str, *, today: date, zone: zoneinfo.ZoneInfo) -> Window:
    """The periods of a range, oldest first, ending with the one holding `today`."""
    label, days, kind = RANGES[key]
    first = _bucket_of(today - timedelta(days=days - 1), kind)
    buckets, day = [], first
    while day <= today:
        buckets.append(day)
        day = _next_bucket(day, kind)
    start = rules.local_midnight(first, zone)
    end = rules.local_midnight(day, zone)
    return Window(key, label, kind, buckets, start, end, zone)


def window_between(
    first_day: date, last_day: date, *, zone: zoneinfo.ZoneInfo, kind: str = "week"
) -> Window:
    """A window of the person's own dates, both included (the report's range).

    Its periods start on the week's Monday (or the month's first) as the progress
    page's do, but `start` and `end` are the chosen days' own midnights, so nothing
    from before the first day or after the last is counted in the first or last period.
    """
    buckets, day = [], _bucket_of(first_day, kind)
    while day <= last_day:
        buckets.append(day)
        day = _next_bucket(day, kind)
    start = rules.local_midnight(first_day, zone)
    end = rules.local_midnight(last_day + timedelta(days=1), zone)
    label = f"{first_day:%d %b %Y} to {last_day:%d %b %Y}"
    return Window("custom", label, kind, buckets, start, end, zone)


def _by_bucket(rows, window: Window, key: str = "bucket") -> dict[date, dict]:
    out = {}
    for row in rows:
        value = row[key]
        out[value.date() if isinstance(value, datetime) else value] = row
    return out


def _round(value) -> int | None:
    return None if value is None else round(value)


@dataclass
class Practice:
    planned: list[int]
    done: list[int]
    predicted: list[int | None]
    peak: list[int | None]

    @property
    def total_done(self) -> int:
        return sum(self.done)

    @property
    def total_planned(self) -> int:
        return sum(self.planned)

    @property
    def forecast_pairs(self) -> list[tuple[int, int, int]]:
        """(index, predicted, peak) for periods with attempts, for the forecast chart."""
        return [
            (i, p, a)
            for i, (p, a) in enumerate(zip(self.predicted, self.peak, strict=True))
            if p is not None
        ]


def practice_by_period(*, owner: User, window: Window) -> Practice:
    """Two queries: steps planned per period, and what happened per period."""
    trunc = Trunc("starts_at", window.kind, output_field=DateTimeField(), tzinfo=window.tz)
    planned = _by_bucket(
        ScheduledStep.objects.filter(
            owner=owner, starts_at__gte=window.start, starts_at__lt=window.end
        )
        .exclude(status=ScheduledStep.Status.CANCELLED)
        .annotate(bucket=trunc)
        .values("bucket")
        .annotate(n=Count("pk"))
        .order_by(),
        window,
    )
    trunc = Trunc("happened_at", window.kind, output_field=DateTimeField(), tzinfo=window.tz)
    done = _by_bucket(
        Attempt.objects.filter(
            owner=owner, happened_at__gte=window.start, happened_at__lt=window.end
        )
        .annotate(bucket=trunc)
        .values("bucket")
        .annotate(n=Count("pk"), predicted=Avg("predicted_peak"), peak=Avg("suds_peak"))
        .order_by(),
        window,
    )
    return Practice(
        planned=[planned.get(b, {}).get("n", 0) for b in window.buckets],
        done=[done.get(b, {}).get("n", 0) for b in window.buckets],
        predicted=[_round(done.get(b, {}).get("predicted")) for b in window.buckets],
        peak=[_round(done.get(b, {}).get("peak")) for b in window.buckets],
    )


@dataclass
class Habituation:
    step_id: int
    title: str
    attempts: int
    before: list[int | None]
    peak: list[int | None]
    after: list[int | None]

    @property
    def rows(self) -> list[tuple[int, int | None, int | None, int | None]]:
        return list(zip(range(len(self.before)), self.before, self.peak, self.after, strict=True))


def habituation_by_step(*, owner: User, window: Window) -> list[Habituation]:
    """Two queries: the steps practised most in the range, then their average
    distress before, at the peak and after, per period."""
    logged = Attempt.objects.filter(
        owner=owner, happened_at__gte=window.start, happened_at__lt=window.end
    )
    top = list(
        logged.values("step", "step__title")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .order_by("-n", "step")[:HABITUATION_STEPS]
    )
    if not top:
        return []
    trunc = Trunc("happened_at", window.kind, output_field=DateTimeField(), tzinfo=window.tz)
    rows = (
        logged.filter(step__in=[t["step"] for t in top])
        .annotate(bucket=trunc)
        .values("step", "bucket")
        .annotate(before=Avg("suds_before"), peak=Avg("suds_peak"), after=Avg("suds_after"))
        .order_by()
    )
    per_step: dict[int, dict[date, dict]] = {t["step"]: {} for t in top}
    for row in rows:
        bucket = row["bucket"].date() if isinstance(row["bucket"], datetime) else row["bucket"]
        per_step[row["step"]][bucket] = row
    result = []
    for t in top:
        cells = per_step[t["step"]]
        result.append(
            Habituation(
                step_id=t["step"],
                title=t["step__title"],
                attempts=t["n"],
                before=[_round(cells.get(b, {}).get("before")) for b in window.buckets],
                peak=[_round(cells.get(b, {}).get("peak")) for b in window.buckets],
                after=[_round(cells.get(b, {}).get("after")) for b in window.buckets],
            )
        )
    return result


@dataclass
class CheckIns:
    count: list[int]
    mood: list[float | None]
    distress: list[int | None]
    interactions: list[int | None]

    @property
    def total(self) -> int:
        return sum(self.count)


def checkins_by_period(*, owner: User, window: Window) -> CheckIns:
    """One query: average mood and distress, and the interactions summed, per period."""
    # The window's own first and last days (a period's first day for the progress
    # page's ranges; the chosen days for a report's).
    first, last = window.start.astimezone(window.tz).date(), window.end.astimezone(window.tz).date()
    rows = _by_bucket(
        CheckIn.objects.filter(owner=owner, period_start__gte=first, period_start__lt=last)
        .annotate(bucket=Trunc("period_start", window.kind, output_field=DateField()))
        .values("bucket")
        .annotate(
            n=Count("pk"), mood=Avg("mood"), distress=Avg("distress"), people=Sum("interactions")
        )
        .order_by(),
        window,
    )
    return CheckIns(
        count=[rows.get(b, {}).get("n", 0) for b in window.buckets],
        mood=[None if rows.get(b) is None else round(rows[b]["mood"], 1) for b in window.buckets],
        distress=[_round(rows.get(b, {}).get("distress")) for b in window.buckets],
        interactions=[rows.get(b, {}).get("people") for b in window.buckets],
    )


@dataclass
class MeasureTrend:
    kind: str
    label: str
    points: list[MeasureResponse] = field(default_factory=list)

    @property
    def citation(self) -> str:
        return measures.CITATIONS[self.kind]

    @property
    def latest(self) -> MeasureResponse | None:
        return self.points[-1] if self.points else None

    @property
    def words(self) -> str:
        if not self.points:
            return ""
        previous = self.points[-2].score if len(self.points) > 1 else None
        return measures.trend_words(self.kind, previous, self.points[-1].score)


def measure_trends(
    *, owner: User, since: datetime | None = None, until: datetime | None = None
) -> list[MeasureTrend]:
    """One query: the person's recent answers to both measures, oldest first."""
    rows = MeasureResponse.objects.filter(owner=owner)
    if since is not None:
        rows = rows.filter(taken_at__gte=since)
    if until is not None:
        rows = rows.filter(taken_at__lt=until)
    rows = list(rows.order_by("-taken_at", "-pk")[: 2 * MEASURE_POINTS])
    trends = {k: MeasureTrend(k, measures.NAMES[k]) for k in MeasureResponse.Kind.values}
    for row in reversed(rows):
        trends[row.kind].points.append(row)
    return list(trends.values())


def _latest_measures(owner: User) -> dict[str, datetime]:
    rows = MeasureResponse.objects.filter(owner=owner).values("kind").annotate(at=Max("taken_at"))
    return dict(rows.values_list("kind", "at"))


def measures_due(owner: User, *, now: datetime) -> list[str]:
    """Which measures are due for their monthly offer: one query, none on a warm view
    (the latest answers are kept until the person's version moves)."""
    latest = versioned(owner, "measures_latest", lambda: _latest_measures(owner))
    return [
        k
        for k in (measures.UCLA3, measures.LSNS6)
        if measures.is_due(last_taken_at=latest.get(k), now=now)
    ]
