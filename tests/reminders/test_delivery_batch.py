"""Delivering a claimed chunk in one task: each row once, each ending right, in few queries."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reminders import recording
from reminders.models import Outbox, SmsOptOut
from reminders.services.delivery_batch import outbox_deliver_batch
from reminders.services.dispatch import outbox_claim
from reminders.tasks import outbox_deliver, outbox_dispatch
from reminders.tasks import outbox_deliver_batch as outbox_deliver_batch_task
from tests.factories import UserFactory, prefs_replace
from tests.reminders.dispatch_support import SCRIPTED, ScriptedSMSBackend, outbox_row, text_for

Status = Outbox.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def provider(settings, tmp_path, monkeypatch):
    """Texts to the scripted provider, emails to the recording backend (both can tell)."""
    settings.SMS_BACKEND = SCRIPTED
    settings.MAILERS = {"default": {"BACKEND": "reminders.recording.RecordingEmailBackend"}}
    monkeypatch.setenv("STEPWISE_RECORD_DIR", str(tmp_path / "records"))
    ScriptedSMSBackend.reset()
    return ScriptedSMSBackend


def person(n, now, **prefs):
    someone = UserFactory(email=f"batch-{n}@example.org", timezone="UTC")
    prefs = {"sms_enabled": True, "phone": f"+1415555{n:04d}", "phone_verified_at": now} | prefs
    prefs_replace(owner=someone, **prefs)
    return someone


def due(count, now, *, channel=Outbox.Channel.SMS, start=0):
    return [
        outbox_row(recipient=person(start + n, now), due_at=now, channel=channel)
        for n in range(count)
    ]


def claim_chunk(now, limit=500):
    claimed = outbox_claim(now=now, limit=limit)
    return [pk for pk, _ in claimed], claimed[0][1]


def test_a_batch_sends_each_row_once_and_records_where_each_went(now, provider):
    texts = due(3, now)
    emails = due(2, now, channel=Outbox.Channel.EMAIL, start=10)
    ids, lease = claim_chunk(now)

    outcome = outbox_deliver_batch(ids=ids, lease=lease, now=now)

    assert outcome.counts == {"duplicate": 0, "sent": 5, "skipped": 0, "failed": 0, "retry": 0}
    by_key = {sent.dedupe_key: sent for sent in provider.sent}
    assert sorted(by_key) == sorted(row.dedupe_key for row in texts)
    for row in texts:
        row.refresh_from_db()
        # Each row its own address and provider id, from the one UPDATE.
        assert (row.status, row.attempts, row.sent_at) == (Status.SENT, 1, now)
        assert row.sent_to == row.recipient.reminder_preferences.phone
        assert row.provider_message_id == by_key[row.dedupe_key].provider_id
    mailed = {record["dedupe_key"]: record for record in recording.records("email")}
    assert sorted(mailed) == sorted(row.dedupe_key for row in emails)
    for row in emails:
        row.refresh_from_db()
        assert (row.status, row.sent_to) == (Status.SENT, row.recipient.email)
        assert mailed[row.dedupe_key]["message_id"] in row.provider_message_id


def test_a_second_delivery_of_the_same_batch_sends_nothing(now, provider):
    # A redelivered task (the broker thought the worker was gone) carries the same lease.
    due(4, now)
    ids, lease = claim_chunk(now)
    outbox_deliver_batch(ids=ids, lease=lease, now=now)

    again = outbox_deliver_batch(ids=ids, lease=lease, now=now)

    assert again.counts == {"duplicate": 4}
    assert provider.calls == 4
    assert Outbox.objects.filter(status=Status.SENT).count() == 4


def test_a_copy_started_while_the_first_is_sending_takes_none_of_its_rows(now, provider):
    due(2, now)
    ids, lease = claim_chunk(now)
    # The first run has moved the rows to "sending" (and is, say, in the provider call).
    Outbox.objects.filter(pk__in=ids).update(status=Status.SENDING)

    copy = outbox_deliver_batch(ids=ids, lease=lease, now=now)

    assert copy.counts == {"duplicate": 2}
    assert provider.calls == 0


def test_each_row_of_a_mixed_batch_ends_its_own_way(now, provider):
    sent, transient, permanent = due(3, now)
    stale = outbox_row(
        recipient=person(20, now),
        due_at=now - timedelta(hours=3),
        expires_at=now - timedelta(hours=1),
    )
    stopped = outbox_row(recipient=person(21, now), due_at=now)
    SmsOptOut.objects.create(phone="+14155550021", opted_out_at=now, source="reply")
    turned_off = outbox_row(recipient=person(22, now, sms_enabled=False), due_at=now)
    provider.reset("ok", "transient", "permanent")
    ids, lease = claim_chunk(now)

    outcome = outbox_deliver_batch(ids=ids, lease=lease, now=now)

    assert outcome.counts == {"duplicate": 0, "sent": 1, "skipped": 3, "failed": 1, "retry": 1}
    ends = {row.pk: Outbox.objects.get(pk=row.pk) for row in Outbox.objects.all()}
    assert ends[sent.pk].status == Status.SENT
    assert ends[permanent.pk].status == Status.FAILED
    assert "21211" in ends[permanent.pk].last_error
    assert ends[stale.pk].status == Status.SKIPPED
    assert "not sent late" in ends[stale.pk].skip_reason
    assert (ends[stopped.pk].status, ends[stopped.pk].skip_reason[:26]) == (
        Status.SKIPPED,
        "This number replied STOP, ",
    )
    assert ends[turned_off.pk].skip_reason == "Reminders by text are turned off."
    # The transient one waits, claimed under the run's lease, for its single-row retry.
    retry = ends[transient.pk]
    assert (retry.status, retry.attempts, retry.lease) == (Status.CLAIMED, 1, outcome.lease)
    assert "503" in retry.last_error
    assert retry.leased_until > now + timedelta(seconds=30)
    assert outcome.retries == [(transient.pk, 1)]
    assert provider.calls == 3, "nobody stale, stopped or turned off reached the provider"


def test_the_task_hands_a_transient_row_to_the_single_row_retry(now, provider, monkeypatch):
    (row,) = due(1, now)
    provider.reset("transient")
    ids, lease = claim_chunk(now)
    handed = []
    monkeypatch.setattr(
        outbox_deliver, "apply_async", lambda args, **options: handed.append((args, options))
    )

    counts = outbox_deliver_batch_task.apply(args=(ids, lease)).get()

    assert counts["retry"] == 1
    ((args, options),) = handed
    assert args == (row.pk, Outbox.objects.get(pk=row.pk).lease)
    assert options["retries"] == 1 and 15 <= options["countdown"] <= 30
    monkeypatch.undo()
    assert outbox_deliver.apply(args=args, retries=1).get() == "sent"
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 2)


@pytest.mark.parametrize("channel", [Outbox.Channel.EMAIL, Outbox.Channel.SMS])
def test_a_batch_costs_the_same_queries_whatever_its_size(now, provider, channel):
    def queries_for(count, start):
        due(count, now, channel=channel, start=start)
        ids, lease = claim_chunk(now)
        with CaptureQueriesContext(connection) as captured:
            outbox_deliver_batch(ids=ids, lease=lease, now=now)
        assert Outbox.objects.filter(pk__in=ids, status=Status.SENT).count() == count
        return len(captured)

    small, large = queries_for(2, 0), queries_for(20, 100)

    # Texts too: the STOP list is read for the whole batch when it starts, and
    # again for STOPs that came since at most once a second, not once per text.
    assert small == large <= 7


def test_a_stop_that_arrives_while_a_batch_is_sending_stops_the_next_text(
    now, provider, monkeypatch
):
    first, second = due(2, now)
    ids, lease = claim_chunk(now)
    number = second.recipient.reminder_preferences.phone
    real_send = ScriptedSMSBackend.send

    def send_then_stop(self, *, to, body, dedupe_key):
        sent = real_send(self, to=to, body=body, dedupe_key=dedupe_key)
        # The other number replies STOP a second after the first text went.
        SmsOptOut.objects.create(phone=number, opted_out_at=timezone.now(), source="STOP")
        later = time.monotonic() + 1.5
        monkeypatch.setattr("reminders.channels.sms.time.monotonic", lambda: later)
        return sent

    monkeypatch.setattr(ScriptedSMSBackend, "send", send_then_stop)
    outbox_deliver_batch(ids=ids, lease=lease, now=now)

    assert [sent.to for sent in provider.sent] == [first.recipient.reminder_preferences.phone]
    second.refresh_from_db()
    assert second.status == Status.SKIPPED


def test_a_dispatch_run_claims_no_further_ahead_than_the_workers_can_keep_up_with(
    now, provider, settings, monkeypatch, django_capture_on_commit_callbacks
):
    # Leases stay shorter than the queue would be: rows claimed beyond the cap
    # would wait long enough for their lease to run out before a worker got them.
    settings.OUTBOX_BATCH_SIZE = 2
    settings.OUTBOX_CLAIM_AHEAD = 5
    due(9, now)
    monkeypatch.setattr(outbox_deliver_batch_task, "apply_async", lambda *args, **kw: None)

    with django_capture_on_commit_callbacks():
        assert outbox_dispatch() == 4, "two chunks; a third would pass the cap"
        assert outbox_dispatch() == 0, "nothing more until the workers catch up"
    Outbox.objects.filter(status=Status.CLAIMED).update(status=Status.SENT)
    with django_capture_on_commit_callbacks():
        assert outbox_dispatch() == 4
    assert Outbox.objects.filter(status=Status.PENDING).count() == 1


def test_a_chunk_slower_than_half_its_lease_renews_it_so_no_row_is_handed_on(
    now, provider, monkeypatch
):
    # A slow provider: each message takes most of the lease (the clock says so).
    from reminders.services import delivery_batch

    class SlowClock:
        at = 0.0

        @classmethod
        def monotonic(cls):
            cls.at += 200.0
            return cls.at

    monkeypatch.setattr(delivery_batch, "time", SlowClock)
    rows = due(3, now)
    ids, lease = claim_chunk(now)
    first_lease_ends = now + timedelta(seconds=300)
    seen = []

    def wording(row):
        seen.append(Outbox.objects.get(pk=row.pk).leased_until)
        return text_for(row)

    outbox_deliver_batch(ids=ids, lease=lease, now=now, message_for=wording)

    assert seen[0] > first_lease_ends, "renewed before the first slow send"
    assert seen == sorted(seen) and len(set(seen)) == 3
    assert all(Outbox.objects.get(pk=row.pk).status == Status.SENT for row in rows)


class ReconciledMeanwhileSMSBackend(ScriptedSMSBackend):
    """The first send outlasts half the lease, and meanwhile reconcile (another
    process) takes the chunk's other rows back, as it does once a lease has run out."""

    def send(self, *, to, body, dedupe_key):
        if type(self).calls == 0:
            time.sleep(0.6)
            Outbox.objects.filter(status=Status.SENDING).exclude(dedupe_key=dedupe_key).update(
                status=Status.PENDING, lease="", leased_until=None
            )
        return super().send(to=to, body=body, dedupe_key=dedupe_key)


def test_a_chunk_that_lost_its_lease_sends_none_of_the_rows_taken_back(now, provider, settings):
    settings.SMS_BACKEND = "tests.reminders.test_delivery_batch.ReconciledMeanwhileSMSBackend"
    settings.OUTBOX_LEASE_SECONDS = 1  # renewed after half a second
    first, *taken_back = due(3, now)
    ids, lease = claim_chunk(now)

    outbox_deliver_batch(ids=ids, lease=lease, now=now)

    # Only the row in the provider's hands went; the others wait for the next claim,
    # which sends them once (sending them here too would be the second copy).
    assert [sent.dedupe_key for sent in provider.sent] == [first.dedupe_key]
    for row in taken_back:
        row.refresh_from_db()
        assert (row.status, row.lease) == (Status.PENDING, "")
