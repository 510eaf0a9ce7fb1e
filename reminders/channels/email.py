"""Email through Django's mail (the "default" mailer in settings.MAILERS).

Two things here are not Django's defaults:

- Python's email package folds any header longer than 78 characters, and folds a
  long URL with no spaces in it by turning it into RFC 2047 encoded words. Mail
  clients then cannot read List-Unsubscribe at all. The headers named in
  UNFOLDED are written on one line exactly as given (RFC 5322 allows 998).
- The Message-ID comes from the dedupe key, so a message sent twice (a worker
  died after the provider accepted it) is recognisably the same message, and
  X-Stepwise-Dedupe carries the key itself for anyone reading the headers.
"""

import email
import email.policy
import email.utils
import hashlib
import logging
import smtplib
from contextlib import contextmanager
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers

from reminders.channels import BaseChannel, Delivered, Message, PermanentError, TransientError

logger = logging.getLogger(__name__)

UNFOLDED = ("List-Unsubscribe", "List-Unsubscribe-Post", "X-Stepwise-Dedupe")
MAX_LINE = 998  # RFC 5322 section 2.1.1


class UnfoldedHeader(str):
    """A header value that the email generator writes as it is, on one line.

    email.policy keeps a value that has a `name` as a ready header object and
    calls its `fold` (documented in email.policy.EmailPolicy), so this is the
    supported way to say "do not refold this one".
    """

    def __new__(cls, name: str, value: str):
        if "\r" in value or "\n" in value or not value.isascii():
            raise ValueError(f"{name} must be one line of ASCII")
        if len(name) + 2 + len(value) > MAX_LINE:
            raise ValueError(f"{name} is longer than one line may be")
        obj = super().__new__(cls, value)
        obj.name = name
        return obj

    def fold(self, *, policy):
        return f"{self.name}: {self}{policy.linesep}"


class ReminderEmail(EmailMultiAlternatives):
    def message(self, *, policy=email.policy.default):
        msg = super().message(policy=policy)
        for name in UNFOLDED:
            value = msg.get(name)
            if value is not None:
                del msg[name]
                msg[name] = UnfoldedHeader(name, str(value))
        return msg


class PrebuiltMime:
    """A message built ahead (reminders.messages.prepared), dated as it goes.

    Mail backends ask an EmailMessage for .message() and write .as_bytes(); this
    answers with the stored bytes and a fresh Date header instead of building
    the MIME tree again, which was half of what an email cost. Anything else
    asked of it (a test reading a header) is answered by parsing the bytes.
    """

    def __init__(self, mime: bytes, policy):
        # As Django dates a message it builds: UTC, or the local zone if asked.
        now = datetime.now(UTC)
        date = email.utils.format_datetime(
            now.astimezone() if settings.EMAIL_USE_LOCALTIME else now
        )
        self._bytes = b"Date: " + date.encode() + b"\r\n" + mime
        self.policy = policy
        self._parsed = None

    def as_bytes(self, unixfrom=False, policy=None):
        linesep = (policy or self.policy).linesep
        return self._bytes if linesep == "\r\n" else self._bytes.replace(b"\r\n", b"\n")

    __bytes__ = as_bytes

    def as_string(self, unixfrom=False, maxheaderlen=0, policy=None):
        return self.as_bytes(policy=policy).decode("utf-8", "replace")

    def __getattr__(self, name):
        if self._parsed is None:
            self._parsed = email.message_from_bytes(self.as_bytes(), policy=self.policy)
        return getattr(self._parsed, name)

    def __getitem__(self, name):
        return self.__getattr__("__getitem__")(name)


class PrebuiltEmail(EmailMultiAlternatives):
    """An EmailMessage whose MIME bytes were built when the reminder was worded."""

    def __init__(self, *args, mime: bytes, **kwargs):
        super().__init__(*args, **kwargs)
        self.mime = mime

    def message(self, *, policy=email.policy.default):
        return PrebuiltMime(self.mime, policy)


def message_id_for(dedupe_key: str) -> str:
    """<hash@host>: the same dedupe key always gives the same Message-ID."""
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]
    host = urlsplit(settings.PUBLIC_URL).hostname or "stepwise.localhost"
    return f"<reminder.{digest}@{host}>"


def build_email(message: Message, *, dedupe_key: str) -> ReminderEmail | PrebuiltEmail:
    headers = dict(message.headers)
    headers["Message-ID"] = message_id_for(dedupe_key)
    headers["X-Stepwise-Dedupe"] = dedupe_key
    if message.mime:
        return PrebuiltEmail(
            subject=message.subject,
            body=message.text,
            from_email=message.from_email or None,
            to=[message.to],
            headers=headers,
            mime=message.mime,
        )
    mail = ReminderEmail(
        subject=message.subject,
        body=message.text,
        from_email=message.from_email or None,
        to=[message.to],
        headers=headers,
    )
    if message.html:
        mail.attach_alternative(message.html, "text/html")
    return mail


def _is_permanent(error: smtplib.SMTPException) -> bool:
    # 5xx replies mean "this will never work" (no such mailbox, refused);
    # 4xx and dropped connections are worth another try.
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


class EmailChannel(BaseChannel):
    name = "email"

    def __init__(self):
        self._mailer = None  # open for a session: one SMTP connection for the batch
        self._reopen = False

    @contextmanager
    def session(self):
        """One connection to the mail server for every message sent inside.

        Each message is still handed over (and its "sent" recorded) on its own,
        so what the crash-point table says holds message by message. A server
        that cannot be reached now is not an error here: each send then tries
        for itself and reports what it met, as without a session.
        """
        mailer = mailers.default
        _open_quietly(mailer)
        self._mailer, self._reopen = mailer, False
        try:
            yield self
        finally:
            self._mailer = None
            mailer.close()

    def send(self, message: Message, *, dedupe_key: str) -> Delivered:
        mail = build_email(message, dedupe_key=dedupe_key)
        connection = self._mailer or mailers.default
        if self._reopen:
            self._reopen = False
            _open_quietly(connection)
        try:
            sent = connection.send_messages([mail])
        except smtplib.SMTPException as error:
            self._drop_session_connection()
            if _is_permanent(error):
                raise PermanentError(f"The mail server refused it: {error}") from error
            raise TransientError(f"The mail server could not take it now: {error}") from error
        except OSError as error:  # timeouts, refused connections, DNS
            self._drop_session_connection()
            raise TransientError(f"Could not reach the mail server: {error}") from error
        if not sent:
            raise TransientError("The mail server did not accept the message.")
        return Delivered(provider_message_id=mail.extra_headers["Message-ID"])

    def _drop_session_connection(self) -> None:
        # After an error the session's connection may be broken or mid-reply: the
        # next message gets a fresh one rather than a failure it did not cause.
        if self._mailer is not None:
            self._mailer.close()
            self._reopen = True

    def was_sent(self, dedupe_key: str) -> bool | None:
        answer = getattr(mailers.default, "was_sent", None)
        return answer(dedupe_key) if answer is not None else None


def _open_quietly(mailer) -> None:
    try:
        mailer.open()
    except (smtplib.SMTPException, OSError):
        # Not an error yet: the send opens again and reports what it meets.
        logger.warning("Could not open a connection to the mail server")
        mailer.close()
