from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from planner import catalog, ladder_templates
from planner.models import Area, Goal, ScheduledStep, Value
from tests.factories import GoalFactory, ValueFactory
from tests.planner.goals_support import ally_of, make_ladder, queries_for
from tests.planner.test_steps_views import suggestion_data

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
NEW_YORK = ZoneInfo("America/New_York")  # Alice's zone


def test_home_offers_onboarding_to_a_person_with_no_values_yet(alice_client):
    html = alice_client.get(reverse("planner:home")).content.decode()
    assert "Would you like a hand getting started?" in html
    assert f'href="{reverse("planner:onboarding")}"' in html


def test_home_stops_offering_onboarding_once_values_are_chosen(alice_client, alice):
    ValueFactory(owner=alice)
    html = alice_client.get(reverse("planner:home")).content.decode()
    assert "Would you like a hand getting started?" not in html


def test_the_start_screen_outlines_four_screens_and_can_be_declined(alice_client):
    html = alice_client.get(reverse("planner:onboarding")).content.decode()
    assert "Four short screens" in html
    assert f'href="{reverse("planner:onboarding_values")}">Let\'s begin</a>' in html
    assert f'href="{reverse("planner:home")}">Not now</a>' in html


@pytest.mark.parametrize(
    ("url_name", "skip_to"),
    [
        ("planner:onboarding_values", "planner:onboarding_goal"),
        ("planner:onboarding_goal", "planner:onboarding_first_step"),
    ],
)
def test_every_screen_can_be_skipped(alice_client, url_name, skip_to):
    html = alice_client.get(reverse(url_name)).content.decode()
    assert f'<a href="{reverse(skip_to)}">Skip this step</a>' in html
    assert 'aria-current="step"' in html


def test_the_values_screen_saves_and_moves_on_to_a_first_goal(alice_client, alice):
    data = {f"c_{entry.key}": "" for entry in catalog.VALUES}
    data.update({"c_family": "5", "new_name": "", "new_description": "", "new_importance": "3"})
    response = alice_client.post(reverse("planner:onboarding_values"), data)
    assert response.url == reverse("planner:onboarding_goal")
    assert Value.objects.get(owner=alice).catalog_key == "family"


def test_the_values_screen_keeps_bad_input_and_stays(alice_client, alice):
    data = {f"c_{entry.key}": "" for entry in catalog.VALUES}
    data.update({"c_family": "9", "new_name": "x" * 10_000, "new_importance": "3"})
    response = alice_client.post(reverse("planner:onboarding_values"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose how much this matters, from 1 to 5." in html
    assert "Please keep the name under 60 characters." in html
    assert not Value.objects.filter(owner=alice).exists()


def test_the_goal_screen_saves_and_moves_on_to_its_ladder(alice_client, alice):
    ValueFactory(owner=alice, catalog_key="family", name="Family")
    html = alice_client.get(reverse("planner:onboarding_goal")).content.decode()
    assert "selected>Family</option>" in html  # the only value, chosen already
    response = alice_client.post(
        reverse("planner:onboarding_goal"),
        {"title": "Coffee with my sister", "value": "c:family", "area": "relationships"},
    )
    goal = Goal.objects.get(owner=alice)
    assert response.url == reverse("planner:onboarding_ladder", args=[goal.pk])
    # Family was offered as a catalog value in another tab: the chosen one is reused.
    assert goal.value.catalog_key == "family"
    assert Value.objects.filter(owner=alice).count() == 1


def test_the_ladder_screen_suggests_edits_and_saves_then_moves_on(alice_client, alice):
    goal = GoalFactory(owner=alice, area="community", title="Volunteer at the library")
    url = reverse("planner:onboarding_ladder", args=[goal.pk])
    template = ladder_templates.templates_for_area("community")[0]
    html = alice_client.get(url).content.decode()
    assert template.steps[0].title in html
    next_url = reverse("planner:onboarding_first_step", args=[goal.pk])
    assert f'<a href="{next_url}">Skip this step</a>' in html
    response = alice_client.post(url, suggestion_data(template, edits={0: {"title": "Look it up"}}))
    assert response.url == next_url
    assert goal.steps.order_by("position").first().title == "Look it up"


def test_the_ladder_screen_swaps_suggestions_with_htmx_and_keeps_its_skip_link(alice_client, alice):
    goal = GoalFactory(owner=alice, area="community", title="Volunteer at the library")
    other = ladder_templates.templates_for_area("community")[2]
    url = reverse("planner:onboarding_ladder", args=[goal.pk]) + f"?template={other.key}"
    html = alice_client.get(url, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<div id="suggestion"')
    assert other.steps[0].title in html
    assert "Skip this step" in html


def test_the_last_screen_shows_the_first_step_and_offers_the_next_free_evening(client, alice):
    goal = GoalFactory(owner=alice)
    first, _ = make_ladder(goal, suds=(10, 40), exit_strategy="Say goodbye and go home.")
    url = reverse("planner:onboarding_first_step", args=[goal.pk])
    # 20:35 in New York: today's 18:00 is gone, so tomorrow evening is offered.
    with time_machine.travel(datetime(2030, 6, 3, 20, 35, tzinfo=NEW_YORK), tick=False):
        client.force_login(alice)
        html = client.get(url).content.decode()
    assert first.title in html
    assert "Say goodbye and go home." in html
    assert 'value="2030-06-04"' in html and 'value="18:00"' in html
    done = reverse("reminders:onboarding_done")
    assert f'<a href="{done}">Skip for now</a>' in html


def test_planning_the_first_step_puts_it_ahead_in_the_week_then_says_youre_set(client, alice):
    goal = GoalFactory(owner=alice)
    first, _ = make_ladder(goal, suds=(10, 40))
    url = reverse("planner:onboarding_first_step", args=[goal.pk])
    now = datetime(2030, 6, 3, 23, 50, tzinfo=NEW_YORK)
    with time_machine.travel(now, tick=False):
        client.force_login(alice)
        data = {"day": "2030-06-04", "at": "18:00", "planned_minutes": "15"}
        response = client.post(url, data)
    assert response.url == reverse("reminders:onboarding_done")
    scheduled = ScheduledStep.objects.get(owner=alice)
    assert (scheduled.step, scheduled.planned_minutes) == (first, 15)
    assert scheduled.starts_at == datetime(2030, 6, 4, 18, tzinfo=NEW_YORK) > now


def test_a_bad_time_on_the_last_screen_keeps_what_was_typed_and_plans_nothing(alice_client, alice):
    goal = GoalFactory(owner=alice)
    make_ladder(goal, suds=(10,))
    url = reverse("planner:onboarding_first_step", args=[goal.pk])
    html = alice_client.post(url, {"day": "2030-06-04", "at": "25:99", "planned_minutes": "15"})
    assert "Please give the time as hours and minutes" in html.content.decode()
    assert 'value="2030-06-04"' in html.content.decode()
    assert not ScheduledStep.objects.filter(owner=alice).exists()


def test_the_weeks_own_scheduling_form_never_starts_at_a_time_gone_by(client, alice):
    make_ladder(GoalFactory(owner=alice), suds=(10,))
    with time_machine.travel(datetime(2030, 6, 3, 20, 35, tzinfo=NEW_YORK), tick=False):
        client.force_login(alice)
        html = client.get(reverse("planner:scheduled_step_create")).content.decode()
    assert 'value="2030-06-04"' in html and 'value="18:00"' in html


# --- Suggestions follow the goal's words (issue 16, finding 3) -------------------------


def test_the_pages_own_example_goal_gets_ladders_that_fit_its_words(alice_client, alice):
    goal = GoalFactory(owner=alice, area="relationships", title="Say hello to a neighbour")
    html = alice_client.get(reverse("planner:onboarding_ladder", args=[goal.pk])).content.decode()
    assert ladder_templates.BY_KEY["small-talk"].title in html
    assert ladder_templates.BY_KEY["familiar-face"].title in html
    assert ladder_templates.BY_KEY["family-gatherings"].title not in html
    assert (
        f'href="{reverse("planner:step_create", args=[goal.pk])}">Start with a blank ladder' in html
    )


def test_the_goals_own_suggestion_page_also_follows_the_words(alice_client, alice):
    goal = GoalFactory(owner=alice, area="relationships", title="Say hello to a neighbour")
    html = alice_client.get(reverse("planner:ladder_suggest", args=[goal.pk])).content.decode()
    assert ladder_templates.BY_KEY["small-talk"].steps[0].title in html
    assert "Start with a blank ladder" in html


# --- The goal screen asks only for the goal's words -------------------------------------


def choose_values(client, *keys):
    data = {f"c_{entry.key}": "" for entry in catalog.VALUES}
    data.update({f"c_{key}": str(5 - n) for n, key in enumerate(keys)})
    data.update({"new_name": "", "new_description": "", "new_importance": "3"})
    client.post(reverse("planner:onboarding_values"), data)


def test_the_values_just_chosen_are_listed_first_and_nothing_is_required(alice_client, alice):
    choose_values(alice_client, "nature", "family")
    html = alice_client.get(reverse("planner:onboarding_goal")).content.decode()
    mine = html.index('<optgroup label="Your values">')
    assert mine < html.index(">Nature</option>") < html.index(">Family</option>")
    assert html.index(">Family</option>") < html.index('<optgroup label="More values">')
    assert "Not sure yet" in html and "(optional)" in html


def test_a_goal_with_only_its_words_goes_with_the_first_value_and_the_area_its_words_fit(
    alice_client, alice
):
    choose_values(alice_client, "nature", "family")
    response = alice_client.post(
        reverse("planner:onboarding_goal"), {"title": "Say hello to a neighbour"}
    )
    goal = Goal.objects.get(owner=alice)
    assert response.url == reverse("planner:onboarding_ladder", args=[goal.pk])
    assert (goal.value.catalog_key, goal.area) == ("nature", "social_skills")


def test_with_no_values_chosen_a_goal_left_open_serves_connection(alice_client, alice):
    alice_client.post(reverse("planner:onboarding_goal"), {"title": "Something of my own"})
    goal = Goal.objects.get(owner=alice)
    assert goal.value.catalog_key == "connection"
    assert goal.area in Area.values


def test_the_goals_page_itself_still_asks_for_a_value_and_an_area(alice_client, alice):
    html = alice_client.post(reverse("planner:goal_create"), {"title": "Coffee"}).content.decode()
    assert "Choose the value this goal serves." in html
    assert not Goal.objects.filter(owner=alice).exists()


def test_the_last_screen_without_a_goal_points_to_the_goals_page(alice_client):
    html = alice_client.get(reverse("planner:onboarding_first_step")).content.decode()
    assert "Whenever you're ready" in html


@pytest.mark.parametrize("url_name", ["planner:onboarding_ladder", "planner:onboarding_first_step"])
def test_carol_gets_404_for_alices_goal_on_onboarding_screens(client, carol, alice, url_name):
    goal = GoalFactory(owner=alice)
    client.force_login(carol)
    assert client.get(reverse(url_name, args=[goal.pk])).status_code == 404
    assert client.post(reverse(url_name, args=[goal.pk]), {}).status_code == 404


def test_the_onboarding_screens_cost_a_fixed_number_of_queries(client, alice):
    client.force_login(alice)
    goal = GoalFactory(owner=alice, area="technology")
    make_ladder(goal, suds=(10, 20, 30, 40))
    urls = [
        reverse("planner:onboarding_values"),
        reverse("planner:onboarding_goal"),
        reverse("planner:onboarding_ladder", args=[goal.pk]),
        reverse("planner:onboarding_first_step", args=[goal.pk]),
    ]
    before = [queries_for(client, url)[0] for url in urls]
    for _ in range(10):
        make_ladder(GoalFactory(owner=alice), suds=(10, 20, 30))
    ally_of(alice, "Nora")
    newest_value = Value.objects.filter(owner=alice).latest("pk").name
    # Each screen shows a piece of what grew, so no count is taken of an empty page.
    shows = [[f"{newest_value}:"], [newest_value], ["Nora"], ["Step at 10"]]
    after = [
        queries_for(client, url, expect=seen)[0] for url, seen in zip(urls, shows, strict=True)
    ]
    assert after == before
