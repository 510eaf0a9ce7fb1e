"""One-click email unsubscribe: a long-lived signed token per person and reminder kind.

The link sits in every reminder email (List-Unsubscribe, RFC 8058) and in its
footer. It carries no expiry on purpose: an email read months later must still
be able to stop its own kind of message. Signing with a salt of its own means
no other signed value in the app (invitations, safety links) can pass for it.
Unsubscribing covers one kind by email only; texts and other kinds go on.
"""

from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from reminders.models import Outbox, ReminderKind, ReminderPreferences
from reminders.services.schedule import reminders_replan

SALT = "stepwise.unsubscribe.v1"


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.Signer(salt=SALT).sign(f"{user.pk}.{ReminderKind(kind).value}")


def unsubscribe_url(user: User, kind: str) -> str:
    """The absolute one-click link, on the configured public address."""
    path = reverse("reminders:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})
    return f"{settings.PUBLIC_URL}{path}"


def reminders_path() -> str:
    """Where a person changes or pauses reminders (their profile until that page exists)."""
    for name in ("reminders:page", "accounts:profile"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/"


def token_read(token: str) -> tuple[int, str] | None:
    """(user id, kind) for a genuine token, else None."""
    try:
        value = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    user_id, _, kind = value.partition(".")
    if not user_id.isdigit() or kind not in ReminderKind.values:
        return None
    return int(user_id), kind


def is_email_unsubscribed(user: User, kind: str) -> bool:
    prefs = ReminderPreferences.objects.filter(owner=user).first()
    return prefs is not None and kind in (prefs.email_unsubscribed or [])


def email_unsubscribe(*, user: User, kind: str, now: datetime) -> bool:
    """Stop `kind` by email for `user` at once. True if it changed anything.

    1. Add the kind to ReminderPreferences.email_unsubscribed (row locked, so
       two clicks on two kinds at the same moment both count).
    2. Cancel that person's pending emails of that kind; a row already claimed
       is stopped at send time by reminders.rules.recipient_decide.
    3. Re-plan, so what comes next follows the change.
    """
    with transaction.atomic():
        prefs = _locked_preferences(user)
        kinds = list(prefs.email_unsubscribed or [])
        changed = kind not in kinds
        if changed:
            prefs.email_unsubscribed = [*kinds, kind]
            prefs.save(update_fields=["email_unsubscribed", "updated_at"])
        Outbox.objects.filter(
            recipient=user,
            kind=kind,
            channel=Outbox.Channel.EMAIL,
            status=Outbox.Status.PENDING,
        ).update(
            status=Outbox.Status.CANCELLED,
            skip_reason="You turned off these emails with the link in one of them.",
            updated_at=now,
        )
        reminders_replan(owner=user, now=now)
    return changed


def email_resubscribe(*, user: User, kind: str, now: datetime) -> bool:
    """Undo email_unsubscribe for one kind. True if it changed anything."""
    with transaction.atomic():
        prefs = _locked_preferences(user)
        kinds = list(prefs.email_unsubscribed or [])
        changed = kind in kinds
        if changed:
            prefs.email_unsubscribed = [k for k in kinds if k != kind]
            prefs.save(update_fields=["email_unsubscribed", "updated_at"])
            reminders_replan(owner=user, now=now)
    return changed


def _locked_preferences(user: User) -> ReminderPreferences:
    prefs, _ = ReminderPreferences.objects.get_or_create(owner=user)
    return ReminderPreferences.objects.select_for_update().get(pk=prefs.pk)
