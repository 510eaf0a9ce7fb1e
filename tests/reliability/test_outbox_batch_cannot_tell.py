"""A chunk of 200 through providers that cannot tell, the worker killed at the 50th message.

SMTP servers and Twilio cannot be asked afterwards whether a message went out,
so reconcile sends again every row it finds in "sending". For such a channel
outbox_deliver_batch writes each "sent" the moment the provider took that
message (reminders.services.delivery_batch, `if not can_tell`), not with the rest
of the chunk: a worker that dies mid-chunk leaves only the one message that was
inside the provider call to go out twice. Without that rule the 49 before it
would be sent again too.
"""

import pytest
from django.utils import timezone

from reminders.models import Outbox
from tests.reliability.outbox_processes import OutboxWorker, dispatch_now, drain
from tests.reliability.outbox_support import (
    CANNOT_TELL,
    due_rows,
    duplicates,
    records,
    statuses,
)
from tests.services import redis_url
from tests.workers import Broker

pytestmark = [pytest.mark.worker, pytest.mark.redis]

Status = Outbox.Status
CHUNK = 200
KILLED_AT = 50


def test_a_worker_killed_at_the_50th_message_of_a_chunk_sends_at_most_one_twice(
    transactional_db, tmp_path
):
    broker = Broker.redis(redis_url())
    keys = set(due_rows(CHUNK, now=timezone.now(), tag="chunk"))
    record_dir = tmp_path / "records"
    # One chunk of 200 (one outbox_deliver_batch task), every row through a
    # provider that cannot tell; the worker stops after the 50th has been accepted.
    env = {**CANNOT_TELL, "OUTBOX_BATCH_SIZE": CHUNK}

    with OutboxWorker(
        broker, tmp_path, fault="after_provider_accept", STEPWISE_FAULT_AT=KILLED_AT, **env
    ) as doomed:
        dispatch_now(broker)
        doomed.wait_paused(timeout=60)
        doomed.kill()
    before = records(record_dir)
    at_the_kill = statuses(keys)
    print(f"\nat the kill: {len(before)} accepted; rows: {dict(at_the_kill)}")
    assert len(before) == KILLED_AT
    # The 49 before the one in the provider call are already "sent" in the database.
    assert at_the_kill == {
        Status.SENT: KILLED_AT - 1,
        Status.SENDING: CHUNK - KILLED_AT + 1,
    }
    (in_the_call,) = Outbox.objects.filter(
        dedupe_key__in=list(before), status=Status.SENDING
    ).values_list("dedupe_key", flat=True)

    # Reconcile finds the rest in "sending" once the lease runs out; it cannot
    # ask the provider, so it sends each of them again.
    with OutboxWorker(broker, tmp_path, **env):
        drain(broker, keys, timeout=120)

    seen = records(record_dir)
    twice = duplicates(seen)
    print(f"sent twice because the provider could not tell: {len(twice)} ({twice})")
    assert set(seen) == keys, f"lost: {sorted(keys - set(seen))[:10]}"
    assert twice in ({}, {in_the_call: 2}), "only the message that was inside the provider call"
    assert statuses(keys) == {Status.SENT: CHUNK}
