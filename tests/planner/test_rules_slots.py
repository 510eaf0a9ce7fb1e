"""A new step starts out at the next free evening, never at a time already gone.

Issue 16, finding 3: at 20:35 the first step defaulted to today 18:00 and showed
as overdue at once.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from planner.rules_slots import LEAD, next_free_slot

DUBLIN = ZoneInfo("Europe/Dublin")
MONDAY = date(2030, 6, 3)


def at(day, hour, minute=0, zone=DUBLIN):
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def test_in_the_morning_it_offers_this_evening():
    slot = next_free_slot(now=at(MONDAY, 10), zone=DUBLIN)
    assert (slot.day, slot.at) == (MONDAY, time(18))


def test_at_twenty_to_nine_in_the_evening_it_offers_tomorrow_evening():
    slot = next_free_slot(now=at(MONDAY, 20, 35), zone=DUBLIN)
    assert (slot.day, slot.at) == (MONDAY + timedelta(days=1), time(18))


def test_just_before_midnight_it_offers_the_evening_of_the_next_day():
    slot = next_free_slot(now=at(MONDAY, 23, 50), zone=DUBLIN)
    assert slot.day == MONDAY + timedelta(days=1)


def test_it_leaves_an_hour_to_get_ready():
    slot = next_free_slot(now=at(MONDAY, 17, 30), zone=DUBLIN)
    assert slot.day == MONDAY + timedelta(days=1)


def test_it_passes_over_rest_days_and_days_already_full():
    tuesday, wednesday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
    slot = next_free_slot(
        now=at(MONDAY, 20, 35), zone=DUBLIN, rest_days={tuesday}, planned_per_day={wednesday: 1}
    )
    assert slot.day == MONDAY + timedelta(days=3)


def test_a_person_who_allows_two_a_day_can_have_a_second_that_day():
    tuesday = MONDAY + timedelta(days=1)
    slot = next_free_slot(
        now=at(MONDAY, 21), zone=DUBLIN, planned_per_day={tuesday: 1}, max_per_day=2
    )
    assert slot.day == tuesday


def test_when_every_day_is_taken_it_still_offers_a_time_ahead():
    days = {MONDAY + timedelta(days=n) for n in range(30)}
    slot = next_free_slot(now=at(MONDAY, 9), zone=DUBLIN, rest_days=days)
    assert slot.starts_at > at(MONDAY, 9)


def test_it_works_in_the_persons_own_zone_not_the_servers():
    # 20:35 in Dublin is already Tuesday 05:35 in Tokyo: Tuesday evening there.
    tokyo = ZoneInfo("Asia/Tokyo")
    slot = next_free_slot(now=at(MONDAY, 20, 35), zone=tokyo)
    assert (slot.day, slot.at) == (MONDAY + timedelta(days=1), time(18))
    assert slot.starts_at == at(MONDAY + timedelta(days=1), 18, zone=tokyo)


def test_across_the_clocks_going_forward_the_evening_is_still_six_oclock_local():
    spring = date(2030, 3, 31)  # Dublin goes from GMT to IST at 01:00 that night
    slot = next_free_slot(now=at(spring - timedelta(days=1), 22), zone=DUBLIN)
    assert slot.day == spring
    assert slot.starts_at.astimezone(DUBLIN).time() == time(18)
    assert slot.starts_at == datetime(2030, 3, 31, 17, tzinfo=UTC)


def test_a_preferred_time_the_clocks_skip_moves_just_after_the_jump():
    spring = date(2030, 3, 31)
    slot = next_free_slot(now=at(spring - timedelta(days=1), 22), zone=DUBLIN, at=time(1, 30))
    assert slot.starts_at == datetime(2030, 3, 31, 1, tzinfo=UTC)  # 02:00 IST


@given(
    now=st.datetimes(
        # hypothesis wants naive bounds; the values come back aware, in UTC.
        min_value=datetime(2025, 1, 1),  # noqa: DTZ001
        max_value=datetime(2035, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    zone=st.sampled_from(["Europe/Dublin", "America/New_York", "Australia/Adelaide", "UTC"]),
    rest=st.sets(st.integers(0, 20), max_size=10),
)
def test_the_slot_is_always_ahead_and_on_a_free_day_when_one_is_near(now, zone, rest):
    today = now.astimezone(ZoneInfo(zone)).date()
    rest_days = {today + timedelta(days=n) for n in rest}
    slot = next_free_slot(now=now, zone=zone, rest_days=rest_days)
    assert slot.starts_at >= now + LEAD
    # A free day within two weeks is always found (tomorrow's evening is always ahead).
    assert slot.day not in rest_days or set(range(1, 15)) <= rest
    assert slot.starts_at.astimezone(ZoneInfo(zone)).date() == slot.day
