from datetime import UTC, datetime, timedelta

from planner.rules_engagement import is_quiet_spell, should_welcome_back

NOW = datetime(2026, 3, 29, 9, tzinfo=UTC)


def test_ten_days_without_a_log_is_a_quiet_spell_and_nine_days_is_not():
    assert is_quiet_spell(last_log_at=NOW - timedelta(days=10), now=NOW)
    assert not is_quiet_spell(last_log_at=NOW - timedelta(days=9, hours=23), now=NOW)


def test_someone_who_never_logged_has_no_quiet_spell_to_return_from():
    assert not is_quiet_spell(last_log_at=None, now=NOW)


def test_a_plan_paused_on_purpose_is_not_remarked_on():
    assert not is_quiet_spell(last_log_at=NOW - timedelta(days=30), now=NOW, paused=True)


def test_the_welcome_shows_once_per_return():
    last = NOW - timedelta(days=12)
    assert should_welcome_back(last_log_at=last, now=NOW, paused=False, already_shown=False)
    assert not should_welcome_back(last_log_at=last, now=NOW, paused=False, already_shown=True)
