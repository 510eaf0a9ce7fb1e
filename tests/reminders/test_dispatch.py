"""Claiming due reminders and settling the ones a dead worker left behind."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from reminders.faults import fault_point
from reminders.models import Outbox
from reminders.services.dispatch import outbox_claim, outbox_deliver, outbox_reconcile
from tests.factories import UserFactory
from tests.reminders.dispatch_support import SCRIPTED, ScriptedSMSBackend, outbox_row, text_for
from tests.services import postgresql_only

Status = Outbox.Status


@pytest.fixture
def provider(settings):
    settings.SMS_BACKEND = SCRIPTED
    ScriptedSMSBackend.reset()
    return ScriptedSMSBackend


@pytest.fixture
def now():
    return timezone.now()


def test_it_leases_only_due_pending_rows_oldest_first(alice, now):
    late = outbox_row(recipient=alice, due_at=now - timedelta(minutes=5))
    on_time = outbox_row(recipient=alice, due_at=now)
    outbox_row(recipient=alice, due_at=now + timedelta(minutes=1))  # not due yet
    outbox_row(recipient=alice, due_at=now - timedelta(hours=1), status=Status.SENT)

    claimed = outbox_claim(now=now, limit=10)

    assert [pk for pk, _ in claimed] == [late.pk, on_time.pk]
    late.refresh_from_db()
    assert late.status == Status.CLAIMED
    assert late.lease == claimed[0][1] and len(late.lease) == 32
    assert late.leased_until == now + timedelta(seconds=300)


def test_a_claimed_row_is_never_claimed_again(alice, now):
    for _ in range(3):
        outbox_row(recipient=alice, due_at=now)

    first = outbox_claim(now=now, limit=2)
    second = outbox_claim(now=now, limit=2)
    third = outbox_claim(now=now, limit=2)

    assert len(first) == 2 and len(second) == 1 and third == []
    assert not {pk for pk, _ in first} & {pk for pk, _ in second}


@pytest.mark.django_db(transaction=True)
def test_concurrent_claimers_on_postgresql_never_take_the_same_row():
    postgresql_only("SQLite has no SKIP LOCKED and serialises writers; concurrency is PostgreSQL's")
    now = timezone.now()
    person = UserFactory()
    for _ in range(400):
        outbox_row(recipient=person, due_at=now)
    taken: dict[int, list[int]] = {}
    start = threading.Barrier(4)

    def claimer(n):
        # Each thread has its own database connection, as separate workers would.
        try:
            start.wait()
            mine = taken.setdefault(n, [])
            while batch := outbox_claim(now=now, limit=25):
                mine.extend(pk for pk, _ in batch)
        finally:
            connection.close()

    threads = [threading.Thread(target=claimer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    every = [pk for mine in taken.values() for pk in mine]
    assert len(every) == 400, "every row claimed"
    assert len(set(every)) == 400, f"{len(every) - len(set(every))} double claims"
    assert sum(1 for mine in taken.values() if mine) > 1, "the claimers shared the work"
    assert not Outbox.objects.filter(status=Status.PENDING).exists()


def test_reconcile_returns_expired_claims_to_the_queue_and_leaves_live_ones(alice, now):
    expired = outbox_row(recipient=alice, due_at=now - timedelta(minutes=10))
    outbox_claim(now=now - timedelta(minutes=10), limit=1)  # leased for 5 minutes, then
    live = outbox_row(recipient=alice, due_at=now)
    outbox_claim(now=now, limit=1)

    assert outbox_reconcile(now=now) == 1

    expired.refresh_from_db()
    live.refresh_from_db()
    assert (expired.status, expired.lease, expired.leased_until) == (Status.PENDING, "", None)
    assert expired.attempts == 0, "a task that never started is not an attempt"
    assert live.status == Status.CLAIMED
    assert [pk for pk, _ in outbox_claim(now=now, limit=10)] == [expired.pk]


def stuck_in_sending(row, *, now):
    """A worker claimed the row, started sending it, and died."""
    (outbox_id, lease), *_ = outbox_claim(now=now, limit=50)
    Outbox.objects.filter(pk=outbox_id).update(status=Status.SENDING)
    return lease


def test_reconcile_marks_a_row_sent_when_the_provider_has_it(alice, now, provider):
    row = outbox_row(recipient=alice, due_at=now)
    stuck_in_sending(row, now=now)
    # The provider accepted it just before the worker died.
    provider().send(to="+14155550100", body="Hello", dedupe_key=row.dedupe_key)

    assert outbox_reconcile(now=now + timedelta(minutes=6)) == 1

    row.refresh_from_db()
    assert row.status == Status.SENT
    assert provider.calls == 1, "nothing is sent again"


def test_reconcile_queues_a_row_again_when_the_provider_does_not_have_it(alice, now, provider):
    row = outbox_row(recipient=alice, due_at=now)
    stuck_in_sending(row, now=now)

    assert outbox_reconcile(now=now + timedelta(minutes=6)) == 1

    row.refresh_from_db()
    assert (row.status, row.lease, row.attempts) == (Status.PENDING, "", 1)
    later = now + timedelta(minutes=6)
    (outbox_id, lease), *_ = outbox_claim(now=later, limit=1)
    assert outbox_deliver(outbox_id=outbox_id, lease=lease, now=later, message_for=text_for) == (
        "sent"
    )
    assert [sent.dedupe_key for sent in provider.sent] == [row.dedupe_key]


def test_reconcile_errs_on_sending_again_when_the_provider_cannot_tell(alice, now, settings):
    # The console backend has no way to look a message up (like Twilio): was_sent is None.
    settings.SMS_BACKEND = "reminders.sms.ConsoleSMSBackend"
    row = outbox_row(recipient=alice, due_at=now)
    stuck_in_sending(row, now=now)

    assert outbox_reconcile(now=now + timedelta(minutes=6)) == 1

    row.refresh_from_db()
    assert row.status == Status.PENDING


def test_a_row_that_kills_its_worker_every_time_ends_as_could_not_send(alice, now, provider):
    row = outbox_row(recipient=alice, due_at=now, attempts=4)
    stuck_in_sending(row, now=now)

    outbox_reconcile(now=now + timedelta(minutes=6))

    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.get_status_display() == "Could not send"


def test_reconcile_leaves_a_sending_row_alone_while_its_lease_runs(alice, now, provider):
    row = outbox_row(recipient=alice, due_at=now)
    stuck_in_sending(row, now=now)

    assert outbox_reconcile(now=now + timedelta(minutes=4)) == 0
    row.refresh_from_db()
    assert row.status == Status.SENDING


def test_fault_point_does_nothing_unless_the_environment_names_it(settings, monkeypatch, tmp_path):
    settings.OUTBOX_FAULTS_ENABLED = True
    monkeypatch.setenv("STEPWISE_FAULT_DIR", str(tmp_path))
    monkeypatch.delenv("STEPWISE_FAULT_PAUSE", raising=False)
    fault_point("after_claim")
    monkeypatch.setenv("STEPWISE_FAULT_PAUSE", "in_provider_call")
    fault_point("after_claim")
    assert list(tmp_path.iterdir()) == []

    monkeypatch.setenv("STEPWISE_FAULT_SECONDS", "0")
    fault_point("in_provider_call")
    assert [path.name.split(".")[0] for path in tmp_path.iterdir()] == ["in_provider_call"]


def test_fault_point_does_nothing_while_fault_injection_is_off(settings, monkeypatch, tmp_path):
    # A stray STEPWISE_FAULT_PAUSE in a server's environment must not stall a worker.
    settings.OUTBOX_FAULTS_ENABLED = False
    monkeypatch.setenv("STEPWISE_FAULT_DIR", str(tmp_path))
    monkeypatch.setenv("STEPWISE_FAULT_PAUSE", "in_provider_call")
    monkeypatch.setenv("STEPWISE_FAULT_SECONDS", "0")

    fault_point("in_provider_call")

    assert list(tmp_path.iterdir()) == []
