"""Writes a supporter may make: a short note of encouragement, an answer as a step's ally.

Nothing here edits anything of the person's: a supporter's only writes are their
own note and their own answer. Putting a note away is the person's write.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from common import versioning
from planner.models import ScheduledStep
from reminders.sync import reminders_sync_scheduled_step
from supporters.models import AllyResponse, Encouragement, SupporterLink


@versioning.bumps("link.owner_id")
def encouragement_send(*, link: SupporterLink, body: str, now: datetime) -> Encouragement:
    if not link.is_active:
        raise ValidationError("This link has ended.")
    body = body.strip()
    if not body or len(body) > Encouragement.MAX_LENGTH:
        raise ValidationError({"body": f"A note holds 1 to {Encouragement.MAX_LENGTH} characters."})
    return Encouragement.objects.create(
        link=link, owner_id=link.owner_id, body=body, created_at=now
    )


@versioning.bumps("owner")
def encouragement_put_away(*, owner: User, note: Encouragement, now: datetime) -> Encouragement:
    """Take a note off the home page. A second tap keeps the first moment."""
    if note.owner_id != owner.pk:
        raise ValidationError("Only the person it was written to can put it away.")
    if note.dismissed_at is None:
        note.dismissed_at = now
        note.save(update_fields=["dismissed_at"])
    return note


@versioning.bumps("link.owner_id")
def ally_answer_set(
    *, link: SupporterLink, scheduled: ScheduledStep, answer: str, now: datetime
) -> AllyResponse:
    """Record "I'll be there" or "can't make it", and move the ally's reminder to match.

    1. Check the step names this link's contact as its ally (views fetch it that
       way; this guards every other caller).
    2. Write or change the one answer per step and link.
    3. In the same transaction, let the reminders outbox follow: coming means a
       reminder before the step, can't make it means none.
    """
    ally = scheduled.step.ally
    if (
        not link.is_active
        or ally is None
        or ally.supporter_link_id != link.pk
        or ally.owner_id != scheduled.owner_id
        or link.owner_id != scheduled.owner_id
    ):
        raise ValidationError("This step does not name you as its ally.")
    answer = AllyResponse.Answer(answer)
    with transaction.atomic():
        response, _ = AllyResponse.objects.update_or_create(
            scheduled_step=scheduled, link=link, defaults={"answer": answer, "answered_at": now}
        )
        # The reminders planner owns which rows exist; an answer asks it to look again.
        reminders_sync_scheduled_step(scheduled=scheduled, now=now)
    return response
