import pytest

from planner.services.problems import problem_save
from tests.factories import StepFactory


def test_a_worksheet_cannot_point_at_someone_elses_step(alice, carol):
    with pytest.raises(ValueError):
        problem_save(
            owner=carol,
            step=StepFactory(goal__owner=alice),
            problem="x",
            options=[],
            chosen_position=None,
            first_move="",
            first_move_on=None,
            outcome="",
            review="",
        )


def test_the_chosen_idea_survives_empty_rows_and_saving_again_replaces_the_options(alice):
    kwargs = {
        "owner": alice,
        "step": None,
        "problem": "Too tired after work",
        "first_move": "",
        "first_move_on": None,
        "outcome": "",
        "review": "",
    }
    sheet = problem_save(
        options=[{"text": "A"}, {"text": ""}, {"text": "B"}], chosen_position=3, **kwargs
    )
    assert [o.text for o in sheet.options.all()] == ["A", "B"] and sheet.chosen.text == "B"
    sheet = problem_save(worksheet=sheet, options=[{"text": "C"}], chosen_position=None, **kwargs)
    assert [o.text for o in sheet.options.all()] == ["C"] and sheet.chosen is None
