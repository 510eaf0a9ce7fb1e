"""Pure rules of the week and the practice log: no request, no clock, no database.

Services, selectors and views call these with plain values (and `now` where time
matters), so tests and hypothesis explore them directly.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# --- Local time -------------------------------------------------------------------
# The one rule for daylight saving (DESIGN.md section 3):
# - a wall-clock time the clocks skip (spring forward) does not exist, and asking
#   for it is an error the person sees beside the time field, with the first time
#   that does exist that day; where Stepwise picks the moment for the person (a
#   reminder, a check-in prompt) it moves to that first time instead
#   (`local_to_utc_or_after_gap`);
# - a wall-clock time that happens twice (fall back) means its first occurrence,
#   the one before the clocks go back (fold=0).


class NonexistentLocalTime(ValueError):
    """A date and wall-clock time that never happens in a zone: the clocks skip it."""

    def __init__(self, *, day: date, at: time, zone: str, gap_starts: datetime, gap_ends: datetime):
        # The wall-clock times (naive) where the skipped stretch starts and ends.
        self.day, self.at, self.zone = day, at, zone
        self.gap_starts, self.gap_ends = gap_starts, gap_ends
        super().__init__(f"{day} {at} does not exist in {zone}")


def _zone(zone: str | ZoneInfo) -> ZoneInfo:
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)


def local_to_utc(day: date, at: time, zone: str | ZoneInfo) -> datetime:
    """The UTC instant of `day` at wall-clock `at` in `zone` (see the rule above)."""
    tz = _zone(zone)
    wall = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    instant = wall.replace(tzinfo=tz).astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) == wall:
        return instant
    # In a gap zoneinfo reads fold=0 with the offset from before the jump and
    # fold=1 with the offset after it; the jump itself lies between the two.
    before = wall.replace(tzinfo=tz).utcoffset()
    after = wall.replace(tzinfo=tz, fold=1).utcoffset()
    jump = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    while jump.astimezone(tz).utcoffset() != after:
        jump += timedelta(minutes=1)
    raise NonexistentLocalTime(
        day=day,
        at=at,
        zone=str(tz.key),
        gap_starts=(jump + before).replace(tzinfo=None),
        gap_ends=(jump + after).replace(tzinfo=None),
    )


def local_to_utc_or_after_gap(day: date, at: time, zone: str | ZoneInfo) -> datetime:
    """`local_to_utc`, but a time the clocks skip moves to the first moment after the jump.

    01:30 on a spring-forward night where 01:00 becomes 02:00 is 02:00. The first
    moment after the jump may fall on the next day (Samoa skipped a whole day).
    """
    try:
        return local_to_utc(day, at, zone)
    except NonexistentLocalTime as gap:
        # gap_ends is the first wall-clock time after the jump; it happens once.
        return gap.gap_ends.replace(tzinfo=_zone(zone)).astimezone(UTC)


def local_time_is_repeated(day: date, at: time, zone: str | ZoneInfo) -> bool:
    """True when the clocks go back over `at` that day, so it happens twice."""
    tz = _zone(zone)
    wall = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    return wall.replace(tzinfo=tz).utcoffset() != wall.replace(tzinfo=tz, fold=1).utcoffset() and (
        wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall
    )


def local_midnight(day: date, zone: str | ZoneInfo) -> datetime:
    """The first instant of `day` in `zone`, in UTC.

    Where the clocks jump forward at midnight (Santiago, Havana) midnight never
    happens; fold=0 then reads it with the old offset, which is the very instant
    of the jump: still the first moment of that day.
    """
    return datetime.combine(day, time(0), tzinfo=_zone(zone)).astimezone(UTC)


def local_date(instant: datetime, zone: str | ZoneInfo) -> date:
    return instant.astimezone(_zone(zone)).date()


def week_start(day: date, *, sunday_first: bool) -> date:
    """The first day of the week holding `day`: a Sunday or a Monday, by locale."""
    days_back = (day.weekday() + 1) % 7 if sunday_first else day.weekday()
    return day - timedelta(days=days_back)


def week_days(start: date) -> list[date]:
    return [start + timedelta(days=n) for n in range(7)]


# --- Capacity -----------------------------------------------------------------------
DEFAULT_WEEKLY_CAPACITY = 3
DEFAULT_MAX_PER_DAY = 1


@dataclass(frozen=True)
class CapacityCheck:
    """What to ask before one more step goes into a week. It never blocks."""

    over_week: bool
    over_day: bool
    rest_day: bool
    # The numbers behind the question, so it can be asked in plain words.
    weekly_capacity: int
    max_per_day: int
    would_make_week: int  # how many the week would hold with this one
    would_make_day: int

    @property
    def asks(self) -> bool:
        return self.over_week or self.over_day or self.rest_day


def capacity_check(
    *,
    weekly_capacity: int,
    max_per_day: int,
    planned_that_week: int,
    planned_that_day: int,
    rest_day: bool,
) -> CapacityCheck:
    """Would one more step go past what the person chose for the week or the day?

    The counts are of the steps already there (planned or done, not cancelled),
    without the one being added or moved.
    """
    return CapacityCheck(
        over_week=planned_that_week + 1 > weekly_capacity,
        over_day=planned_that_day + 1 > max_per_day,
        rest_day=rest_day,
        weekly_capacity=weekly_capacity,
        max_per_day=max_per_day,
        would_make_week=planned_that_week + 1,
        would_make_day=planned_that_day + 1,
    )


# --- Readiness and hard attempts ----------------------------------------------------
READY_PEAK = 30  # a peak at or below this is calm enough, whatever came before
HARD_PEAK = 80  # a peak at or above this earns a gentle offer of something easier


def calm_enough(peak: int, *, first_peak: int) -> bool:
    """At or below 30, or at or below half of the step's first recorded peak."""
    return peak <= READY_PEAK or 2 * peak <= first_peak


def is_ready_to_move_up(*, first_peak: int | None, latest_peaks: Sequence[int]) -> bool:
    """Suggest (only suggest) the next step after two calm attempts in a row.

    `first_peak` is the peak of the step's first logged attempt; `latest_peaks`
    are its most recent peaks, oldest first (only the last two matter). The first
    attempt counts as one of the two: a step that was easy from the start is ready.
    """
    if first_peak is None or len(latest_peaks) < 2:
        return False
    return all(calm_enough(peak, first_peak=first_peak) for peak in latest_peaks[-2:])


def left_early(*, used_exit_strategy: bool, minutes_stayed: int, planned_minutes: int) -> bool:
    """Used the exit strategy, or stayed less than half the time planned."""
    return used_exit_strategy or 2 * minutes_stayed < planned_minutes


def offers_easier_step(
    *, peak: int, used_exit_strategy: bool, minutes_stayed: int, planned_minutes: int
) -> bool:
    """After a very hard attempt or an early exit, offer (never force) something easier."""
    return peak >= HARD_PEAK or left_early(
        used_exit_strategy=used_exit_strategy,
        minutes_stayed=minutes_stayed,
        planned_minutes=planned_minutes,
    )


def smaller_version_minutes(planned_minutes: int) -> int:
    """A shorter version of a step: about half, in whole five minutes where that fits."""
    half = planned_minutes // 2
    if half >= 10:
        half -= half % 5
    return max(1, half)


# --- Forecast against outcome -------------------------------------------------------
@dataclass(frozen=True)
class ForecastSummary:
    """How a run of forecasts compared with what happened (predicted vs actual peak)."""

    count: int
    expected_more: int  # predicted a higher peak than came
    matched: int
    expected_less: int
    mean_predicted: int | None
    mean_peak: int | None

    @property
    def mean_gap(self) -> int | None:
        """How much more distress was expected than felt, on average (negative: less)."""
        if self.mean_predicted is None or self.mean_peak is None:
            return None
        return self.mean_predicted - self.mean_peak


def forecast_summary(pairs: Sequence[tuple[int, int]]) -> ForecastSummary:
    """Figures for (predicted peak, actual peak) pairs; means rounded half up."""
    count = len(pairs)
    if not count:
        return ForecastSummary(0, 0, 0, 0, None, None)
    return ForecastSummary(
        count=count,
        expected_more=sum(1 for predicted, peak in pairs if predicted > peak),
        matched=sum(1 for predicted, peak in pairs if predicted == peak),
        expected_less=sum(1 for predicted, peak in pairs if predicted < peak),
        mean_predicted=_mean(predicted for predicted, _ in pairs),
        mean_peak=_mean(peak for _, peak in pairs),
    )


def _mean(values) -> int:
    values = list(values)
    # Integer half-up rounding: Python's round() rounds 42.5 to 42, which reads oddly.
    return (2 * sum(values) + len(values)) // (2 * len(values))
