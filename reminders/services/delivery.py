"""Delivering one claimed outbox row: at most once by us, never late, never lost.

Called by the outbox_deliver task with the (id, lease) the dispatcher claimed.
Outcomes (the task's return value):

    "sent"       the provider has it; sent_at, sent_to, provider id recorded
    "skipped"    it could no longer help (too late) or there is nothing to send
                 (channel off, no address, unsubscribed): skip_reason says which
    "retry"      a transient error: the row stays claimed under the same lease
                 and the task tries again after a backoff
    "failed"     a permanent error, or the last try: the person sees "could not send"
    "duplicate"  someone else holds this row (a redelivered task, an old lease):
                 nothing was done
"""

import logging
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F

from reminders.channels import (
    BaseChannel,
    Delivered,
    Message,
    PermanentError,
    TransientError,
    get_channel,
)
from reminders.faults import fault_point
from reminders.models import Outbox
from reminders.rules import Fail, Retry, Skip, delivery_after_error, delivery_decide

logger = logging.getLogger(__name__)

Status = Outbox.Status
MessageFor = Callable[[Outbox], Message | None]


def lease_length() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def retry_ceiling(attempt: int) -> float:
    """The longest wait after the `attempt`-th try failed: base * 2**(attempt - 1), capped."""
    base, cap = settings.OUTBOX_RETRY_BASE_SECONDS, settings.OUTBOX_RETRY_MAX_SECONDS
    return float(min(cap, base * 2 ** max(0, attempt - 1)))


def retry_countdown(attempt: int, *, rand: Callable[[], float] = random.random) -> float:
    """Exponential backoff with jitter, between half the ceiling and the ceiling.

    The jitter keeps a provider outage from ending in every retry landing in the
    same second; the ceiling stays far below the broker's visibility timeout.
    """
    ceiling = retry_ceiling(attempt)
    return ceiling / 2 + rand() * ceiling / 2


def outbox_deliver(
    *, outbox_id: int, lease: str, now: datetime, message_for: MessageFor | None = None
) -> str:
    """Deliver one claimed row.

    1. claimed -> sending for this lease, or stop ("duplicate").
    2. Decide and word it (delivery_prepare): skipped with the reason, or a message.
    3. Send it (delivery_send); then sent / skipped / retry / failed, each in one
       UPDATE guarded by the lease.
    `message_for` stands in for reminders.messages in tests only (see delivery_prepare).
    """
    mine = Outbox.objects.filter(pk=outbox_id, lease=lease)
    started = mine.filter(status=Status.CLAIMED).update(
        status=Status.SENDING, leased_until=now + lease_length(), updated_at=now
    )
    if started != 1:
        return "duplicate"
    mine = mine.filter(status=Status.SENDING)
    row = Outbox.objects.select_related("recipient", "scheduled_step").get(pk=outbox_id)
    outcome = delivery_prepare(row, message_for, now=now)
    if isinstance(outcome, Message):
        message = outcome
        # Any error but the channel's own leaves the row in "sending": we cannot
        # know whether it went, so outbox_reconcile asks the channel once the
        # lease runs out.
        outcome = delivery_send(get_channel(row.channel), message, row)
        if isinstance(outcome, Delivered):
            _sent(mine, to=message.to, delivered=outcome, now=now)
            return "sent"
    return _record(mine, outcome, now=now)


def delivery_prepare(
    row: Outbox, message_for: MessageFor | None, *, now: datetime
) -> Message | Skip | Retry | Fail:
    """What both delivery paths do with a row before the provider: decide, then word.

    1. The decision (reminders.rules.delivery_decide) on the row's facts
       and its recipient's (preferences, the STOP list: preloaded for a batch).
    2. The words, for the address it gave; nothing left to say (the step is gone,
       the person already checked in): skipped, with why. A message we cannot
       word now may be wordable later (the database blinked): it is tried again,
       and a real bug ends, after the last try, as "could not send" with the error.
    `message_for` (tests only) stands in for reminders.messages: it words the
    message and answers for the recipient, so only the row's own facts are decided.
    """
    from reminders import messages

    step = row.scheduled_step  # loaded with the row: it may have moved since it was planned
    decision = delivery_decide(
        now=now,
        kind=row.kind,
        channel=row.channel,
        due_at=row.due_at,
        expires_at=row.expires_at,
        step_starts_at=step.starts_at if step is not None else None,
        recipient=messages.recipient_of(row) if message_for is None else None,
    )
    if isinstance(decision, Skip):
        return decision
    try:
        if message_for is None:
            message = messages.message_to_send(row, decision.to)
        else:
            message = message_for(row)
    except Exception as exc:
        logger.exception("Could not build the message for outbox row %s", row.pk)
        return _after_error(row, f"Could not prepare the message: {exc}", transient=True)
    if message is None:
        return Skip(messages.nothing_to_say(row, decision.to) or messages.NOTHING_TO_SEND)
    return message


def delivery_send(
    channel: BaseChannel, message: Message, row: Outbox
) -> Delivered | Skip | Retry | Fail:
    """Hand the message to the channel; a refusal comes to what delivery_after_error says.

    Any other error propagates: nobody can know whether the message went.
    """
    fault_point("before_provider_call")
    try:
        delivered = channel.send(message, dedupe_key=row.dedupe_key)
    except TransientError as exc:
        return _after_error(row, str(exc), transient=True)
    except PermanentError as exc:
        # opted_out: the number said STOP, to us or to the provider (Twilio 21610,
        # which the SMS channel has recorded).
        return _after_error(row, str(exc), transient=False, opted_out=exc.opted_out)
    fault_point("after_provider_accept")
    return delivered


def _after_error(
    row: Outbox, error: str, *, transient: bool, opted_out: bool = False
) -> Skip | Retry | Fail:
    return delivery_after_error(
        error=error,
        transient=transient,
        opted_out=opted_out,
        attempt=row.attempts + 1,
        max_attempts=settings.OUTBOX_MAX_ATTEMPTS,
    )


def outbox_record_failure(*, outbox_id: int, lease: str, now: datetime, error: str = "") -> bool:
    """Give up on a row (the task's last retry): "could not send" in the delivery log.

    Without `error` the row keeps the last error it met, which says more.
    """
    changes = {"status": Status.FAILED, "leased_until": None, "updated_at": now}
    if error:
        changes["last_error"] = error[:500]
    open_rows = Outbox.objects.filter(
        pk=outbox_id, lease=lease, status__in=[Status.CLAIMED, Status.SENDING]
    )
    return bool(open_rows.update(**changes))


def _sent(mine, *, to: str, delivered: Delivered, now: datetime) -> None:
    # Guarded by the lease: if reconcile got here first (it asked the provider and
    # marked the row sent), this changes nothing, and that is fine.
    mine.update(
        status=Status.SENT,
        sent_at=now,
        sent_to=to[:254],
        provider_message_id=delivered.provider_message_id[:100],
        attempts=F("attempts") + 1,
        last_error="",
        leased_until=None,
        updated_at=now,
    )


def _record(mine, outcome: Skip | Retry | Fail, *, now: datetime) -> str:
    """Write a row's end (or its wait for the retry), guarded by the lease."""
    if isinstance(outcome, Skip):
        mine.update(
            status=Status.SKIPPED,
            skip_reason=outcome.reason[:200],
            leased_until=None,
            updated_at=now,
        )
        return "skipped"
    if isinstance(outcome, Fail):
        mine.update(
            status=Status.FAILED,
            last_error=outcome.error[:500],
            attempts=F("attempts") + 1,
            leased_until=None,
            updated_at=now,
        )
        return "failed"
    # Back to claimed under the same lease, so the task's retry goes on; the lease
    # outlasts the longest backoff, or reconcile would hand the row to a new claim.
    wait = timedelta(seconds=retry_ceiling(outcome.attempt))
    mine.update(
        status=Status.CLAIMED,
        last_error=outcome.error[:500],
        attempts=F("attempts") + 1,
        leased_until=now + wait + lease_length(),
        updated_at=now,
    )
    return "retry"
