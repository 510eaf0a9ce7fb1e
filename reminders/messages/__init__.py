"""What each outbox row says, worded at send time for the address the person has now.

    message = message_for(row)     # reminders.channels.Message, or None
    if message is None:
        row.skip_reason = why_not(row)

None means there is nothing to send now: the channel is off, there is no
address (no email, no verified phone), the number replied STOP, the person
turned this kind off or paused reminders, or what it was about is gone. The
checks here hold for every kind; each kind's module adds its own and words it
(reminders.py for the person's own, supporters.py for messages to supporters).
Every email gets the one-click unsubscribe headers here, whoever worded it.

    preload(rows)                  # a batch: preferences and the STOP list, 2 queries

After preload, message_for and why_not read those from the rows instead of
asking the database once per row; a row without it asks as before.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from django.utils import timezone

from reminders.channels import Message
from reminders.models import Outbox, ReminderKind, ReminderPreferences, SmsOptOut
from reminders.rules import is_paused_on

Kind = ReminderKind
OWN_KINDS = {
    Kind.PLANNING: "planning_enabled",
    Kind.STEP: "step_enabled",
    Kind.CHECKIN: "checkin_enabled",
    Kind.SAFETY_REVIEW: "safety_review_enabled",
}
NOTHING_TO_SEND = "There was nothing to send any more."


def message_for(row: Outbox, *, now: datetime | None = None) -> Message | None:
    prefs = preferences_for(row)
    if _general_reason(row, prefs, now=now or timezone.now()):
        return None
    message = _builder(row.kind)(row, address_for(row, prefs))
    if message is None:
        return None
    if row.channel == Outbox.Channel.EMAIL:
        message = _with_unsubscribe_headers(message, row)
    return message


def why_not(row: Outbox, *, now: datetime | None = None) -> str:
    """Why message_for gave None, in words for the delivery log ("" if it would send)."""
    prefs = preferences_for(row)
    reason = _general_reason(row, prefs, now=now or timezone.now())
    if reason:
        return reason
    if row.kind in OWN_KINDS:
        from reminders.messages import reminders

        reason = reminders.not_needed(row)
    else:
        from reminders.messages import supporters

        explain = getattr(supporters, "why_not", None)
        reason = explain(row) if explain else ""
    if reason:
        return reason
    message = _builder(row.kind)(row, address_for(row, prefs))
    return "" if message is not None else NOTHING_TO_SEND


def preload(rows: list[Outbox]) -> None:
    """Fetch for all these rows at once what each would otherwise query for itself.

    The batch delivery path calls this, so a batch of 200 costs the same two
    queries as a batch of 2. The facts are read when the batch starts, which is
    as fresh as reading them row by row a few milliseconds apart.
    """
    owner_ids = {row.recipient_id for row in rows}
    saved = {p.owner_id: p for p in ReminderPreferences.objects.filter(owner_id__in=owner_ids)}
    phones = {p.phone for p in saved.values() if p.phone}
    stopped = set(SmsOptOut.objects.filter(phone__in=phones).values_list("phone", flat=True))
    for row in rows:
        prefs = saved.get(row.recipient_id) or ReminderPreferences(owner_id=row.recipient_id)
        row._preloaded = Preloaded(prefs=prefs, opted_out=prefs.phone in stopped)


@dataclass(frozen=True)
class Preloaded:
    prefs: ReminderPreferences
    opted_out: bool


def preferences_for(row: Outbox) -> ReminderPreferences:
    """The recipient's saved preferences, or the unsaved defaults."""
    preloaded = getattr(row, "_preloaded", None)
    if preloaded is not None:
        return preloaded.prefs
    saved = ReminderPreferences.objects.filter(owner_id=row.recipient_id).first()
    return saved or ReminderPreferences(owner_id=row.recipient_id)


def address_for(row: Outbox, prefs: ReminderPreferences | None = None) -> str:
    """Where it goes today: the current email address, or the verified phone."""
    if row.channel == Outbox.Channel.EMAIL:
        return row.recipient.email
    prefs = prefs or preferences_for(row)
    return prefs.phone if prefs.phone_verified else ""


def _general_reason(row: Outbox, prefs: ReminderPreferences, *, now: datetime) -> str:
    recipient = row.recipient
    if not recipient.is_active:
        return "The account is closed."
    today = now.astimezone(recipient.zone).date()
    if is_paused_on(today, paused_at=prefs.paused_at, paused_until=prefs.paused_until):
        return "Reminders were paused."
    flag = OWN_KINDS.get(row.kind)
    if flag and not getattr(prefs, flag):
        return "This kind of reminder is turned off."
    if row.channel == Outbox.Channel.EMAIL:
        if not prefs.email_enabled:
            return "Reminders by email are turned off."
        if row.kind in (prefs.email_unsubscribed or []):
            return "These emails were turned off with the link in one of them."
        if not recipient.email:
            return "There is no email address to send to."
        return ""
    if not prefs.sms_enabled:
        return "Reminders by text are turned off."
    if not prefs.phone_verified:
        return "There is no verified phone number to text."
    if _opted_out(row, prefs):
        return "This number replied STOP, so texts are off until it replies START."
    return ""


def _opted_out(row: Outbox, prefs: ReminderPreferences) -> bool:
    preloaded = getattr(row, "_preloaded", None)
    if preloaded is not None and preloaded.prefs is prefs:
        return preloaded.opted_out
    return SmsOptOut.objects.filter(phone=prefs.phone).exists()


def _builder(kind: str):
    # Imported when used: supporters.py is written by another part of the app and
    # this module must load (and send the person's own reminders) without it.
    if kind in OWN_KINDS:
        from reminders.messages import reminders

        return reminders.BUILDERS[kind]
    from reminders.messages import supporters

    return {Kind.DIGEST: supporters.digest_message, Kind.ALLY_STEP: supporters.ally_step_message}[
        kind
    ]


def _with_unsubscribe_headers(message: Message, row: Outbox) -> Message:
    from reminders.unsubscribe import unsubscribe_url

    headers = {
        # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" to the https URL.
        "List-Unsubscribe": f"<{unsubscribe_url(row.recipient, row.kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return replace(message, headers={**headers, **message.headers})
