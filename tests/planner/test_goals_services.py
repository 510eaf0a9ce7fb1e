from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from planner.models import Goal, Value
from planner.services.goals import goal_create, goal_set_status, goal_update
from tests.factories import GoalFactory, ValueFactory
from tests.planner.goals_support import make_ladder

pytestmark = pytest.mark.django_db


def test_a_goal_can_serve_a_catalog_value_not_chosen_yet_which_adds_it(alice):
    goal = goal_create(owner=alice, value="family", title="Call my brother", area="relationships")
    assert goal.value.catalog_key == "family"
    assert Value.objects.filter(owner=alice).count() == 1


def test_a_goal_cannot_serve_someone_elses_value(alice, carol):
    with pytest.raises(ValidationError, match="your own values"):
        goal_create(owner=alice, value=ValueFactory(owner=carol), title="Sneaky", area="community")
    assert not Goal.objects.exists()


def test_a_goal_keeps_its_private_why_and_target_month(alice):
    goal = goal_create(
        owner=alice,
        value=ValueFactory(owner=alice),
        title="Join the walking group",
        area="community",
        why="I miss being outdoors with people.",
        target_month=date(2026, 9, 1),
    )
    goal.refresh_from_db()
    assert goal.why == "I miss being outdoors with people."
    assert goal.target_month == date(2026, 9, 1)


def test_an_unknown_area_is_refused(alice):
    with pytest.raises(ValidationError):
        goal_create(owner=alice, value=ValueFactory(owner=alice), title="x", area="outer-space")


def test_pausing_and_archiving_keep_the_ladder_and_record_when(alice):
    goal = GoalFactory(owner=alice)
    make_ladder(goal)
    moment = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    goal_set_status(goal=goal, status="paused", now=moment)
    goal_set_status(goal=goal, status="archived", now=moment)
    goal.refresh_from_db()
    assert goal.status == "archived"
    assert goal.status_changed_at == moment
    assert goal.steps.count() == 3


def test_setting_the_same_status_twice_changes_nothing(alice):
    goal = GoalFactory(owner=alice, status="paused", status_changed_at=None)
    goal_set_status(goal=goal, status="paused")
    goal.refresh_from_db()
    assert goal.status_changed_at is None


def test_an_unknown_status_is_refused(alice):
    goal = GoalFactory(owner=alice)
    with pytest.raises(ValidationError):
        goal_set_status(goal=goal, status="failed")


def test_updating_moves_a_goal_to_another_value(alice):
    goal = GoalFactory(owner=alice)
    other = ValueFactory(owner=alice, name="Learning")
    goal_update(
        goal=goal, value=other, title="New title", area="technology", why="", target_month=None
    )
    goal.refresh_from_db()
    assert (goal.value, goal.title, goal.area) == (other, "New title", "technology")
