"""The demo tells Maya's story: distress falling on one step, and a real current week."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from planner import rules
from planner.demo import week as week_demo
from planner.models import Attempt, RestDay, ScheduledStep
from planner.selectors.week import week_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya():
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)  # idempotent: one copy of everything
    return User.objects.get(email="maya@demo.stepwise.localhost")


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 6, 10, 16, 0, tzinfo=UTC),  # a Wednesday afternoon in Dublin
        datetime(2027, 2, 1, 0, 10, tzinfo=UTC),  # ten minutes into her week (a Monday)
        datetime(2027, 1, 31, 23, 50, tzinfo=UTC),  # ten minutes before it ends
    ],
)
def test_mayas_week_has_one_step_done_two_to_come_and_a_rest_day(maya, now):
    week_demo.seed({"maya": maya}, now=now)
    plan = week_plan(owner=maya, day=rules.local_date(now, maya.zone), now=now)
    states = sorted(card.state for card in plan.cards)
    assert states == ["done", "planned", "planned"]
    assert plan.rest_day_count == 1
    done = next(card for card in plan.cards if card.state == "done")
    assert done.attempt.is_logged and done.ready  # her falling distress shows as ready


def test_mayas_history_is_eight_weeks_of_falling_distress(maya):
    attempts = Attempt.objects.filter(owner=maya).order_by("happened_at")
    now = timezone.now()
    assert now - attempts.first().happened_at > timedelta(weeks=7)
    assert attempts.last().happened_at < now
    by_step = {}
    for attempt in attempts:
        by_step.setdefault(attempt.step_id, []).append(attempt.suds_peak)
    falling = max(by_step.values(), key=len)
    assert falling[0] >= 70 and falling[-1] <= 30
    assert ScheduledStep.objects.filter(owner=maya, status="cancelled").exists()
    assert RestDay.objects.filter(owner=maya).count() > 1


def test_mayas_pages_show_the_readiness_suggestion_and_the_chart(client, maya):
    client.force_login(maya)
    step = Attempt.objects.filter(owner=maya).order_by("-happened_at").first().step
    html = client.get(reverse("planner:step_practice", args=[step.pk])).content.decode()
    assert "This step looks ready" in html and '<svg class="chart"' in html
    html = client.get(reverse("planner:home")).content.decode()
    assert "Your next step" in html and "forecasts expected more distress" in html
    assert client.get(reverse("planner:week")).status_code == 200
