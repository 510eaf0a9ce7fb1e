"""Delivering a chunk of claimed rows in one task: the same rules, far fewer queries.

The dispatcher hands each chunk it claims (OUTBOX_BATCH_SIZE rows under one
lease) to one outbox_deliver_batch task, which calls outbox_deliver_batch here:

1. claimed -> sending for the whole chunk in one UPDATE guarded by the lease,
   which it also renews to a token of this run, so a redelivered copy of the task
   (or a second run of it) finds nothing of its own and sends nothing.
2. The rows, their recipients, preferences, steps and the STOP list: four queries
   (reminders.messages.preload), whatever the chunk's size.
3. Each row as reminders.services.delivery does one (delivery_prepare, then
   delivery_send): skipped with the reason, or sent / opted out / could not
   send / try again later. The words were mostly prepared when the row was
   written (reminders.messages.prepared); each channel keeps one connection to
   its provider open for the chunk (BaseChannel.session).
4. Outcomes written in one UPDATE per outcome, each guarded by the lease.

What happens if the worker dies is the README's table, row for row: a row in
"sending" is asked about with was_sent once its lease runs out. A provider that
can tell (the recording backends) answers truthfully, so the rows it has are
marked sent and the rest are sent once. For a provider that cannot tell (SMTP,
Twilio) each "sent" is written the moment the provider took the message, not
with the rest, so a dead worker can leave at most the one message that was in
the provider call to go out twice, exactly as with one task per row.

A transient error puts its row back to "claimed" under the run's token with a
backoff; the task hands it to the single-row outbox_deliver for the retries.
"""

import logging
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Case, CharField, DateTimeField, F, Value, When
from django.utils import timezone

from reminders.channels import Delivered, Message, get_channel
from reminders.models import Outbox
from reminders.rules import Fail, Retry, Skip
from reminders.services.delivery import (
    MessageFor,
    delivery_prepare,
    delivery_send,
    lease_length,
    retry_ceiling,
)

logger = logging.getLogger(__name__)

Status = Outbox.Status


@dataclass
class BatchOutcome:
    """What one run did: counts per outcome, and the rows to retry one by one."""

    lease: str
    counts: dict[str, int] = field(default_factory=dict)
    retries: list[tuple[int, int]] = field(default_factory=list)  # (id, attempt)

    def add(self, outcome: str, n: int = 1) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + n


def outbox_deliver_batch(
    *, ids: list[int], lease: str, now: datetime, message_for: MessageFor | None = None
) -> BatchOutcome:
    """Deliver the chunk claimed under `lease`; `message_for`: tests only (delivery_prepare)."""
    token = uuid.uuid4().hex
    outcome = BatchOutcome(lease=token)
    started = Outbox.objects.filter(pk__in=ids, lease=lease, status=Status.CLAIMED).update(
        status=Status.SENDING, lease=token, leased_until=now + lease_length(), updated_at=now
    )
    outcome.add("duplicate", len(ids) - started)
    if not started:
        return outcome
    rows = list(
        Outbox.objects.filter(pk__in=ids, lease=token, status=Status.SENDING)
        .select_related("recipient", "scheduled_step")
        .order_by("pk")
    )
    if message_for is None:
        from reminders.messages import preload

        preload(rows)
    pending = _Pending(token=token, now=now)
    # Each channel once per chunk: (the channel, can its provider be asked later?)
    channels = {name: (get_channel(name), _can_tell(name)) for name in {r.channel for r in rows}}
    half_lease = lease_length().total_seconds() / 2
    renew_at, held = time.monotonic() + half_lease, None
    with ExitStack() as sessions:
        # One SMTP connection and one SMS provider session for the whole chunk.
        for channel, _ in channels.values():
            sessions.enter_context(channel.session())
        for row in rows:
            if time.monotonic() > renew_at:
                # A slow provider can make a chunk outlast its lease, and reconcile
                # would hand rows we are still going to send to someone else.
                held = _renew(token)
                renew_at = time.monotonic() + half_lease
            if held is not None and row.pk not in held:
                continue  # taken back after the lease ran out: the next claim sends it, once
            _deliver_one(row, *channels[row.channel], message_for, pending, now=now)
    pending.flush(outcome)
    return outcome


def _renew(token: str) -> set[int]:
    """Extend the lease of the rows still ours; returns their ids.

    A row reconcile took back meanwhile has lost our token, so it is not renewed
    and not in the answer, and the chunk must not send it.
    """
    mine = Outbox.objects.filter(lease=token, status=Status.SENDING)
    mine.update(leased_until=timezone.now() + lease_length())
    return set(mine.values_list("pk", flat=True))


def _deliver_one(
    row: Outbox, channel, can_tell: bool, message_for, pending: "_Pending", *, now
) -> None:
    outcome = delivery_prepare(row, message_for, now=now)
    if isinstance(outcome, Message):
        message = outcome
        try:
            outcome = delivery_send(channel, message, row)
        except Exception:
            # As with one row: we cannot know whether it went, so it stays "sending"
            # and reconcile asks the channel once the lease runs out. The rest go on.
            logger.exception("The %s channel broke on outbox row %s", row.channel, row.pk)
            return
        if isinstance(outcome, Delivered):
            pending.sent[row.pk] = (message.to[:254], outcome.provider_message_id[:100])
            if not can_tell:
                # Nobody can ask this provider later: write "sent" now, not with the rest.
                pending.flush_sent()
            return
    pending.add(row.pk, outcome)


class _Pending:
    """Outcomes not yet written, and one UPDATE per outcome to write them."""

    def __init__(self, *, token: str, now: datetime):
        self.token, self.now = token, now
        self.sent: dict[int, tuple[str, str]] = {}
        self.skipped: dict[int, str] = {}
        self.failed: dict[int, str] = {}
        self.retry: dict[int, tuple[str, int]] = {}
        self.counts: dict[str, int] = {}

    def add(self, pk: int, outcome: Skip | Retry | Fail) -> None:
        if isinstance(outcome, Skip):
            self.skipped[pk] = outcome.reason
        elif isinstance(outcome, Fail):
            self.failed[pk] = outcome.error
        else:
            self.retry[pk] = (outcome.error, outcome.attempt)

    def _mine(self, ids):
        return Outbox.objects.filter(pk__in=list(ids), lease=self.token, status=Status.SENDING)

    def flush_sent(self) -> None:
        if not self.sent:
            return
        # One UPDATE ... FROM (VALUES ...) gives each row its own address and
        # provider id (PostgreSQL and SQLite both name the columns column1..3).
        # Django's CASE WHEN says the same but costs more to build than the
        # deliveries themselves. Guarded by the lease: if reconcile got here
        # first, this changes nothing.
        table = connection.ops.quote_name(Outbox._meta.db_table)
        values = ", ".join(["(%s, %s, %s)"] * len(self.sent))
        # Raw SQL skips the field, so the address is encrypted here as a save would.
        sent_to = Outbox._meta.get_field("sent_to")
        params = [
            part
            for pk, (to, pid) in self.sent.items()
            for part in (pk, sent_to.get_prep_value(to), pid)
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET status = %s, sent_at = %s, sent_to = v.column2,"  # noqa: S608
                " provider_message_id = v.column3, attempts = attempts + 1,"
                " last_error = '', leased_until = NULL, updated_at = %s"
                f" FROM (VALUES {values}) AS v WHERE {table}.id = v.column1"
                f" AND {table}.lease = %s AND {table}.status = %s",
                [Status.SENT, self.now, self.now, *params, self.token, Status.SENDING],
            )
        self._count("sent", len(self.sent))
        self.sent = {}

    def flush(self, outcome: BatchOutcome) -> None:
        now = self.now
        self.flush_sent()
        if self.skipped:
            self._mine(self.skipped).update(
                status=Status.SKIPPED,
                skip_reason=_per_row({pk: r[:200] for pk, r in self.skipped.items()}),
                leased_until=None,
                updated_at=now,
            )
        if self.failed:
            self._mine(self.failed).update(
                status=Status.FAILED,
                last_error=_per_row({pk: e[:500] for pk, e in self.failed.items()}),
                attempts=F("attempts") + 1,
                leased_until=None,
                updated_at=now,
            )
        if self.retry:
            # Back to claimed under this run's token, held past the longest
            # backoff, so the single-row retry (outbox_deliver) can take it.
            until = {
                pk: now + timedelta(seconds=retry_ceiling(attempt)) + lease_length()
                for pk, (_, attempt) in self.retry.items()
            }
            self._mine(self.retry).update(
                status=Status.CLAIMED,
                last_error=_per_row({pk: e[:500] for pk, (e, _) in self.retry.items()}),
                attempts=F("attempts") + 1,
                leased_until=_per_row(until, DateTimeField()),
                updated_at=now,
            )
        for name, n in self.counts.items():
            outcome.add(name, n)
        outcome.add("skipped", len(self.skipped))
        outcome.add("failed", len(self.failed))
        outcome.add("retry", len(self.retry))
        outcome.retries = [(pk, attempt) for pk, (_, attempt) in self.retry.items()]

    def _count(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


def _per_row(values: dict, output_field=None):
    """CASE pk WHEN ... THEN ...: one UPDATE gives each row its own value."""
    output_field = output_field or CharField()
    return Case(
        *(
            When(pk=pk, then=Value(value, output_field=output_field))
            for pk, value in values.items()
        ),
        output_field=output_field,
    )


def _can_tell(name: str) -> bool:
    """Whether reconcile could ask this channel's provider if a message went out."""
    # The channels answer was_sent through their backend's own was_sent, when it
    # has one (reminders.channels.email / sms): the same test, without the lookup.
    if name == Outbox.Channel.EMAIL:
        from django.core.mail import mailers

        return getattr(mailers.default, "was_sent", None) is not None
    from reminders.sms import get_sms_backend

    try:
        return getattr(get_sms_backend(), "was_sent", None) is not None
    except Exception:
        return False
