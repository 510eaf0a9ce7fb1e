"""Two beat processes at once (a deploy that started a second by mistake): no duplicates.

Both beats ask for a dispatch every second. So that what each one's asks did can
be told apart, each beat's dispatches go to a dispatch queue of its own
(OUTBOX_DISPATCH_QUEUE), run by a worker of its own (the README's production
arrangement, twice): a beat and its worker are one dispatcher. A third worker
delivers. A dispatch run claims one small chunk and stops (OUTBOX_BATCH_SIZE=5,
no time budget for a second), so the due rows are shared out over many rounds.

Left alone, two dispatchers a second apart rarely touch the outbox in the same
millisecond. So for the first rounds the test holds every outbox write until
both dispatchers are waiting at it, then lets them go at once: a real race for
the same rows, round after round. The claim (SELECT ... FOR UPDATE SKIP LOCKED,
then a conditional UPDATE), not beat, makes a row go out once.

What each dispatcher claimed is what its dispatch runs handed out (each run's
result, in its own worker's log); a trigger on the outbox records every claim
the database saw, by row, so a row claimed while another lease held it shows
even when the delivery's lease guard keeps it from going out twice.
"""

import re
import time
from collections import Counter
from contextlib import ExitStack
from datetime import timedelta
from functools import partial

import pytest
from django.db import connection
from django.utils import timezone

from reminders.models import Outbox
from tests.reliability.outbox_processes import (
    CeleryBeat,
    OutboxWorker,
    running,
)
from tests.reliability.outbox_support import (
    claims_recorded,
    due_rows,
    duplicates,
    outbox_writes_blocked,
    records,
    settled,
    statuses,
    wait_until,
)
from tests.services import redis_url
from tests.workers import Broker

pytestmark = [pytest.mark.worker, pytest.mark.redis]

# Celery logs each task's result: for a dispatch run, the rows it claimed and handed out.
DISPATCHED = re.compile(r"reminders\.tasks\.outbox_dispatch\[[^\]]+\] succeeded in \S+: (\d+)")
# Rounds in which both dispatchers are let go at the same instant (PostgreSQL can
# tell when both wait; SQLite cannot, so there only the first round is held).
RACES = 6


def _claimed_by(worker: OutboxWorker) -> int:
    return sum(int(handed) for handed in DISPATCHED.findall(worker.output))


def test_two_beats_and_two_dispatchers_send_each_reminder_once(transactional_db, tmp_path):
    broker = Broker.redis(redis_url())
    now = timezone.now()
    keys = due_rows(60, now=now, tag="now")
    # Batches coming due while both beats run, so several rounds race for each.
    last_due = now
    for second in (4, 8, 12):
        last_due = now + timedelta(seconds=second)
        keys += due_rows(20, now=now, due_at=last_due, tag=f"soon-{second}")

    settings = {
        "OUTBOX_BATCH_SIZE": 5,
        "OUTBOX_DISPATCH_BUDGET_SECONDS": 0,
        # A lease far longer than the run: this test is about racing claims, not
        # about returning a dead worker's rows (test_outbox_crash_points does that),
        # so no row has any business being claimed twice.
        "OUTBOX_LEASE_SECONDS": 300,
    }
    dispatchers = {}
    for name in ("a", "b"):
        queue = f"{broker.queue}-dispatch-{name}"
        route = {"OUTBOX_DISPATCH_QUEUE": queue, **settings}
        dispatchers[name] = (
            CeleryBeat(broker, tmp_path, every=1, name=f"beat-{name}", **route),
            # Named, so PostgreSQL can say which connections wait at the gate.
            OutboxWorker(
                broker, tmp_path, queues=(queue,), PGAPPNAME=f"dispatcher-{name}", **route
            ),
        )
    names = [f"dispatcher-{name}" for name in dispatchers]
    workers = [worker for _, worker in dispatchers.values()]
    delivering = OutboxWorker(broker, tmp_path, **settings)
    races = RACES if connection.vendor == "postgresql" else 1

    def both_waiting(waiting) -> bool:
        if connection.vendor != "postgresql":
            # SQLite cannot say who waits: both have a dispatch run under way.
            return all("reminders.tasks.outbox_dispatch[" in worker.output for worker in workers)
        return waiting(*names) >= len(names)

    with claims_recorded() as claims, ExitStack() as held:
        waiting = held.enter_context(outbox_writes_blocked())
        with running(*[p for pair in dispatchers.values() for p in pair], delivering):
            for race in range(1, races + 1):
                wait_until(
                    partial(both_waiting, waiting),
                    timeout=60,
                    what=f"both dispatchers waiting to claim (round {race})",
                )
                held.close()  # both go at once
                if race < races:
                    waiting = held.enter_context(outbox_writes_blocked())
            wait_until(lambda: settled(keys), timeout=150, what="every reminder going out")
            # A few more rounds from both beats after the last one: still nothing twice.
            time.sleep(max(0.0, (last_due - timezone.now()).total_seconds()) + 3)
        recorded = claims()

    rounds = {
        name: beat.output.count("Sending due task outbox-dispatch")
        for name, (beat, _) in dispatchers.items()
    }
    claimed = {name: _claimed_by(worker) for name, (_, worker) in dispatchers.items()}
    seen = records(tmp_path / "records")
    print(
        f"\ndispatch rounds asked for by each beat: {rounds}; rows each dispatcher claimed:"
        f" {claimed}; claims recorded: {len(recorded)}; sent twice: {len(duplicates(seen))}"
    )
    assert all(count >= 2 for count in rounds.values()), f"both beats dispatched: {rounds}"
    assert all(count > 0 for count in claimed.values()), f"both dispatchers claimed: {claimed}"

    # Every row claimed once, from "pending": never from under another lease.
    ids = dict(Outbox.objects.filter(dedupe_key__in=keys).values_list("pk", "dedupe_key"))
    per_row = Counter(outbox_id for outbox_id, *_ in recorded)
    assert {ids[pk]: n for pk, n in per_row.items() if n > 1} == {}, "claimed twice"
    assert set(per_row) == set(ids)
    taken_from = Counter(from_status for _, from_status, _, _ in recorded)
    assert taken_from == {Outbox.Status.PENDING: len(keys)}, taken_from
    assert sum(claimed.values()) == len(recorded), "every claim is one of the two dispatchers'"

    assert set(seen) == set(keys)
    assert duplicates(seen) == {}
    assert statuses(keys) == {Outbox.Status.SENT: len(keys)}
