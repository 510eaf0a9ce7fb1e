"""A process killed mid-import leaves no half import behind, and nobody sees one meanwhile.

The import runs in a real subprocess that SIGKILLs itself after a few batches
committed (tests/planner/import_crash_child.py): its undo journal is then only
what the database holds. While its run is still `running`, the person's pages and
their supporter's pages wait; the sweep puts everything back exactly (every planner
row, decrypted, by pk), and the person's next page says so, once.
"""

import json
import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from planner.models import CheckIn, ImportJournal, ImportRun, JournalEntry
from planner.services import import_runs
from tests.accounts.delete_account_support import snapshot as every_row
from tests.planner.test_import_batches import kept, large_file  # noqa: F401
from tests.services import not_applicable
from tests.supporters.supporters_support import ALL_SCOPES, link_for
from tests.workers import database_url

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = settings.BASE_DIR
KILL_AFTER = 4  # batches: the profile, the check-in, then journal entries
BOOKKEEPING = {"planner.ImportRun", "planner.ImportJournal"}


def person_rows() -> dict:
    """Every planner row (decrypted, by pk) and every account: what an import may touch.

    A link put back is a new row of its link table, so links compare by what they join.
    """
    rows = {}
    for label, by_pk in every_row().items():
        if label in BOOKKEEPING or not (label.startswith("planner.") or label == "accounts.User"):
            continue
        if apps.get_model(label)._meta.auto_created:
            rows[label] = sorted(row[2:] for row in by_pk.values())  # (pk, id, ...)
        else:
            rows[label] = by_pk
    return rows


def import_killed(owner, data, tmp_path) -> None:
    try:
        url = database_url()
    except RuntimeError:
        not_applicable("an in-memory SQLite database can't be shared with a subprocess")
    path = tmp_path / "import.json"
    path.write_text(json.dumps(data))
    child = subprocess.run(  # noqa: S603 (our own module, our own arguments)
        [
            sys.executable,
            "-m",
            "tests.planner.import_crash_child",
            str(owner.pk),
            path,
            str(KILL_AFTER),
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-3000:]


@pytest.fixture
def bob_client(bob):
    return Client()


@pytest.fixture
def crashed(kept, bob, client, bob_client, tmp_path):  # noqa: F811
    """Alice's import, killed after KILL_AFTER batches; Bob supports her with every scope."""
    link_for(kept, bob, *ALL_SCOPES)
    # Signing in moves last_login: done before the snapshot.
    client.force_login(kept)
    bob_client.force_login(bob)
    before = person_rows()
    import_killed(kept, large_file(kept), tmp_path)
    return before


def test_a_killed_import_is_out_of_sight_until_the_sweep_puts_all_back(crashed, alice, bob_client):
    # Half an import is in the database: the harm the sweep undoes.
    assert person_rows() != crashed
    assert CheckIn.objects.get(owner=alice).note == "from the file"
    assert JournalEntry.objects.filter(owner=alice).count() > 1
    run = ImportRun.objects.get(owner=alice)
    assert run.state == ImportRun.State.RUNNING
    assert ImportJournal.objects.filter(run=run).exists()

    # Her supporter sees the wait, not half an import; their own pages are theirs.
    for path in (f"/supporting/{alice.pk}/journal/", f"/supporting/{alice.pk}/", "/supporting/"):
        response = bob_client.get(path)
        assert response.status_code == 503, path
        html = response.content.decode()
        assert "being brought up to date" in html
        assert "Entry 0" not in html
    assert bob_client.get("/week/").status_code == 200

    # A run whose heartbeat is fresh may still be alive: the sweep leaves it alone.
    assert import_runs.imports_sweep(now=timezone.now()) == 0
    assert ImportRun.objects.get(owner=alice).state == ImportRun.State.RUNNING

    later = timezone.now() + timedelta(seconds=settings.IMPORT_STALE_SECONDS + 1)
    assert import_runs.imports_sweep(now=later) == 1
    assert person_rows() == crashed
    assert not ImportJournal.objects.exists()
    # Sweeping again finds nothing to do, and changes nothing.
    assert import_runs.imports_sweep(now=later + timedelta(minutes=5)) == 0
    assert person_rows() == crashed
    assert bob_client.get(f"/supporting/{alice.pk}/journal/").status_code == 200


def test_while_the_run_is_open_pages_wait_then_the_person_is_told_once(crashed, alice, client):
    week = client.get("/week/")
    assert week.status_code == 503
    assert week["Retry-After"] == "5"
    html = week.content.decode()
    assert "Your import is being applied" in html
    assert "Entry 0" not in client.get("/journal/").content.decode()
    # The safety plan is never behind a wait.
    assert client.get("/safety-plan/").status_code == 200

    # Once the process is known gone, the sweep (here the command) puts it back...
    run = ImportRun.objects.get(owner=alice)
    stale = run.heartbeat_at - timedelta(seconds=settings.IMPORT_STALE_SECONDS + 1)
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=stale)
    call_command("sweep_imports", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert person_rows() == crashed
    # ...and the next page says so, calmly, once.
    started = timezone.localtime(run.started_at, alice.zone)
    notice = (
        f"An import you started on {started.day} {started:%B} didn&#x27;t finish, "
        "so we put everything back as it was."
    )
    first = client.get("/week/")
    assert first.status_code == 200
    assert notice in first.content.decode()
    assert notice not in client.get("/week/").content.decode()
    assert not ImportRun.objects.exists()


def test_a_dead_run_met_on_the_persons_next_page_is_put_back_there(crashed, alice, client):
    run = ImportRun.objects.get(owner=alice)
    stale = run.heartbeat_at - timedelta(seconds=settings.IMPORT_STALE_SECONDS + 1)
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=stale)
    response = client.get("/week/")
    assert response.status_code == 200
    assert "put everything back as it was" in response.content.decode()
    assert person_rows() == {**crashed, "accounts.User": person_rows()["accounts.User"]}
    assert not User.objects.get(pk=alice.pk).import_runs.exists()
