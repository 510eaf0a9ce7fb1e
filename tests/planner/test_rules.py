"""The pure rules of the week and the practice log: readiness, capacity, forecasts."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner import rules

suds = st.integers(min_value=0, max_value=100)


# --- Readiness to move up ------------------------------------------------------------
def ready(peaks: list[int]) -> bool:
    """The rule as the person reads it, given a whole history oldest first."""
    return rules.is_ready_to_move_up(first_peak=peaks[0] if peaks else None, latest_peaks=peaks)


def test_no_attempts_is_never_ready():
    assert not ready([])


def test_one_attempt_is_never_ready_however_calm():
    assert not ready([0])
    assert not ready([10])


def test_two_calm_attempts_in_a_row_suggest_moving_up():
    assert ready([30, 30])
    assert ready([25, 10])


def test_thirty_is_calm_enough_and_thirty_one_is_not_without_a_high_first_peak():
    assert ready([30, 30])
    assert not ready([31, 30])
    assert not ready([31, 31])


def test_half_of_a_high_first_peak_is_calm_enough_even_above_thirty():
    assert ready([90, 60, 45, 45])
    assert not ready([90, 60, 46, 45])


def test_half_of_an_odd_first_peak_rounds_in_the_persons_favour_only_exactly():
    # 75 / 2 = 37.5: 37 is at or below half, 38 is not.
    assert ready([75, 50, 37, 37])
    assert not ready([75, 50, 38, 37])


def test_the_two_attempts_must_be_the_latest_ones():
    # Calm twice, then a hard day: not ready until two calm ones come again.
    assert not ready([70, 20, 20, 65])
    assert ready([70, 20, 20, 65, 25, 20])


def test_the_calm_attempts_must_be_consecutive():
    assert not ready([70, 20, 60, 20])


def test_the_first_attempt_counts_as_one_of_the_two():
    assert ready([20, 20])
    # With only two attempts, the first is compared with itself: 60 is not half of 60.
    assert not ready([60, 30])


def test_equal_peaks_at_zero_are_ready():
    assert ready([0, 0])
    assert ready([80, 0, 0])


@given(st.lists(suds, min_size=0, max_size=30))
def test_readiness_matches_the_rule_as_written(peaks):
    expected = len(peaks) >= 2 and all(p <= 30 or p <= peaks[0] / 2 for p in peaks[-2:])
    assert ready(peaks) is expected


@given(st.lists(suds, min_size=2, max_size=30))
def test_only_the_first_peak_and_the_last_two_matter(peaks):
    assert ready(peaks) is rules.is_ready_to_move_up(first_peak=peaks[0], latest_peaks=peaks[-2:])


# --- An easier step after a hard attempt ----------------------------------------------
def offers(peak=40, used_exit_strategy=False, minutes_stayed=30, planned_minutes=30):
    return rules.offers_easier_step(
        peak=peak,
        used_exit_strategy=used_exit_strategy,
        minutes_stayed=minutes_stayed,
        planned_minutes=planned_minutes,
    )


def test_a_peak_of_80_or_more_offers_something_easier():
    assert offers(peak=80)
    assert offers(peak=100)
    assert not offers(peak=79)


def test_using_the_exit_strategy_offers_something_easier():
    assert offers(used_exit_strategy=True)


def test_leaving_before_half_the_planned_time_offers_something_easier():
    assert offers(minutes_stayed=14, planned_minutes=30)
    assert not offers(minutes_stayed=15, planned_minutes=30)
    assert offers(minutes_stayed=0, planned_minutes=1)


def test_a_calm_full_attempt_offers_nothing():
    assert not offers(peak=0, minutes_stayed=30, planned_minutes=30)


@pytest.mark.parametrize(
    ("planned", "smaller"), [(1, 1), (2, 1), (9, 4), (20, 10), (30, 15), (45, 20), (60, 30)]
)
def test_a_smaller_version_is_about_half_as_long(planned, smaller):
    assert rules.smaller_version_minutes(planned) == smaller


@given(st.integers(min_value=1, max_value=24 * 60))
def test_a_smaller_version_is_never_longer_and_never_nothing(planned):
    smaller = rules.smaller_version_minutes(planned)
    assert 1 <= smaller <= planned
    assert smaller < planned or planned == 1


# --- Capacity -------------------------------------------------------------------------
def check(week=0, day=0, rest=False, capacity=3, per_day=1):
    return rules.capacity_check(
        weekly_capacity=capacity,
        max_per_day=per_day,
        planned_that_week=week,
        planned_that_day=day,
        rest_day=rest,
    )


def test_the_default_week_takes_three_steps_one_a_day_without_asking():
    assert not check(week=0).asks
    assert not check(week=2, day=0).asks


def test_a_fourth_step_in_a_week_of_three_asks_first():
    result = check(week=3)
    assert result.asks and result.over_week and not result.over_day
    assert result.would_make_week == 4


def test_a_second_step_on_a_day_of_one_asks_first():
    result = check(week=1, day=1)
    assert result.asks and result.over_day and not result.over_week
    assert result.would_make_day == 2


def test_a_rest_day_asks_first_even_with_room_to_spare():
    result = check(rest=True)
    assert result.asks and result.rest_day and not result.over_week


def test_a_changed_capacity_is_respected():
    assert not check(week=4, day=1, capacity=5, per_day=2).asks
    assert check(week=5, capacity=5, per_day=2).over_week


@given(
    capacity=st.integers(1, 14),
    per_day=st.integers(1, 3),
    week=st.integers(0, 30),
    day=st.integers(0, 5),
    rest=st.booleans(),
)
def test_capacity_asks_exactly_when_a_limit_would_be_passed(capacity, per_day, week, day, rest):
    result = check(week=week, day=day, rest=rest, capacity=capacity, per_day=per_day)
    assert result.asks is (week >= capacity or day >= per_day or rest)


# --- Forecast against outcome ---------------------------------------------------------
def test_no_forecasts_have_no_figures():
    summary = rules.forecast_summary([])
    assert summary.count == 0
    assert summary.mean_predicted is None and summary.mean_gap is None


def test_one_forecast_that_expected_more():
    summary = rules.forecast_summary([(70, 35)])
    assert (summary.count, summary.expected_more, summary.matched, summary.expected_less) == (
        1,
        1,
        0,
        0,
    )
    assert (summary.mean_predicted, summary.mean_peak, summary.mean_gap) == (70, 35, 35)


def test_equal_forecast_and_outcome_count_as_matched_not_as_expecting_more():
    summary = rules.forecast_summary([(40, 40), (0, 0)])
    assert summary.matched == 2 and summary.expected_more == 0 and summary.expected_less == 0
    assert summary.mean_gap == 0


def test_a_forecast_of_zero_can_only_match_or_expect_less():
    summary = rules.forecast_summary([(0, 0), (0, 20)])
    assert (summary.matched, summary.expected_less, summary.expected_more) == (1, 1, 0)


def test_eight_of_ten_forecasts_expected_more():
    pairs = [(70, 30)] * 8 + [(30, 30), (20, 50)]
    summary = rules.forecast_summary(pairs)
    assert (summary.count, summary.expected_more, summary.matched, summary.expected_less) == (
        10,
        8,
        1,
        1,
    )


def test_means_round_half_up():
    assert rules.forecast_summary([(41, 0), (42, 1)]).mean_predicted == 42  # 41.5
    assert rules.forecast_summary([(41, 0), (42, 1)]).mean_peak == 1  # 0.5


@given(st.lists(st.tuples(suds, suds), max_size=40))
def test_every_forecast_is_counted_once(pairs):
    summary = rules.forecast_summary(pairs)
    assert summary.expected_more + summary.matched + summary.expected_less == summary.count
    if pairs:
        assert 0 <= summary.mean_predicted <= 100 and 0 <= summary.mean_peak <= 100
