"""Celery entry points for reminders: thin, taking ids, each calling one service.

Beat runs the fixed periodic ones (config/settings.py CELERY_BEAT_SCHEDULE);
per-person schedules live in the outbox, never in beat or in long countdowns.
"""

import logging
import time
from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reminders.faults import fault_point
from reminders.services.delivery_batch import outbox_deliver_batch as outbox_deliver_batch_service
from reminders.services.dispatch import (
    outbox_backlog,
    outbox_claim,
    outbox_record_failure,
    outbox_release,
    retry_countdown,
)
from reminders.services.dispatch import outbox_deliver as outbox_deliver_service
from reminders.services.dispatch import outbox_reconcile as outbox_reconcile_service

logger = logging.getLogger(__name__)


@shared_task
def outbox_dispatch() -> int:
    """Every minute: settle expired leases, then claim due rows and hand them out.

    Claims chunk after chunk (OUTBOX_BATCH_SIZE rows, one outbox_deliver_batch
    task each) while chunks come back full, but stops after
    OUTBOX_DISPATCH_BUDGET_SECONDS so one run ends before beat starts the next;
    what is left waits a minute. It also never lets more than
    OUTBOX_CLAIM_AHEAD rows sit claimed but not yet sent: a claim only holds its
    lease so long, and rows claimed far ahead of the workers would see it run
    out while still queued. With a dispatch queue of its own
    (OUTBOX_DISPATCH_QUEUE) the run waits for the workers to catch up; on the
    shared queue it ends instead, so it never sits on a worker that could be
    delivering. Returns how many rows were handed to tasks.
    """
    outbox_reconcile_service(now=timezone.now())
    batch = settings.OUTBOX_BATCH_SIZE
    deadline = time.monotonic() + settings.OUTBOX_DISPATCH_BUDGET_SECONDS
    handed = 0
    while True:
        room = settings.OUTBOX_CLAIM_AHEAD - outbox_backlog()
        if room < batch:
            if not settings.OUTBOX_DISPATCH_QUEUE or time.monotonic() > deadline:
                return handed
            time.sleep(BACKLOG_WAIT_SECONDS)
            continue
        claimed = outbox_claim(now=timezone.now(), limit=batch)
        if claimed:
            fault_point("after_claim")
            # Enqueued only once the claim is committed, so a task never meets a
            # row that is not yet (or, after a rollback, never) claimed for it.
            transaction.on_commit(partial(_enqueue, claimed))
        handed += len(claimed)
        if len(claimed) < batch or time.monotonic() > deadline:
            return handed


# How often a dispatcher that is waiting for the workers looks again.
BACKLOG_WAIT_SECONDS = 0.5


def _enqueue(claimed: list[tuple[int, str]]) -> None:
    # One chunk, one lease (outbox_claim leases a chunk together), one task.
    lease = claimed[0][1]
    try:
        outbox_deliver_batch.apply_async(([pk for pk, _ in claimed], lease))
    except Exception:
        # The broker is away: give the rows back now rather than after the lease.
        logger.exception("Could not hand %s reminders to workers", len(claimed))
        outbox_release(claimed=claimed, now=timezone.now())
        raise


@shared_task(acks_late=True)
def outbox_deliver_batch(ids: list[int], lease: str) -> dict[str, int]:
    """Send a claimed chunk; rows that met a transient error go on one by one."""
    outcome = outbox_deliver_batch_service(ids=ids, lease=lease, now=timezone.now())
    for outbox_id, attempt in outcome.retries:
        # `retries` carries on the count the single-row task keeps, so its
        # backoff and its bound go on from this first try.
        outbox_deliver.apply_async(
            (outbox_id, outcome.lease), countdown=retry_countdown(attempt), retries=attempt
        )
    return outcome.counts


@shared_task(bind=True, acks_late=True, max_retries=settings.OUTBOX_MAX_ATTEMPTS)
def outbox_deliver(self, outbox_id: int, lease: str) -> str:
    """Send one claimed row; retry transient errors with backoff, then give up kindly."""
    outcome = outbox_deliver_service(outbox_id=outbox_id, lease=lease, now=timezone.now())
    if outcome != "retry":
        return outcome
    if self.request.retries >= self.max_retries:
        outbox_record_failure(outbox_id=outbox_id, lease=lease, now=timezone.now())
        return "failed"
    # The countdown is minutes at most (OUTBOX_RETRY_MAX_SECONDS), far below the
    # broker's visibility timeout, so a waiting retry is never delivered twice.
    raise self.retry(countdown=retry_countdown(self.request.retries + 1))


@shared_task
def outbox_reconcile() -> int:
    """Return rows whose worker died (beat, and at the start of every dispatch)."""
    return outbox_reconcile_service(now=timezone.now())


@shared_task
def reminders_materialise() -> int:
    """Daily: write the next few days of recurring reminders into the outbox."""
    from reminders.services.schedule import reminders_materialise as materialise

    return materialise(now=timezone.now())
