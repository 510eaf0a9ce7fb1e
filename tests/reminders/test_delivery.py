"""Delivering a claimed reminder: at most once by us, never late, retried, then told."""

from datetime import timedelta

import pytest
from django.utils import timezone

from common.blind_index import matching
from reminders.models import Outbox, SmsOptOut
from reminders.services.dispatch import (
    outbox_claim,
    outbox_deliver,
    outbox_reconcile,
    outbox_record_failure,
    retry_countdown,
)
from tests.factories import ScheduledStepFactory
from tests.reminders.dispatch_support import SCRIPTED, ScriptedSMSBackend, outbox_row, text_for

Status = Outbox.Status


@pytest.fixture
def provider(settings):
    settings.SMS_BACKEND = SCRIPTED
    ScriptedSMSBackend.reset()
    return ScriptedSMSBackend


@pytest.fixture
def now():
    return timezone.now()


def claim_one(now):
    (outbox_id, lease), *_ = outbox_claim(now=now, limit=1)
    return outbox_id, lease


def deliver(outbox_id, lease, now):
    return outbox_deliver(outbox_id=outbox_id, lease=lease, now=now, message_for=text_for)


def test_it_sends_a_claimed_row_once_and_records_where_it_went(alice, now, provider):
    row = outbox_row(recipient=alice, due_at=now)
    outbox_id, lease = claim_one(now)

    assert deliver(outbox_id, lease, now) == "sent"

    row.refresh_from_db()
    assert row.status == Status.SENT
    assert (row.sent_at, row.sent_to, row.attempts) == (now, "+14155550100", 1)
    assert row.provider_message_id == "SM1"
    assert [sent.dedupe_key for sent in provider.sent] == [row.dedupe_key]


def test_a_second_delivery_with_the_same_lease_sends_nothing(alice, now, provider):
    # A redelivered task (the broker thought the worker was gone) carries the same lease.
    outbox_row(recipient=alice, due_at=now)
    outbox_id, lease = claim_one(now)
    deliver(outbox_id, lease, now)

    assert deliver(outbox_id, lease, now) == "duplicate"
    assert provider.calls == 1


def test_a_task_holding_an_old_lease_sends_nothing(alice, now, provider):
    row = outbox_row(recipient=alice, due_at=now)
    outbox_id, old_lease = claim_one(now)
    later = now + timedelta(minutes=6)
    outbox_reconcile(now=later)  # the old task sat in the queue past its lease
    _, new_lease = claim_one(later)

    assert deliver(outbox_id, old_lease, later) == "duplicate"
    assert provider.calls == 0
    assert deliver(outbox_id, new_lease, later) == "sent"
    assert deliver(outbox_id, old_lease, later) == "duplicate"
    assert [sent.dedupe_key for sent in provider.sent] == [row.dedupe_key]


def test_a_reminder_that_can_no_longer_help_is_skipped_with_the_reason(alice, now, provider):
    row = outbox_row(recipient=alice, due_at=now - timedelta(hours=2), expires_at=now)
    outbox_id, lease = claim_one(now)

    assert deliver(outbox_id, lease, now + timedelta(minutes=1)) == "skipped"

    row.refresh_from_db()
    assert row.status == Status.SKIPPED
    assert "not sent late" in row.skip_reason
    assert provider.calls == 0


def test_a_step_reminder_is_skipped_once_its_step_has_begun(alice, now, provider):
    # The step moved earlier after its reminder was planned, and has started.
    scheduled = ScheduledStepFactory(owner=alice, starts_at=now - timedelta(minutes=5))
    row = outbox_row(recipient=alice, due_at=now - timedelta(minutes=1), scheduled_step=scheduled)
    outbox_id, lease = claim_one(now)

    assert deliver(outbox_id, lease, now) == "skipped"

    row.refresh_from_db()
    assert row.skip_reason == "The step had already begun, so it was not sent late."
    assert provider.calls == 0


def test_a_transient_error_keeps_the_claim_for_the_retry_which_then_sends(alice, now, provider):
    provider.reset("transient")
    row = outbox_row(recipient=alice, due_at=now)
    outbox_id, lease = claim_one(now)

    assert deliver(outbox_id, lease, now) == "retry"
    row.refresh_from_db()
    assert (row.status, row.lease, row.attempts) == (Status.CLAIMED, lease, 1)
    assert "503" in row.last_error
    # The lease outlasts the backoff, so reconcile does not take the row away meanwhile.
    assert row.leased_until > now + timedelta(seconds=retry_countdown(1, rand=lambda: 1))
    assert outbox_reconcile(now=now + timedelta(seconds=60)) == 0

    assert deliver(outbox_id, lease, now + timedelta(seconds=30)) == "sent"
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 2, "")
    assert len(provider.sent) == 1


def test_it_gives_up_after_the_bounded_tries_and_says_could_not_send(alice, now, provider):
    provider.reset(*["transient"] * 10)
    row = outbox_row(recipient=alice, due_at=now)
    outbox_id, lease = claim_one(now)

    outcomes = [deliver(outbox_id, lease, now) for _ in range(6)]

    assert outcomes == ["retry"] * 4 + ["failed", "duplicate"]
    assert provider.calls == 5
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 5)
    assert row.get_status_display() == "Could not send"


def test_a_permanent_error_fails_at_once(alice, now, provider):
    provider.reset("permanent")
    row = outbox_row(recipient=alice, due_at=now)
    outbox_id, lease = claim_one(now)

    assert deliver(outbox_id, lease, now) == "failed"
    assert deliver(outbox_id, lease, now) == "duplicate"

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 1)
    assert "21211" in row.last_error
    assert provider.calls == 1


def test_the_providers_unsubscribed_error_is_not_sent_and_stops_texts_to_that_number(
    alice, now, provider
):
    provider.reset("opted_out")
    row = outbox_row(recipient=alice, due_at=now)
    outbox_id, lease = claim_one(now)

    # Their choice, not a fault: "not sent" with the reason, never "could not send".
    assert deliver(outbox_id, lease, now) == "skipped"
    row.refresh_from_db()
    assert row.status == "skipped" and "replied STOP" in row.skip_reason
    assert SmsOptOut.objects.filter(matching(SmsOptOut, "phone", "+14155550100")).exists()


def test_the_last_retry_giving_up_keeps_the_error_it_met(alice, now, provider):
    provider.reset("transient")
    row = outbox_row(recipient=alice, due_at=now)
    outbox_id, lease = claim_one(now)
    deliver(outbox_id, lease, now)

    assert outbox_record_failure(outbox_id=outbox_id, lease=lease, now=now)
    assert not outbox_record_failure(outbox_id=outbox_id, lease="someone-else", now=now)
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert "503" in row.last_error


def test_backoff_grows_with_jitter_and_stays_far_below_the_visibility_timeout(settings):
    waits = [retry_countdown(attempt, rand=lambda: 1) for attempt in range(1, 9)]
    assert waits[:4] == [30, 60, 120, 240]
    assert max(waits) == settings.OUTBOX_RETRY_MAX_SECONDS < 60 * 60 / 2
    assert retry_countdown(3, rand=lambda: 0) == 60, "jitter keeps at least half the wait"


def test_an_unexpected_error_in_the_call_leaves_the_row_for_reconcile_to_ask(alice, now, provider):
    provider.reset("boom")
    row = outbox_row(recipient=alice, due_at=now)
    outbox_id, lease = claim_one(now)

    with pytest.raises(RuntimeError):
        deliver(outbox_id, lease, now)

    row.refresh_from_db()
    assert row.status == Status.SENDING, "not marked sent, not sent again blindly"
    outbox_reconcile(now=now + timedelta(minutes=6))
    row.refresh_from_db()
    assert row.status == Status.PENDING, "the provider does not have it, so it goes again"


def test_the_real_path_words_the_email_and_sends_it_with_its_dedupe_key(alice, now, mailoutbox):
    row = outbox_row(recipient=alice, due_at=now, channel=Outbox.Channel.EMAIL)
    outbox_id, lease = claim_one(now)

    assert outbox_deliver(outbox_id=outbox_id, lease=lease, now=now) == "sent"

    (mail,) = mailoutbox
    assert mail.to == ["alice@example.org"]
    assert mail.extra_headers["X-Stepwise-Dedupe"] == row.dedupe_key
    row.refresh_from_db()
    assert (row.status, row.sent_to) == (Status.SENT, "alice@example.org")


def test_the_real_path_skips_a_text_to_someone_without_a_verified_phone(alice, now, provider):
    row = outbox_row(recipient=alice, due_at=now, channel=Outbox.Channel.SMS)
    outbox_id, lease = claim_one(now)

    assert outbox_deliver(outbox_id=outbox_id, lease=lease, now=now) == "skipped"

    row.refresh_from_db()
    assert row.status == Status.SKIPPED
    assert row.skip_reason == "Reminders by text are turned off."
    assert provider.calls == 0
