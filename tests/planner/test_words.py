"""Words a person meets, checked as they read them (issue 16, item 7).

"Anything that set you off?" reads as blame; "On your own." stood under "Coffee with
my sister"; the measures were headed by their research names; and the same
disclaimer closed every page.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    GoalFactory,
    MeasureResponseFactory,
    ScheduledStepFactory,
    StepFactory,
    TrustedContactFactory,
)

pytestmark = pytest.mark.django_db
DISCLAIMER = "is a self-help and planning tool, not medical or emergency care"


def test_the_check_in_asks_what_made_things_harder_not_what_set_you_off(alice_client):
    html = alice_client.get(reverse("planner:checkin")).content.decode()
    assert "set you off" not in html
    assert "Anything that made today harder? (optional)" in html


def test_a_step_with_no_ally_named_does_not_claim_the_person_goes_alone(alice_client, alice):
    """The step's title may name someone ("Coffee with my sister") who is not a contact."""
    step = StepFactory(goal__owner=alice, title="Coffee with my sister")
    ScheduledStepFactory(step=step, starts_at=timezone.now() + timedelta(hours=2))
    home = alice_client.get(reverse("planner:home")).content.decode()
    goal = alice_client.get(reverse("planner:goal_detail", args=[step.goal_id])).content.decode()
    for html in (home, goal):
        assert "Coffee with my sister" in html
        assert "On your own" not in html and "on your own" not in html


def test_a_step_with_an_ally_names_them_on_home_and_on_the_ladder(alice_client, alice):
    sam = TrustedContactFactory(owner=alice, name="Sam", can_be_ally=True)
    step = StepFactory(goal=GoalFactory(owner=alice), title="Walk to the park", ally=sam)
    ScheduledStepFactory(step=step, starts_at=timezone.now() + timedelta(hours=2))
    home = alice_client.get(reverse("planner:home")).content.decode()
    goal = alice_client.get(reverse("planner:goal_detail", args=[step.goal_id])).content.decode()
    assert "With Sam." in home
    assert "<dt>With</dt><dd>Sam</dd>" in goal


def test_the_step_form_offers_no_one_named_rather_than_alone(alice_client, alice):
    goal = GoalFactory(owner=alice)
    html = alice_client.get(reverse("planner:step_create", args=[goal.pk])).content.decode()
    assert '<option value="" selected>No one named</option>' in html


@pytest.mark.parametrize("url_name", ["planner:measures", "planner:progress"])
def test_the_measures_have_plain_names_first_and_the_citation_in_small_print(
    alice_client, alice, url_name
):
    MeasureResponseFactory(owner=alice, kind="ucla3")
    MeasureResponseFactory(owner=alice, kind="lsns6")
    html = alice_client.get(reverse(url_name)).content.decode()
    for plain, citation in (
        ("How connected you’ve felt", "UCLA 3-item loneliness scale"),
        ("People you can turn to", "Lubben Social Network Scale (LSNS-6"),
    ):
        heading = html.index(f">{plain}</h")
        small = html.index(f'<small class="citation">{citation}', heading)
        assert small - heading < 200, "the citation sits right under its plain name"
    assert "UCLA 3-item loneliness scale</h" not in html


def test_a_measures_own_page_is_headed_by_its_plain_name(alice_client):
    html = alice_client.get(reverse("planner:measure_take", args=["lsns6"])).content.decode()
    assert "<h1>People you can turn to</h1>" in html
    assert '<small class="citation">Lubben Social Network Scale (LSNS-6;' in html


def test_the_footer_links_to_about_instead_of_repeating_the_disclaimer(alice_client):
    about = reverse("planner:about")
    signed_out = Client().get(reverse("account_login"))
    for response in (alice_client.get(reverse("planner:home")), signed_out):
        html = response.content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert DISCLAIMER not in html
        assert f'href="{about}"' in footer


def test_the_disclaimer_is_said_once_on_the_about_page_and_at_sign_up(client):
    about = client.get(reverse("planner:about")).content.decode()
    signup = client.get(reverse("account_signup")).content.decode()
    assert about.count(DISCLAIMER) == 1 and signup.count(DISCLAIMER) == 1
    assert reverse("planner:safety_plan") in about
