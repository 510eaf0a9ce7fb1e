from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner import rules
from planner.demo.week import year_of_history
from planner.models import TrustedContact
from planner.services.week import plan_pause
from supporters.services.supporting import ally_answer_set, encouragement_send
from tests.factories import AttemptFactory, ScheduledStepFactory, StepFactory, UserFactory
from tests.pages import assert_shows
from tests.supporters.supporting_support import ally_step, link_for

pytestmark = pytest.mark.django_db


def test_home_greets_the_person_by_name_with_the_safety_plan_one_tap_away(alice_client):
    html = alice_client.get(reverse("planner:home")).content.decode()
    assert "Welcome, Alice" in html
    assert f'class="safety-link" href="{reverse("planner:safety_plan")}"' in html


def test_home_asks_a_signed_out_visitor_to_sign_in(client):
    response = client.get(reverse("planner:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("url_name", ["account_login", "account_signup", "planner:safety_plan"])
def test_the_safety_plan_link_is_in_the_header_of_signed_out_pages_too(client, url_name):
    html = client.get(reverse(url_name)).content.decode()
    assert 'class="safety-link"' in html


def test_the_safety_plan_page_opens_signed_out_without_anything_personal(client, alice):
    html = client.get(reverse("planner:safety_plan")).content.decode()
    assert "If you are in danger right now" in html
    assert "Alice" not in html


def test_home_for_a_new_person_says_where_to_begin(alice_client):
    html = alice_client.get(reverse("planner:home")).content.decode()
    assert "Where to begin" in html and "Your next step" not in html


def test_home_shows_the_next_step_with_its_exit_strategy_and_ally(alice_client, alice):
    dana = TrustedContact.objects.create(owner=alice, name="Dana", can_be_ally=True)
    step = StepFactory(
        goal__owner=alice,
        title="Coffee with Dana",
        exit_strategy="Say I have an early start.",
        ally=dana,
    )
    soon = ScheduledStepFactory(step=step, starts_at=timezone.now() + timedelta(hours=2))
    ScheduledStepFactory(step=step, starts_at=timezone.now() + timedelta(days=3))
    html = alice_client.get(reverse("planner:home")).content.decode()
    next_step = html[html.index("Your next step") : html.index("This week")]
    assert "Coffee with Dana" in next_step and "With Dana." in next_step
    assert "Your way out:</strong> Say I have an early start." in next_step
    assert reverse("planner:attempt_predict", args=[soon.pk]) in next_step


def test_home_lists_this_weeks_steps_and_offers_to_log_one_whose_time_came(alice_client, alice):
    step = StepFactory(goal__owner=alice, title="Walk to the library")
    today = rules.local_date(timezone.now(), alice.zone)
    start = rules.week_start(today, sunday_first=True)
    earlier = ScheduledStepFactory(step=step, starts_at=rules.local_midnight(start, alice.zone))
    html = alice_client.get(reverse("planner:home")).content.decode()
    assert "Walk to the library" in html[html.index("This week") :]
    assert reverse("planner:attempt_log", args=[earlier.pk]) in html


def test_home_sums_up_progress_in_warm_words(alice_client, alice):
    step = StepFactory(goal__owner=alice)
    for peak in (30, 40, 80):
        AttemptFactory(step=step, predicted_peak=70, suds_peak=peak)
    html = alice_client.get(reverse("planner:home")).content.decode()
    assert "You've shown up 3 times." in html
    assert "2 of your last 3 forecasts expected more distress than you felt." in html
    for word in ("failed", "missed", "streak"):
        assert word not in html.lower()


def test_home_says_when_everything_is_paused(alice_client, alice):
    plan_pause(owner=alice, now=timezone.now())
    html = alice_client.get(reverse("planner:home")).content.decode()
    assert "Your plan is paused" in html
    assert 'class="safety-link"' in html


def test_carol_sees_nothing_of_alices_on_her_home(client, carol, alice):
    ScheduledStepFactory(step__goal__owner=alice, step__title="Coffee with Dana")
    client.force_login(carol)
    assert "Coffee with Dana" not in client.get(reverse("planner:home")).content.decode()


def test_home_takes_as_many_queries_after_a_year_of_daily_logs_as_on_day_one(alice_client, alice):
    url = reverse("planner:home")
    with CaptureQueriesContext(connection) as new:
        assert_shows(alice_client.get(url))
    year_of_history(alice, goals=20, today=rules.local_date(timezone.now(), alice.zone))
    step = alice.goals.first().steps.first()
    ScheduledStepFactory(step=step, starts_at=timezone.now() + timedelta(hours=1))
    ScheduledStepFactory(step=step, starts_at=timezone.now() - timedelta(minutes=5))
    # Notes from two supporters, and an answer from the step's ally.
    for name in ("Sam", "Dev"):
        link = link_for(alice, UserFactory(display_name=name))
        for n in range(4):
            encouragement_send(link=link, body=f"Note {n} from {name}", now=timezone.now())
    ally_link = link_for(alice, UserFactory(display_name="Rowan"))
    soon = ally_step(ally_link, in_hours=0.5)
    ally_answer_set(link=ally_link, scheduled=soon, answer="coming", now=timezone.now())
    with CaptureQueriesContext(connection) as veteran:
        response = alice_client.get(url)
    html = assert_shows(response, "Your next step", "You've shown up 365 times.")
    assert "Notes from the people supporting you" in html and "Rowan said they" in html
    # Never more: a veteran with a plan of their own even skips the supporter check.
    assert len(veteran) <= len(new), "\n".join(q["sql"] for q in veteran.captured_queries)
