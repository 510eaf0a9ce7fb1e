"""Logging from the week in place (htmx) or as a page, and forecast against outcome."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner.models import Attempt, ScheduledStep
from tests.factories import AttemptFactory, ScheduledStepFactory, StepFactory
from tests.pages import assert_shows

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def step(alice):
    return StepFactory(
        goal__owner=alice,
        position=1,
        title="Coffee at the corner café",
        predicted_suds=70,
        planned_minutes=30,
        exit_strategy="Finish my drink and head home.",
    )


@pytest.fixture
def scheduled(step):
    return ScheduledStepFactory(step=step, starts_at=timezone.now() - timedelta(hours=1))


LOG = {
    "suds_before": "40",
    "suds_peak": "35",
    "suds_after": "10",
    "minutes_stayed": "30",
    "used_exit_strategy": "no",
    "what_helped": "Sitting near the door",
    "note": "",
}


def logged(step, peaks, predicted=70, **extra):
    start = timezone.now() - timedelta(days=len(peaks) + 1)
    for n, peak in enumerate(peaks):
        AttemptFactory(
            step=step,
            predicted_peak=predicted,
            suds_peak=peak,
            happened_at=start + timedelta(days=n),
            **extra,
        )


# --- The forecast before ------------------------------------------------------------------
def test_the_forecast_form_hints_the_steps_figure_and_opens_in_place(alice_client, scheduled):
    url = reverse("planner:attempt_predict", args=[scheduled.pk])
    html = alice_client.get(url, headers=HTMX).content.decode()
    assert html.lstrip().startswith(
        f'<article class="step-card step-card--form" id="scheduled-{scheduled.pk}"'
    )
    assert "When you planned this step you guessed 70." in html and "autofocus" in html
    assert 'name="predicted_peak" value=' not in html
    assert f'hx-post="{url}"' in html

    page = alice_client.get(url).content.decode()
    assert "<h1>Before you go</h1>" in page and "hx-post" not in page


def test_saving_a_forecast_in_place_returns_the_card_with_it(alice_client, scheduled):
    url = reverse("planner:attempt_predict", args=[scheduled.pk])
    html = alice_client.post(url, {"predicted_peak": "60"}, headers=HTMX).content.decode()
    assert "You expect about 60 out of 100." in html
    assert "data-announce>Your forecast is saved." in html
    assert Attempt.objects.get().predicted_peak == 60


def test_saving_a_forecast_without_javascript_goes_back_to_the_week(alice_client, scheduled):
    url = reverse("planner:attempt_predict", args=[scheduled.pk])
    response = alice_client.post(url, {"predicted_peak": "60"})
    assert response.url.endswith(f"#scheduled-{scheduled.pk}")


def test_a_forecast_of_150_is_explained_and_kept(alice_client, scheduled):
    url = reverse("planner:attempt_predict", args=[scheduled.pk])
    html = alice_client.post(url, {"predicted_peak": "150"}, headers=HTMX).content.decode()
    assert "150 is past the top of the scale: please give a number from 0 to 100." in html
    assert 'value="150"' in html
    assert not Attempt.objects.exists()


# --- The outcome after --------------------------------------------------------------------
def test_logging_in_place_swaps_the_card_for_the_outcome(alice_client, scheduled):
    url = reverse("planner:attempt_log", args=[scheduled.pk])
    form = alice_client.get(url, headers=HTMX).content.decode()
    assert "<html" not in form and 'name="minutes_stayed" value="30"' in form
    # No forecast was made before, so the form asks for it, the step's figure as a hint.
    assert "When you planned this step you guessed 70." in form

    html = alice_client.post(url, LOG | {"predicted_peak": "70"}, headers=HTMX).content.decode()
    assert html.lstrip().startswith(
        f'<article class="step-card step-card--done" id="scheduled-{scheduled.pk}"'
    )
    assert "Logged. You showed up." in html
    assert "You predicted 70; it peaked at 35. Less than you feared." in html
    scheduled.refresh_from_db()
    assert scheduled.status == ScheduledStep.Status.DONE


def test_after_a_forecast_the_log_form_does_not_ask_for_it_again(alice_client, scheduled):
    alice_client.post(
        reverse("planner:attempt_predict", args=[scheduled.pk]), {"predicted_peak": "55"}
    )
    url = reverse("planner:attempt_log", args=[scheduled.pk])
    form = alice_client.get(url, headers=HTMX).content.decode()
    assert 'name="predicted_peak"' not in form
    assert "Before, you expected about 55 out of 100." in form
    alice_client.post(url, LOG, headers=HTMX)
    assert Attempt.objects.get().predicted_peak == 55


def test_logging_without_javascript_goes_back_to_the_week_with_a_message(alice_client, scheduled):
    url = reverse("planner:attempt_log", args=[scheduled.pk])
    response = alice_client.post(url, LOG | {"predicted_peak": "70"}, follow=True)
    html = response.content.decode()
    assert "Logged. You showed up." in html and "You predicted 70; it peaked at 35." in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("suds_peak", "150", "Please give a number from 0 to 100 (100 is the most there is)."),
        ("suds_before", "-1", "Please give a number from 0 to 100."),
        ("suds_after", "", "Please give a number from 0 to 100."),
        ("minutes_stayed", "-10", "Minutes can&#x27;t be below 0."),
        ("used_exit_strategy", "maybe", "Please choose yes or no."),
        ("what_helped", "x" * 10_000, "Please keep it to 500 characters (you have 10000)."),
    ],
)
def test_bad_input_in_the_log_is_explained_beside_the_field_and_kept(
    alice_client, scheduled, field, value, message
):
    url = reverse("planner:attempt_log", args=[scheduled.pk])
    html = alice_client.post(
        url, LOG | {"predicted_peak": "70", field: value}, headers=HTMX
    ).content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html
    kept = "suds_before" if field == "suds_peak" else "suds_peak"
    assert f'name="{kept}" value="{LOG[kept]}"' in html  # the rest of what was typed stays
    assert not Attempt.objects.exists()


def test_the_exit_strategy_question_is_neutral(alice_client, scheduled):
    html = alice_client.get(reverse("planner:attempt_log", args=[scheduled.pk])).content.decode()
    assert "Using it is a sensible choice, never a setback" in html
    for word in ("failed", "missed", "streak"):
        assert word not in html.lower()


def test_changing_what_was_logged_shows_it_prefilled(alice_client, scheduled):
    url = reverse("planner:attempt_log", args=[scheduled.pk])
    alice_client.post(url, LOG | {"predicted_peak": "70"})
    form = alice_client.get(url).content.decode()
    assert 'name="suds_peak" value="35"' in form and "Sitting near the door" in form


def test_a_hard_attempt_offers_an_easier_step_or_a_shorter_version(alice_client, alice, step):
    easier = StepFactory(goal=step.goal, position=0, title="Walk past the café")
    scheduled = ScheduledStepFactory(step=step, starts_at=timezone.now() - timedelta(hours=1))
    data = LOG | {"predicted_peak": "70", "suds_peak": "85", "used_exit_strategy": "yes"}
    html = alice_client.post(
        reverse("planner:attempt_log", args=[scheduled.pk]), data, headers=HTMX
    ).content.decode()
    assert "That sounded hard, and you did it." in html
    assert f"?step={easier.pk}" in html and "Walk past the café" in html
    assert f"?step={step.pk}&amp;minutes=15" in html and "(15 min)" in html
    assert "Harder than you expected, and you went anyway." in html


def test_two_calm_attempts_in_a_row_suggest_the_next_step_on_the_card(alice_client, step):
    logged(step, [60])
    scheduled = ScheduledStepFactory(step=step, starts_at=timezone.now() - timedelta(hours=1))
    data = LOG | {"predicted_peak": "50", "suds_peak": "25"}
    html = alice_client.post(
        reverse("planner:attempt_log", args=[scheduled.pk]), data, headers=HTMX
    ).content.decode()
    assert "this step looks ready" not in html  # 60 then 25: only one calm attempt

    logged(step, [60, 30])
    html = alice_client.get(
        reverse("planner:scheduled_step_card", args=[scheduled.pk]), headers=HTMX
    ).content.decode()
    assert "Two calm attempts in a row: this step looks ready" in html


# --- The step's forecast and outcome --------------------------------------------------------
def test_the_step_page_shows_the_chart_the_table_and_the_summary(alice_client, step):
    logged(step, [70, 50, 40], predicted=70)
    html = alice_client.get(reverse("planner:step_practice", args=[step.pk])).content.decode()
    assert '<svg class="chart"' in html and 'role="img"' in html
    assert html.count('class="chart__peak"') == 3
    assert "<table" in html and '<th scope="col">You expected</th>' in html
    assert "2 of your last 3 forecasts expected more distress than you felt." in html
    assert "On average you expected 70 and it peaked at 53." in html


def test_one_attempt_reads_as_a_single_comparison(alice_client, step):
    logged(step, [35], predicted=70)
    html = alice_client.get(reverse("planner:step_practice", args=[step.pk])).content.decode()
    assert "You predicted 70; it peaked at 35." in html


def test_the_step_page_suggests_moving_up_after_two_calm_attempts(alice_client, step):
    harder = StepFactory(goal=step.goal, position=2, title="Lunch with a friend")
    logged(step, [80, 40, 40])  # both at or below half of the first peak
    html = alice_client.get(reverse("planner:step_practice", args=[step.pk])).content.decode()
    assert "This step looks ready" in html
    assert "Your last two attempts peaked at 40 and 40" in html
    assert "Plan the next step: Lunch with a friend" in html and f"?step={harder.pk}" in html


def test_a_step_with_no_attempts_says_what_will_show(alice_client, step):
    html = alice_client.get(reverse("planner:step_practice", args=[step.pk])).content.decode()
    assert "Once you log an attempt" in html and "<svg" not in html


def test_an_attempt_that_was_never_planned_can_be_logged_from_the_step(alice_client, step):
    url = reverse("planner:step_attempt_log", args=[step.pk])
    response = alice_client.post(url, LOG | {"predicted_peak": "60"}, follow=True)
    assert "You predicted 60; it peaked at 35." in response.content.decode()
    assert Attempt.objects.get().scheduled_step is None


def test_the_overall_page_compares_forecasts_across_steps(alice_client, alice, step):
    other = StepFactory(goal__owner=alice, title="Call my brother")
    logged(step, [30] * 8, predicted=70)
    logged(other, [50, 80], predicted=50)
    html = alice_client.get(reverse("planner:forecasts")).content.decode()
    assert "forecasts expected more distress than you felt." in html
    assert "Call my brother" in html and "<svg" in html


# --- Other people's things ------------------------------------------------------------------
@pytest.mark.parametrize("name", ["planner:attempt_predict", "planner:attempt_log"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_carol_gets_404_for_alices_scheduled_step(client, carol, scheduled, name, method):
    client.force_login(carol)
    data = LOG | {"predicted_peak": "10"} if method == "post" else None
    response = getattr(client, method)(reverse(name, args=[scheduled.pk]), data)
    assert response.status_code == 404
    assert not Attempt.objects.exists()


@pytest.mark.parametrize("name", ["planner:step_practice", "planner:step_attempt_log"])
def test_carol_gets_404_for_alices_step(client, carol, step, name):
    client.force_login(carol)
    assert client.get(reverse(name, args=[step.pk])).status_code == 404
    assert client.post(reverse("planner:step_attempt_log", args=[step.pk]), LOG).status_code == 404


def test_carols_forecasts_hold_nothing_of_alices(client, carol, step):
    logged(step, [30])
    client.force_login(carol)
    assert "Coffee at the corner" not in client.get(reverse("planner:forecasts")).content.decode()


# --- Queries ------------------------------------------------------------------------------
def test_the_step_page_takes_as_many_queries_with_a_year_of_attempts_as_with_one(
    alice_client, step
):
    url = reverse("planner:step_practice", args=[step.pk])
    logged(step, [50])
    with CaptureQueriesContext(connection) as one:
        assert_shows(alice_client.get(url))
    logged(step, [40] * 365)
    with CaptureQueriesContext(connection) as many:
        response = alice_client.get(url)
    assert len(many) == len(one), "\n".join(q["sql"] for q in many.captured_queries)
    assert_shows(response, "Showing your latest 12 of 366 attempts.")
