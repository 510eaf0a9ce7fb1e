"""'Welcome back' is for a real return (issue 16: a new account was greeted so twice)."""

from datetime import UTC, datetime, timedelta

from accounts.adapter import RETURN_AFTER, is_return

NOW = datetime(2030, 6, 3, 12, tzinfo=UTC)


def test_a_first_sign_in_is_no_return():
    assert not is_return(previous_sign_in=None, now=NOW)


def test_signing_in_again_the_same_day_is_no_return():
    assert not is_return(previous_sign_in=NOW - timedelta(hours=3), now=NOW)


def test_a_day_or_more_away_is_a_return():
    assert is_return(previous_sign_in=NOW - RETURN_AFTER, now=NOW)
    assert is_return(previous_sign_in=NOW - timedelta(days=40), now=NOW)
