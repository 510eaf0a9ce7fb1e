"""Reminders worded ahead of time, so the minute they are due costs only the sending.

Wording a reminder from its templates and building the email with Python's email
package took about 5 ms a message: 100,000 reminders due at once waited minutes
for it (issue 17). So the person's own reminders (planning, step, check-in, safety
review) are worded when their outbox row is written, moved or revived
(reminders.services.schedule), and again when what they are worded from changes
(outbox_reword: name, discreet mode, language, zone, preferences, phone). The
words are kept encrypted in Outbox.prepared: for a text the text, for an email
the whole MIME message but its Date, which is stamped as it goes.

    outbox_prepare(rows)             # word these rows and store it (one UPDATE)
    prepared_message(row, to)        # at send time: the stored message, or None

The stored message is used only while it is still what wording now would give:
it carries a fingerprint of every fact the templates read (the address, the
name, discreet mode, language, zone, the step's title, length and time, the
planning day and hour, the row's moment, the unsubscribe salt, PUBLIC_URL,
WORDING_VERSION), and one that no longer matches is worded on the spot as
before. So a change nobody re-worded for (a step's title edited) costs time,
never a stale message. Whether to send at all (too late, paused, unsubscribed,
STOP, the step gone, already checked in) is still decided when it is due.

Messages to supporters are worded when they go: the weekly summary tells the
week up to that moment, and wording either records a read in the person's
access log.
"""

import base64
import email.policy
import hashlib
import json
import logging
import zlib
from collections.abc import Iterable

from django.conf import settings

from reminders.channels import Message
from reminders.models import Outbox, ReminderKind

logger = logging.getLogger(__name__)

# Bump when the reminder templates change, so rows worded before are worded again.
WORDING_VERSION = 1
PREPARED_KINDS = frozenset(
    {ReminderKind.PLANNING, ReminderKind.STEP, ReminderKind.CHECKIN, ReminderKind.SAFETY_REVIEW}
)
# What Outbox.prepared starts with: zlib-compressed JSON, base64 (then encrypted).
FORMAT = "z1:"


def address_of(row: Outbox) -> str:
    """Where the row would go now: the account's email, or the saved phone for a text."""
    from reminders.messages import preferences_for

    if row.channel == Outbox.Channel.EMAIL:
        return row.recipient.email or ""
    return preferences_for(row).phone or ""


def fingerprint(row: Outbox, to: str) -> str:
    """A digest of everything the row's wording reads; equal digests, equal words."""
    from reminders.messages import preferences_for
    from reminders.messages.reminders import scheduled_for

    person = row.recipient
    facts = [
        WORDING_VERSION,
        settings.PUBLIC_URL,
        settings.DEFAULT_FROM_EMAIL,
        row.kind,
        row.channel,
        row.dedupe_key,
        row.due_at.timestamp(),
        to,
        person.pk,
        person.email,
        person.display_name,
        person.discreet,
        person.locale,
        person.timezone,
        person.unsubscribe_salt,
    ]
    if row.kind == ReminderKind.PLANNING:
        prefs = preferences_for(row)
        facts += [prefs.planning_weekday, str(prefs.planning_at)]
    if row.kind == ReminderKind.STEP:
        scheduled = scheduled_for(row)
        if scheduled is not None:
            facts += [
                scheduled.pk,
                scheduled.starts_at.timestamp(),
                scheduled.planned_minutes,
                scheduled.step.title,
            ]
    return hashlib.sha256(repr(facts).encode()).hexdigest()


def outbox_prepare(rows: Iterable[Outbox]) -> int:
    """Word each waiting row of the person's own kinds whose stored words are not current.

    Rows need their recipient loaded (select_related). Preferences and steps are
    read for all of them at once. A row that cannot be worded now (nothing to
    say, no address, a template error) is left to be worded when it goes: this
    runs inside the transaction of whatever wrote the row, and must never undo it.
    Returns how many rows were (re)worded.
    """
    from reminders.messages import preload

    rows = [r for r in rows if r.kind in PREPARED_KINDS and r.status == Outbox.Status.PENDING]
    if not rows:
        return 0
    preload(rows)
    changed = []
    for row in rows:
        try:
            packed = _prepare_one(row)
        except Exception:
            logger.exception("Could not word outbox row %s ahead; it is worded when sent", row.pk)
            packed = ""
        if packed is not None and packed != row.prepared:
            row.prepared = packed
            changed.append(row)
    Outbox.objects.bulk_update(changed, ["prepared"], batch_size=500)
    return len(changed)


def _prepare_one(row: Outbox) -> str | None:
    """The packed words for the row; None: what it holds is current; "": none now."""
    from reminders.messages import word
    from reminders.messages.reminders import not_needed

    to = address_of(row)
    if not to:
        return ""
    mark = fingerprint(row, to)
    stored = unpack(row.prepared)
    if stored is not None and stored.get("f") == mark and stored.get("to") == to:
        return None
    if not_needed(row):
        return ""
    message = word(row, to)
    if message is None:
        return ""
    return pack(_content(message, row, mark))


def _content(message: Message, row: Outbox, mark: str) -> dict:
    content = {"f": mark, "to": message.to, "text": message.text}
    if row.channel == Outbox.Channel.EMAIL:
        from reminders.channels.email import build_email

        mime = build_email(message, dedupe_key=row.dedupe_key).message(policy=email.policy.SMTP)
        # Stamped when it goes (reminders.channels.email.PrebuiltEmail), not now.
        del mime["Date"]
        content |= {
            "subject": message.subject,
            "headers": message.headers,
            "from_email": message.from_email,
            # Bytes kept as text one for one: latin-1 maps each byte to one character.
            "mime": mime.as_bytes().decode("latin-1"),
        }
    return content


def prepared_message(row: Outbox, to: str) -> Message | None:
    """The row's stored message if it is still what wording it now would give, else None."""
    if row.kind not in PREPARED_KINDS:
        return None
    stored = unpack(row.prepared)
    if stored is None or stored.get("to") != to or stored.get("f") != fingerprint(row, to):
        return None
    return Message(
        to=to,
        subject=stored.get("subject", ""),
        text=stored["text"],
        headers=stored.get("headers") or {},
        from_email=stored.get("from_email", ""),
        mime=stored.get("mime", "").encode("latin-1"),
    )


def pack(content: dict) -> str:
    raw = json.dumps(content, separators=(",", ":")).encode()
    return FORMAT + base64.b64encode(zlib.compress(raw, 6)).decode()


def unpack(value: str) -> dict | None:
    if not value or not value.startswith(FORMAT):
        return None
    try:
        return json.loads(zlib.decompress(base64.b64decode(value.removeprefix(FORMAT))))
    except (ValueError, zlib.error):
        return None


def outbox_reword(*, recipient_id: int) -> int:
    """Word again whatever still waits for this person (their wording settings changed).

    Only rows whose fingerprint moved are rendered, so calling it when nothing
    that words a message changed costs a read and no rendering.
    """
    rows = Outbox.objects.select_related("recipient").filter(
        recipient_id=recipient_id, status=Outbox.Status.PENDING, kind__in=PREPARED_KINDS
    )
    return outbox_prepare(rows)


def outbox_prepare_keys(keys: Iterable[str]) -> int:
    """Word the waiting rows with these dedupe keys (just written or moved)."""
    keys = list(keys)
    if not keys:
        return 0
    rows = Outbox.objects.select_related("recipient").filter(
        dedupe_key__in=keys, status=Outbox.Status.PENDING, kind__in=PREPARED_KINDS
    )
    return outbox_prepare(rows)
