"""Where a newly planned step starts out: the next free evening, never a time gone by.

A pure rule (pass `now`): the scheduling form offered today at 18:00 even at
20:35, so a step showed as overdue the moment it was saved.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner import rules

PREFERRED_AT = time(18, 0)
# Time to get ready: a step is never offered for less than an hour from now.
LEAD = timedelta(hours=1)
LOOK_AHEAD_DAYS = 14


@dataclass(frozen=True)
class Slot:
    day: date
    at: time
    starts_at: datetime  # UTC


def next_free_slot(
    *,
    now: datetime,
    zone: str | ZoneInfo,
    rest_days: Collection[date] = (),
    planned_per_day: Mapping[date, int] | None = None,
    max_per_day: int = rules.DEFAULT_MAX_PER_DAY,
    at: time = PREFERRED_AT,
) -> Slot:
    """The first local day from today whose `at` is at least LEAD after `now`, that
    is not a rest day and is not full already (`max_per_day` steps planned).

    A time the clocks skip that night moves to just after the jump. If the next
    two weeks are all rest days or full, the first day in the future is offered
    anyway: the week's capacity question then asks, it never blocks.
    """
    planned_per_day = planned_per_day or {}
    today = rules.local_date(now, zone)
    fallback = None
    for offset in range(LOOK_AHEAD_DAYS + 1):
        day = today + timedelta(days=offset)
        starts_at = rules.local_to_utc_or_after_gap(day, at, zone)
        if starts_at < now + LEAD:
            continue
        slot = Slot(day=day, at=at, starts_at=starts_at)
        fallback = fallback or slot
        if day not in rest_days and planned_per_day.get(day, 0) < max_per_day:
            return slot
    return fallback
