"""Reminders are a choice: a new account gets none until the person picks them.

Issue 16, finding 4: every new account, supporter-only ones included, was sent a
daily check-in, a weekly planning prompt and a monthly review without asking.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import User
from planner.services import week
from reminders.models import Outbox, ReminderKind
from reminders.services import schedule as reminders
from tests.factories import StepFactory, UserFactory
from tests.reminders.reminders_support import MONDAY, ally_for, local

pytestmark = pytest.mark.django_db

SIGNUP = {
    "display_name": "Nora",
    "email": "nora@example.org",
    "password1": "quiet-harbour-lights-9",
    "password2": "quiet-harbour-lights-9",
    "timezone": "Europe/Dublin",
}
OWN_KINDS = {ReminderKind.CHECKIN, ReminderKind.PLANNING, ReminderKind.SAFETY_REVIEW}


def a_week_passes(person, *, hours=(0, 6, 12, 18)):
    """The periodic writer runs four times a day for eight days, as beat would."""
    for day in range(8):
        for hour in hours:
            reminders.reminders_materialise(now=local(person, MONDAY + timedelta(days=day), hour))


def test_a_new_signup_has_no_reminders_after_a_week(client):
    client.post(reverse("account_signup"), SIGNUP)
    nora = User.objects.get(email="nora@example.org")
    reminders.reminders_replan(owner=nora, now=local(nora, MONDAY, 9))
    a_week_passes(nora)
    assert not Outbox.objects.filter(recipient=nora).exists()


def test_a_step_a_new_person_plans_brings_no_reminder_they_did_not_choose():
    nora = UserFactory(reminders=False)
    now = local(nora, MONDAY, 9)
    step = StepFactory(goal__owner=nora)
    week.scheduled_step_create(
        owner=nora, step=step, starts_at=local(nora, MONDAY, 15), planned_minutes=20, now=now
    )
    assert not Outbox.objects.filter(recipient=nora).exists()


def test_an_existing_account_that_chose_reminders_still_gets_them(alice):
    a_week_passes(alice)
    kinds = set(Outbox.objects.filter(recipient=alice).values_list("kind", flat=True))
    assert kinds == OWN_KINDS - {ReminderKind.SAFETY_REVIEW}  # no safety plan to review


def test_a_supporter_only_account_gets_only_the_digest_and_ally_reminders_it_accepted(alice):
    sam = UserFactory(reminders=False, display_name="Sam")
    now = local(alice, MONDAY, 9)
    link, contact = ally_for(alice, sam, now=now, digest_enabled=True)
    step = StepFactory(goal__owner=alice, ally=contact)
    week.scheduled_step_create(
        owner=alice, step=step, starts_at=local(alice, MONDAY, 15), planned_minutes=20, now=now
    )
    reminders.reminders_replan(owner=sam, now=now)
    a_week_passes(sam)
    kinds = set(Outbox.objects.filter(recipient=sam).values_list("kind", flat=True))
    assert kinds == {ReminderKind.DIGEST, ReminderKind.ALLY_STEP}


def test_a_supporter_who_did_not_opt_into_the_digest_gets_nothing_of_their_own(alice):
    sam = UserFactory(reminders=False, display_name="Sam")
    ally_for(alice, sam, now=local(alice, MONDAY, 9))
    a_week_passes(sam)
    assert not Outbox.objects.filter(recipient=sam).exists()
