"""Two beat processes at once (a deploy that started a second by mistake): no duplicates.

Both beats ask for a dispatch every second and two workers run them, so
dispatchers race for the same rows, most of all as each batch comes due. The
claim (a conditional UPDATE under SKIP LOCKED), not beat, makes a row go out once.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from reminders.models import Outbox
from tests.reliability.outbox_processes import (
    CeleryBeat,
    OutboxWorker,
    running,
)
from tests.reliability.outbox_support import (
    due_rows,
    duplicates,
    records,
    settled,
    statuses,
    wait_until,
)
from tests.services import redis_url
from tests.workers import Broker

pytestmark = [pytest.mark.worker, pytest.mark.redis]


def test_two_beats_and_two_workers_send_each_reminder_once(transactional_db, tmp_path):
    broker = Broker.redis(redis_url())
    now = timezone.now()
    keys = due_rows(60, now=now, tag="now")
    # Batches coming due while both beats run, so several rounds race for each.
    last_due = now
    for second in (4, 8, 12):
        last_due = now + timedelta(seconds=second)
        keys += due_rows(20, now=now, due_at=last_due, tag=f"soon-{second}")

    # A lease far longer than the run: this test is about racing claims, not
    # about returning a dead worker's rows (test_outbox_crash_points does that).
    processes = (
        OutboxWorker(broker, tmp_path, OUTBOX_LEASE_SECONDS=300),
        OutboxWorker(broker, tmp_path, OUTBOX_LEASE_SECONDS=300),
        CeleryBeat(broker, tmp_path, every=1, name="beat-a"),
        CeleryBeat(broker, tmp_path, every=1, name="beat-b"),
    )
    with running(*processes):
        wait_until(lambda: settled(keys), timeout=150, what="every reminder going out")
        # A few more rounds from both beats after the last one: still nothing twice.
        time.sleep(max(0.0, (last_due - timezone.now()).total_seconds()) + 3)

    beats = processes[2:]
    rounds = [beat.output.count("Sending due task outbox-dispatch") for beat in beats]
    assert all(count >= 2 for count in rounds), f"both beats dispatched: {rounds}"
    seen = records(tmp_path / "records")
    print(
        f"\ndispatch rounds asked for by each beat: {rounds}; sent twice: {len(duplicates(seen))}"
    )
    assert set(seen) == set(keys)
    assert duplicates(seen) == {}
    assert statuses(keys) == {Outbox.Status.SENT: len(keys)}
