"""One import at a time per person, and an import's journal records only its own writes."""

import json
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from planner import tasks
from planner.models import CheckIn, ImportJournal, ImportRun, JournalEntry
from planner.services import export, import_runs
from planner.services.import_batches import UndoJournal
from tests.factories import CheckInFactory, JournalEntryFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


def snapshot(owner) -> dict:
    return json.loads(json.dumps(export.export_build(owner=owner, now=NOW)["topics"]))


def a_file(owner) -> dict:
    data = json.loads(json.dumps(export.export_build(owner=owner, now=NOW)))
    data["topics"]["journal"].append(
        {
            "title": "From the file",
            "text": "",
            "tags": [],
            "created_at": NOW.isoformat(),
            "updated_at": NOW.isoformat(),
        }
    )
    return data


@pytest.fixture
def importing(alice):
    CheckInFactory(owner=alice, period_start=date(2026, 5, 1), note="kept")
    JournalEntryFactory(owner=alice, title="Market day")
    now = timezone.now()
    ImportRun.objects.create(owner=alice, started_at=now, heartbeat_at=now)
    return alice


def test_a_second_import_while_one_runs_is_refused_kindly_and_changes_nothing(importing):
    before = snapshot(importing)
    with pytest.raises(export.ImportProblem, match="still being applied"):
        export.export_import(owner=importing, data=a_file(importing))
    assert snapshot(importing) == before
    assert ImportRun.objects.filter(owner=importing).count() == 1


def test_the_import_page_waits_while_an_import_runs_and_changes_nothing(importing, alice_client):
    before = snapshot(importing)
    raw = json.dumps(a_file(importing)).encode()
    upload = SimpleUploadedFile("stepwise.json", raw, content_type="application/json")
    response = alice_client.post("/export/", {"file": upload})
    assert response.status_code == 503
    html = response.content.decode()
    assert "Your import is being applied" in html
    assert "hasn't been saved yet" in html
    assert snapshot(importing) == before


def test_a_finished_import_leaves_no_run_and_no_journal(alice):
    export.export_import(owner=alice, data=a_file(alice))
    assert [entry.title for entry in JournalEntry.objects.filter(owner=alice)] == ["From the file"]
    assert not ImportRun.objects.exists()


def test_a_run_being_put_back_by_a_live_sweep_is_left_to_it(alice):
    now = timezone.now()
    ImportRun.objects.create(
        owner=alice, started_at=now, heartbeat_at=now, state=ImportRun.State.UNDOING
    )
    assert import_runs.imports_sweep(now=now) == 0
    assert ImportRun.objects.get(owner=alice).state == ImportRun.State.UNDOING


def test_saves_made_by_other_threads_meanwhile_are_not_in_the_journal(alice, carol):
    now = timezone.now()
    journal = UndoJournal(ImportRun.objects.create(owner=alice, started_at=now, heartbeat_at=now))
    theirs = CheckIn(owner=carol, period_start=date(2026, 5, 1), rhythm="daily", pk=41)
    elsewhere = threading.Thread(
        target=journal.on_post_save, kwargs={"sender": CheckIn, "instance": theirs, "created": True}
    )
    elsewhere.start()
    elsewhere.join()
    journal.on_post_save(sender=CheckIn, instance=CheckIn(pk=42), created=True)
    # Only the importing thread's own row would be undone.
    assert journal._pending["created"] == [["planner.CheckIn", 42]]


def test_the_beat_task_puts_back_a_run_whose_process_died(alice):
    written = JournalEntryFactory(owner=alice, title="From a file")
    gone = timezone.now() - timedelta(seconds=settings.IMPORT_STALE_SECONDS * 2)
    run = ImportRun.objects.create(owner=alice, started_at=gone, heartbeat_at=gone)
    body = {"created": [["planner.JournalEntry", written.pk]], "before": [], "links": []}
    ImportJournal.objects.create(run=run, body=json.dumps(body))

    assert tasks.imports_sweep() == 1
    assert not JournalEntry.objects.filter(owner=alice).exists()
    run.refresh_from_db()
    assert (run.state, run.to_tell) == (ImportRun.State.UNDONE, True)
    assert not ImportJournal.objects.exists()
