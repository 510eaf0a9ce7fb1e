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

from reminders.channels import Delivered, Message, PermanentError, TransientError, get_channel
from reminders.faults import fault_point
from reminders.models import Outbox

logger = logging.getLogger(__name__)

Status = Outbox.Status
MessageFor = Callable[[Outbox], Message | None]
OPTED_OUT = "This number replied STOP, so texts are off until it replies START."


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
    2. Too late to help (reminders.rules.stale_reason): skipped with the reason.
    3. Build the message (reminders.messages.message_for); None: skipped, why_not says why.
    4. Send; then sent / retry / failed, each in one UPDATE guarded by the lease.
    `message_for` replaces step 3's builder in tests only.
    """
    mine = Outbox.objects.filter(pk=outbox_id, lease=lease)
    started = mine.filter(status=Status.CLAIMED).update(
        status=Status.SENDING, leased_until=now + lease_length(), updated_at=now
    )
    if started != 1:
        return "duplicate"
    mine = mine.filter(status=Status.SENDING)
    row = Outbox.objects.select_related("recipient", "scheduled_step").get(pk=outbox_id)

    from reminders.rules import stale_reason

    # The step's own start too: it may have moved earlier since the row was planned.
    step = row.scheduled_step
    reason = stale_reason(
        now=now,
        due_at=row.due_at,
        expires_at=row.expires_at,
        step_starts_at=step.starts_at if step is not None else None,
    )
    if reason:
        return _skip(mine, reason=reason, now=now)

    try:
        message = _build(row, message_for, now=now)
    except Exception as exc:
        # A message we cannot word now may be wordable later (the database blinked);
        # a real bug ends, after the last try, as "could not send" with the error.
        logger.exception("Could not build the message for outbox row %s", outbox_id)
        return _transient(mine, row, error=f"Could not prepare the message: {exc}", now=now)
    if message is None:
        from reminders.messages import why_not

        reason = why_not(row, now=now) or "There was nothing to send any more."
        return _skip(mine, reason=reason, now=now)

    channel = get_channel(row.channel)
    fault_point("before_provider_call")
    try:
        delivered = channel.send(message, dedupe_key=row.dedupe_key)
    except TransientError as exc:
        return _transient(mine, row, error=str(exc), now=now)
    except PermanentError as exc:
        if exc.opted_out:
            # The number said STOP (to us, or to the provider: Twilio 21610, which
            # the SMS channel has recorded). That is their choice, not a problem
            # to show as "could not send".
            return _skip(mine, reason=OPTED_OUT, now=now)
        return _fail(mine, error=str(exc), now=now)
    # Any other error leaves the row in "sending": we cannot know whether it went,
    # so outbox_reconcile asks the channel once the lease runs out.
    fault_point("after_provider_accept")
    _sent(mine, to=message.to, delivered=delivered, now=now)
    return "sent"


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


def _build(row: Outbox, message_for: MessageFor | None, *, now: datetime) -> Message | None:
    if message_for is not None:
        return message_for(row)
    from reminders.messages import message_for as real_message_for

    return real_message_for(row, now=now)


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


def _skip(mine, *, reason: str, now: datetime) -> str:
    mine.update(status=Status.SKIPPED, skip_reason=reason[:200], leased_until=None, updated_at=now)
    return "skipped"


def _fail(mine, *, error: str, now: datetime) -> str:
    mine.update(
        status=Status.FAILED,
        last_error=error[:500],
        attempts=F("attempts") + 1,
        leased_until=None,
        updated_at=now,
    )
    return "failed"


def _transient(mine, row: Outbox, *, error: str, now: datetime) -> str:
    attempt = row.attempts + 1
    if attempt >= settings.OUTBOX_MAX_ATTEMPTS:
        return _fail(mine, error=error, now=now)
    # Back to claimed under the same lease, so the task's retry goes on; the lease
    # outlasts the longest backoff, or reconcile would hand the row to a new claim.
    wait = timedelta(seconds=retry_ceiling(attempt))
    mine.update(
        status=Status.CLAIMED,
        last_error=error[:500],
        attempts=F("attempts") + 1,
        leased_until=now + wait + lease_length(),
        updated_at=now,
    )
    return "retry"
