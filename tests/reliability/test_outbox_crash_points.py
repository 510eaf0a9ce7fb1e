"""A worker SIGKILLed at each point a reminder passes: nothing is lost, nothing sent twice.

The README's "Reminders: what happens if a worker dies" table names the points
and the guarantee at each; this is its proof. Each case makes two reminders due
(an email, then a text), starts a worker that stops at the point (reminders.faults),
kills it there, checks it died where it should, then lets a fresh worker and
the dispatcher's reconcile finish the job.

With a provider that cannot say whether a message went out (SMTP, Twilio) we
send again: the one message that was accepted but not yet marked sent arrives
twice. That duplicate is counted and printed, never silently allowed.
"""

import pytest
from django.utils import timezone

from reminders.models import Outbox
from tests.reliability.outbox_processes import (
    OutboxWorker,
    dispatch_now,
    drain,
)
from tests.reliability.outbox_support import (
    CANNOT_TELL,
    due_rows,
    duplicates,
    outbox_writes_blocked,
    records,
    statuses,
    wait_until,
)
from tests.services import redis_url
from tests.workers import Broker

pytestmark = [pytest.mark.worker, pytest.mark.redis]

Status = Outbox.Status

# point -> (status of the first reminder at the kill, had the provider got it?)
AT_THE_KILL = {
    "after_claim": (Status.CLAIMED, False),
    "before_provider_call": (Status.SENDING, False),
    "in_provider_call": (Status.SENDING, False),
    "after_provider_accept": (Status.SENDING, True),
}


def _recover(broker, tmp_path, keys, **env):
    with OutboxWorker(broker, tmp_path, **env):
        drain(broker, keys, timeout=120)
    return records(tmp_path / "records")


def _kill_at(point, broker, tmp_path, **env):
    with OutboxWorker(broker, tmp_path, fault=point, **env) as doomed:
        dispatch_now(broker)
        doomed.wait_paused(timeout=60)
        doomed.kill()


def _status(key):
    return Outbox.objects.get(dedupe_key=key).status


@pytest.mark.parametrize("point", list(AT_THE_KILL))
def test_a_worker_killed_at_each_point_loses_nothing_and_sends_nothing_twice(
    point, transactional_db, tmp_path
):
    broker = Broker.redis(redis_url())
    first, second = keys = due_rows(2, now=timezone.now(), tag=point)

    _kill_at(point, broker, tmp_path)
    status, accepted = AT_THE_KILL[point]
    assert _status(first) == status
    assert (first in records(tmp_path / "records")) is accepted

    seen = _recover(broker, tmp_path, keys)
    assert seen == {first: 1, second: 1}, f"after a kill at {point}: {dict(seen)}"
    assert statuses(keys) == {Status.SENT: 2}


def test_a_worker_killed_before_it_claims_leaves_the_reminders_untouched(
    transactional_db, tmp_path
):
    broker = Broker.redis(redis_url())
    keys = due_rows(2, now=timezone.now(), tag="before-claim")

    with OutboxWorker(broker, tmp_path) as doomed, outbox_writes_blocked() as waiting:
        dispatch_now(broker)
        doomed.wait_for("reminders.tasks.outbox_dispatch[", timeout=60)
        wait_until(waiting, timeout=30, what="the dispatcher waiting for the outbox")
        doomed.kill()
    assert statuses(keys) == {Status.PENDING: 2}
    assert not Outbox.objects.exclude(lease="").exists()
    assert records(tmp_path / "records") == {}

    seen = _recover(broker, tmp_path, keys)
    assert seen == dict.fromkeys(keys, 1)
    assert statuses(keys) == {Status.SENT: 2}


def test_when_the_provider_cannot_tell_we_send_again_so_one_message_may_arrive_twice(
    transactional_db, tmp_path
):
    # The first reminder is the email: the SMTP case. Killed after the server took
    # it and before our commit, reconcile cannot ask, so it is sent again.
    broker = Broker.redis(redis_url())
    first, second = keys = due_rows(2, now=timezone.now(), tag="cannot-tell")

    _kill_at("after_provider_accept", broker, tmp_path, **CANNOT_TELL)
    assert first in records(tmp_path / "records")

    seen = _recover(broker, tmp_path, keys, **CANNOT_TELL)
    twice = duplicates(seen)
    print(f"\nsent twice because the provider could not tell: {len(twice)} ({twice})")
    assert set(seen) == {first, second}, "nothing is lost"
    assert twice == {first: 2}, "only the message that was inside the provider call"
    assert statuses(keys) == {Status.SENT: 2}
