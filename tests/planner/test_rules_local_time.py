"""Local dates and times to UTC across daylight saving: the one documented rule.

A time the clocks skip does not exist (an error that names the gap); a time that
happens twice means the first of the two.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner import rules, rules_checkins

ZONES = ["Europe/Dublin", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe"]


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected"),
    [
        ("Europe/Dublin", date(2026, 1, 15), time(18, 30), utc(2026, 1, 15, 18, 30)),
        ("Europe/Dublin", date(2026, 7, 15), time(18, 30), utc(2026, 7, 15, 17, 30)),
        ("America/New_York", date(2026, 1, 15), time(18, 30), utc(2026, 1, 15, 23, 30)),
        ("America/New_York", date(2026, 7, 15), time(18, 30), utc(2026, 7, 15, 22, 30)),
        ("Australia/Sydney", date(2026, 1, 15), time(9, 0), utc(2026, 1, 14, 22, 0)),
    ],
)
def test_an_ordinary_local_time_becomes_the_right_utc_instant(zone, day, at, expected):
    assert rules.local_to_utc(day, at, zone) == expected


@pytest.mark.parametrize(
    ("zone", "day", "at", "gap_starts", "gap_ends"),
    [
        # Spring forward: Dublin 01:00 -> 02:00, New York 02:00 -> 03:00,
        # Sydney 02:00 -> 03:00 in October, Lord Howe only half an hour.
        ("Europe/Dublin", date(2026, 3, 29), time(1, 30), time(1, 0), time(2, 0)),
        ("Europe/Dublin", date(2026, 3, 29), time(1, 0), time(1, 0), time(2, 0)),
        ("America/New_York", date(2026, 3, 8), time(2, 30), time(2, 0), time(3, 0)),
        ("America/New_York", date(2026, 3, 8), time(2, 59), time(2, 0), time(3, 0)),
        ("Australia/Sydney", date(2026, 10, 4), time(2, 15), time(2, 0), time(3, 0)),
        ("Australia/Lord_Howe", date(2026, 10, 4), time(2, 10), time(2, 0), time(2, 30)),
    ],
)
def test_a_time_the_clocks_skip_is_refused_with_the_gap_named(zone, day, at, gap_starts, gap_ends):
    with pytest.raises(rules.NonexistentLocalTime) as raised:
        rules.local_to_utc(day, at, zone)
    assert raised.value.gap_starts == datetime.combine(day, gap_starts)
    assert raised.value.gap_ends == datetime.combine(day, gap_ends)
    assert raised.value.zone == zone


@pytest.mark.parametrize(
    ("zone", "day", "at"),
    [
        ("Europe/Dublin", date(2026, 3, 29), time(2, 0)),
        ("Europe/Dublin", date(2026, 3, 29), time(0, 59)),
        ("America/New_York", date(2026, 3, 8), time(3, 0)),
        ("America/New_York", date(2026, 3, 8), time(1, 59)),
    ],
)
def test_the_edges_of_a_gap_exist(zone, day, at):
    instant = rules.local_to_utc(day, at, zone)
    assert instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == datetime.combine(day, at)


@pytest.mark.parametrize(
    ("zone", "day", "at", "first"),
    [
        # Fall back: 01:30 happens twice; we mean the first, before the clocks go back.
        ("America/New_York", date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),
        ("Europe/Dublin", date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30)),
        ("Australia/Sydney", date(2026, 4, 5), time(2, 30), utc(2026, 4, 4, 15, 30)),
    ],
)
def test_a_time_that_happens_twice_means_the_first_one(zone, day, at, first):
    assert rules.local_to_utc(day, at, zone) == first
    assert rules.local_time_is_repeated(day, at, zone)
    second = datetime.combine(day, at, tzinfo=ZoneInfo(zone)).replace(fold=1).astimezone(UTC)
    assert second - first == timedelta(hours=1)


def test_ordinary_and_skipped_times_are_not_repeated():
    assert not rules.local_time_is_repeated(date(2026, 11, 1), time(3, 30), "America/New_York")
    assert not rules.local_time_is_repeated(date(2026, 3, 8), time(2, 30), "America/New_York")


def test_a_whole_skipped_day_is_named_as_such():
    # Samoa crossed the date line at the end of 2011: 30 December never happened there.
    with pytest.raises(rules.NonexistentLocalTime) as raised:
        rules.local_to_utc(date(2011, 12, 30), time(12, 0), "Pacific/Apia")
    assert raised.value.gap_ends.date() != date(2011, 12, 30)


def test_midnight_the_clocks_skip_still_starts_the_day():
    # Santiago springs forward at midnight: the day begins at 01:00 local, 04:00 UTC.
    start = rules.local_midnight(date(2026, 9, 6), "America/Santiago")
    assert start == utc(2026, 9, 6, 4, 0)
    assert rules.local_date(start, "America/Santiago") == date(2026, 9, 6)


def test_a_week_with_spring_forward_is_an_hour_short_and_fall_back_an_hour_long():
    zone = "Europe/Dublin"
    short = rules.local_midnight(date(2026, 3, 30), zone) - rules.local_midnight(
        date(2026, 3, 23), zone
    )
    long = rules.local_midnight(date(2026, 10, 26), zone) - rules.local_midnight(
        date(2026, 10, 19), zone
    )
    assert short == timedelta(days=7, hours=-1)
    assert long == timedelta(days=7, hours=1)


@given(
    zone=st.sampled_from(ZONES),
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    at=st.times(),
)
def test_every_local_time_either_round_trips_or_is_a_named_gap(zone, day, at):
    wall = datetime.combine(day, at.replace(tzinfo=None))
    try:
        instant = rules.local_to_utc(day, at, zone)
    except rules.NonexistentLocalTime as gap:
        assert gap.gap_starts <= wall < gap.gap_ends
    else:
        assert instant.tzinfo is UTC
        assert instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == wall
        # The first occurrence: no earlier instant shows the same wall time.
        earlier = (instant - timedelta(hours=1)).astimezone(ZoneInfo(zone))
        assert earlier.replace(tzinfo=None) != wall


# --- Moving past a skipped time (reminders, check-in prompts) ----------------------------
# The zone-by-zone cases are in tests/reminders/test_rules.py, through reminders.rules.wall_to_utc,
# which calls this rule as the check-in prompt does.
def test_a_check_in_prompt_moves_past_a_skipped_time_as_reminders_do():
    day, at, zone = date(2026, 3, 29), time(1, 30), "Europe/Dublin"
    expected = utc(2026, 3, 29, 1, 0)  # 02:00 local, the first moment after the jump
    assert rules.local_to_utc_or_after_gap(day, at, zone) == expected
    assert rules_checkins.prompt_at(day, at, zone) == expected


def test_a_whole_skipped_day_moves_to_the_first_moment_of_the_next():
    # Samoa skipped 30 December 2011: 31 December began at 10:00 UTC on the 30th.
    moved = rules.local_to_utc_or_after_gap(date(2011, 12, 30), time(12, 0), "Pacific/Apia")
    assert moved == utc(2011, 12, 30, 10, 0)
    assert rules_checkins.prompt_at(date(2011, 12, 30), time(12, 0), "Pacific/Apia") == moved


@given(
    zone=st.sampled_from(ZONES),
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    at=st.times(),
)
def test_moving_past_a_gap_changes_only_the_times_that_do_not_exist(zone, day, at):
    moved = rules.local_to_utc_or_after_gap(day, at, zone)
    try:
        assert moved == rules.local_to_utc(day, at, zone)
    except rules.NonexistentLocalTime as gap:
        assert moved.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == gap.gap_ends
        # Nothing exists between the wall time asked for and the moment chosen.
        assert (moved - timedelta(minutes=1)).astimezone(ZoneInfo(zone)).replace(
            tzinfo=None
        ) < datetime.combine(day, at.replace(tzinfo=None))


# --- Weeks ----------------------------------------------------------------------------
def test_a_monday_first_week_starts_on_the_monday():
    assert rules.week_start(date(2026, 3, 5), sunday_first=False) == date(2026, 3, 2)
    assert rules.week_start(date(2026, 3, 2), sunday_first=False) == date(2026, 3, 2)
    assert rules.week_start(date(2026, 3, 8), sunday_first=False) == date(2026, 3, 2)


def test_a_sunday_first_week_starts_on_the_sunday():
    assert rules.week_start(date(2026, 3, 5), sunday_first=True) == date(2026, 3, 1)
    assert rules.week_start(date(2026, 3, 1), sunday_first=True) == date(2026, 3, 1)
    assert rules.week_start(date(2026, 3, 7), sunday_first=True) == date(2026, 3, 1)


@given(day=st.dates(), sunday_first=st.booleans())
def test_every_day_falls_in_the_week_that_starts_on_the_right_weekday(day, sunday_first):
    try:
        start = rules.week_start(day, sunday_first=sunday_first)
    except OverflowError:
        return  # the first days of year 1 have no week start before them
    assert start.weekday() == (6 if sunday_first else 0)
    assert timedelta(0) <= day - start < timedelta(days=7)
    assert day in rules.week_days(start)
