"""Due reminders travel beat -> dispatch -> delivery tasks on a real worker process."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from reminders import recording
from reminders.models import Outbox
from reminders.services.dispatch import outbox_claim
from reminders.tasks import outbox_deliver, outbox_deliver_batch, outbox_dispatch
from tests.factories import prefs_replace
from tests.reminders.dispatch_support import SCRIPTED, ScriptedSMSBackend, outbox_row
from tests.services import redis_url
from tests.workers import Broker, CeleryWorker, sending_through

Status = Outbox.Status
PHONE = "+14155550123"


@pytest.fixture
def record_dir(tmp_path, monkeypatch):
    folder = tmp_path / "records"
    # This process reads what the worker recorded from the same folder.
    monkeypatch.setenv("STEPWISE_RECORD_DIR", str(folder))
    return folder


def recording_worker(broker: Broker, record_dir) -> CeleryWorker:
    return CeleryWorker(
        broker,
        extra_env={
            "STEPWISE_RECORD_DIR": str(record_dir),
            "SMS_BACKEND": "reminders.recording.RecordingSMSBackend",
            "EMAIL_BACKEND": "reminders.recording.RecordingEmailBackend",
            "EMAIL_HOST": None,
            # Deliveries the dispatcher enqueues go to this test's queue too.
            "CELERY_TASK_DEFAULT_QUEUE": broker.queue,
        },
        # A busy CI machine (or seven other test runs) can take a while to start one.
        ready_timeout=60,
    )


def wait_for_rows(rows, *, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        statuses = {row.pk: Outbox.objects.get(pk=row.pk).status for row in rows}
        if all(status not in Outbox.OPEN for status in statuses.values()):
            return statuses
        if time.monotonic() > deadline:
            raise AssertionError(f"rows still open after {timeout}s: {statuses}")
        time.sleep(0.2)


def due_reminders_reach_the_provider(broker: Broker, person, record_dir):
    now = timezone.now()
    prefs_replace(owner=person, sms_enabled=True, phone=PHONE, phone_verified_at=now)
    email = outbox_row(recipient=person, due_at=now, channel=Outbox.Channel.EMAIL)
    text = outbox_row(recipient=person, due_at=now - timedelta(minutes=1))
    stale = outbox_row(
        recipient=person, due_at=now - timedelta(hours=3), expires_at=now - timedelta(hours=1)
    )
    later = outbox_row(recipient=person, due_at=now + timedelta(hours=1))

    with sending_through(broker), recording_worker(broker, record_dir) as worker:
        handed = outbox_dispatch.delay().get(timeout=30)
        statuses = wait_for_rows([email, text, stale])
        worker.wait_for("reminders.tasks.outbox_deliver")

    assert handed == 3
    assert statuses == {email.pk: Status.SENT, text.pk: Status.SENT, stale.pk: Status.SKIPPED}
    sent = recording.records()
    assert sorted(record["dedupe_key"] for record in sent) == sorted(
        [email.dedupe_key, text.dedupe_key]
    ), "each due reminder once; the stale one and the later one not at all"
    by_channel = {record["channel"]: record for record in sent}
    assert by_channel["sms"]["to"] == PHONE
    assert by_channel["email"]["to"] == [person.email]
    assert "List-Unsubscribe" in by_channel["email"]["headers"]
    text.refresh_from_db()
    assert text.provider_message_id == by_channel["sms"]["provider_id"]
    assert Outbox.objects.get(pk=later.pk).status == Status.PENDING


@pytest.mark.worker
def test_due_reminders_are_delivered_by_a_worker_on_the_filesystem_broker(
    transactional_db, tmp_path, alice, record_dir
):
    due_reminders_reach_the_provider(Broker.filesystem(tmp_path), alice, record_dir)


@pytest.mark.worker
@pytest.mark.redis
def test_due_reminders_are_delivered_by_a_worker_on_redis(transactional_db, alice, record_dir):
    due_reminders_reach_the_provider(Broker.redis(redis_url()), alice, record_dir)


# --- the tasks' own wiring, run in this process ------------------------------------------
@pytest.fixture
def provider(settings, alice):
    settings.SMS_BACKEND = SCRIPTED
    ScriptedSMSBackend.reset()
    prefs_replace(owner=alice, sms_enabled=True, phone=PHONE, phone_verified_at=timezone.now())
    return ScriptedSMSBackend


def test_the_delivery_task_retries_a_transient_error_and_then_sends(alice, provider):
    provider.reset("transient", "transient")
    row = outbox_row(recipient=alice, due_at=timezone.now())
    ((outbox_id, lease),) = outbox_claim(now=timezone.now(), limit=1)

    # Run eagerly, a retry runs at once instead of after its countdown.
    assert outbox_deliver.apply(args=(outbox_id, lease)).get() == "sent"

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 3)
    assert provider.calls == 3 and len(provider.sent) == 1


def test_the_delivery_task_gives_up_after_its_bound(alice, provider, settings):
    provider.reset(*["transient"] * 20)
    row = outbox_row(recipient=alice, due_at=timezone.now())
    ((outbox_id, lease),) = outbox_claim(now=timezone.now(), limit=1)

    assert outbox_deliver.apply(args=(outbox_id, lease)).get() == "failed"

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, settings.OUTBOX_MAX_ATTEMPTS)
    assert provider.calls == settings.OUTBOX_MAX_ATTEMPTS
    assert "503" in row.last_error


def test_dispatch_hands_rows_to_tasks_only_after_the_claim_commits(
    alice, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.OUTBOX_BATCH_SIZE = 2
    rows = [outbox_row(recipient=alice, due_at=timezone.now()) for _ in range(5)]
    enqueued = []
    monkeypatch.setattr(
        outbox_deliver_batch, "apply_async", lambda args, **options: enqueued.append(tuple(args))
    )

    with django_capture_on_commit_callbacks() as callbacks:
        assert outbox_dispatch() == 5
        assert enqueued == [], "nothing reaches the broker before the commit"
    for callback in callbacks:
        callback()

    # One task per claimed chunk of OUTBOX_BATCH_SIZE, each with the chunk's lease.
    assert [len(ids) for ids, _ in enqueued] == [2, 2, 1]
    assert sorted(pk for ids, _ in enqueued for pk in ids) == sorted(row.pk for row in rows)
    leases = dict(Outbox.objects.values_list("pk", "lease"))
    assert all(leases[pk] == lease for ids, lease in enqueued for pk in ids)


def test_one_dispatch_run_stops_claiming_when_its_time_is_up(
    alice, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.OUTBOX_BATCH_SIZE = 2
    settings.OUTBOX_DISPATCH_BUDGET_SECONDS = 0
    for _ in range(5):
        outbox_row(recipient=alice, due_at=timezone.now())

    with django_capture_on_commit_callbacks():
        assert outbox_dispatch() == 2, "one full batch, then the next minute's run"
    assert Outbox.objects.filter(status=Status.PENDING).count() == 3
