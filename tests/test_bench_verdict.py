"""`make bench` fails when the fan-out loses, doubles or runs out of time: the verdict."""

import pytest

from bench.fanout import conclude, fanout_verdict, goal_verdict

DUE = 1000


def verdict(**changes) -> list[str]:
    counts = {
        "due": DUE,
        "delivered": DUE,
        "sent_twice": 0,
        "double_claims": 0,
        "rows": {"sent": DUE},
        "timed_out": False,
    }
    return fanout_verdict(**{**counts, **changes})


def test_every_reminder_once_and_in_time_is_a_pass():
    assert verdict() == []


def test_a_reminder_that_never_reached_a_backend_is_lost():
    assert verdict(delivered=DUE - 1, rows={"sent": DUE - 1, "failed": 1}) == [
        f"lost 1 of {DUE} reminders (never reached a backend)",
        f"1 of {DUE} rows did not end as sent: {{'sent': {DUE - 1}, 'failed': 1}}",
    ]


def test_a_row_marked_sent_that_no_backend_received_is_lost_too():
    assert verdict(delivered=DUE - 3) == [f"lost 3 of {DUE} reminders (never reached a backend)"]


def test_a_reminder_the_backend_got_whose_row_is_not_sent_fails():
    assert verdict(rows={"sent": DUE - 2, "sending": 2}) == [
        f"2 of {DUE} rows did not end as sent: {{'sent': {DUE - 2}, 'sending': 2}}"
    ]


def test_a_reminder_sent_twice_fails():
    assert verdict(sent_twice=1) == ["1 reminders sent twice"]


def test_a_row_claimed_twice_fails():
    assert verdict(double_claims=2) == ["2 rows claimed twice"]


def test_running_out_of_time_fails_and_says_how_much_was_left():
    problems = verdict(
        timed_out=True, delivered=700, rows={"sent": 700, "claimed": 200, "pending": 100}
    )
    assert problems[0] == "ran out of time with 300 rows still open"
    assert f"lost 300 of {DUE} reminders (never reached a backend)" in problems


def test_more_reminders_than_were_due_fails():
    assert verdict(delivered=DUE + 1) == ["1 more reminders reached the backends than were due"]


def test_a_failed_verdict_exits_non_zero_with_the_problems():
    with pytest.raises(SystemExit) as exited:
        conclude(["1 reminders sent twice"])
    # sys.exit with a message: the message goes to stderr and the status is 1.
    assert isinstance(exited.value.code, str) and "1 reminders sent twice" in exited.value.code


def test_a_clean_verdict_returns(capsys):
    conclude([])
    assert "fan-out OK" in capsys.readouterr().out


# --- pages (bench/verdict.py): issue 17's ratios to the bare view -------------------------
from bench.verdict import load_verdict, pages_verdict  # noqa: E402


def test_pages_at_their_goals_pass():
    assert (
        pages_verdict(
            {
                "home, new person": (0.5, 0.25),
                "week, a year of history": (0.9, 0.4),
                "progress, three years of history": (0.5, 0.25),
                "supporter dashboard, 50 people with a year each": (0.25, 0.05),
            }
        )
        == []
    )


def test_a_page_within_a_quarter_of_its_goal_still_passes_and_one_beyond_fails():
    assert pages_verdict({"week, a year of history": (0.38, 0.19)}) == []
    assert pages_verdict({"week, a year of history": (0.37, 0.19)}) == [
        "week, a year of history: warm 0.37 of bare, goal 0.50"
    ]


def test_a_cold_view_too_slow_after_a_write_fails_even_when_warm_is_fine():
    assert pages_verdict({"progress, three years of history": (0.9, 0.18)}) == [
        "progress, three years of history: cold 0.18 of bare, goal 0.25"
    ]


def test_the_dashboard_is_held_to_its_own_goal_and_has_no_cold_goal():
    assert pages_verdict({"supporter dashboard, 50 people": (0.19, 0.01)}) == []
    assert pages_verdict({"supporter dashboard, 50 people": (0.18, 0.01)}) == [
        "supporter dashboard, 50 people: warm 0.18 of bare, goal 0.25"
    ]


def test_under_load_any_error_or_a_p95_past_four_times_bare_fails():
    assert load_verdict(10.0, {"home": (40.0, 0), "week": (12.0, 0)}) == []
    assert load_verdict(10.0, {"home": (41.0, 0), "week": (12.0, 3)}) == [
        "home under load: p95 41 ms, over 4x the bare view's 10 ms",
        "week under load: 3 errors",
    ]


def test_the_goal_is_met_within_a_minute_for_a_hundred_thousand():
    assert goal_verdict(due=100_000, last=58.0, p99=57.0) == []
    # A quarter over is still within what the verdict allows; more is a miss.
    assert goal_verdict(due=100_000, last=75.0, p99=74.0) == []


def test_missing_the_goal_by_more_than_a_quarter_fails_and_says_by_how_much():
    assert goal_verdict(due=100_000, last=290.0, p99=280.0) == [
        "the last reminder went after 290s (goal 60s)",
        "p99 dwell 280s (goal 60s)",
    ]


def test_the_goal_grows_in_proportion_above_a_hundred_thousand():
    assert goal_verdict(due=200_000, last=140.0, p99=130.0) == []
    assert goal_verdict(due=200_000, last=160.0, p99=100.0) == [
        "the last reminder went after 160s (goal 120s)"
    ]
