"""The reminder an ally gets before a step they said they would come along to."""

from datetime import date, time

import pytest

from planner import rules
from planner.models import ScheduledStep
from reminders.messages import message_for, supporters
from reminders.messages.supporters import ally_step_message
from reminders.models import Outbox, ReminderKind
from reminders.unsubscribe import unsubscribe_url
from supporters.models import AllyResponse
from tests.factories import ScheduledStepFactory, StepFactory, TrustedContactFactory
from tests.supporters.supporters_support import link_for

pytestmark = pytest.mark.django_db

NOTE = "Meet at the bench by the harbour; I may need a minute outside first."
EXIT = "Say I have a bus to catch."


@pytest.fixture
def ally_row(alice, bob):
    """Bob said he'd come along to Alice's café step at 18:00 in New York (23:00 in Dublin)."""
    link = link_for(alice, bob, "plan")
    contact = TrustedContactFactory(owner=alice, name="Bob", can_be_ally=True, supporter_link=link)
    step = StepFactory(
        goal__owner=alice,
        title="Coffee at the corner café",
        ally=contact,
        exit_strategy=EXIT,
        description="Private: what I worry about.",
    )
    starts_at = rules.local_to_utc(date(2026, 12, 3), time(18), "America/New_York")
    scheduled = ScheduledStepFactory(step=step, starts_at=starts_at, ally_note=NOTE)
    AllyResponse.objects.create(
        scheduled_step=scheduled, link=link, answer="coming", answered_at=starts_at
    )
    return Outbox.objects.create(
        recipient=bob,
        kind=ReminderKind.ALLY_STEP,
        channel="email",
        scheduled_step=scheduled,
        supporter_link=link,
        due_at=starts_at.replace(hour=starts_at.hour - 2),
        dedupe_key=f"ally_step:{scheduled.pk}-{link.pk}:email:x",
    )


def test_it_names_the_step_its_time_in_the_allys_zone_and_the_note(ally_row, bob):
    message = ally_step_message(ally_row, "bob@example.org")

    assert message.subject == "Coming along with Alice: Thursday 3 December at 23:00"
    for body in (message.text, message.html):
        assert "Coffee at the corner café" in body
        assert "Thursday 3 December at 23:00 (your time)" in body
        assert "Meet at the bench by the harbour" in body
        assert "Alice named you as the person coming along to this step" in body
        assert unsubscribe_url(bob, ReminderKind.ALLY_STEP, issued=ally_row.due_at) in body
        # Nothing else of the step: not its exit strategy, not its private description.
        assert EXIT not in body and "what I worry about" not in body


def test_the_full_path_adds_one_click_unsubscribe_headers(ally_row):
    message = message_for(ally_row)

    assert message.to == "bob@example.org"
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_text_is_short_and_says_how_to_stop(ally_row):
    ally_row.channel = "sms"
    message = ally_step_message(ally_row, "+353861234567")

    assert message.text.startswith("Stepwise: you're coming along with Alice: \"Coffee at")
    assert "Thu 3 Dec at 23:00" in message.text and message.text.endswith(
        "Reply STOP to stop texts."
    )


def test_a_step_taken_out_of_the_plan_sends_nothing_and_says_why(ally_row):
    ScheduledStep.objects.filter(pk=ally_row.scheduled_step_id).update(
        status=ScheduledStep.Status.CANCELLED
    )

    assert ally_step_message(ally_row, "bob@example.org") is None
    assert supporters.why_not(ally_row) == "The step is no longer planned."


def test_a_row_for_someone_elses_link_sends_nothing(ally_row, carol):
    ally_row.recipient = carol

    assert ally_step_message(ally_row, "carol@example.org") is None
    assert supporters.why_not(ally_row) == "The sharing this was about has ended."


# --- Discreet mode: a supporter's own phone and inbox --------------------------------------
def _discreet(person):
    person.discreet = True
    person.save(update_fields=["discreet"])


def test_a_discreet_allys_text_never_says_stepwise_nor_the_steps_title(ally_row, bob):
    _discreet(bob)
    ally_row.channel = "sms"

    message = ally_step_message(ally_row, "+353861234567")

    assert "Stepwise" not in message.text
    assert "Coffee" not in message.text  # a lock screen shows it, as the person's own texts
    assert message.text.startswith("A reminder from your planner: you're coming along with Alice")
    assert "Thu 3 Dec at 23:00" in message.text and message.text.endswith(
        "Reply STOP to stop texts."
    )


def test_a_discreet_persons_ally_still_hears_from_stepwise_by_name(ally_row, alice):
    # Discreet mode guards the person's own phone and inbox; Bob did not ask for it, and a
    # text from a name he knows is what makes him trust it. The subject keeps her name out.
    _discreet(alice)

    message = message_for(ally_row)

    assert "Alice" not in message.subject
    ally_row.channel = "sms"
    assert ally_step_message(ally_row, "+353861234567").text.startswith("Stepwise: ")
