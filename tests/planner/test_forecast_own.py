"""The forecast is the person's own: it starts empty, the ladder's figure is a hint.

A form that opened at the ladder's 55 recorded the ladder's guess as theirs when
they just pressed Save, and a click put the caret after it, so typing 60 gave
5560. Forecast against outcome is the evidence the app rests on, so the guess
must be typed by the person, and a number past the scale is explained, not clipped.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planner.models import Attempt
from tests.factories import ScheduledStepFactory, StepFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
LOG = {
    "suds_before": "40",
    "suds_peak": "35",
    "suds_after": "10",
    "minutes_stayed": "20",
    "used_exit_strategy": "no",
}


@pytest.fixture
def step(alice):
    return StepFactory(goal__owner=alice, title="Say hello", predicted_suds=55, planned_minutes=20)


@pytest.fixture
def scheduled(step):
    return ScheduledStepFactory(step=step, starts_at=timezone.now() - timedelta(hours=1))


def _forecast_input(html: str) -> str:
    start = html.index('name="predicted_peak"')
    return html[html.rindex("<input", 0, start) : html.index(">", start) + 1]


@pytest.mark.parametrize("name", ["attempt_predict", "attempt_log"])
def test_the_forecast_starts_empty_with_the_ladders_guess_as_a_hint(alice_client, scheduled, name):
    html = alice_client.get(reverse(f"planner:{name}", args=[scheduled.pk])).content.decode()
    assert "value=" not in _forecast_input(html)
    assert "When you planned this step you guessed 55." in html


def test_an_unscheduled_log_starts_with_an_empty_forecast_too(alice_client, step):
    html = alice_client.get(reverse("planner:step_attempt_log", args=[step.pk])).content.decode()
    assert "value=" not in _forecast_input(html)
    assert "When you planned this step you guessed 55." in html


def test_a_forecast_already_made_is_shown_as_the_persons_own(alice_client, scheduled):
    url = reverse("planner:attempt_predict", args=[scheduled.pk])
    alice_client.post(url, {"predicted_peak": "60"})
    html = alice_client.get(url).content.decode()
    assert 'value="60"' in _forecast_input(html) and "data-select-on-focus" in html


@pytest.mark.parametrize("name", ["attempt_predict", "attempt_log"])
def test_an_empty_forecast_is_asked_for_kindly_and_nothing_is_saved(alice_client, scheduled, name):
    """Required, not "no forecast": an attempt without the person's own guess has nothing
    to compare, and saving the ladder's figure in its place is the harm being fixed."""
    url = reverse(f"planner:{name}", args=[scheduled.pk])
    response = alice_client.post(url, {**LOG, "predicted_peak": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please type your own guess, from 0 to 100. Any number is fine." in html
    assert 'name="suds_peak" value="35"' in html or name == "attempt_predict"
    assert not Attempt.objects.exists()


@pytest.mark.parametrize("name", ["attempt_predict", "attempt_log"])
def test_5560_is_explained_and_kept_never_clipped(alice_client, scheduled, name):
    url = reverse(f"planner:{name}", args=[scheduled.pk])
    html = alice_client.post(url, {**LOG, "predicted_peak": "5560"}).content.decode()
    assert "5560 is past the top of the scale: please give a number from 0 to 100." in html
    assert 'value="5560"' in _forecast_input(html)
    assert not Attempt.objects.exists()


def test_minutes_of_2025_are_explained_and_kept(alice_client, scheduled):
    url = reverse("planner:attempt_log", args=[scheduled.pk])
    response = alice_client.post(url, {**LOG, "predicted_peak": "50", "minutes_stayed": "2025"})
    html = response.content.decode()
    assert "That is more than a day; please check the minutes." in html
    assert 'name="minutes_stayed" value="2025"' in html
    assert not Attempt.objects.exists()


def test_prefilled_minutes_are_marked_to_be_selected_on_focus(alice_client, scheduled):
    """The planned minutes stay as a starting point; focusing them selects them, so
    typing replaces them (static/js/stepwise.js)."""
    html = alice_client.get(reverse("planner:attempt_log", args=[scheduled.pk])).content.decode()
    start = html.index('name="minutes_stayed"')
    tag = html[html.rindex("<input", 0, start) : html.index(">", start)]
    assert 'value="20"' in tag and "data-select-on-focus" in tag


def test_planned_minutes_on_the_week_forms_are_selected_on_focus(alice_client, scheduled):
    for url in (
        reverse("planner:scheduled_step_create") + f"?step={scheduled.step_id}&minutes=10",
        reverse("planner:scheduled_step_reschedule", args=[scheduled.pk]),
    ):
        html = alice_client.get(url).content.decode()
        start = html.index('name="planned_minutes"')
        tag = html[html.rindex("<input", 0, start) : html.index(">", start)]
        assert "data-select-on-focus" in tag, url


def test_the_typed_forecast_is_the_one_recorded(alice_client, scheduled):
    url = reverse("planner:attempt_log", args=[scheduled.pk])
    alice_client.post(url, {**LOG, "predicted_peak": "80"})
    assert Attempt.objects.get().predicted_peak == 80
