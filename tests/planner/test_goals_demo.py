import pytest

from accounts import demo as accounts_demo
from planner.demo import goals as goals_demo
from planner.ladder_templates import TEMPLATES
from planner.models import Goal, Value

pytestmark = pytest.mark.django_db


def test_maya_gets_values_and_three_goals_in_different_areas_one_paused_even_seeded_twice():
    people = {}
    accounts_demo.seed(people)
    goals_demo.seed(people)
    goals_demo.seed(people)
    maya = people["maya"]

    assert 4 <= Value.objects.filter(owner=maya).count() <= 5
    goals = list(Goal.objects.filter(owner=maya).order_by("created_at"))
    assert len(goals) == 3
    assert len({goal.area for goal in goals}) == 3
    assert [goal.status for goal in goals].count("paused") == 1
    assert goals[0].title == "Become a regular at the café on Harbour Road"

    template_titles = {step.title for template in TEMPLATES for step in template.steps}
    for goal in goals:
        steps = list(goal.steps.order_by("position"))
        assert len(steps) >= 3
        assert [s.position for s in steps] == list(range(len(steps)))
        assert all(s.exit_strategy for s in steps)
        # Her own words, not only the template's.
        assert any(s.title not in template_titles for s in steps)
