import pytest
from django.core.exceptions import ValidationError

from planner.models import Step
from planner.services.ladders import (
    StepDraft,
    fitting_position,
    ladder_dips,
    ladder_reorder,
    step_add,
    step_move,
    step_remove,
    step_update,
)
from tests.factories import AttemptFactory, GoalFactory, ScheduledStepFactory
from tests.planner.goals_support import ally_of, make_ladder


def _titles(goal):
    return list(Step.objects.filter(goal=goal).order_by("position").values_list("title", flat=True))


def _positions(goal):
    return list(
        Step.objects.filter(goal=goal).order_by("position").values_list("position", flat=True)
    )


# --- Pure rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ladder", "suds", "expected"),
    [
        ([], 40, 0),
        ([10, 30, 50], 40, 2),
        ([10, 30, 50], 5, 0),
        ([10, 30, 50], 90, 3),
        ([10, 30, 30, 50], 30, 3),  # after equals: the newest of equals goes last
        ([0, 0], 0, 2),
    ],
)
def test_a_new_step_fits_just_before_the_first_harder_one(ladder, suds, expected):
    assert fitting_position(ladder, suds) == expected


@pytest.mark.parametrize(
    ("ladder", "dips"),
    [([], []), ([40], []), ([10, 20, 20, 60], []), ([10, 50, 30, 70, 0], [2, 4])],
)
def test_a_dip_is_a_step_expected_to_feel_easier_than_the_one_before(ladder, dips):
    assert ladder_dips(ladder) == dips


# --- Writes ------------------------------------------------------------------------------


@pytest.fixture
def goal(alice):
    goal = GoalFactory(owner=alice)
    make_ladder(goal, suds=(10, 30, 50))
    return goal


@pytest.mark.django_db
def test_adding_without_a_place_puts_the_step_where_its_distress_fits(goal):
    step_add(goal=goal, draft=StepDraft(title="Middle", predicted_suds=40, planned_minutes=5))
    assert _titles(goal) == ["Step at 10", "Step at 30", "Middle", "Step at 50"]
    assert _positions(goal) == [0, 1, 2, 3]


@pytest.mark.django_db
@pytest.mark.parametrize(("place", "index"), [(0, 0), (2, 2), (99, 3), (-5, 0)])
def test_adding_at_a_chosen_place_keeps_positions_contiguous(goal, place, index):
    step_add(
        goal=goal,
        draft=StepDraft(title="New", predicted_suds=90, planned_minutes=5),
        position=place,
    )
    assert _titles(goal).index("New") == index
    assert _positions(goal) == [0, 1, 2, 3]


@pytest.mark.django_db
def test_moving_up_and_down_swaps_neighbours_and_stops_at_the_ends(goal):
    first, second, third = Step.objects.filter(goal=goal).order_by("position")
    step_move(step=second, offset=-1)
    assert _titles(goal) == ["Step at 30", "Step at 10", "Step at 50"]
    step_move(step=Step.objects.get(pk=second.pk), offset=-1)
    assert _titles(goal) == ["Step at 30", "Step at 10", "Step at 50"]
    step_move(step=third, offset=1)
    assert _titles(goal) == ["Step at 30", "Step at 10", "Step at 50"]
    step_move(step=Step.objects.get(pk=first.pk), offset=1)
    assert _titles(goal) == ["Step at 30", "Step at 50", "Step at 10"]
    assert _positions(goal) == [0, 1, 2]


@pytest.mark.django_db
def test_reordering_takes_the_whole_new_order(goal):
    ids = list(Step.objects.filter(goal=goal).order_by("position").values_list("pk", flat=True))
    ladder_reorder(goal=goal, step_ids=list(reversed(ids)))
    assert _titles(goal) == ["Step at 50", "Step at 30", "Step at 10"]


@pytest.mark.django_db
def test_a_reorder_naming_another_ladders_step_is_refused_whole(goal, alice, carol):
    ids = list(Step.objects.filter(goal=goal).order_by("position").values_list("pk", flat=True))
    (theirs,) = make_ladder(GoalFactory(owner=carol), suds=(20,))
    for bad in ([ids[2], ids[1], theirs.pk], [ids[2], ids[1]], [ids[2], ids[1], ids[1], ids[0]]):
        with pytest.raises(ValidationError):
            ladder_reorder(goal=goal, step_ids=bad)
    assert _titles(goal) == ["Step at 10", "Step at 30", "Step at 50"]


@pytest.mark.django_db
def test_removing_closes_the_gap_and_takes_its_plans_with_it(goal):
    middle = Step.objects.get(goal=goal, position=1)
    ScheduledStepFactory(step=middle)
    step_remove(step=middle)
    assert _titles(goal) == ["Step at 10", "Step at 50"]
    assert _positions(goal) == [0, 1]


@pytest.mark.django_db
def test_a_step_with_practice_logged_is_kept_to_keep_its_history(goal):
    middle = Step.objects.get(goal=goal, position=1)
    AttemptFactory(step=middle)
    with pytest.raises(ValidationError, match="already practised this step"):
        step_remove(step=middle)
    assert len(_titles(goal)) == 3


@pytest.mark.django_db
def test_an_update_validates_before_saving(goal):
    step = Step.objects.get(goal=goal, position=0)
    with pytest.raises(ValidationError):
        step_update(step=step, draft=StepDraft(title="x", predicted_suds=150, planned_minutes=5))
    step.refresh_from_db()
    assert step.predicted_suds == 10


@pytest.mark.django_db
def test_an_ally_must_be_the_goal_owners_own_contact(goal, carol):
    step = Step.objects.get(goal=goal, position=0)
    stranger = ally_of(carol, "Carol's friend")
    draft = StepDraft(title="With someone", predicted_suds=20, planned_minutes=5, ally=stranger)
    with pytest.raises(ValidationError, match="your own trusted contacts"):
        step_update(step=step, draft=draft)


@pytest.mark.django_db
def test_accommodations_must_come_from_the_list(goal):
    step = Step.objects.get(goal=goal, position=0)
    draft = StepDraft(title="x", predicted_suds=20, planned_minutes=5, accommodations=("jetpack",))
    with pytest.raises(ValidationError):
        step_update(step=step, draft=draft)
