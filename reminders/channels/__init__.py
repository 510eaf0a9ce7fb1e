"""Delivery channels behind one small interface.

    channel = get_channel(row.channel)
    result = channel.send(message, dedupe_key=row.dedupe_key)   # -> Delivered
    channel.was_sent(dedupe_key)   # True / False / None (cannot tell)
    with channel.session():        # a batch: one SMTP connection, one provider session
        ...

`send` raises TransientError (worth retrying: timeouts, HTTP 429/5xx) or
PermanentError (never retry: a bad number, HTTP 4xx, the recipient unsubscribed).
`was_sent` lets the dispatcher reconcile a row a dead worker left in "sending"
without sending it twice; a channel that cannot tell answers None and the
README's crash-point table says which way we err.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field


class TransientError(Exception):
    """Try again later."""


class PermanentError(Exception):
    """Never try again. `opted_out` marks the provider's "recipient unsubscribed"."""

    def __init__(self, message: str, *, opted_out: bool = False):
        super().__init__(message)
        self.opted_out = opted_out


@dataclass(frozen=True)
class Message:
    """What to send, already worded: channels only deliver."""

    to: str  # an email address or an E.164 number
    subject: str = ""  # email only
    text: str = ""
    html: str = ""  # email only
    headers: dict = field(default_factory=dict)  # email only (List-Unsubscribe, ...)
    from_email: str = ""  # email only; "" is settings.DEFAULT_FROM_EMAIL
    # email only: the whole message built ahead, without its Date
    # (reminders.messages.prepared); the fields above then say what it holds.
    mime: bytes = b""


@dataclass(frozen=True)
class Delivered:
    provider_message_id: str


class BaseChannel:
    name = ""

    @contextmanager
    def session(self):
        """One provider connection for a run of sends (a batch); by default none."""
        yield self

    def send(self, message: Message, *, dedupe_key: str) -> Delivered:
        raise NotImplementedError

    def was_sent(self, dedupe_key: str) -> bool | None:
        return None


def get_channel(name: str) -> BaseChannel:
    # Imported here so a channel's own dependencies load only when used.
    from reminders.channels.email import EmailChannel
    from reminders.channels.sms import SmsChannel

    channels = {"email": EmailChannel, "sms": SmsChannel}
    return channels[name]()
