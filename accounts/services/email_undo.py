"""Undoing a change of sign-in email from the address it was taken from.

When the email changes, allauth tells the old address (account/email/email_changed);
our adapter adds a link made here. It is signed (no table), lasts
EMAIL_CHANGE_UNDO_DAYS, and names the user, both addresses and the new address's
row, so it stops working once used (that row is gone) or once the email has
changed again (the row is no longer the primary one):

    token = email_change_undo_token(user=user, old_email=old, new_address=address)
    undo = email_change_undo_open(token)      # None: forged, expired or spent
    email_change_undo(undo=undo, now=now)     # the old address is back, sessions end

TimestampSigner reads the clock itself: tests move it with time_machine.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db import transaction

from accounts.models import User
from accounts.services.sessions import end_all_sessions

_SALT = "accounts.email-change-undo"


class CannotUndo(Exception):
    """The old address now belongs to another account, so it cannot come back."""


@dataclass(frozen=True)
class EmailChangeUndo:
    user: User
    old_email: str
    new_address: EmailAddress


def _max_age() -> timedelta:
    return timedelta(days=settings.EMAIL_CHANGE_UNDO_DAYS)


def email_change_undo_token(*, user: User, old_email: str, new_address: EmailAddress) -> str:
    payload = {"u": user.pk, "old": old_email, "new": new_address.email, "a": new_address.pk}
    return signing.TimestampSigner(salt=_SALT).sign_object(payload)


def email_change_undo_open(token: str) -> EmailChangeUndo | None:
    """The change the token undoes, if it still can be undone; None otherwise."""
    try:
        data = signing.TimestampSigner(salt=_SALT).unsign_object(token, max_age=_max_age())
    except (signing.BadSignature, ValueError):
        return None
    address = (
        EmailAddress.objects.select_related("user")
        .filter(pk=data.get("a"), user_id=data.get("u"), email=data.get("new"), primary=True)
        .first()
    )
    if address is None:
        return None
    return EmailChangeUndo(user=address.user, old_email=data["old"], new_address=address)


def email_change_undo(*, undo: EmailChangeUndo, now: datetime) -> User:
    """Put the old address back and shut out whoever changed it.

    1. The new address goes; the old one comes back, confirmed and primary (it is
       the address that just opened our email, so it is still theirs).
    2. The password stops working, since whoever changed the email may have
       changed it too; the person sets a new one through "forgot your password".
    3. Every session of the account ends.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=undo.user.pk)
        taken = EmailAddress.objects.filter(email__iexact=undo.old_email, verified=True).exclude(
            user=user
        )
        if taken.exists():
            raise CannotUndo
        EmailAddress.objects.filter(pk=undo.new_address.pk).delete()
        old, _ = EmailAddress.objects.update_or_create(
            user=user,
            email=undo.old_email,
            defaults={"verified": True, "primary": True},
        )
        user.email = old.email
        user.set_unusable_password()
        user.save(update_fields=["email", "password"])
        # The unusable password already voids every session's hash; this also ends
        # them on the server and in the person's list of sessions.
        end_all_sessions(user)
    return user
