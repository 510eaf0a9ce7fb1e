from datetime import datetime

from django.db import transaction

from accounts.models import User
from common import versioning
from planner.models import Attempt, CheckIn, TrustedContact, Win


@versioning.bumps("owner")
def win_add(*, owner: User, text: str, now: datetime) -> Win:
    """A win in the person's own words."""
    win = Win(owner=owner, kind=Win.Kind.OTHER, text=text, happened_at=now)
    win.full_clean()
    win.save()
    return win


@versioning.bumps("attempt.owner_id")
def win_from_attempt(*, attempt: Attempt) -> Win:
    """Keep a logged attempt as a win; a second tap finds the first, never a duplicate."""
    with transaction.atomic():
        win, _ = Win.objects.get_or_create(
            attempt=attempt,
            defaults={
                "owner": attempt.owner,
                "kind": Win.Kind.STEP,
                "text": attempt.step.title,
                "happened_at": attempt.happened_at,
            },
        )
    return win


@versioning.bumps("checkin.owner_id")
def win_from_checkin(*, checkin: CheckIn) -> Win:
    with transaction.atomic():
        win, _ = Win.objects.get_or_create(
            checkin=checkin,
            defaults={
                "owner": checkin.owner,
                "kind": Win.Kind.CHECKIN,
                "text": checkin.note or "A good day",
                "happened_at": checkin.created_at,
            },
        )
    return win


@versioning.bumps("contact.owner_id")
def win_from_contact(*, contact: TrustedContact) -> Win:
    with transaction.atomic():
        win, _ = Win.objects.get_or_create(
            contact=contact,
            defaults={
                "owner": contact.owner,
                "kind": Win.Kind.CONNECTION,
                "text": f"Added {contact.name} to the people you trust",
                "happened_at": contact.created_at,
            },
        )
    return win


@versioning.bumps("win.owner_id")
def win_remove(*, win: Win) -> None:
    """Unmark: what it came from stays exactly as it was."""
    win.delete()
