"""Outbox rows and a scriptable SMS provider for the dispatch tests.

row = outbox_row(recipient=alice, due_at=now)
ScriptedSMSBackend.script = ["transient", "ok"]   # what the next sends do
"""

import itertools
from datetime import datetime

from reminders.channels import Message
from reminders.models import Outbox, ReminderKind
from reminders.sms import BaseSMSBackend, SentSMS, SMSPermanentError, SMSTransientError

SCRIPTED = "tests.reminders.dispatch_support.ScriptedSMSBackend"
_keys = itertools.count()


def outbox_row(
    *,
    recipient,
    due_at: datetime,
    channel: str = Outbox.Channel.SMS,
    kind: str = ReminderKind.PLANNING,
    **fields,
) -> Outbox:
    return Outbox.objects.create(
        recipient=recipient,
        kind=kind,
        channel=channel,
        due_at=due_at,
        dedupe_key=f"test:{kind}:{next(_keys)}:{channel}",
        **fields,
    )


def text_for(row: Outbox) -> Message:
    """Stands in for reminders.messages.message_for where the wording is not the point."""
    return Message(to="+14155550100", text=f"A gentle reminder ({row.kind}). Reply STOP to stop.")


class ScriptedSMSBackend(BaseSMSBackend):
    """A provider that does what `script` says, one entry per send ("ok" when empty)."""

    script: list[str] = []
    sent: list[SentSMS] = []
    calls = 0

    @classmethod
    def reset(cls, *script: str) -> None:
        cls.script, cls.sent, cls.calls = list(script), [], 0

    def send(self, *, to, body, dedupe_key):
        cls = type(self)
        cls.calls += 1
        outcome = cls.script.pop(0) if cls.script else "ok"
        if outcome == "transient":
            raise SMSTransientError("The provider answered 503", code=None)
        if outcome == "permanent":
            raise SMSPermanentError("The provider answered 400 (error 21211)", code=21211)
        if outcome == "boom":  # something no channel expected: did it go? nobody knows
            raise RuntimeError("The connection dropped halfway")
        if outcome == "opted_out":
            raise SMSPermanentError("The provider answered 400 (error 21610)", code=21610)
        sent = SentSMS(to=to, body=body, dedupe_key=dedupe_key, provider_id=f"SM{cls.calls}")
        cls.sent.append(sent)
        return sent

    def was_sent(self, dedupe_key: str) -> bool:
        return any(sent.dedupe_key == dedupe_key for sent in type(self).sent)
