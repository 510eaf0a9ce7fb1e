""" "Not this time" from a step reminder, with no sign-in: a signed link, and a SKIP reply.

The link names one step at one moment and its owner. It works until the step's
end (starts_at + planned minutes); a step moved since then has a new reminder
with a new link, so the old one stops. A salt of its own keeps every other
signed value of the app (unsubscribe, invitations) from passing for it. A GET
only asks; a POST acts, once: saying it again changes nothing and answers the
same. Either way the rule itself is planner.services.week.scheduled_step_cancel,
which also cancels the step's waiting reminders in the same transaction.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from common.blind_index import matching
from planner.models import ScheduledStep
from planner.services.week import scheduled_step_cancel
from reminders.models import Outbox, ReminderKind, ReminderPreferences

SALT = "stepwise.not-this-time.v1"
# What the page says for a link, and the HTTP status it answers with.
ASK, DONE, ENDED, GONE = "ask", "done", "ended", "gone"
# A step lasts at most a day (ScheduledStep.planned_minutes): older texts cannot be open.
LONGEST_STEP = timedelta(days=1)


@dataclass(frozen=True)
class Opened:
    state: str  # ask, done (it is "not this time" now), ended, or gone
    scheduled: ScheduledStep | None = None


def not_this_time_token(scheduled: ScheduledStep) -> str:
    # Short, base62 numbers: the link has to fit in a text message.
    moment = int(scheduled.starts_at.timestamp())
    parts = (scheduled.pk, scheduled.owner_id, moment)
    return signing.Signer(salt=SALT).sign(".".join(signing.b62_encode(n) for n in parts))


def not_this_time_url(scheduled: ScheduledStep) -> str:
    path = reverse("reminders:not_this_time", kwargs={"token": not_this_time_token(scheduled)})
    return f"{settings.PUBLIC_URL}{path}"


def _read(token: str) -> tuple[int, int, int] | None:
    """(step id, owner id, start as a Unix time) for a genuine token, else None."""
    try:
        parts = signing.Signer(salt=SALT).unsign(token).split(".")
        step_id, owner_id, moment = (signing.b62_decode(p) for p in parts)
    except (signing.BadSignature, ValueError):
        return None
    return step_id, owner_id, moment


def _state(scheduled: ScheduledStep, moment: int, now: datetime) -> str:
    if scheduled.status == ScheduledStep.Status.CANCELLED:
        return DONE
    if (
        int(scheduled.starts_at.timestamp()) != moment
        or now >= scheduled.ends_at
        or not scheduled.can_be_not_this_time
    ):
        return ENDED
    return ASK


def not_this_time_open(*, token: str, now: datetime, lock: bool = False) -> Opened:
    """What a link says now. Changes nothing; `lock` holds the step's row (inside a transaction)."""
    found = _read(token)
    if found is None:
        return Opened(GONE)
    step_id, owner_id, moment = found
    rows = ScheduledStep.objects.select_related("step", "owner")
    if lock:
        rows = rows.select_for_update(of=("self",))
    scheduled = rows.filter(pk=step_id, owner_id=owner_id, owner__is_active=True).first()
    if scheduled is None:
        return Opened(GONE)
    return Opened(_state(scheduled, moment, now), scheduled)


def not_this_time_say(*, token: str, now: datetime) -> Opened:
    """Record "not this time" for the link's step if it is still open; else change nothing.

    The row is locked, so two taps at once both see one change.
    """
    with transaction.atomic():
        opened = not_this_time_open(token=token, now=now, lock=True)
        if opened.state != ASK:
            return opened
        scheduled_step_cancel(scheduled=opened.scheduled, now=now)
    return Opened(DONE, opened.scheduled)


def not_this_time_by_text(*, phone: str, now: datetime) -> ScheduledStep | None:
    """A SKIP texted from `phone`: "not this time" for the step it was last reminded of.

    1. The step reminders texted to this number, newest first, whose step is the
       recipient's own and could still be open (an ally's reminders never count).
    2. The first whose step has not ended: planned, it becomes "not this time";
       already "not this time", nothing changes (a second SKIP is a no-op).
    3. None when no such step is waiting: nothing changes.
    """
    texts = (
        Outbox.objects.filter(
            matching(
                ReminderPreferences, "phone", phone, prefix="recipient__reminder_preferences__"
            ),
            kind=ReminderKind.STEP,
            channel=Outbox.Channel.SMS,
            status=Outbox.Status.SENT,
            scheduled_step__starts_at__gt=now - LONGEST_STEP,
        )
        .order_by("-sent_at", "-pk")
        .values_list("scheduled_step_id", "recipient_id", "sent_to")[:20]
    )
    # sent_to is encrypted, so "texted to this very number" is checked here, not in SQL.
    texts = [(step, recipient) for step, recipient, to in texts if to == phone]
    for step_id, recipient_id in texts:
        with transaction.atomic():
            scheduled = (
                ScheduledStep.objects.select_for_update()
                .filter(pk=step_id, owner_id=recipient_id)
                .first()
            )
            if scheduled is None or now >= scheduled.ends_at:
                continue
            if scheduled.status == ScheduledStep.Status.CANCELLED:
                return scheduled
            if scheduled.can_be_not_this_time:
                return scheduled_step_cancel(scheduled=scheduled, now=now)
    return None
