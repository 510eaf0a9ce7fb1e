"""Whether a claimed reminder goes out now, and what a try that went wrong comes to.

The pure rules both delivery paths call (reminders.rules, rule 4): no
database, no clock. The paths themselves are in test_delivery.py and
test_delivery_batch.py.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from reminders.models import ReminderPreferences
from reminders.rules import (
    KIND_SWITCHES,
    OPTED_OUT,
    Fail,
    Recipient,
    Retry,
    Send,
    Skip,
    delivery_after_error,
    delivery_decide,
    recipient_decide,
    stale_reason,
)
from tests.factories import CHOSEN_ALL

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
DUBLIN = ZoneInfo("Europe/Dublin")
EMAIL, PHONE = "alice@example.org", "+14155550100"
TEXTS_ON = {"sms_enabled": True, "phone": PHONE, "phone_verified_at": NOW - timedelta(days=3)}

BEGUN = "The step had already begun, so it was not sent late."
EXPIRED = "It could no longer help by the time it could go out, so it was not sent late."


def recipient(*, active=True, email=EMAIL, opted_out=False, zone=DUBLIN, **prefs) -> Recipient:
    return Recipient(
        active=active,
        zone=zone,
        email=email,
        prefs=ReminderPreferences(**{**CHOSEN_ALL, **prefs}),
        opted_out=opted_out,
    )


def decide(who, *, kind="planning", channel="email", now=NOW, **row):
    facts = {"due_at": NOW - timedelta(minutes=1), "expires_at": None, "step_starts_at": None}
    return delivery_decide(now=now, kind=kind, channel=channel, recipient=who, **facts | row)


@pytest.mark.parametrize(
    ("case", "who", "row", "expected"),
    [
        ("an email on time", recipient(), {}, Send(EMAIL)),
        ("a text on time", recipient(**TEXTS_ON), {"channel": "sms"}, Send(PHONE)),
        # Rule 3 first: a reminder too late to help is never sent, whoever it is for.
        (
            "its step has begun",
            recipient(),
            {"kind": "step", "step_starts_at": NOW - timedelta(minutes=5)},
            Skip(BEGUN),
        ),
        ("it expired", recipient(), {"expires_at": NOW}, Skip(EXPIRED)),
        ("stale and closed", recipient(active=False), {"expires_at": NOW}, Skip(EXPIRED)),
        ("the account is closed", recipient(active=False), {}, Skip("The account is closed.")),
        ("paused", recipient(paused_at=NOW), {}, Skip("Reminders were paused.")),
        (
            "paused until tomorrow",
            recipient(paused_at=NOW, paused_until=date(2026, 6, 11)),
            {},
            Skip("Reminders were paused."),
        ),
        # 23:30 UTC is already 00:30 on the 11th in Dublin: the pause is over there.
        (
            "a pause over on the recipient's own day",
            recipient(paused_at=NOW, paused_until=date(2026, 6, 11)),
            {"now": datetime(2026, 6, 10, 23, 30, tzinfo=UTC)},
            Send(EMAIL),
        ),
        (
            "this kind is off",
            recipient(step_enabled=False),
            {"kind": "step"},
            Skip("This kind of reminder is turned off."),
        ),
        (
            "another kind is off",
            recipient(step_enabled=False),
            {"kind": "checkin"},
            Send(EMAIL),
        ),
        (
            "a supporter's digest has no switch here",
            recipient(**dict.fromkeys(KIND_SWITCHES.values(), False)),
            {"kind": "digest"},
            Send(EMAIL),
        ),
        (
            "email is off",
            recipient(email_enabled=False),
            {},
            Skip("Reminders by email are turned off."),
        ),
        (
            "unsubscribed from this kind",
            recipient(email_unsubscribed=["planning"]),
            {},
            Skip("These emails were turned off with the link in one of them."),
        ),
        (
            "unsubscribed from another kind",
            recipient(email_unsubscribed=["checkin"]),
            {},
            Send(EMAIL),
        ),
        (
            "no email address",
            recipient(email=""),
            {},
            Skip("There is no email address to send to."),
        ),
        (
            "texts are off",
            recipient(phone=PHONE, phone_verified_at=NOW),
            {"channel": "sms"},
            Skip("Reminders by text are turned off."),
        ),
        (
            "the phone is not verified",
            recipient(**TEXTS_ON | {"phone_verified_at": None}),
            {"channel": "sms"},
            Skip("There is no verified phone number to text."),
        ),
        (
            "the number replied STOP",
            recipient(opted_out=True, **TEXTS_ON),
            {"channel": "sms"},
            Skip(OPTED_OUT),
        ),
        # STOP is about texts: email goes on.
        ("STOP, by email", recipient(opted_out=True, **TEXTS_ON), {}, Send(EMAIL)),
        # Without a recipient (a stand-in words the message) only the row's facts count.
        ("no recipient, on time", None, {}, Send("")),
        ("no recipient, too late", None, {"expires_at": NOW}, Skip(EXPIRED)),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_the_delivery_decision(case, who, row, expected):
    assert decide(who, **row) == expected


# --- Hypothesis: the decision against its parts -------------------------------------------

instants = st.integers(min_value=0, max_value=366 * 24 * 60).map(
    lambda minutes: datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
)
maybe_instants = st.none() | instants
kinds = st.sampled_from([*KIND_SWITCHES, "digest", "ally_step"])
channels = st.sampled_from(["email", "sms"])


# Mostly open, so that sends are as common as skips.
mostly = st.sampled_from([True, True, True, False])


def mostly_(value):
    return st.sampled_from([value, value, value, None])


@st.composite
def recipients(draw):
    prefs = {
        **{switch: draw(mostly) for switch in KIND_SWITCHES.values()},
        "email_enabled": draw(mostly),
        "email_unsubscribed": draw(st.lists(kinds, max_size=2)),
        "sms_enabled": draw(mostly),
        "phone": draw(mostly_(PHONE)) or "",
        "phone_verified_at": draw(mostly_(NOW)),
        "paused_at": draw(st.sampled_from([None, None, None, NOW])),
        "paused_until": draw(st.none() | st.dates(date(2026, 1, 1), date(2027, 1, 1))),
    }
    return recipient(
        active=draw(mostly),
        email=draw(mostly_(EMAIL)) or "",
        opted_out=not draw(mostly),
        zone=ZoneInfo(draw(st.sampled_from(["Europe/Dublin", "Pacific/Kiritimati", "UTC"]))),
        **prefs,
    )


@given(
    now=instants,
    due_at=instants,
    expires_at=maybe_instants,
    step_starts_at=maybe_instants,
    kind=kinds,
    channel=channels,
    who=recipients(),
)
def test_a_row_goes_only_in_time_and_only_where_its_recipient_wants_it(
    now, due_at, expires_at, step_starts_at, kind, channel, who
):
    decision = delivery_decide(
        now=now,
        kind=kind,
        channel=channel,
        due_at=due_at,
        expires_at=expires_at,
        step_starts_at=step_starts_at,
        recipient=who,
    )
    stale = stale_reason(
        now=now, due_at=due_at, expires_at=expires_at, step_starts_at=step_starts_at
    )
    if stale:
        assert decision == Skip(stale)
    else:
        assert decision == recipient_decide(now=now, kind=kind, channel=channel, recipient=who)
    event(type(decision).__name__)
    if isinstance(decision, Skip):
        # The delivery log keeps 200 characters of it, and it always says something.
        assert 0 < len(decision.reason) <= 200
        return
    prefs, today = who.prefs, now.astimezone(who.zone).date()
    assert who.active
    assert prefs.paused_at is None or (prefs.paused_until and prefs.paused_until <= today)
    switch = KIND_SWITCHES.get(kind)
    assert switch is None or getattr(prefs, switch)
    if channel == "email":
        assert decision == Send(EMAIL)
        assert prefs.email_enabled and kind not in prefs.email_unsubscribed
    else:
        assert decision == Send(PHONE)
        assert prefs.sms_enabled and prefs.phone_verified and not who.opted_out


# --- After a try went wrong ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("transient", "opted_out", "attempt", "expected"),
    [
        (True, False, 1, Retry("boom", attempt=1)),
        (True, False, 4, Retry("boom", attempt=4)),
        (True, False, 5, Fail("boom")),
        (False, False, 1, Fail("boom")),
        # The provider saying STOP is the person's choice, never "could not send".
        (False, True, 1, Skip(OPTED_OUT)),
        (False, True, 5, Skip(OPTED_OUT)),
    ],
)
def test_what_a_try_that_went_wrong_comes_to(transient, opted_out, attempt, expected):
    outcome = delivery_after_error(
        error="boom", transient=transient, opted_out=opted_out, attempt=attempt, max_attempts=5
    )
    assert outcome == expected


@given(max_attempts=st.integers(min_value=1, max_value=20))
def test_a_transient_error_is_tried_max_attempts_times_in_all(max_attempts):
    outcomes = [
        delivery_after_error(
            error="503", transient=True, attempt=attempt, max_attempts=max_attempts
        )
        for attempt in range(1, max_attempts + 1)
    ]
    assert outcomes[-1] == Fail("503")
    assert outcomes[:-1] == [Retry("503", attempt=n) for n in range(1, max_attempts)]
