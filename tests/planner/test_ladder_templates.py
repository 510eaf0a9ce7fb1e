"""The template library and the values catalog are data; these tests hold them to
the promises in planner/ladder_templates.py's docstring."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner import catalog, ladder_templates
from planner.ladder_templates import MODE_ORDER, TEMPLATES, People
from planner.models import Accommodation, Area, Step
from planner.services.ladders import drafts_from_template, ladder_extend
from tests.factories import GoalFactory

ids = [template.key for template in TEMPLATES]


def test_every_area_has_at_least_three_ladders():
    for area in Area.values:
        assert len(ladder_templates.templates_for_area(area)) >= 3, area


def test_template_keys_are_unique():
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("template", TEMPLATES, ids=ids)
def test_each_ladder_has_five_to_eight_steps(template):
    assert 5 <= len(template.steps) <= 8


@pytest.mark.parametrize("template", TEMPLATES, ids=ids)
def test_predicted_distress_never_falls_and_ends_higher_than_it_starts(template):
    suds = [step.suds for step in template.steps]
    assert all(0 <= s <= 100 for s in suds)
    assert suds == sorted(suds), suds
    assert suds[0] <= 30 < suds[-1]


@pytest.mark.parametrize("template", TEMPLATES, ids=ids)
def test_each_ladder_starts_online_and_moves_towards_in_person(template):
    modes = [MODE_ORDER[step.mode] for step in template.steps]
    assert modes == sorted(modes), modes
    assert template.steps[0].mode == "online"
    assert template.steps[-1].mode != "online"


@pytest.mark.parametrize("template", TEMPLATES, ids=ids)
def test_steps_get_longer_and_never_shorter(template):
    minutes = [step.minutes for step in template.steps]
    assert minutes == sorted(minutes), minutes
    assert all(1 <= m <= 24 * 60 for m in minutes)


@pytest.mark.parametrize("template", TEMPLATES, ids=ids)
def test_in_person_steps_begin_with_an_ally_and_end_alone(template):
    in_person = [step.with_ally for step in template.steps if step.mode != "online"]
    assert in_person[0] is True, "the first step in person has someone trusted along"
    assert in_person[-1] is False, "the last step is done alone"
    # Once a step in person is done alone, no later step needs an ally again.
    assert in_person == sorted(in_person, reverse=True), in_person


@pytest.mark.parametrize("template", TEMPLATES, ids=ids)
def test_no_ladder_goes_straight_into_a_crowd(template):
    people = [step.people for step in template.steps]
    assert people[0] <= People.ONE
    for before, after in zip(people, people[1:], strict=False):
        assert after - before <= 1, f"jumps from {before.name} to {after.name}"
    for step in template.steps:
        if step.people == People.GROUP:
            assert Accommodation.LEAVE_ANY_TIME in step.accommodations, step.title


@pytest.mark.parametrize("template", TEMPLATES, ids=ids)
def test_every_step_has_a_title_a_description_and_an_exit_strategy(template):
    for step in template.steps:
        assert 0 < len(step.title) <= 140
        assert step.description.strip()
        assert len(step.exit_strategy.strip()) >= 20, step.title
        assert set(step.accommodations) <= set(Accommodation.values)


@pytest.mark.django_db
@pytest.mark.parametrize("template", TEMPLATES, ids=ids)
def test_each_ladder_saves_as_valid_steps_in_its_order(template):
    goal = GoalFactory(area=template.area)
    ladder_extend(goal=goal, drafts=drafts_from_template(template))
    saved = list(Step.objects.filter(goal=goal).order_by("position"))
    assert [s.title for s in saved] == [s.title for s in template.steps]
    assert [s.position for s in saved] == list(range(len(saved)))


def test_the_values_catalog_has_at_least_twelve_values_each_with_a_plain_line():
    assert len(catalog.VALUES) >= 12
    assert len(catalog.BY_KEY) == len(catalog.VALUES)
    for value in catalog.VALUES:
        assert value.name and len(value.name) <= 60
        assert 10 <= len(value.description) <= 200
        assert value.description.endswith(".")


# --- Suggestions follow the goal's words (issue 16, finding 3) ------------------------


def _keys(title, area=None):
    return [t.key for t in ladder_templates.suggestions_for(title, area=area)]


def test_the_onboarding_example_goal_gets_small_talk_and_a_local_place_not_family():
    keys = _keys("Say hello to a neighbour", area="relationships")
    assert keys[:2] == ["small-talk", "familiar-face"]
    assert "family-gatherings" not in keys


@pytest.mark.parametrize(
    ("title", "first"),
    [
        ("Have coffee with my sister once a month", "coffee-with-family"),
        ("Call my old friends again", "reconnect-friend"),
        ("Join a walking group", "small-group-activity"),
        ("Say hi to the neighbors", "small-talk"),  # US spelling, plural
        ("Volunteer at the food bank", "volunteering-from-home"),
        ("Go to my nephew's birthday party", "family-gatherings"),
    ],
)
def test_a_goals_own_words_choose_the_first_suggestion(title, first):
    assert _keys(title)[0] == first


def test_with_no_word_in_common_the_area_decides_and_with_neither_there_is_none():
    assert _keys("Xylophone", area="community") == [
        t.key for t in ladder_templates.templates_for_area("community")
    ]
    assert _keys("Xylophone") == []


def test_every_template_has_tags_and_every_tag_is_one_lower_case_word():
    for template in TEMPLATES:
        assert template.tags, template.key
        for tag in template.tags:
            assert tag == tag.lower() and len(ladder_templates.goal_words(tag)) == 1, tag


words = st.sampled_from(sorted({tag for t in TEMPLATES for tag in t.tags}) + ["the", "a", "zzz"])


@given(
    title=st.lists(words, max_size=8).map(" ".join) | st.text(max_size=80),
    area=st.sampled_from([None, *Area.values]),
    limit=st.integers(0, 6),
)
def test_suggestions_are_few_distinct_and_word_matches_outrank_the_area(title, area, limit):
    found = ladder_templates.suggestions_for(title, area=area, limit=limit)
    assert len(found) <= limit
    assert len({t.key for t in found}) == len(found)
    words = ladder_templates.goal_words(title)
    shared = [bool(words & ladder_templates.tag_words(t)) for t in found]
    # Once a suggestion shares no word with the goal, none after it does.
    assert shared == sorted(shared, reverse=True)
    assert all(share or t.area == area for share, t in zip(shared, found, strict=True))
