from datetime import date

import pytest
from django.urls import reverse

from planner.models import Goal, Value
from tests.factories import GoalFactory, ValueFactory
from tests.planner.goals_support import ally_of, grow_history, make_ladder, queries_for

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def goal(alice):
    goal = GoalFactory(
        owner=alice,
        title="Coffee with my sister",
        value=ValueFactory(owner=alice, name="Family"),
        why="She was always there for me.",
    )
    make_ladder(goal, suds=(10, 30, 50))
    return goal


def _goal_data(chosen, **changes):
    data = {
        "title": "Join the walking group",
        "value": f"v:{chosen.pk}",
        "area": "community",
        "why": "Being outdoors with people.",
        "target_month": "2026-09",
    }
    data.update(changes)
    return data


# --- The list ---------------------------------------------------------------------------


def test_the_goals_list_shows_each_goal_with_its_ladder_in_words(alice_client, goal):
    html = alice_client.get(reverse("planner:goals")).content.decode()
    assert "Coffee with my sister" in html
    assert "Serves <strong>Family</strong> · Existing relationships" in html
    assert "3 steps, expected distress from 10 to 50 of 100." in html


def test_the_status_filter_shows_only_those_goals_in_full_page_and_partial(alice_client, alice):
    GoalFactory(owner=alice, title="Still going")
    GoalFactory(owner=alice, title="Resting a while", status="paused")
    url = reverse("planner:goals") + "?status=paused"
    page = alice_client.get(url).content.decode()
    partial = alice_client.get(url, headers=HTMX).content.decode()
    for html in (page, partial):
        assert "Resting a while" in html
        assert "Still going" not in html
        assert (
            'aria-current="page" data-focus-after-swap>Paused <span class="count">(1)</span>'
            in html
        )
    assert "<html" in page
    assert "<html" not in partial
    assert partial.lstrip().startswith('<div id="goal-list"')


def test_an_unknown_status_filter_shows_everything(alice_client, alice):
    GoalFactory(owner=alice, title="Resting a while", status="paused")
    html = alice_client.get(reverse("planner:goals") + "?status=failed").content.decode()
    assert "Resting a while" in html


def test_a_new_person_is_invited_to_write_a_first_goal(alice_client):
    html = alice_client.get(reverse("planner:goals")).content.decode()
    assert "Add your first goal" in html


def test_the_goals_list_never_shows_carols_goals(client, carol, goal):
    client.force_login(carol)
    assert "Coffee with my sister" not in client.get(reverse("planner:goals")).content.decode()


def test_the_goals_list_costs_the_same_queries_for_twenty_goals(client, alice):
    client.force_login(alice)
    url = reverse("planner:goals")
    new_count, _ = queries_for(client, url)
    grow_history(alice, goals=20)
    newest = Goal.objects.filter(owner=alice, status="active").latest("pk").title
    count, sql = queries_for(client, url, expect=[newest, "Long history"])
    assert count == new_count, sql
    assert queries_for(client, url, expect=[newest], **HTMX)[0] == new_count


# --- Creating ---------------------------------------------------------------------------


def test_creating_a_goal_goes_on_to_its_suggested_ladder(alice_client, alice):
    value = ValueFactory(owner=alice)
    response = alice_client.post(reverse("planner:goal_create"), _goal_data(value))
    goal = Goal.objects.get(owner=alice)
    assert response.url == reverse("planner:ladder_suggest", args=[goal.pk])
    assert (goal.title, goal.area, goal.target_month) == (
        "Join the walking group",
        "community",
        date(2026, 9, 1),
    )
    assert goal.why == "Being outdoors with people."


def test_a_goal_can_serve_a_value_from_the_catalog_picked_on_the_spot(alice_client, alice):
    html = alice_client.get(reverse("planner:goal_create")).content.decode()
    assert '<option value="c:nature">Nature</option>' in html
    alice_client.post(
        reverse("planner:goal_create"), _goal_data(ValueFactory(owner=alice), value="c:nature")
    )
    assert Goal.objects.get(owner=alice).value.catalog_key == "nature"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "x" * 10_000}, "title", "Please keep this under 140 characters (it has 10000)."),
        ({"title": "   "}, "title", "Give your goal a short name."),
        ({"area": "moon"}, "area", "Choose one of the four areas."),
        ({"target_month": "2026-13"}, "target_month", "Enter a month like 2026-09."),
        ({"target_month": "1850-01"}, "target_month", "between the years 2000 and 2100"),
        ({"value": ""}, "value", "Choose the value this goal serves."),
        ({"why": "w" * 2001}, "why", "Please keep this under 2,000 characters."),
    ],
)
def test_bad_input_is_explained_beside_its_field_and_nothing_is_saved(
    alice_client, alice, changes, field, message
):
    value = ValueFactory(owner=alice)
    data = _goal_data(value, **changes)
    response = alice_client.post(reverse("planner:goal_create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert "Join the walking group" in html or field == "title"  # the rest, as typed
    assert not Goal.objects.exists()


def test_carols_value_id_in_the_post_is_refused_and_nothing_is_saved(alice_client, carol):
    theirs = ValueFactory(owner=carol)
    html = alice_client.post(
        reverse("planner:goal_create"), _goal_data(theirs, title="Sneaky")
    ).content.decode()
    assert "Choose one of the values in the list." in html
    assert "Sneaky" in html
    assert not Goal.objects.exists()


def test_typed_text_is_shown_escaped(alice_client, alice):
    data = _goal_data(ValueFactory(owner=alice), title="<script>alert(1)</script>", area="")
    html = alice_client.post(reverse("planner:goal_create"), data).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- The goal and its ladder --------------------------------------------------------------


def test_the_goal_page_shows_why_it_matters_and_the_ladder_rising(alice_client, goal):
    html = alice_client.get(reverse("planner:goal_detail", args=[goal.pk])).content.decode()
    assert "She was always there for me." in html
    assert "3 steps, easiest first: expected distress goes from 10 to 50 out of 100." in html
    assert "Each step is expected to feel the same as, or a little harder than" in html
    assert html.index("Step at 10") < html.index("Step at 30") < html.index("Step at 50")
    assert 'class="suds__bar suds__bar--1"' in html  # 10 fills a tenth, 50 half
    assert 'class="suds__bar suds__bar--5"' in html


def test_a_step_easier_than_the_one_before_is_pointed_out_gently(alice_client, alice):
    goal = GoalFactory(owner=alice)
    make_ladder(goal, suds=(10, 60, 40))
    html = alice_client.get(reverse("planner:goal_detail", args=[goal.pk])).content.decode()
    assert "Expected to feel easier than step 2." in html
    assert "staircase__bar--dip" in html


def test_the_goal_page_names_the_ally_and_links_each_step_to_the_week(alice_client, alice):
    goal = GoalFactory(owner=alice)
    (step,) = make_ladder(goal, suds=(20,), ally=ally_of(alice, "Nora"))
    html = alice_client.get(reverse("planner:goal_detail", args=[goal.pk])).content.decode()
    assert "<dt>With</dt><dd>Nora</dd>" in html
    schedule = reverse("planner:scheduled_step_create")
    assert f'href="{schedule}?step={step.pk}&amp;minutes=10"' in html


def test_the_goal_page_htmx_partial_is_just_the_ladder(alice_client, goal):
    html = alice_client.get(
        reverse("planner:goal_detail", args=[goal.pk]), headers=HTMX
    ).content.decode()
    assert html.lstrip().startswith('<section id="ladder"')
    assert "<html" not in html


def test_the_goal_page_and_ladder_cost_the_same_queries_for_twenty_goals(client, alice):
    client.force_login(alice)
    goal = GoalFactory(owner=alice)
    make_ladder(goal, suds=(10,))
    url = reverse("planner:goal_detail", args=[goal.pk])
    new_count, _ = queries_for(client, url)
    grow_history(alice, goals=20)
    make_ladder(goal, suds=(20, 30, 40, 50, 60), ally=ally_of(alice))
    count, sql = queries_for(client, url, expect=["Step at 60", "Nora"])
    assert count == new_count, sql


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("planner:goal_detail", "get"),
        ("planner:goal_edit", "get"),
        ("planner:goal_edit", "post"),
        ("planner:goal_status", "post"),
        ("planner:ladder_suggest", "get"),
        ("planner:step_create", "get"),
        ("planner:ladder_reorder", "post"),
    ],
)
def test_carol_gets_404_for_anything_of_alices_goal(client, carol, goal, name, method):
    client.force_login(carol)
    response = getattr(client, method)(
        reverse(name, args=[goal.pk]), {"status": "archived", "title": "Mine"}
    )
    assert response.status_code == 404
    goal.refresh_from_db()
    assert (goal.status, goal.title) == ("active", "Coffee with my sister")


# --- Editing and status -------------------------------------------------------------------


def test_editing_a_goal_saves_it(alice_client, goal):
    url = reverse("planner:goal_edit", args=[goal.pk])
    assert "Edit “Coffee with my sister”" in alice_client.get(url).content.decode()
    response = alice_client.post(
        url, _goal_data(goal.value, title="Monthly coffee with my sister", area="relationships")
    )
    assert response.url == reverse("planner:goal_detail", args=[goal.pk])
    goal.refresh_from_db()
    assert goal.title == "Monthly coffee with my sister"


def test_a_bad_edit_keeps_the_typed_words_and_the_saved_goal(alice_client, goal):
    url = reverse("planner:goal_edit", args=[goal.pk])
    html = alice_client.post(
        url, _goal_data(goal.value, title="Typed but", target_month="soon")
    ).content.decode()
    assert "Enter a month like 2026-09." in html
    assert 'value="Typed but"' in html
    assert "Edit “Coffee with my sister”" in html
    goal.refresh_from_db()
    assert goal.title == "Coffee with my sister"


def test_pausing_is_one_click_and_keeps_everything(alice_client, goal):
    url = reverse("planner:goal_status", args=[goal.pk])
    response = alice_client.post(url, {"status": "paused", "next": "/goals/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/goals/"
    assert "Paused “Coffee with my sister”. Everything is kept" in response.content.decode()
    goal.refresh_from_db()
    assert goal.status == "paused"
    assert goal.steps.count() == 3


def test_the_status_change_answers_htmx_with_the_control_and_a_status_line(alice_client, goal):
    url = reverse("planner:goal_status", args=[goal.pk])
    html = alice_client.post(url, {"status": "achieved"}, headers=HTMX).content.decode()
    assert html.lstrip().startswith(f'<div class="goal-status" id="goal-status-{goal.pk}"')
    assert "data-announce>Marked “Coffee with my sister” as achieved." in html
    assert "Make active again" in html


def test_an_unknown_status_changes_nothing(alice_client, goal):
    url = reverse("planner:goal_status", args=[goal.pk])
    html = alice_client.post(url, {"status": "failed"}, follow=True).content.decode()
    assert "nothing changed" in html
    goal.refresh_from_db()
    assert goal.status == "active"


def test_status_never_redirects_to_another_site(alice_client, goal):
    url = reverse("planner:goal_status", args=[goal.pk])
    response = alice_client.post(url, {"status": "paused", "next": "https://evil.example/"})
    assert response.url == reverse("planner:goal_detail", args=[goal.pk])


def test_value_list_is_unchanged_by_viewing_goal_pages(alice_client, goal):
    before = Value.objects.count()
    alice_client.get(reverse("planner:goal_create"))
    assert Value.objects.count() == before


def test_a_paused_goal_keeps_its_ladder_and_offers_no_planning_until_resumed(alice_client, goal):
    goal.status = "paused"
    goal.save()
    html = alice_client.get(reverse("planner:goal_detail", args=[goal.pk])).content.decode()
    assert "This goal is paused. Its ladder is kept just as it is" in html
    assert "Step at 30" in html
    assert "Plan it into my week" not in html
