"""Redis stopped for 30 seconds while reminders come due, then started again.

The test runs its own redis-server (never the machine's shared one), with beat
and a worker both on it. Redis comes back empty, as a restart without
persistence does, so whatever was queued at the stop is gone too: the outbox in
the database is the schedule, and it must be enough. Every reminder that can
still help goes out once; one whose step began during the outage is recorded
as skipped, never sent late.

The same when Redis stops with work under way: delivery tasks waiting in the
queue (lost with it) and one in flight (stopped half way through its chunk, as
a worker that can no longer acknowledge a task does). And when the broker is
already down at the moment a dispatcher hands it a claimed chunk, the claim is
given back at once (outbox_release), so the next dispatch sends it.
"""

import time
from datetime import timedelta

import pytest
import redis as redis_client
from django.utils import timezone
from kombu.exceptions import OperationalError

from reminders.models import Outbox
from reminders.tasks import outbox_dispatch
from tests.factories import ScheduledStepFactory
from tests.reliability.outbox_processes import (
    CeleryBeat,
    OutboxWorker,
    PrivateRedis,
    dispatch_now,
    drain,
    running,
    sending,
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


# --- Redis stopped with deliveries queued and one in flight -------------------------------
CHUNK = 10
CHUNKS = 10
IN_FLIGHT_AT = 25  # the 5th message of the 3rd chunk
QUEUED_OUTAGE = 10


def test_deliveries_queued_or_in_flight_when_redis_stops_go_out_once_when_it_returns(
    transactional_db, tmp_path
):
    redis = PrivateRedis(tmp_path).start()
    broker = Broker.redis(redis.url)
    try:
        # Prefork, as production runs: on losing the broker the worker stops the
        # task it cannot acknowledge any more (its child is terminated), so the
        # chunk in flight is left half sent. The recording backends can answer
        # was_sent, so reconcile can tell what went.
        worker = OutboxWorker(
            broker,
            tmp_path,
            pool="prefork",
            fault="after_provider_accept",
            STEPWISE_FAULT_AT=IN_FLIGHT_AT,
            OUTBOX_BATCH_SIZE=CHUNK,
        )
        with running(worker):
            now = timezone.now()
            keys = due_rows(CHUNK * CHUNKS, now=now, due_at=now - timedelta(minutes=1), tag="q")
            # Claimed last (due last), so queued behind the rest at the stop, and
            # no use any more once Redis is back: recorded as skipped, not sent late.
            expiring = due_rows(
                2,
                now=now,
                tag="expiring",
                expires_at=now + timedelta(seconds=QUEUED_OUTAGE - 2),
            )
            dispatch_now(broker)
            worker.wait_paused(timeout=60)
            queued = redis_client.Redis.from_url(redis.url).llen(broker.queue)
            at_the_stop = statuses(keys)
            print(f"\nat the stop: {queued} tasks queued; rows: {dict(at_the_stop)}")
            # Two chunks sent; the third in flight, its first five accepted by
            # the provider, our "sent" not yet written; the rest waiting in Redis.
            assert queued == CHUNKS - 3 + 1
            assert at_the_stop == {
                Status.SENT: 2 * CHUNK,
                Status.SENDING: CHUNK,
                Status.CLAIMED: CHUNK * (CHUNKS - 3),
            }
            assert statuses(expiring) == {Status.CLAIMED: 2}

            redis.stop()
            worker.wait_for("Connection to broker lost", timeout=30)
            worker.wait_for("Terminating it instead", timeout=30)
            time.sleep(QUEUED_OUTAGE)
            # Nothing can move while Redis is away: no dispatch, no delivery.
            assert len(records(tmp_path / "records")) == 2 * CHUNK + 5
            assert statuses(keys) == at_the_stop

            # Back, and empty: the queued tasks are gone with it. Reconcile (at
            # each dispatch) returns the queued chunks' rows and asks the
            # provider about the half-sent one.
            redis.start()
            drain(broker, keys + expiring, timeout=90)
    finally:
        redis.stop()

    seen = records(tmp_path / "records")
    print(f"after the outage: {len(set(seen))} sent, sent twice: {len(duplicates(seen))}")
    assert set(seen) == set(keys), "every useful reminder arrived, none lost"
    assert duplicates(seen) == {}
    assert statuses(keys) == {Status.SENT: len(keys)}
    assert statuses(expiring) == {Status.SKIPPED: 2}


# --- the broker down when a claimed chunk is handed over ----------------------------------
def test_a_chunk_the_broker_cannot_take_is_released_and_the_next_dispatch_sends_it(
    transactional_db, tmp_path, settings
):
    # Nothing listens on this Redis's port until it is started below.
    redis = PrivateRedis(tmp_path)
    broker = Broker.redis(redis.url)
    settings.OUTBOX_BATCH_SIZE = 2
    keys = due_rows(4, now=timezone.now(), tag="refused")

    # A dispatch run, as a worker runs it, in this process: it claims a chunk,
    # commits, and fails to hand it to the broker.
    with sending(broker), pytest.raises(OperationalError):
        outbox_dispatch()
    # The claim was given back at once, not left to run out its lease (5 minutes
    # here), and the run stopped there rather than claim more it cannot hand over.
    assert statuses(keys) == {Status.PENDING: len(keys)}
    assert not Outbox.objects.filter(dedupe_key__in=keys).exclude(lease="").exists()

    try:
        redis.start()
        with OutboxWorker(broker, tmp_path):
            dispatch_now(broker)  # the next dispatch, and only that one
            wait_until(lambda: settled(keys), timeout=30, what="the next dispatch sending them")
    finally:
        redis.stop()
    assert records(tmp_path / "records") == dict.fromkeys(keys, 1)
    assert statuses(keys) == {Status.SENT: len(keys)}
