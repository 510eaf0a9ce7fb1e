"""The check-in rhythm as pure rules, around daylight saving changes."""

from datetime import UTC, date, datetime, time, timedelta

from planner import rules_checkins as rules

DUBLIN = "Europe/Dublin"  # 2026: forward at 01:00 UTC on 29 March, back at 01:00 UTC on 25 Oct


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_the_day_the_clocks_go_forward_is_one_period_of_23_hours():
    period = rules.period_for(utc(2026, 3, 29, 12), DUBLIN, rhythm="daily")
    assert period.start == period.end == date(2026, 3, 29)
    assert period.starts_at == utc(2026, 3, 29, 0)
    assert period.ends_at - period.starts_at == timedelta(hours=23)


def test_the_day_the_clocks_go_back_is_one_period_of_25_hours():
    period = rules.period_for(utc(2026, 10, 25, 12), DUBLIN, rhythm="daily")
    assert period.starts_at == utc(2026, 10, 24, 23)
    assert period.ends_at - period.starts_at == timedelta(hours=25)


def test_both_half_past_ones_of_the_repeated_hour_fall_in_the_same_day():
    first = rules.period_for(utc(2026, 10, 25, 0, 30), DUBLIN, rhythm="daily")
    second = rules.period_for(utc(2026, 10, 25, 1, 30), DUBLIN, rhythm="daily")
    assert first == second
    assert first.holds(utc(2026, 10, 25, 0, 30)) and first.holds(utc(2026, 10, 25, 1, 30))


def test_just_before_and_after_local_midnight_on_the_spring_night_are_two_periods():
    before = rules.period_for(utc(2026, 3, 28, 23, 30), DUBLIN, rhythm="daily")
    after = rules.period_for(utc(2026, 3, 29, 0, 30), DUBLIN, rhythm="daily")
    assert before.start == date(2026, 3, 28)
    assert after.start == date(2026, 3, 29)


def test_a_week_holding_the_spring_change_runs_monday_to_sunday_and_is_an_hour_short():
    period = rules.period_for(utc(2026, 3, 29, 20), DUBLIN, rhythm="weekly")
    assert (period.start, period.end) == (date(2026, 3, 23), date(2026, 3, 29))
    assert period.ends_at - period.starts_at == timedelta(days=7, hours=-1)


def test_a_week_starts_on_sunday_for_people_whose_weeks_do():
    period = rules.period_for(
        utc(2026, 3, 25, 12), "America/New_York", rhythm="weekly", sunday_first=True
    )
    assert period.start == date(2026, 3, 22)


def test_a_prompt_time_the_clocks_skip_moves_to_the_moment_after_the_jump():
    # 01:30 never happens in Dublin on 29 March 2026: 01:00 GMT becomes 02:00 IST.
    assert rules.prompt_at(date(2026, 3, 29), time(1, 30), DUBLIN) == utc(2026, 3, 29, 1)


def test_a_prompt_time_that_happens_twice_means_the_first_one():
    assert rules.prompt_at(date(2026, 10, 25), time(1, 30), DUBLIN) == utc(2026, 10, 25, 0, 30)


def test_the_daily_prompt_keeps_its_wall_clock_time_across_the_change():
    before = rules.prompt_at(date(2026, 3, 28), time(20), DUBLIN)
    after = rules.prompt_at(date(2026, 3, 29), time(20), DUBLIN)
    assert before == utc(2026, 3, 28, 20)
    assert after == utc(2026, 3, 29, 19)  # 20:00 IST
    assert after - before == timedelta(hours=23)


def test_a_check_in_is_due_only_after_the_prompt_time_and_only_until_it_is_done():
    kwargs = {"rhythm": "daily", "weekday": 6, "at": time(20)}
    assert not rules.is_due(utc(2026, 3, 29, 18, 30), DUBLIN, checked_in=False, **kwargs)
    assert rules.is_due(utc(2026, 3, 29, 19, 30), DUBLIN, checked_in=False, **kwargs)
    assert not rules.is_due(utc(2026, 3, 29, 19, 30), DUBLIN, checked_in=True, **kwargs)


def test_a_weekly_check_in_is_due_from_its_day_to_the_end_of_the_week():
    kwargs = {"rhythm": "weekly", "weekday": 4, "at": time(18)}  # Fridays at 18:00
    assert not rules.is_due(utc(2026, 3, 26, 20), DUBLIN, checked_in=False, **kwargs)  # Thu
    assert rules.is_due(utc(2026, 3, 27, 19), DUBLIN, checked_in=False, **kwargs)  # Fri
    assert rules.is_due(utc(2026, 3, 29, 10), DUBLIN, checked_in=False, **kwargs)  # Sun


def test_the_next_weekly_prompt_is_the_chosen_day_at_the_chosen_local_time():
    kwargs = {"rhythm": "weekly", "weekday": 6, "at": time(20)}  # Sundays at 20:00
    nxt = rules.next_prompt(utc(2026, 3, 25, 12), DUBLIN, **kwargs)
    assert nxt == utc(2026, 3, 29, 19)
    later = rules.next_prompt(nxt, DUBLIN, **kwargs)
    assert later == utc(2026, 4, 5, 19)


def test_moods_have_a_word_for_each_of_the_five_points():
    assert [rules.mood_word(n) for n in range(1, 6)] == [
        "Very low",
        "Low",
        "Okay",
        "Good",
        "Very good",
    ]


def test_each_distress_chip_maps_to_the_0_to_100_scale_and_back():
    for tap in rules.DISTRESS_TAPS:
        assert rules.tap_from_distress(rules.distress_from_tap(tap)) == tap
    # A typed value from before the tap scale lands on its nearest chip.
    assert [rules.tap_from_distress(d) for d in (0, 4, 5, 35, 94, 95, 100)] == [
        0,
        0,
        1,
        4,
        9,
        10,
        10,
    ]
