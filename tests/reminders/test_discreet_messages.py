"""Discreet mode in what is sent: no "Stepwise", no step title where others may glance."""

from datetime import timedelta

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reminders.channels.email import build_email
from reminders.messages import message_for
from reminders.models import Outbox, ReminderKind
from reminders.services.calendar import calendar_feed_create
from tests.factories import ScheduledStepFactory, StepFactory
from tests.reminders.channels_support import private_step, reminder_row, with_phone
from tests.supporters.supporters_support import link_for

pytestmark = pytest.mark.django_db

TITLE = "Say hello at the café"
OWN = [ReminderKind.PLANNING, ReminderKind.STEP, ReminderKind.CHECKIN, ReminderKind.SAFETY_REVIEW]


@pytest.fixture(autouse=True)
def _sender(settings):
    settings.DEFAULT_FROM_EMAIL = "Stepwise <hello@stepwise.localhost>"


def _discreet(person, on=True):
    person.discreet = on
    person.save(update_fields=["discreet"])
    return person


def _row(person, kind, channel="email"):
    scheduled = private_step(person, title=TITLE) if kind == ReminderKind.STEP else None
    return reminder_row(person, kind, channel=channel, scheduled=scheduled)


def _from(message) -> str:
    return str(build_email(message, dedupe_key="k").message()["From"])


# --- Email --------------------------------------------------------------------------------
def test_with_discreet_on_a_step_email_has_a_neutral_subject_and_sender(alice):
    _discreet(alice)

    message = message_for(_row(alice, ReminderKind.STEP))

    assert TITLE not in message.subject
    assert "Stepwise" not in message.subject
    assert message.subject.startswith("A reminder from your planner")
    assert _from(message) == "Reminders <hello@stepwise.localhost>"
    # A mail app's preview shows the first lines too: the title waits in the week.
    for body in (message.text, message.html):
        assert TITLE not in body and "Stepwise" not in body
        assert "/week/" in body and "Not this time" in body


@pytest.mark.parametrize("kind", OWN)
def test_with_discreet_on_no_subject_or_sender_says_stepwise(alice, kind):
    _discreet(alice)

    message = message_for(_row(alice, kind))

    assert "Stepwise" not in message.subject
    assert "Stepwise" not in _from(message)
    assert "safety" not in message.subject.lower()


def test_with_discreet_off_a_step_email_is_as_before(alice):
    message = message_for(_row(alice, ReminderKind.STEP))

    assert message.subject.startswith(f"Coming up: {TITLE}, ")
    assert TITLE in message.text and TITLE in message.html
    assert _from(message) == "Stepwise <hello@stepwise.localhost>"


# --- Texts --------------------------------------------------------------------------------
def test_with_discreet_on_a_step_text_has_no_title_and_no_stepwise(alice):
    _discreet(alice)
    with_phone(alice)

    message = message_for(_row(alice, ReminderKind.STEP, channel="sms"))

    assert TITLE not in message.text
    assert "Stepwise" not in message.text
    assert message.text.startswith("A reminder from your planner. Open it to see what's next")
    assert "reply SKIP" in message.text
    assert message.text.endswith("Reply STOP to stop texts")
    assert len(message.text) <= 320


@pytest.mark.parametrize("kind", OWN)
def test_with_discreet_on_no_text_says_stepwise(alice, kind):
    _discreet(alice)
    with_phone(alice)

    message = message_for(_row(alice, kind, channel="sms"))

    assert "Stepwise" not in message.text
    assert "safety" not in message.text.lower()
    assert message.text.endswith("Reply STOP to stop texts")


def test_with_discreet_off_a_step_text_is_as_before(alice):
    with_phone(alice)

    message = message_for(_row(alice, ReminderKind.STEP, channel="sms"))

    assert message.text.startswith(f'Stepwise: your step "{TITLE}", ')


# --- A supporter's summary about a discreet person ------------------------------------------
def _digest(link) -> Outbox:
    return Outbox.objects.create(
        recipient=link.supporter,
        kind=ReminderKind.DIGEST,
        channel="email",
        supporter_link=link,
        due_at=timezone.now(),
        dedupe_key=f"digest:{link.pk}:email:discreet",
    )


def test_a_digest_about_a_discreet_person_keeps_their_name_out_of_the_subject(alice, bob):
    _discreet(alice)

    message = message_for(_digest(link_for(alice, bob, "plan")))

    assert "Alice" not in message.subject
    assert "Stepwise" in _from(message)  # Bob did not ask for discreet mode


def test_a_discreet_supporter_gets_a_neutral_digest_subject_and_sender(alice, bob):
    _discreet(bob)

    message = message_for(_digest(link_for(alice, bob, "plan")))

    assert "Stepwise" not in message.subject
    assert _from(message) == "Reminders <hello@stepwise.localhost>"


def test_a_digest_about_someone_not_discreet_is_as_before(alice, bob):
    message = message_for(_digest(link_for(alice, bob, "plan")))

    assert message.subject == "Alice's week on Stepwise"


# --- The calendar feed ----------------------------------------------------------------------
def _calendar(person) -> icalendar.Calendar:
    step = StepFactory(goal__owner=person, title="Walk to the library")
    ScheduledStepFactory(step=step, starts_at=timezone.now() + timedelta(days=1))
    _feed, token = calendar_feed_create(
        owner=person, include_exit_strategy=False, now=timezone.now()
    )
    response = Client().get(reverse("reminders:calendar_feed", args=[token]))
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def test_with_discreet_on_the_calendar_has_a_neutral_name(alice):
    _discreet(alice)

    calendar = _calendar(alice)

    assert str(calendar["X-WR-CALNAME"]) == "My plans"
    assert str(calendar["NAME"]) == "My plans"


def test_with_discreet_off_the_calendar_name_is_as_before(alice):
    calendar = _calendar(alice)

    assert str(calendar["X-WR-CALNAME"]) == "Stepwise: my steps"


def test_a_discreet_supporters_digest_text_and_page_title_never_say_stepwise(alice, bob):
    _discreet(bob)
    link = link_for(alice, bob, "plan")
    row = _digest(link)

    email_message = message_for(row)
    assert "Stepwise" not in email_message.html and "Stepwise" not in email_message.text

    row.channel = "sms"
    with_phone(bob)
    text = message_for(row).text
    assert "Stepwise" not in text
    assert text.endswith("Reply STOP to stop texts.")
