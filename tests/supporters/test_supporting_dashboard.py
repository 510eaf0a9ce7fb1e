from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planner.models import PlanSettings
from supporters.models import SupporterLink
from tests.factories import (
    AttemptFactory,
    CheckInFactory,
    ScheduledStepFactory,
    StepFactory,
    UserFactory,
)
from tests.supporters.supporting_support import (
    ally_step,
    html_of,
    link_for,
    queries_for,
    sql_of,
    this_week_moment,
    years_of_history,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("supporting:dashboard")


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


# --- The dashboard ------------------------------------------------------------------------


def test_the_dashboard_asks_a_signed_out_visitor_to_sign_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_dashboard_is_kind_when_you_support_no_one_yet(bob_client):
    html = html_of(bob_client, DASHBOARD)
    assert "You aren't supporting anyone on Stepwise yet" in html
    assert reverse("supporting:guide") in html


def test_a_person_sharing_nothing_shows_only_their_name_and_their_choice(bob_client, alice, bob):
    link_for(alice, bob)
    ScheduledStepFactory(step__goal__owner=alice, step__title="Walk to the library")
    CheckInFactory(owner=alice)
    html = html_of(bob_client, DASHBOARD)
    assert "Alice" in html
    assert "Alice has chosen to keep things private for now" in html
    for hidden in ("planned this week", "Walk to the library", "checked in", "ready to move up"):
        assert hidden not in html


def test_the_dashboard_shows_this_weeks_steps_only_with_the_plan_scope(bob_client, alice, bob):
    link = link_for(alice, bob, "plan")
    for hours in (1, 2):
        ScheduledStepFactory(
            step__goal__owner=alice, starts_at=this_week_moment(alice, hours_from_now=hours)
        )
    CheckInFactory(owner=alice)
    html = html_of(bob_client, DASHBOARD)
    assert "2 steps planned this week." in html
    assert "checked in" not in html.lower()

    SupporterLink.objects.filter(pk=link.pk).update(scope_plan=False, scope_checkins=True)
    html = html_of(bob_client, DASHBOARD)
    assert "planned this week" not in html
    assert "Checked in this week." in html  # a weekly summary: the week, not the day


def test_the_dashboard_says_kindly_when_a_plan_is_paused(bob_client, alice, bob):
    link_for(alice, bob, "plan")
    PlanSettings.objects.create(owner=alice, paused_at=timezone.now())
    assert "Their plan is paused for now. Rest is part of the plan." in html_of(
        bob_client, DASHBOARD
    )


def test_the_dashboard_suggests_a_step_that_looks_ready_when_she_shares_that(
    bob_client, alice, bob
):
    link_for(alice, bob, "practice", share_readiness=True)
    step = StepFactory(goal__owner=alice, title="Say hello to a neighbour", position=0)
    StepFactory(goal=step.goal, title="Ask a neighbour round for tea", position=1)
    now = timezone.now()
    for days, peak in ((9, 70), (5, 30), (2, 25)):
        AttemptFactory(step=step, suds_peak=peak, happened_at=now - timedelta(days=days))
    ScheduledStepFactory(
        step=step, status="done", starts_at=this_week_moment(alice, hours_from_now=-1)
    )
    html = html_of(bob_client, DASHBOARD)
    # Step titles are the plan's, which is off: the suggestion comes without the name.
    assert "A step looks ready to move up, whenever they choose." in html
    assert "Say hello to a neighbour" not in html
    assert "planned this week" not in html  # the plan scope is off


def test_a_ladder_already_climbed_is_not_suggested_again(bob_client, alice, bob):
    link_for(alice, bob, "practice")
    step = StepFactory(goal__owner=alice, title="Say hello to a neighbour", position=0)
    higher = StepFactory(goal=step.goal, title="Ask a neighbour round for tea", position=1)
    for peak in (70, 30, 25):
        AttemptFactory(step=step, suds_peak=peak)
    AttemptFactory(step=higher, suds_peak=60)
    assert "ready to move up" not in html_of(bob_client, DASHBOARD)


def test_the_dashboard_shows_only_live_links_of_the_viewer(bob_client, alice, bob, carol):
    link_for(alice, bob, "plan", ended_at=timezone.now())
    link_for(carol, UserFactory(display_name="Dev"), "plan")
    html = html_of(bob_client, DASHBOARD)
    assert "You aren't supporting anyone on Stepwise yet" in html
    assert "Alice" not in html and "Carol" not in html


def _people_with_history(bob, count, *, first=0):
    people = [UserFactory(display_name=f"Person {first + n}") for n in range(count)]
    years_of_history(people, today=timezone.now().date())
    for n, person in enumerate(people):
        link = link_for(person, bob, "plan", "practice", "checkins", "safety")
        ally_step(link, title=f"Walk {first + n}", in_hours=26 + first + n)


def test_the_dashboard_takes_as_many_queries_for_50_people_with_a_year_each_as_for_one(
    bob_client, bob
):
    _people_with_history(bob, 1)
    one = queries_for(bob_client, DASHBOARD)
    _people_with_history(bob, 49, first=1)
    fifty = queries_for(bob_client, DASHBOARD, expect=["Walk 19"])
    html = bob_client.get(DASHBOARD).content.decode()
    assert html.count('class="person card"') == 50
    assert "Walk 0" in html and "Walk 19" in html
    assert len(fifty) == len(one), sql_of(fifty)
    assert len(one) <= 9, sql_of(one)
