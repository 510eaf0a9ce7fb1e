"""What each outbox row says, worded at send time for the address the person has now.

    message = message_for(row)     # reminders.channels.Message, or None
    if message is None:
        row.skip_reason = why_not(row)

None means there is nothing to send now: reminders.rules.recipient_decide says
skip (the channel is off, there is no address, the number replied STOP, the
person turned this kind off or paused reminders), or what it was about is gone.
The delivery services take those steps apart, and ask first whether the row is
still in time (reminders.rules.delivery_decide does both):

    decision = delivery_decide(..., recipient=recipient_of(row))
    message = message_to_send(row, decision.to)  # None: nothing_to_say(row, to)

message_to_send takes the words prepared when the row was written
(reminders.messages.prepared) while they are current, and words it now otherwise.

Each kind's module words its messages and knows when it has nothing left to say
(reminders.py for the person's own, supporters.py for messages to supporters).
Every email gets the one-click unsubscribe headers here, whoever worded it, and
to a recipient in discreet mode comes from "Reminders" at the same address.

    preload(rows)                  # a batch: preferences, the STOP list, the steps

After preload, message_for and why_not read those from the rows instead of
asking the database once per row; a row without it asks as before.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from django.utils import timezone

from common.blind_index import matching
from common.mail import neutral_sender
from reminders.channels import Message
from reminders.models import Outbox, ReminderKind, ReminderPreferences, SmsOptOut
from reminders.rules import KIND_SWITCHES, Recipient, Send, Skip, recipient_decide

Kind = ReminderKind
OWN_KINDS = frozenset(KIND_SWITCHES)  # the person's own reminders; the rest go to supporters
NOTHING_TO_SEND = "There was nothing to send any more."


def message_for(row: Outbox, *, now: datetime | None = None) -> Message | None:
    decision = _recipient_decision(row, now=now or timezone.now())
    if isinstance(decision, Skip):
        return None
    return word(row, decision.to)


def why_not(row: Outbox, *, now: datetime | None = None) -> str:
    """Why message_for gave None, in words for the delivery log ("" if it would send)."""
    decision = _recipient_decision(row, now=now or timezone.now())
    if isinstance(decision, Skip):
        return decision.reason
    return nothing_to_say(row, decision.to)


def _recipient_decision(row: Outbox, *, now: datetime) -> Send | Skip:
    recipient = recipient_of(row)
    return recipient_decide(now=now, kind=row.kind, channel=row.channel, recipient=recipient)


def recipient_of(row: Outbox) -> Recipient:
    """The row's recipient as the decision needs them (preloaded for a batch)."""
    person, prefs = row.recipient, preferences_for(row)
    return Recipient(
        active=person.is_active,
        zone=person.zone,
        email=person.email,
        prefs=prefs,
        # The STOP list is asked about a number only for a text.
        opted_out=row.channel == Outbox.Channel.SMS
        and bool(prefs.phone)
        and _opted_out(row, prefs),
    )


def word(row: Outbox, to: str) -> Message | None:
    """The row's message for `to`, in its kind's words; None: nothing left to say."""
    message = _builder(row.kind)(row, to)
    if message is not None and row.channel == Outbox.Channel.EMAIL:
        message = _with_unsubscribe_headers(message, row)
        if row.recipient.discreet:
            message = replace(message, from_email=neutral_sender())
    return message


def message_to_send(row: Outbox, to: str) -> Message | None:
    """What goes to `to` now: the prepared message if still current, else worded now.

    The checks that depend on the moment (the step still planned, not yet checked
    in) are made here either way; `word` makes them itself.
    """
    from reminders.messages import prepared

    if row.kind in prepared.PREPARED_KINDS and row.prepared:
        from reminders.messages import reminders

        if reminders.not_needed(row):
            return None
        message = prepared.prepared_message(row, to)
        if message is not None:
            return message
    return word(row, to)


def nothing_to_say(row: Outbox, to: str) -> str:
    """Why `word` gives None, in words for the delivery log ("" if it would not)."""
    if row.kind in OWN_KINDS:
        from reminders.messages import reminders

        reason = reminders.not_needed(row)
    else:
        from reminders.messages import supporters

        explain = getattr(supporters, "why_not", None)
        reason = explain(row) if explain else ""
    if reason:
        return reason
    return "" if _builder(row.kind)(row, to) is not None else NOTHING_TO_SEND


def preload(rows: list[Outbox]) -> None:
    """Fetch for all these rows at once what each would otherwise query for itself.

    The batch delivery path calls this, so a batch of 200 costs the same few
    queries as a batch of 2 (preferences, STOP list, steps, check-ins). The facts are read when the batch starts, which is
    as fresh as reading them row by row a few milliseconds apart.
    """
    from planner.models import ScheduledStep

    step_ids = {row.scheduled_step_id for row in rows if row.kind == Kind.STEP}
    step_ids.discard(None)
    planned = {}
    if step_ids:
        planned = {
            s.pk: s
            for s in ScheduledStep.objects.select_related("step").filter(
                pk__in=step_ids, status=ScheduledStep.Status.PLANNED
            )
        }
    owner_ids = {row.recipient_id for row in rows}
    saved = {p.owner_id: p for p in ReminderPreferences.objects.filter(owner_id__in=owner_ids)}
    phones = {p.phone for p in saved.values() if p.phone}
    stopped = set(
        SmsOptOut.objects.filter(matching(SmsOptOut, "phone", *phones)).values_list(
            "phone", flat=True
        )
    )
    from reminders.messages.reminders import checked_in_for

    checked_in_for([row for row in rows if row.kind == Kind.CHECKIN])
    for row in rows:
        prefs = saved.get(row.recipient_id) or ReminderPreferences(owner_id=row.recipient_id)
        row._preloaded = Preloaded(prefs=prefs, opted_out=prefs.phone in stopped)
        if row.kind == Kind.STEP:
            # Still planned and still this person's, as reminders.scheduled_for asks.
            step = planned.get(row.scheduled_step_id)
            mine = step is not None and step.owner_id == row.recipient_id
            row._planned_steps = {row.scheduled_step_id: step} if mine else {}


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


def _opted_out(row: Outbox, prefs: ReminderPreferences) -> bool:
    preloaded = getattr(row, "_preloaded", None)
    if preloaded is not None and preloaded.prefs is prefs:
        return preloaded.opted_out
    return SmsOptOut.objects.filter(matching(SmsOptOut, "phone", prefs.phone)).exists()


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
        "List-Unsubscribe": f"<{unsubscribe_url(row.recipient, row.kind, issued=row.due_at)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return replace(message, headers={**headers, **message.headers})
