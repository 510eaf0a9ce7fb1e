"""Measures, wins and worksheets leave in the export and come back the same."""

from datetime import timedelta

import pytest
from django.utils import timezone

from planner.models import MeasureResponse
from planner.services import progress_export as export
from planner.services.problems import problem_save
from tests.factories import MeasureResponseFactory, UserFactory, WinFactory


@pytest.fixture
def history(alice):
    MeasureResponseFactory(
        owner=alice, answers=[3, 2, 2], score=7, taken_at=timezone.now() - timedelta(days=30)
    )
    MeasureResponseFactory(owner=alice, kind="lsns6", answers=[2, 2, 1, 3, 2, 2], score=12)
    WinFactory(owner=alice, text="=Went to the library")
    problem_save(
        owner=alice,
        step=None,
        problem="The bus is packed",
        options=[{"text": "Earlier bus", "pros": "Quiet", "cons": ""}, {"text": "Walk"}],
        chosen_position=2,
        first_move="Check the timetable",
        first_move_on=timezone.localdate(),
        outcome="helped",
        review="Fine",
    )


def _everything(person) -> dict:
    return {
        "measures": export.measures_export(person),
        "wins": export.wins_export(person),
        "problems": export.problems_export(person),
    }


def test_an_export_imported_into_a_fresh_account_equals_the_original(alice, history):
    original = _everything(alice)
    fresh = UserFactory()
    export.measures_import(fresh, original["measures"])
    export.wins_import(fresh, original["wins"])
    export.problems_import(fresh, original["problems"])
    assert _everything(fresh) == original
    # A second import of the same file brings in nothing new.
    assert export.measures_import(fresh, original["measures"]) == 0
    assert export.wins_import(fresh, original["wins"]) == 0
    assert export.problems_import(fresh, original["problems"]) == 0


def test_an_imported_score_is_worked_out_again_from_the_answers(alice):
    rows = [
        {"kind": "ucla3", "answers": [1, 1, 1], "score": 9, "taken_at": timezone.now().isoformat()}
    ]
    export.measures_import(alice, rows)
    assert MeasureResponse.objects.get(owner=alice).score == 3


def test_the_measures_csv_has_one_row_per_answer_set(alice, history):
    lines = export.measures_csv(alice).strip().splitlines()
    assert lines[0] == "measure,taken_at,score,answers"
    assert (
        len(lines) == 3 and lines[2].startswith("lsns6,") and lines[2].endswith(",12,2 2 1 3 2 2")
    )
