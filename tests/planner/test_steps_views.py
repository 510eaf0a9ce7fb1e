import pytest
from django.urls import reverse

from planner import ladder_templates
from planner.models import Step
from tests.factories import AttemptFactory, GoalFactory
from tests.planner.goals_support import ally_of, grow_history, make_ladder, queries_for

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def goal(alice):
    goal = GoalFactory(owner=alice, title="Coffee with my sister", area="relationships")
    make_ladder(goal, suds=(10, 30, 50))
    return goal


def _titles(goal):
    return list(goal.steps.order_by("position").values_list("title", flat=True))


def _step_data(**changes):
    data = {
        "title": "Say hello at the bakery",
        "predicted_suds": "35",
        "planned_minutes": "10",
        "mode": "offline",
        "ally": "",
        "description": "",
        "accommodations": ["quiet_place", "leave_any_time"],
        "accommodations_other": "",
        "exit_strategy": "Smile and walk on.",
        "place": "fit",
    }
    data.update(changes)
    return data


def suggestion_data(template, *, edits=None, delete=(), extra=None):
    """The POST a person makes after editing a suggested ladder on the page."""
    rows = [
        {
            "title": s.title,
            "predicted_suds": s.suds,
            "planned_minutes": s.minutes,
            "mode": s.mode,
            "ally": "",
            "description": s.description,
            "accommodations": list(s.accommodations),
            "accommodations_other": "",
            "exit_strategy": s.exit_strategy,
        }
        for s in template.steps
    ]
    for index, changes in (edits or {}).items():
        rows[index].update(changes)
    initial = len(rows)
    rows.append(extra or {"mode": "offline"})
    data = {
        "template": template.key,
        "steps-TOTAL_FORMS": str(len(rows)),
        "steps-INITIAL_FORMS": str(initial),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "20",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"steps-{i}-{key}"] = value
        if i in delete:
            data[f"steps-{i}-DELETE"] = "on"
    return data


# --- Adding and editing -----------------------------------------------------------------


def test_adding_a_step_puts_it_where_its_distress_fits(alice_client, goal):
    url = reverse("planner:step_create", args=[goal.pk])
    assert "Where it fits by how hard it feels" in alice_client.get(url).content.decode()
    response = alice_client.post(url, _step_data())
    (step,) = [s for s in Step.objects.all() if s.title == "Say hello at the bakery"]
    assert response.url == reverse("planner:goal_detail", args=[goal.pk]) + f"#step-{step.pk}"
    assert _titles(goal) == ["Step at 10", "Step at 30", "Say hello at the bakery", "Step at 50"]
    assert step.accommodations == ["quiet_place", "leave_any_time"]
    assert step.exit_strategy == "Smile and walk on."


def test_adding_a_step_at_a_chosen_place(alice_client, goal):
    alice_client.post(reverse("planner:step_create", args=[goal.pk]), _step_data(place="0"))
    assert _titles(goal)[0] == "Say hello at the bakery"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"predicted_suds": "150"}, "predicted_suds", "Choose a number from 0 (calm) to 100"),
        ({"predicted_suds": "-1"}, "predicted_suds", "Choose a number from 0 (calm) to 100"),
        ({"predicted_suds": "lots"}, "predicted_suds", "Choose a number from 0 (calm) to 100"),
        ({"planned_minutes": "-10"}, "planned_minutes", "Plan at least 1 minute."),
        ({"planned_minutes": "5000"}, "planned_minutes", "Plan at most 1440 minutes"),
        ({"title": "t" * 10_000}, "title", "Please keep this under 140 characters (it has 10000)."),
        ({"mode": "telepathy"}, "mode", "Choose online, in person, or a mix."),
        ({"accommodations": ["jetpack"]}, "accommodations", "Choose from the listed options."),
        ({"place": "99"}, "place", "Choose a place from the list."),
    ],
)
def test_a_bad_new_step_is_explained_beside_the_field_kept_and_not_saved(
    alice_client, goal, changes, field, message
):
    response = alice_client.post(
        reverse("planner:step_create", args=[goal.pk]), _step_data(**changes)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert "Smile and walk on." in html  # what was typed elsewhere stays
    assert goal.steps.count() == 3


def test_carols_contact_as_ally_is_refused(alice_client, goal, carol):
    theirs = ally_of(carol, "Carol's friend")
    html = alice_client.post(
        reverse("planner:step_create", args=[goal.pk]), _step_data(ally=str(theirs.pk))
    ).content.decode()
    assert "Choose someone from your trusted contacts, or no one." in html
    assert "Carol&#x27;s friend" not in html
    assert goal.steps.count() == 3


def test_only_contacts_who_can_come_along_are_offered_as_allies(alice_client, alice, goal):
    ally_of(alice, "Nora")
    ally_of(alice, "Dr Byrne", can_be_ally=False)
    html = alice_client.get(reverse("planner:step_create", args=[goal.pk])).content.decode()
    assert ">Nora</option>" in html
    assert "Dr Byrne" not in html


def test_editing_a_step_shows_what_it_says_and_saves_changes(alice_client, alice, goal):
    step = goal.steps.get(position=1)
    nora = ally_of(alice, "Nora")
    url = reverse("planner:step_edit", args=[step.pk])
    assert 'value="Step at 30"' in alice_client.get(url).content.decode()
    alice_client.post(url, _step_data(title="Walk with Nora", ally=str(nora.pk)))
    step.refresh_from_db()
    assert (step.title, step.ally, step.predicted_suds) == ("Walk with Nora", nora, 35)
    assert step.position == 1  # editing never moves a step


def test_a_bad_edit_keeps_the_typed_words_and_the_saved_step(alice_client, goal):
    step = goal.steps.get(position=1)
    html = alice_client.post(
        reverse("planner:step_edit", args=[step.pk]),
        _step_data(title="Typed title", predicted_suds="150"),
    ).content.decode()
    assert 'value="Typed title"' in html
    assert "Edit “Step at 30”" in html
    step.refresh_from_db()
    assert (step.title, step.predicted_suds) == ("Step at 30", 30)


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("planner:step_edit", "get"),
        ("planner:step_edit", "post"),
        ("planner:step_move", "post"),
        ("planner:step_remove", "get"),
        ("planner:step_remove", "post"),
    ],
)
def test_carol_gets_404_for_alices_steps(client, carol, goal, name, method):
    client.force_login(carol)
    step = goal.steps.get(position=0)
    response = getattr(client, method)(reverse(name, args=[step.pk]), _step_data(direction="down"))
    assert response.status_code == 404
    assert _titles(goal) == ["Step at 10", "Step at 30", "Step at 50"]


# --- Moving -----------------------------------------------------------------------------------


def test_moving_without_javascript_redirects_back_to_the_step_with_a_note(alice_client, goal):
    step = goal.steps.get(position=0)
    response = alice_client.post(
        reverse("planner:step_move", args=[step.pk]), {"direction": "down"}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith(f"#step-{step.pk}")
    assert "Moved “Step at 10” to step 2." in response.content.decode()
    assert _titles(goal) == ["Step at 30", "Step at 10", "Step at 50"]


def test_moving_with_htmx_answers_with_the_ladder_and_an_announcement(alice_client, goal):
    step = goal.steps.get(position=2)
    html = alice_client.post(
        reverse("planner:step_move", args=[step.pk]), {"direction": "up"}, headers=HTMX
    ).content.decode()
    assert html.lstrip().startswith('<section id="ladder"')
    assert "data-announce>Moved “Step at 50” to step 2.</p>" in html
    assert html.index("Step at 50") < html.index("Step at 30")
    assert "Expected to feel easier than step 2." in html  # 30 after 50 is now a dip


def test_the_first_step_cannot_move_earlier_and_the_last_cannot_move_later(alice_client, goal):
    html = alice_client.get(reverse("planner:goal_detail", args=[goal.pk])).content.decode()
    first, last = goal.steps.get(position=0), goal.steps.get(position=2)
    assert f'data-focus-key="up-{first.pk}" data-focus-step="{first.pk}" disabled' in html
    assert f'data-focus-key="down-{last.pk}" data-focus-step="{last.pk}" disabled' in html


def test_a_direction_that_is_neither_up_nor_down_moves_nothing(alice_client, goal):
    step = goal.steps.get(position=0)
    response = alice_client.post(
        reverse("planner:step_move", args=[step.pk]), {"direction": "sideways"}, follow=True
    )
    assert "nothing moved" in response.content.decode()
    assert _titles(goal) == ["Step at 10", "Step at 30", "Step at 50"]


def test_dragging_posts_a_whole_new_order_which_htmx_gets_back_as_the_ladder(alice_client, goal):
    ids = list(goal.steps.order_by("position").values_list("pk", flat=True))
    html = alice_client.post(
        reverse("planner:ladder_reorder", args=[goal.pk]),
        {"order": [ids[1], ids[2], ids[0]]},
        headers=HTMX,
    ).content.decode()
    assert "Saved the new order." in html
    assert _titles(goal) == ["Step at 30", "Step at 50", "Step at 10"]


@pytest.mark.parametrize("foreign", ["carol", "nonsense"])
def test_a_reorder_with_someone_elses_step_changes_nothing(alice_client, goal, carol, foreign):
    ids = list(goal.steps.order_by("position").values_list("pk", flat=True))
    if foreign == "carol":
        (theirs,) = make_ladder(GoalFactory(owner=carol), suds=(5,))
        order = [theirs.pk, ids[1], ids[0]]
    else:
        order = ["x", ids[1], ids[0]]
    response = alice_client.post(
        reverse("planner:ladder_reorder", args=[goal.pk]), {"order": order}, follow=True
    )
    assert "doesn&#x27;t match the steps on this ladder, so nothing moved" in (
        response.content.decode()
    )
    assert _titles(goal) == ["Step at 10", "Step at 30", "Step at 50"]


# --- Removing --------------------------------------------------------------------------------


def test_removing_asks_first_then_closes_the_gap(alice_client, goal):
    step = goal.steps.get(position=1)
    url = reverse("planner:step_remove", args=[step.pk])
    assert "Remove “Step at 30”?" in alice_client.get(url).content.decode()
    response = alice_client.post(url, follow=True)
    assert "Removed “Step at 30” from the ladder." in response.content.decode()
    assert _titles(goal) == ["Step at 10", "Step at 50"]


def test_a_practised_step_is_kept_and_the_page_says_why(alice_client, goal):
    step = goal.steps.get(position=1)
    AttemptFactory(step=step)
    url = reverse("planner:step_remove", args=[step.pk])
    assert (
        "You've already practised this step, so it stays" in alice_client.get(url).content.decode()
    )
    alice_client.post(url)
    assert goal.steps.count() == 3


# --- A suggested ladder -----------------------------------------------------------------------


def test_the_suggestion_page_offers_the_ladders_that_fit_the_goals_words(alice_client, goal):
    html = alice_client.get(reverse("planner:ladder_suggest", args=[goal.pk])).content.decode()
    options = ladder_templates.suggestions_for(goal.title, area=goal.area)
    assert options[0].key == "coffee-with-family"  # "Coffee with my sister"
    for template in options:
        assert template.title in html
    for step in options[0].steps:
        assert step.title in html
    assert "Leave this step out" in html


def test_choosing_another_suggestion_with_htmx_swaps_only_the_suggestion(alice_client, goal):
    other = ladder_templates.templates_for_area("relationships")[1]
    url = reverse("planner:ladder_suggest", args=[goal.pk]) + f"?template={other.key}"
    page = alice_client.get(url).content.decode()
    partial = alice_client.get(url, headers=HTMX).content.decode()
    assert partial.lstrip().startswith('<div id="suggestion"')
    assert "<html" not in partial and "<html" in page
    for html in (page, partial):
        assert other.steps[0].title in html


def test_a_suggestion_from_another_area_is_not_offered(alice_client, goal):
    foreign = ladder_templates.templates_for_area("technology")[0]
    url = reverse("planner:ladder_suggest", args=[goal.pk]) + f"?template={foreign.key}"
    html = alice_client.get(url).content.decode()
    assert foreign.steps[0].title not in html


def test_saving_an_edited_suggestion_adds_its_steps_after_the_existing_ones(alice_client, goal):
    template = ladder_templates.templates_for_area("relationships")[0]
    data = suggestion_data(
        template,
        edits={0: {"title": "Pick Siobhán", "predicted_suds": "5"}},
        delete={2},
        extra={
            "title": "Bring a cake",
            "predicted_suds": "70",
            "planned_minutes": "60",
            "mode": "offline",
        },
    )
    response = alice_client.post(reverse("planner:ladder_suggest", args=[goal.pk]), data)
    assert response.url == reverse("planner:goal_detail", args=[goal.pk])
    expected = ["Step at 10", "Step at 30", "Step at 50", "Pick Siobhán"]
    expected += [s.title for i, s in enumerate(template.steps) if i not in (0, 2)]
    expected += ["Bring a cake"]
    assert _titles(goal) == expected
    (first,) = [step for step in goal.steps.all() if step.title == "Pick Siobhán"]
    assert first.predicted_suds == 5
    assert first.exit_strategy == template.steps[0].exit_strategy


def test_a_bad_row_in_the_suggestion_saves_nothing_and_keeps_every_edit(alice_client, goal):
    template = ladder_templates.templates_for_area("relationships")[0]
    data = suggestion_data(
        template, edits={0: {"title": "My own words"}, 3: {"predicted_suds": "150"}}
    )
    html = alice_client.post(reverse("planner:ladder_suggest", args=[goal.pk]), data)
    html = html.content.decode()
    assert "Choose a number from 0 (calm) to 100" in html
    assert 'id="id_steps-3-predicted_suds_error"' in html
    assert 'value="My own words"' in html
    assert "please check this step" in html
    assert goal.steps.count() == 3


def test_leaving_every_step_out_asks_to_keep_one(alice_client, goal):
    template = ladder_templates.templates_for_area("relationships")[0]
    data = suggestion_data(template, delete=set(range(len(template.steps))))
    html = alice_client.post(
        reverse("planner:ladder_suggest", args=[goal.pk]), data
    ).content.decode()
    assert "Keep at least one step" in html
    assert goal.steps.count() == 3


def test_the_suggestion_page_costs_the_same_queries_with_a_year_of_history(client, alice):
    client.force_login(alice)
    goal = GoalFactory(owner=alice, area="community")
    url = reverse("planner:ladder_suggest", args=[goal.pk])
    new_count, _ = queries_for(client, url)
    grow_history(alice, goals=20)  # and twenty allies to choose from, in every row
    count, sql = queries_for(client, url, expect=[">A19<"])
    assert count == new_count, sql


@pytest.mark.parametrize(
    "page",
    ["goal_create", "goal_edit", "step_create", "step_edit", "step_remove", "value_edit"],
)
def test_each_form_page_costs_the_same_queries_with_a_year_of_history(client, alice, page):
    client.force_login(alice)
    goal = GoalFactory(owner=alice, area="community")
    (step,) = make_ladder(goal, suds=(20,))
    args = {
        "goal_create": [],
        "goal_edit": [goal.pk],
        "step_create": [goal.pk],
        "step_edit": [step.pk],
        "step_remove": [step.pk],
        "value_edit": [goal.value_id],
    }[page]
    url = reverse(f"planner:{page}", args=args)
    new_count, _ = queries_for(client, url)
    grow_history(alice, goals=20)
    make_ladder(goal, suds=(30, 40, 50, 60), ally=ally_of(alice))
    # What each page shows of the grown history; the last two list nothing of it,
    # so they must at least be the page for their own object.
    shows = {
        "goal_create": ["Long history"],
        "goal_edit": ["Long history"],
        "step_create": ["Step at 60", ">A19<", "Nora"],
        "step_edit": [">A19<", "Nora"],
        "step_remove": ["Remove “Step at 20”?"],
        "value_edit": [f"Edit “{goal.value.name}”"],
    }[page]
    count, sql = queries_for(client, url, expect=shows)
    assert count == new_count, sql
