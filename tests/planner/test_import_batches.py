"""A large import commits in short batches, and a failure part-way leaves the data as it was.

These tests need real commits, so they run with transactional_db (each batch is
then a true COMMIT, not a savepoint inside the test's own transaction).
"""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction
from django.db.models.signals import post_save

from planner.models import CheckIn, ImportJournal, JournalEntry
from planner.services import export, import_limits
from tests.factories import CheckInFactory, JournalEntryFactory, TagFactory

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
ROWS = 2 * import_limits.BATCH_ROWS + 7


@pytest.fixture
def kept(alice):
    checkin = CheckInFactory(owner=alice, period_start=date(2026, 5, 1), mood=2, note="kept")
    checkin.tags.set([TagFactory(owner=alice, name="crowds")])
    JournalEntryFactory(owner=alice, title="Market day", text="Loud but fine.")
    return alice


def snapshot(owner) -> dict:
    return json.loads(json.dumps(export.export_build(owner=owner, now=NOW)["topics"]))


def large_file(owner) -> dict:
    data = json.loads(json.dumps(export.export_build(owner=owner, now=NOW)))
    start = datetime(2010, 1, 1, tzinfo=UTC)
    for n in range(ROWS):
        when = (start + timedelta(hours=n)).isoformat()
        data["topics"]["journal"].append(
            {
                "title": f"Entry {n}",
                "text": "",
                "tags": ["new tag"],
                "created_at": when,
                "updated_at": when,
            }
        )
    # The file's check-in for the same day replaces the one there, with other tags.
    data["topics"]["checkins"][0].update(mood=5, note="from the file", tags=["other"])
    return data


def test_rows_are_committed_in_batches_of_at_most_batch_rows(kept):
    since_commit, most, commits = [0], [0], [0]

    def committed():
        since_commit[0] = 0
        commits[0] += 1

    def saved(sender, **kwargs):
        if sender is ImportJournal:
            return  # the batch's own undo journal, one row beside its data
        since_commit[0] += 1
        most[0] = max(most[0], since_commit[0])
        transaction.on_commit(committed)  # runs when this row's transaction commits

    post_save.connect(saved, weak=False, dispatch_uid="batch-watch")
    try:
        export.export_import(owner=kept, data=large_file(kept))
    finally:
        post_save.disconnect(dispatch_uid="batch-watch")
    assert JournalEntry.objects.filter(owner=kept).count() == ROWS + 1
    assert most[0] <= import_limits.BATCH_ROWS
    assert commits[0] >= 3


def test_a_failure_after_some_batches_committed_leaves_everything_as_it_was(kept):
    before = snapshot(kept)
    checkin_before = CheckIn.objects.get(owner=kept)
    data = large_file(kept)
    # Thought records import after the journal: by then several batches are committed.
    data["topics"]["thought_records"] = [
        {
            "situation": "s",
            "automatic_thought": "a",
            "emotion": "e",
            "intensity_before": 50,
            "cited_attempts": ["attempt-404"],
            "created_at": NOW.isoformat(),
            "updated_at": NOW.isoformat(),
        }
    ]
    with pytest.raises(export.ImportProblem, match="thought records"):
        export.export_import(owner=kept, data=data)
    assert snapshot(kept) == before
    checkin = CheckIn.objects.get(owner=kept)
    assert (checkin.pk, checkin.note, checkin.updated_at) == (
        checkin_before.pk,
        "kept",
        checkin_before.updated_at,
    )
    assert sorted(kept.tags.values_list("name", flat=True)) == ["crowds"]
