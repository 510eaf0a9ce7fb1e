import pytest
from django.urls import reverse

from planner import catalog, ladder_templates
from planner.models import Goal, Value
from tests.factories import GoalFactory, ValueFactory
from tests.planner.goals_support import ally_of, make_ladder, queries_for
from tests.planner.test_steps_views import suggestion_data

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


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
    goal = GoalFactory(owner=alice, area="community")
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
    goal = GoalFactory(owner=alice, area="community")
    other = ladder_templates.templates_for_area("community")[2]
    url = reverse("planner:onboarding_ladder", args=[goal.pk]) + f"?template={other.key}"
    html = alice_client.get(url, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<div id="suggestion"')
    assert other.steps[0].title in html
    assert "Skip this step" in html


def test_the_last_screen_shows_the_first_step_and_hands_over_to_the_week(alice_client, alice):
    goal = GoalFactory(owner=alice)
    first, _ = make_ladder(goal, suds=(10, 40), exit_strategy="Say goodbye and go home.")
    html = alice_client.get(
        reverse("planner:onboarding_first_step", args=[goal.pk])
    ).content.decode()
    assert first.title in html
    assert "Say goodbye and go home." in html
    schedule = reverse("planner:scheduled_step_create")
    assert f'href="{schedule}?step={first.pk}&amp;minutes={first.planned_minutes}"' in html
    assert f'<a href="{reverse("planner:home")}">Skip for now</a>' in html


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
    urls = [
        reverse("planner:onboarding_values"),
        reverse("planner:onboarding_goal"),
        reverse("planner:onboarding_ladder", args=[goal.pk]),
        reverse("planner:onboarding_first_step", args=[goal.pk]),
    ]
    before = [queries_for(client, url)[0] for url in urls]
    for _ in range(10):
        make_ladder(GoalFactory(owner=alice), suds=(10, 20, 30))
    make_ladder(goal, suds=(10, 20, 30, 40))
    ally_of(alice, "Nora")
    newest_value = Value.objects.filter(owner=alice).latest("pk").name
    # Each screen shows a piece of what grew, so no count is taken of an empty page.
    shows = [[f"{newest_value}:"], [newest_value], ["Nora"], ["Step at 10"]]
    after = [
        queries_for(client, url, expect=seen)[0] for url, seen in zip(urls, shows, strict=True)
    ]
    assert after == before
