"""What the person's own reminders say: why they came, how to stop, and nothing private."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from planner.models import ScheduledStep
from reminders.messages import message_for, why_not
from reminders.models import ReminderKind, ReminderPreferences, SmsOptOut
from tests.factories import prefs_replace
from tests.reminders.channels_support import PHONE, SECRETS, private_step, reminder_row, with_phone

OWN = [ReminderKind.PLANNING, ReminderKind.STEP, ReminderKind.CHECKIN, ReminderKind.SAFETY_REVIEW]


def _row(person, kind, channel="email"):
    scheduled = private_step(person) if kind == ReminderKind.STEP else None
    return reminder_row(person, kind, channel=channel, scheduled=scheduled)


def _everything(message) -> str:
    return "\n".join([message.subject, message.text, message.html, *message.headers.values()])


@pytest.mark.parametrize("kind", OWN)
def test_every_email_says_why_it_came_and_how_to_change_or_stop_it(alice, kind):
    message = message_for(_row(alice, kind))

    assert message.to == "alice@example.org"
    for body in (message.text, message.html):
        assert "Why you got this: you asked" in body
        assert "Change or pause reminders" in body
        assert "Stop these emails" in body
        assert "http://localhost:8000/unsubscribe/" in body
    assert message.headers["List-Unsubscribe"].startswith("<http://localhost:8000/unsubscribe/")
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize("kind", OWN)
def test_every_text_says_why_and_ends_with_how_to_stop(alice, kind):
    with_phone(alice)

    message = message_for(_row(alice, kind, channel="sms"))

    assert message.to == PHONE
    assert message.text.startswith("Stepwise: ")
    assert any(why in message.text for why in ("as you asked", "reminder)", "your step"))
    if kind == ReminderKind.STEP:
        # Room for the "not this time" link (tests/reminders/test_step_text_length.py):
        # HELP's reply has the reminders page's link.
        assert "Changes: reply HELP" in message.text
    else:
        assert "Change reminders: http://localhost:8000/profile/" in message.text
    assert message.text.endswith("Reply STOP to stop texts")
    assert len(message.text) <= 320  # two SMS segments at most


@pytest.mark.parametrize("kind", OWN)
@pytest.mark.parametrize("channel", ["email", "sms"])
def test_no_health_detail_reaches_a_message_beyond_the_step_title(alice, kind, channel):
    with_phone(alice)

    message = message_for(_row(alice, kind, channel=channel))

    everything = _everything(message)
    for name, secret in SECRETS.items():
        if name != "suds":
            assert secret not in everything
    # A rating is a bare number, which a signed link may hold by chance: look for
    # it as a word in the text a person reads, with the links taken out.
    words = re.sub(r"https?://\S+", "", everything)
    assert not re.search(rf"\b{SECRETS['suds']}\b", words)
    assert "SUDS" not in everything and "distress" not in everything.lower()


@pytest.mark.parametrize("kind", OWN)
def test_what_a_lock_screen_shows_never_says_safety_plan(alice, kind):
    with_phone(alice)
    email = message_for(_row(alice, kind))
    text = message_for(_row(alice, kind, channel="sms"))
    assert "safety" not in email.subject.lower()
    assert "safety" not in text.text.lower()


def test_a_step_reminder_names_the_step_and_its_time_in_the_persons_zone(alice):
    # 23:30 UTC on 14 July is 19:30 in New York (EDT); alice reads 12-hour clocks.
    scheduled = private_step(alice, starts_at=datetime(2031, 7, 14, 23, 30, tzinfo=UTC))
    row = reminder_row(alice, ReminderKind.STEP, scheduled=scheduled)

    message = message_for(row)

    assert message.subject == "Coming up: Say hello at the café, Mon, Jul 14 at 7:30 PM"
    assert "Monday, July 14 at 7:30 PM, for about 30 minutes" in message.text
    assert "/week/2031-7-14/" in message.text
    assert "caf&#x27;" not in message.text and "Say hello at the café" in message.html


def test_a_planning_prompt_names_the_day_and_time_the_person_chose(alice):
    prefs_replace(owner=alice, planning_weekday=0)

    message = message_for(_row(alice, ReminderKind.PLANNING))

    assert "weekly planning prompt on Mondays at 6:00 PM" in message.text


def test_the_address_is_the_one_the_person_has_when_it_is_sent(alice):
    row = _row(alice, ReminderKind.CHECKIN)
    alice.email = "alice.new@example.org"
    alice.save()
    row.refresh_from_db()
    assert message_for(row).to == "alice.new@example.org"


def _reason_when(person, row, **prefs):
    ReminderPreferences.objects.update_or_create(owner=person, defaults=prefs)
    row.refresh_from_db()
    assert message_for(row) is None
    return why_not(row)


def test_nothing_is_sent_by_email_when_email_is_off_or_that_kind_unsubscribed(alice):
    row = _row(alice, ReminderKind.CHECKIN)
    assert why_not(row) == ""
    assert "email are turned off" in _reason_when(alice, row, email_enabled=False)
    reason = _reason_when(alice, row, email_enabled=True, email_unsubscribed=["checkin"])
    assert "turned off with the link" in reason


def test_nothing_is_sent_while_paused_or_when_that_kind_is_off(alice):
    row = _row(alice, ReminderKind.PLANNING)
    assert "paused" in _reason_when(alice, row, paused_at=timezone.now())
    tomorrow = timezone.localdate() + timedelta(days=2)
    assert "paused" in _reason_when(alice, row, paused_until=tomorrow)
    reason = _reason_when(alice, row, paused_at=None, paused_until=None, planning_enabled=False)
    assert reason == "This kind of reminder is turned off."


def test_a_pause_that_has_ended_lets_reminders_through(alice):
    row = _row(alice, ReminderKind.PLANNING)
    prefs_replace(
        owner=alice,
        paused_at=timezone.now() - timedelta(days=9),
        paused_until=timezone.localdate() - timedelta(days=2),
    )
    assert message_for(row) is not None


def test_no_text_without_a_verified_phone_or_after_stop(alice):
    row = _row(alice, ReminderKind.CHECKIN, channel="sms")
    assert message_for(row) is None
    assert why_not(row) == "Reminders by text are turned off."

    with_phone(alice)
    assert message_for(row).to == PHONE
    SmsOptOut.objects.create(phone=PHONE, opted_out_at=timezone.now(), source="STOP")
    assert message_for(row) is None
    assert "replied STOP" in why_not(row)


def test_a_step_no_longer_planned_has_nothing_to_remind_about(alice):
    row = _row(alice, ReminderKind.STEP)
    ScheduledStep.objects.filter(pk=row.scheduled_step_id).update(status="cancelled")
    assert message_for(row) is None
    assert "taken out of the plan" in why_not(row)


def test_a_step_reminder_for_someone_elses_step_says_nothing(alice, bob):
    row = reminder_row(bob, ReminderKind.STEP, scheduled=private_step(alice))
    assert message_for(row) is None


def test_a_step_title_is_escaped_in_html_and_left_as_typed_in_text(alice):
    scheduled = private_step(alice, title='Tea & a "hello" <b>')
    message = message_for(reminder_row(alice, ReminderKind.STEP, scheduled=scheduled))
    assert "Tea &amp; a &quot;hello&quot; &lt;b&gt;" in message.html
    assert 'Tea & a "hello" <b>' in message.text and 'Tea & a "hello" <b>' in message.subject


def test_a_check_in_reminder_is_not_sent_once_the_person_has_checked_in(alice):
    from planner.services.checkins import checkin_log

    row = _row(alice, ReminderKind.CHECKIN)
    assert message_for(row) is not None
    checkin_log(owner=alice, now=row.due_at, mood=4, distress=20, energy=3, interactions=1)
    assert message_for(row) is None
    assert why_not(row) == "You had already checked in, so there was nothing to ask."
