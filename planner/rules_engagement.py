"""When to welcome someone back: a pure rule, given the last log and `now`.

There is no counter here on purpose. A quiet spell is noticed only to greet the
person kindly; nothing resets, nothing is lost.
"""

from datetime import datetime, timedelta

QUIET_SPELL = timedelta(days=10)


def is_quiet_spell(*, last_log_at: datetime | None, now: datetime, paused: bool = False) -> bool:
    """True when 10 or more days have passed since the person last logged anything.

    Someone who never logged has had no spell to return from, and a plan the
    person paused on purpose is a rest they chose, not something to remark on.
    """
    if last_log_at is None or paused:
        return False
    return now - last_log_at >= QUIET_SPELL


def should_welcome_back(
    *, last_log_at: datetime | None, now: datetime, paused: bool, already_shown: bool
) -> bool:
    """Show the welcome-back screen once per return from a quiet spell."""
    return not already_shown and is_quiet_spell(last_log_at=last_log_at, now=now, paused=paused)
