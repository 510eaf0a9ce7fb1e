"""The reminder time rules (reminders.rules): gaps, folds, quiet hours, staleness.

Property tests run across zones with 30- and 45-minute offsets, southern
hemisphere and negative daylight saving, half-hour DST and Ramadan changes.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reminders import rules as rr

ZONES = [
    "UTC",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
    "Australia/Sydney",
    "Pacific/Chatham",
    "America/St_Johns",
    "Asia/Tehran",
    "America/Santiago",
    "Pacific/Auckland",
    "Europe/Dublin",
    "America/New_York",
    "Europe/London",
    "Africa/Casablanca",
    "America/Havana",
    "America/Los_Angeles",
    "Europe/Berlin",
    "Asia/Tokyo",
    "America/Sao_Paulo",
    "Pacific/Apia",
    "Asia/Gaza",
    "Pacific/Kiritimati",
]
MINUTE = timedelta(minutes=1)

zones = st.sampled_from(ZONES).map(ZoneInfo)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2037, 12, 31))
# Days the clocks change somewhere, so hypothesis meets gaps and folds often.
change_days = st.sampled_from(
    [
        date(2026, 3, 8),  # New York, St John's, Havana forward
        date(2026, 11, 1),  # New York back
        date(2026, 3, 29),  # Europe forward
        date(2026, 10, 25),  # Europe back (Dublin's "negative" DST)
        date(2026, 4, 5),  # Sydney, Adelaide, Lord Howe, Auckland, Chatham back
        date(2026, 10, 4),  # Sydney, Adelaide, Lord Howe forward
        date(2026, 9, 27),  # Auckland, Chatham forward
        date(2026, 9, 6),  # Santiago forward (midnight)
        date(2026, 4, 5),  # Santiago back
        date(2026, 2, 15),  # Casablanca back for Ramadan
        date(2026, 3, 22),  # Casablanca forward after it
    ]
)
any_day = st.one_of(days, change_days)
minutes = st.integers(min_value=0, max_value=24 * 60 - 1).map(lambda m: time(m // 60, m % 60))


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def naive(*args) -> datetime:
    """A wall-clock reading, without a zone."""
    return datetime(*args, tzinfo=UTC).replace(tzinfo=None)


def wall(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


# --- Local time to UTC ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected_local"),
    [
        # Spring forward: the first minute that exists after the jump.
        ("America/New_York", date(2026, 3, 8), time(2, 30), naive(2026, 3, 8, 3, 0)),
        ("Australia/Lord_Howe", date(2026, 10, 4), time(2, 10), naive(2026, 10, 4, 2, 30)),
        ("Australia/Adelaide", date(2026, 10, 4), time(2, 30), naive(2026, 10, 4, 3, 0)),
        ("Pacific/Chatham", date(2026, 9, 27), time(3, 0), naive(2026, 9, 27, 3, 45)),
        ("America/St_Johns", date(2026, 3, 8), time(2, 30), naive(2026, 3, 8, 3, 0)),
        ("America/Santiago", date(2026, 9, 6), time(0, 30), naive(2026, 9, 6, 1, 0)),
        ("Africa/Casablanca", date(2026, 3, 22), time(2, 30), naive(2026, 3, 22, 3, 0)),
        ("Pacific/Auckland", date(2026, 9, 27), time(2, 30), naive(2026, 9, 27, 3, 0)),
    ],
)
def test_a_time_the_clocks_skip_moves_to_the_first_minute_after_the_jump(
    zone, day, at, expected_local
):
    tz = ZoneInfo(zone)
    assert wall(rr.wall_to_utc(day, at, tz), tz) == expected_local


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected"),
    [
        # Fall back: the first of the two, before the clocks go back.
        ("America/New_York", date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),
        ("Europe/Dublin", date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30)),
        ("Australia/Lord_Howe", date(2026, 4, 5), time(1, 45), utc(2026, 4, 4, 14, 45)),
        ("Africa/Casablanca", date(2026, 2, 15), time(2, 30), utc(2026, 2, 15, 1, 30)),
        ("Australia/Adelaide", date(2026, 4, 5), time(2, 15), utc(2026, 4, 4, 15, 45)),
    ],
)
def test_a_time_that_happens_twice_means_the_first(zone, day, at, expected):
    assert rr.wall_to_utc(day, at, ZoneInfo(zone)) == expected


@pytest.mark.parametrize(
    ("zone", "at", "expected"),
    [
        ("Asia/Kathmandu", time(18, 0), utc(2026, 6, 1, 12, 15)),
        ("Asia/Kolkata", time(18, 0), utc(2026, 6, 1, 12, 30)),
        ("Pacific/Chatham", time(18, 0), utc(2026, 6, 1, 5, 15)),
        ("Asia/Tehran", time(18, 0), utc(2026, 6, 1, 14, 30)),
    ],
)
def test_odd_offsets_are_kept_to_the_minute(zone, at, expected):
    assert rr.wall_to_utc(date(2026, 6, 1), at, ZoneInfo(zone)) == expected


@settings(max_examples=400, deadline=None)
@given(zone=zones, day=any_day, at=minutes)
def test_the_instant_is_the_first_moment_the_wall_clock_reaches_that_time(zone, day, at):
    wanted = datetime.combine(day, at)
    instant = rr.wall_to_utc(day, at, zone)
    # The wall clock reads the time asked for (or later, only where it was skipped)...
    assert wall(instant, zone) >= wanted
    # ...and a minute earlier it had not reached it yet: the first occurrence, or
    # the first minute after a gap.
    assert wall(instant - MINUTE, zone) < wanted
    if wall(instant, zone) != wanted:
        assert wall(instant - MINUTE, zone) < wanted - timedelta(minutes=0)
        assert wall(instant, zone) - wanted <= timedelta(hours=24)  # Apia skipped a day


# --- Quiet hours --------------------------------------------------------------------

NY = ZoneInfo("America/New_York")
NIGHT = {"quiet_start": time(21, 0), "quiet_end": time(8, 0)}


def ny(day, hour, minute=0):
    return rr.wall_to_utc(day, time(hour, minute), NY)


def test_a_reminder_outside_quiet_hours_stays_put():
    due = ny(date(2026, 6, 10), 19)
    assert rr.apply_quiet_hours(due, zone=NY, **NIGHT) == due


def test_a_late_evening_reminder_moves_to_the_last_minute_before_quiet_hours():
    due = ny(date(2026, 6, 10), 22)
    step = ny(date(2026, 6, 11), 9)
    moved = rr.apply_quiet_hours(
        due, zone=NY, not_after=step, not_before=ny(date(2026, 6, 10), 12), **NIGHT
    )
    assert moved == ny(date(2026, 6, 10), 20, 59)


def test_an_early_reminder_planned_late_at_night_waits_for_the_end_of_quiet_hours():
    # Planned at 22:00 for a step at 08:30: 20:59 has gone, so 08:00.
    due = ny(date(2026, 6, 11), 7, 30)
    moved = rr.apply_quiet_hours(
        due,
        zone=NY,
        not_after=ny(date(2026, 6, 11), 8, 30),
        not_before=ny(date(2026, 6, 10), 22),
        **NIGHT,
    )
    assert moved == ny(date(2026, 6, 11), 8)


def test_a_reminder_never_moves_to_after_its_step_begins_earlier():
    # The step is at 20:30, inside nothing; a reminder at 21:30 would be in quiet
    # hours and its earlier minute (20:59) is after the step: end of quiet hours.
    due = ny(date(2026, 6, 10), 21, 30)
    moved = rr.apply_quiet_hours(due, zone=NY, not_after=ny(date(2026, 6, 10), 20, 30), **NIGHT)
    assert moved == ny(date(2026, 6, 11), 8)


def test_quiet_hours_within_one_day_work_too():
    nap = {"quiet_start": time(13, 0), "quiet_end": time(15, 0)}
    assert rr.apply_quiet_hours(ny(date(2026, 6, 10), 14), zone=NY, **nap) == ny(
        date(2026, 6, 10), 12, 59
    )
    assert rr.apply_quiet_hours(
        ny(date(2026, 6, 10), 14), zone=NY, not_before=ny(date(2026, 6, 10), 13, 30), **nap
    ) == ny(date(2026, 6, 10), 15)
    assert rr.apply_quiet_hours(ny(date(2026, 6, 10), 15), zone=NY, **nap) == ny(
        date(2026, 6, 10), 15
    )


def test_equal_start_and_end_mean_no_quiet_hours():
    due = ny(date(2026, 6, 10), 3)
    assert rr.apply_quiet_hours(due, zone=NY, quiet_start=time(9), quiet_end=time(9)) == due
    assert rr.next_quiet_start(due, zone=NY, quiet_start=time(9), quiet_end=time(9)) is None


def test_quiet_hours_ending_in_a_skipped_hour_end_at_the_jump():
    # Quiet until 02:30 on the night New York skips 02:00-03:00: it ends at 03:00.
    quiet = {"quiet_start": time(23, 0), "quiet_end": time(2, 30)}
    moved = rr.apply_quiet_hours(
        ny(date(2026, 3, 8), 1), zone=NY, not_before=ny(date(2026, 3, 8), 0), **quiet
    )
    assert wall(moved, NY) == naive(2026, 3, 8, 3, 0)


def test_quiet_hours_ending_in_a_repeated_hour_end_at_its_second_reading():
    # New York goes back at 02:00 on 1 November; 01:15 EST is the second 01:15.
    quiet = {"quiet_start": time(22, 0), "quiet_end": time(1, 30)}
    due = utc(2026, 11, 1, 6, 15)
    moved = rr.apply_quiet_hours(due, zone=NY, not_before=due - timedelta(hours=3), **quiet)
    assert moved == utc(2026, 11, 1, 6, 30)


quiet_times = st.tuples(minutes, minutes)


@settings(max_examples=400, deadline=None)
@given(
    zone=zones,
    day=any_day,
    at=minutes,
    shift=st.integers(0, 120),
    quiet=quiet_times,
    ahead=st.integers(0, 48 * 60),
)
def test_a_moved_reminder_is_never_inside_quiet_hours(zone, day, at, shift, quiet, ahead):
    quiet = {"quiet_start": quiet[0], "quiet_end": quiet[1]}
    # Shifted by real minutes, so a reminder can fall in the second reading of a
    # repeated hour too.
    due = rr.wall_to_utc(day, at, zone) + timedelta(minutes=shift)
    step = due + timedelta(minutes=ahead)
    planned = due - timedelta(hours=3)
    moved = rr.apply_quiet_hours(due, zone=zone, not_after=step, not_before=planned, **quiet)
    assert not rr.in_quiet_hours(moved, zone=zone, **quiet)
    if not rr.in_quiet_hours(due, zone=zone, **quiet):
        assert moved == due
    elif moved < due:
        # Earlier: the last minute before quiet hours, ahead of the step, not in the past.
        assert moved < step
        assert moved >= planned
        assert rr.in_quiet_hours(moved + MINUTE, zone=zone, **quiet)
    else:
        # Later: the very end of the quiet hours.
        assert rr.in_quiet_hours(moved - MINUTE, zone=zone, **quiet)


# --- Planners ---------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    zone=zones,
    day=any_day,
    at=minutes,
    quiet=quiet_times,
    evening=st.one_of(st.none(), minutes),
    lead=st.sampled_from([None, 15, 30, 60, 120, 240]),
    planned_before=st.integers(10, 72 * 60),
)
def test_step_reminders_come_before_the_step_outside_quiet_hours(
    zone, day, at, quiet, evening, lead, planned_before
):
    quiet = {"quiet_start": quiet[0], "quiet_end": quiet[1]}
    starts = rr.wall_to_utc(day, at, zone)
    now = starts - timedelta(minutes=planned_before)
    planned = rr.step_reminders(
        starts_at=starts, zone=zone, evening_at=evening, lead_minutes=lead, now=now, **quiet
    )
    assert len(planned) <= 2
    for item in planned:
        assert now <= item.due_at < item.expires_at <= starts
        assert not rr.in_quiet_hours(item.due_at, zone=zone, **quiet)
        next_quiet = rr.next_quiet_start(item.due_at, zone=zone, **quiet)
        assert next_quiet is None or item.expires_at <= next_quiet
        assert item.due_local == item.due_at.astimezone(zone)
    if lead and len(planned) == 1 and evening is None:
        assert planned[0].expires_at - planned[0].due_at <= timedelta(minutes=lead)


@settings(max_examples=200, deadline=None)
@given(
    zone=zones,
    day=any_day,
    at=minutes,
    quiet=quiet_times,
    weekday=st.one_of(st.none(), st.integers(0, 6)),
)
def test_daily_and_weekly_reminders_stay_on_their_own_day_outside_quiet_hours(
    zone, day, at, quiet, weekday
):
    quiet = {"quiet_start": quiet[0], "quiet_end": quiet[1]}
    since = rr.wall_to_utc(day, time(0), zone)
    planned = rr.recurring_reminders(
        kind="checkin",
        zone=zone,
        at=at,
        weekday=weekday,
        since=since,
        until=since + timedelta(days=8),
        **quiet,
    )
    assert len(planned) >= (1 if weekday is not None else 6)
    for item in planned:
        assert since <= item.due_at < since + timedelta(days=8)
        assert not rr.in_quiet_hours(item.due_at, zone=zone, **quiet)
        day = date.fromisoformat(item.occurrence)
        if item.due_local.date() != day:
            # Only when the clocks skipped the end of that day's quiet hours.
            ends = rr.wall_to_utc(day, quiet["quiet_end"], zone)
            assert ends.astimezone(zone).time() != quiet["quiet_end"]
            assert item.due_local.date() == day + timedelta(days=1)
        if weekday is not None:
            assert item.due_local.weekday() == weekday
        assert item.due_at < item.expires_at <= item.due_at + rr.LATE_LIMITS["checkin"]
    assert len({item.occurrence for item in planned}) == len(planned)


def test_the_default_step_reminders_are_the_evening_before_and_an_hour_before():
    starts = ny(date(2026, 6, 11), 15)
    planned = rr.step_reminders(
        starts_at=starts,
        zone=NY,
        evening_at=time(19, 0),
        lead_minutes=60,
        now=ny(date(2026, 6, 9), 12),
        **NIGHT,
    )
    assert [wall(item.due_at, NY) for item in planned] == [
        naive(2026, 6, 10, 19, 0),
        naive(2026, 6, 11, 14, 0),
    ]
    # The evening one goes stale when quiet hours begin; the hour-before one at the step.
    assert [wall(item.expires_at, NY) for item in planned] == [
        naive(2026, 6, 10, 21, 0),
        naive(2026, 6, 11, 15, 0),
    ]


def test_an_early_step_keeps_one_evening_reminder_rather_than_two():
    # Step at 08:30: the hour-before reminder (07:30) would move back to 20:59
    # the evening before, beside the 19:00 one that already says it.
    planned = rr.step_reminders(
        starts_at=ny(date(2026, 6, 11), 8, 30),
        zone=NY,
        evening_at=time(19, 0),
        lead_minutes=60,
        now=ny(date(2026, 6, 9), 12),
        **NIGHT,
    )
    assert [wall(item.due_at, NY) for item in planned] == [naive(2026, 6, 10, 19, 0)]


def test_a_step_too_soon_to_remind_about_gets_no_reminder():
    planned = rr.step_reminders(
        starts_at=ny(date(2026, 6, 11), 7, 0),
        zone=NY,
        evening_at=None,
        lead_minutes=60,
        now=ny(date(2026, 6, 10), 22),
        **NIGHT,
    )
    assert planned == []


def test_a_review_reminder_comes_at_the_first_planning_time_after_it_is_due():
    item = rr.safety_review_reminder(
        next_review_at=ny(date(2026, 6, 10), 18, 30), zone=NY, at=time(18, 0), **NIGHT
    )
    assert wall(item.due_at, NY) == naive(2026, 6, 11, 18, 0)


# --- Staleness ---------------------------------------------------------------------


def test_a_reminder_still_in_time_is_not_stale():
    due = utc(2026, 6, 10, 12)
    assert rr.stale_reason(now=due, due_at=due, expires_at=due + MINUTE) is None
    assert rr.stale_reason(now=due, due_at=due, expires_at=None) is None


def test_a_reminder_past_its_expiry_is_skipped_with_a_reason():
    due = utc(2026, 6, 10, 12)
    reason = rr.stale_reason(now=due + timedelta(hours=2), due_at=due, expires_at=due + MINUTE)
    assert reason and "not sent late" in reason


def test_a_reminder_whose_step_has_begun_says_so():
    due = utc(2026, 6, 10, 12)
    reason = rr.stale_reason(
        now=due + timedelta(hours=1),
        due_at=due,
        expires_at=due + timedelta(hours=5),
        step_starts_at=due + timedelta(minutes=30),
    )
    assert reason == "The step had already begun, so it was not sent late."


def test_pause_covers_days_before_its_end_date_only():
    paused = utc(2026, 6, 1)
    assert rr.is_paused_on(date(2026, 6, 9), paused_at=paused, paused_until=date(2026, 6, 10))
    assert not rr.is_paused_on(date(2026, 6, 10), paused_at=paused, paused_until=date(2026, 6, 10))
    assert rr.is_paused_on(date(2030, 1, 1), paused_at=paused, paused_until=None)
    assert not rr.is_paused_on(date(2026, 6, 9), paused_at=None, paused_until=None)
