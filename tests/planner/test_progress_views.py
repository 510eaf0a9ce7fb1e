import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner import rules
from planner.demo.progress import years_of_history
from tests.factories import (
    AttemptFactory,
    CheckInFactory,
    MeasureResponseFactory,
    ScheduledStepFactory,
    StepFactory,
)
from tests.pages import assert_shows

URL = reverse("planner:progress")


def test_a_new_person_sees_kind_empty_states_not_zeros(alice_client):
    html = alice_client.get(URL).content.decode()
    assert "Your progress" in html
    assert "plan a small step" in html
    assert "Once you log an attempt" in html
    assert "<svg" not in html


def test_it_says_how_many_times_you_showed_up_with_a_chart_and_its_table(alice_client, alice):
    step = StepFactory(goal__owner=alice, title="Coffee with Sam")
    for days in (1, 3, 8):
        AttemptFactory(step=step, happened_at=timezone.now() - timedelta(days=days))
    ScheduledStepFactory(step=step, starts_at=timezone.now() - timedelta(days=2))
    html = alice_client.get(URL + "?range=4w").content.decode()
    assert "You showed up 3 times in the last 4 weeks, with 1 step planned." in html
    assert 'role="img"' in html and "Steps per week, oldest first" in html
    # Three goes at one step: its habituation chart and table appear.
    assert "Distress with “Coffee with Sam”" in html
    assert "Average distress (0-100) for “Coffee with Sam” per week" in html


def test_it_charts_checkins_by_week_and_measures_with_gentle_words(alice_client, alice):
    today = rules.local_date(timezone.now(), alice.zone)
    CheckInFactory(owner=alice, period_start=today - timedelta(days=1), mood=4, interactions=2)
    CheckInFactory(owner=alice, period_start=today - timedelta(days=2), mood=2, interactions=1)
    MeasureResponseFactory(
        owner=alice, answers=[3, 3, 2], score=8, taken_at=timezone.now() - timedelta(days=40)
    )
    MeasureResponseFactory(owner=alice, answers=[2, 2, 2], score=6)
    html = alice_client.get(URL).content.decode()
    assert "You checked in 2 times" in html
    assert "Meaningful interactions" in html
    assert "A little less lonely than last time." in html


def test_the_range_picker_swaps_only_the_charts_for_htmx(alice_client):
    html = alice_client.get(URL + "?range=1y", headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<div id="progress-charts"')
    assert "<html" not in html
    assert 'aria-current="page" data-focus-after-swap>Last year' in html


def test_an_unknown_range_falls_back_to_three_months(alice_client):
    html = alice_client.get(URL + "?range=forever").content.decode()
    assert 'aria-current="page" data-focus-after-swap>Last 3 months' in html


def test_carol_sees_nothing_of_alices_progress(client, carol, alice):
    AttemptFactory(step__goal__owner=alice, step__title="Coffee with Dana")
    AttemptFactory(step__goal__owner=alice, step__title="Coffee with Dana")
    client.force_login(carol)
    html = client.get(URL).content.decode()
    assert "Coffee with Dana" not in html and "You showed up" not in html


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("range_key", ["4w", "3m", "1y"])
def test_three_years_of_daily_logs_cost_the_same_queries_as_one_week(
    alice_client, alice, range_key
):
    url = f"{URL}?range={range_key}"
    today = rules.local_date(timezone.now(), alice.zone)
    step = StepFactory(goal__owner=alice)
    for days in (1, 2):
        AttemptFactory(step=step, happened_at=timezone.now() - timedelta(days=days))
    CheckInFactory(owner=alice, period_start=today)
    MeasureResponseFactory(owner=alice)
    with CaptureQueriesContext(connection) as small:
        assert_shows(alice_client.get(url))
    years_of_history(alice, years=3, today=today)
    with CaptureQueriesContext(connection) as veteran:
        response = alice_client.get(url)
    html = assert_shows(response, "You showed up", "You checked in")
    # The page counts the grown history, not the two attempts and one check-in before it.
    showed_up = int(re.search(r"You showed up (\d+) times", html)[1])
    checked_in = int(re.search(r"You checked in (\d+) times", html)[1])
    assert showed_up > 20 and checked_in > 20, (showed_up, checked_in)
    assert len(veteran) == len(small), "\n".join(q["sql"] for q in veteran.captured_queries)
