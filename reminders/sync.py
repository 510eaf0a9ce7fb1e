"""The one door into reminders for the apps below it (planner, supporters).

A change to something a reminder is about (a step scheduled, moved or cancelled,
a goal paused, a check-in rhythm, a supporter link ended) must change the outbox
in the same transaction, so the apps that make those changes call these
functions inside their own `transaction.atomic()`. Nothing else in `reminders`
may be imported from below: import-linter's contracts in pyproject.toml say so,
and `make lint` checks them.
"""

from reminders.models import Outbox, ReminderKind
from reminders.services.schedule import (
    reminders_cancel_for_steps,
    reminders_replan,
    reminders_sync_recurring,
    reminders_sync_scheduled_step,
    reminders_sync_steps_of,
)

__all__ = [
    "reminders_cancel_for_link",
    "reminders_cancel_for_steps",
    "reminders_replan",
    "reminders_sync_recurring",
    "reminders_sync_scheduled_step",
    "reminders_sync_steps_of",
]


def reminders_cancel_for_link(*, link_id: int, reason: str, digest_only: bool = False) -> int:
    """Cancel what still waits for a supporter link: everything, or its weekly digest.

    Returns how many rows were cancelled. A row already claimed is left to its
    delivery, which re-checks the link before it sends.
    """
    rows = Outbox.objects.filter(supporter_link_id=link_id, status=Outbox.Status.PENDING)
    if digest_only:
        rows = rows.filter(kind=ReminderKind.DIGEST)
    return rows.update(status=Outbox.Status.CANCELLED, skip_reason=reason)
