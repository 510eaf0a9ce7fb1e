"""Onboarding ends on "You're set": a safety plan and reminders offered, neither pressed.

Issue 16, findings 3 and 4: onboarding ended abruptly, never offered the safety
plan, and reminders came without being chosen.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from planner.models.safety import Section
from planner.services.safety import safety_section_save
from planner.services.week import scheduled_step_create
from reminders.models import Outbox, ReminderPreferences
from tests.factories import StepFactory, UserFactory
from tests.planner.goals_support import grow_history, queries_for

pytestmark = pytest.mark.django_db
DONE = reverse("reminders:onboarding_done")
DUBLIN = ZoneInfo("Europe/Dublin")
MONDAY_NOON = datetime(2030, 6, 3, 12, tzinfo=DUBLIN)


@pytest.fixture
def clock():
    # Set before signing in: a session begun at the real time has ended by 2030.
    with time_machine.travel(MONDAY_NOON, tick=False):
        yield MONDAY_NOON


@pytest.fixture
def nora(client, clock):
    """A brand-new account, signed in: no reminders chosen yet."""
    person = UserFactory(display_name="Nora", reminders=False)
    client.force_login(person)
    return person


def test_youre_set_offers_the_safety_plan_and_reminders_with_nothing_ticked(client, nora):
    html = client.get(DONE).content.decode()
    assert "<h1>You're set</h1>" in html
    assert f'href="{reverse("planner:safety_plan")}">Start my safety plan</a>' in html
    assert "checked" not in html
    # Each choice says in plain words what it is and when the next one would come.
    assert "A nudge to check in" in html and "A weekly planning prompt" in html
    assert "The next would be Sunday 9 June at 18:00." in html  # the planning prompt
    assert f'href="{reverse("planner:home")}">No reminders for now</a>' in html


def test_the_next_step_reminder_time_is_shown_once_a_step_is_planned(client, nora):
    scheduled_step_create(
        owner=nora,
        step=StepFactory(goal__owner=nora, title="Say hello to Pat"),
        starts_at=datetime(2030, 6, 4, 18, tzinfo=DUBLIN),
        planned_minutes=10,
    )
    html = client.get(DONE).content.decode()
    assert "“Say hello to Pat”, is planned for" in html
    assert "The next would be Monday 3 June at 19:00." in html  # the evening before


def test_choosing_reminders_on_the_closing_screen_schedules_exactly_those(client, nora):
    response = client.post(DONE, {"checkin_enabled": "on"})
    assert response.url == reverse("reminders:page")
    prefs = ReminderPreferences.objects.get(owner=nora)
    assert prefs.checkin_enabled
    assert not (prefs.planning_enabled or prefs.step_enabled or prefs.safety_review_enabled)
    kinds = set(
        Outbox.objects.filter(recipient=nora, status="pending").values_list("kind", flat=True)
    )
    assert kinds == {"checkin"}


def test_choosing_none_schedules_nothing_and_says_that_is_fine(client, nora):
    response = client.post(DONE, {}, follow=True)
    assert "No reminders, then." in response.content.decode()
    assert not Outbox.objects.filter(recipient=nora).exists()


def test_someone_with_a_safety_plan_is_offered_a_look_over_instead(client, nora):
    safety_section_save(
        owner=nora, section=Section.WARNING_SIGNS, value=["Staying in bed"], now=MONDAY_NOON
    )
    html = client.get(DONE).content.decode()
    assert "Start my safety plan" not in html
    assert "Look over my safety plan" in html


def test_the_closing_screen_shows_what_was_chosen_before(client, clock, alice):
    client.force_login(alice)  # an account that chose every reminder
    html = client.get(DONE).content.decode()
    assert html.count("checked") == 4


def test_the_closing_screen_costs_the_same_queries_with_a_year_of_history(client, nora):
    first, _ = queries_for(client, DONE, expect=["You're set"])
    grow_history(nora, goals=12)
    for day in range(1, 30):  # a month of planned steps, each with its reminders
        scheduled_step_create(
            owner=nora,
            step=StepFactory(goal__owner=nora, title=f"Step {day}"),
            starts_at=datetime(2030, 6, 3, 18, tzinfo=DUBLIN) + timedelta(days=day),
            planned_minutes=10,
        )
    count, sql = queries_for(client, DONE, expect=["“Step 1”, is planned for"])
    assert count == first, sql
