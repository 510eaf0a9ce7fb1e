"""Deleting a person's account and everything they own, in one transaction."""

from datetime import datetime

from django.db import transaction

from accounts.models import SecurityEvent, User
from accounts.services.sessions import end_all_sessions
from accounts.signals import account_deleting

# What the person types to confirm: one short, ordinary word, compared without
# regard to case or spaces around it (easier to type than an email address, on a
# phone, with a screen reader or when hands shake).
CONFIRM_WORD = "delete"


def confirmation_matches(typed: str) -> bool:
    return typed.strip().casefold() == CONFIRM_WORD


def account_delete(*, user: User, now: datetime) -> None:
    """Remove `user` and every row that is theirs; nothing of theirs is left behind.

    1. Lock the person's row: two tabs deleting at once delete once.
    2. Send `account_deleting` inside the transaction: supporters ends their links
       both ways (cancelling what waits to be sent about them) and tells each of
       their supporters, after commit, only that the sharing ended; reminders
       removes texts received from their number. The STOP list (SmsOptOut) is kept:
       it belongs to a number, not a person, and stops texts to it whoever asks.
    3. Take their name out of other people's account activity ("Sam stepped back"
       becomes "A supporter stepped back"): the event stays theirs, the name goes.
    4. End every session signed in as them.
    5. Delete the row: the database cascades to everything they own (their outbox
       rows too, so a reminder a worker already claimed finds no row to send).
    Any error undoes all of it.
    """
    with transaction.atomic():
        locked = User.objects.select_for_update().filter(pk=user.pk).first()
        if locked is None:
            return
        account_deleting.send(sender=User, user=locked, now=now)
        SecurityEvent.objects.filter(about=locked).update(detail="", about=None)
        end_all_sessions(locked)
        locked.delete()
