"""Redis stopped for 30 seconds while reminders come due, then started again.

The test runs its own redis-server (never the machine's shared one), with beat
and a worker both on it. Redis comes back empty, as a restart without
persistence does, so whatever was queued at the stop is gone too: the outbox in
the database is the schedule, and it must be enough. Every reminder that can
still help goes out once; one whose step began during the outage is recorded
as skipped, never sent late.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from reminders.models import Outbox
from tests.factories import ScheduledStepFactory
from tests.reliability.outbox_processes import (
    CeleryBeat,
    OutboxWorker,
    PrivateRedis,
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
from tests.workers import Broker

pytestmark = [pytest.mark.worker, pytest.mark.redis]

OUTAGE = 30
Status = Outbox.Status


def test_reminders_due_during_a_redis_outage_go_out_once_when_it_returns(
    transactional_db, tmp_path
):
    redis = PrivateRedis(tmp_path).start()
    broker = Broker.redis(redis.url)
    try:
        worker, beat = OutboxWorker(broker, tmp_path), CeleryBeat(broker, tmp_path, every=1)
        with running(worker, beat):
            before = due_rows(2, now=timezone.now(), tag="before")
            wait_until(lambda: settled(before), timeout=60, what="the first reminders going out")

            redis.stop()
            down_at = timezone.now()
            # Due all through the outage, and still useful after it.
            during = []
            for second in range(3, OUTAGE, 6):
                due = down_at + timedelta(seconds=second)
                during += due_rows(2, now=down_at, due_at=due, tag=f"during-{second}")
            # A step that begins in the middle of the outage: its reminder expires then.
            scheduled = ScheduledStepFactory(starts_at=down_at + timedelta(seconds=OUTAGE / 2))
            (step_key,) = due_rows(
                1,
                now=down_at,
                tag="step",
                due_at=down_at + timedelta(seconds=5),
                expires_at=scheduled.starts_at,
                scheduled_step=scheduled,
            )
            Outbox.objects.filter(dedupe_key=step_key).update(recipient=scheduled.owner)
            time.sleep(max(0.0, OUTAGE - (timezone.now() - down_at).total_seconds()))
            assert statuses(during + [step_key]) == {Status.PENDING: len(during) + 1}

            redis.start()
            wait_until(
                lambda: settled(during + [step_key]),
                timeout=150,
                what="the reminders going out after Redis came back",
            )
    finally:
        redis.stop()

    seen = records(tmp_path / "records")
    print(f"\nafter the outage: {len(during)} sent, sent twice: {len(duplicates(seen))}")
    assert set(seen) == set(before + during), "every useful reminder arrived, none lost"
    assert duplicates(seen) == {}
    assert statuses(before + during) == {Status.SENT: len(before + during)}
    skipped = Outbox.objects.get(dedupe_key=step_key)
    assert skipped.status == Status.SKIPPED
    assert "already begun" in skipped.skip_reason
