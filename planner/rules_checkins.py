"""Pure rules of the check-in rhythm: no request, no clock, no database.

A period is a local day (daily rhythm) or a local week (weekly rhythm, starting on
the person's first day of the week). Its edges are local midnights, so a day the
clocks go forward is 23 hours long and a day they go back is 25: still one day.
The check-in time is when the person asks to be prompted; it does not move the
edges, so a check-in at 00:30 belongs to the new day, as the person's calendar says.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner import rules

DAILY, WEEKLY = "daily", "weekly"

MOODS = {1: "Very low", 2: "Low", 3: "Okay", 4: "Good", 5: "Very good"}
ENERGY = {1: "Drained", 2: "Low", 3: "Steady", 4: "Lively", 5: "Full of energy"}


@dataclass(frozen=True)
class Period:
    start: date  # first local date
    end: date  # last local date
    starts_at: datetime  # UTC instant of the first local midnight
    ends_at: datetime  # UTC instant of the midnight after `end`

    def holds(self, instant: datetime) -> bool:
        return self.starts_at <= instant < self.ends_at


def period_for(
    now: datetime, zone: str | ZoneInfo, *, rhythm: str, sunday_first: bool = False
) -> Period:
    """The rhythm period holding `now` in `zone`."""
    today = rules.local_date(now, zone)
    if rhythm == WEEKLY:
        start = rules.week_start(today, sunday_first=sunday_first)
        end = start + timedelta(days=6)
    else:
        start = end = today
    return Period(
        start=start,
        end=end,
        starts_at=rules.local_midnight(start, zone),
        ends_at=rules.local_midnight(end + timedelta(days=1), zone),
    )


def prompt_at(day: date, at: time, zone: str | ZoneInfo) -> datetime:
    """The UTC instant of the check-in prompt on `day`.

    A time the clocks skip moves to the first moment after the jump; a time that
    happens twice means the first one, as for reminders (rules.local_to_utc_or_after_gap).
    """
    return rules.local_to_utc_or_after_gap(day, at, zone)


def prompt_day(period: Period, *, rhythm: str, weekday: int) -> date:
    """The local date in `period` when the check-in is asked for."""
    if rhythm == WEEKLY:
        return period.start + timedelta(days=(weekday - period.start.weekday()) % 7)
    return period.start


def is_due(
    now: datetime,
    zone: str | ZoneInfo,
    *,
    rhythm: str,
    weekday: int,
    at: time,
    checked_in: bool,
    sunday_first: bool = False,
) -> bool:
    """True once this period's prompt time has come and there is no check-in yet."""
    if checked_in:
        return False
    period = period_for(now, zone, rhythm=rhythm, sunday_first=sunday_first)
    return now >= prompt_at(prompt_day(period, rhythm=rhythm, weekday=weekday), at, zone)


def next_prompt(
    now: datetime,
    zone: str | ZoneInfo,
    *,
    rhythm: str,
    weekday: int,
    at: time,
    sunday_first: bool = False,
) -> datetime:
    """The first prompt instant strictly after `now` (for reminders and the page)."""
    day = rules.local_date(now, zone)
    for offset in range(8):
        candidate = day + timedelta(days=offset)
        if rhythm == WEEKLY and candidate.weekday() != weekday:
            continue
        instant = prompt_at(candidate, at, zone)
        if instant > now:
            return instant
    raise AssertionError("a prompt always falls within eight days")  # pragma: no cover


def mood_word(mood: int) -> str:
    return MOODS[mood]


# The check-in asks for distress on a tap scale of 0 to 10 (eleven chips a thumb can
# hit); it is stored on the 0-100 scale the rest of the app uses, so averages and
# charts mix check-ins and practice logs without converting.
DISTRESS_TAPS = range(11)
DISTRESS_ENDS = {0: "calm", 10: "very hard"}


def distress_from_tap(tap: int) -> int:
    return tap * 10


def tap_from_distress(distress: int) -> int:
    """The nearest chip to a stored value (older check-ins were typed as 0-100)."""
    return (distress + 5) // 10
