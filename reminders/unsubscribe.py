"""One-click email unsubscribe: a signed token per person, reminder kind and email.

The link sits in every reminder email (List-Unsubscribe, RFC 8058) and in its
footer. It works for a year from the email it came in (the row's due moment), so
an email read months later can still stop its own kind of message, while a link
found in an old mailbox or a forwarded message does not work for ever. The
person's own salt (User.unsubscribe_salt) is mixed into the signature: changing
it turns off every link already sent, and new emails carry new links. A salt of
its own means no other signed value in the app (invitations, safety links) can
pass for it. Unsubscribing covers one kind by email only; texts and other kinds
go on.
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from reminders.models import Outbox, ReminderKind, ReminderPreferences
from reminders.services.schedule import reminders_replan

SALT = "stepwise.unsubscribe.v2"
# Links sent before they carried a date: they still verify, and get the page for old links.
LEGACY_SALT = "stepwise.unsubscribe.v1"
LIFETIME = timedelta(days=365)
# What a link is now, and so which page it gets.
OPEN, ENDED, GONE = "open", "ended", "gone"


@dataclass(frozen=True)
class Opened:
    state: str  # open, ended (over a year old, or from before links had a date), gone
    user: User | None = None
    kind: str = ""


def _signer(user: User) -> signing.Signer:
    return signing.Signer(salt=f"{SALT}:{user.unsubscribe_salt}")


def unsubscribe_token(user: User, kind: str, *, issued: datetime) -> str:
    """`issued` is the moment of the email that carries it (its outbox row's due_at)."""
    moment = signing.b62_encode(int(issued.timestamp()))
    return _signer(user).sign(f"{user.pk}.{ReminderKind(kind).value}.{moment}")


def unsubscribe_url(user: User, kind: str, *, issued: datetime) -> str:
    """The absolute one-click link, on the configured public address."""
    token = unsubscribe_token(user, kind, issued=issued)
    path = reverse("reminders:unsubscribe", kwargs={"token": token})
    return f"{settings.PUBLIC_URL}{path}"


def reminders_path() -> str:
    """Where a person changes or pauses reminders (their profile until that page exists)."""
    for name in ("reminders:page", "accounts:profile"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/"


def unsubscribe_open(token: str, *, now: datetime) -> Opened:
    """What a link is at `now`. Reads one person; changes nothing.

    The person is found from the unsigned part first, because their salt is
    needed to check the signature; nothing is shown or done before it checks.
    """
    value, sep, _ = token.rpartition(signing.Signer().sep)
    parts = value.split(".")
    if not sep or len(parts) not in (2, 3) or not parts[0].isdigit():
        return Opened(GONE)
    if parts[1] not in ReminderKind.values:
        return Opened(GONE)
    user = User.objects.filter(pk=int(parts[0]), is_active=True).first()
    if user is None:
        return Opened(GONE)
    if len(parts) == 2:
        return Opened(ENDED if _verifies(signing.Signer(salt=LEGACY_SALT), token) else GONE)
    if not _verifies(_signer(user), token):
        return Opened(GONE)  # forged, or turned off with the person's salt
    try:
        issued = datetime.fromtimestamp(signing.b62_decode(parts[2]), tz=UTC)
    except ValueError:
        return Opened(GONE)
    if now - issued > LIFETIME:
        return Opened(ENDED)
    return Opened(OPEN, user, parts[1])


def _verifies(signer: signing.Signer, token: str) -> bool:
    try:
        signer.unsign(token)
    except signing.BadSignature:
        return False
    return True


def unsubscribe_links_revoke(*, user: User) -> None:
    """Turn off every unsubscribe link already sent to `user`; later emails get new ones."""
    user.unsubscribe_salt = secrets.token_urlsafe(16)
    user.save(update_fields=["unsubscribe_salt"])


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
