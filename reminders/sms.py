"""Text messages behind one small interface, chosen by settings.SMS_BACKEND.

In development texts are printed (console) or kept in memory (tests), and
nothing leaves the machine; TwilioSMSBackend speaks Twilio's REST Messages API. A backend raises SMSTransientError (worth another try) or SMSPermanentError
(never retry; `code` is the provider's error code) and may answer
`was_sent(dedupe_key)` where it can tell.
"""

import base64
import http.client
import json
import sys
import urllib.parse
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from common.logmask import mask_phones


class SMSError(Exception):
    def __init__(self, message: str, *, code: int | None = None):
        super().__init__(message)
        self.code = code


class SMSTransientError(SMSError):
    """Timeouts, rate limits, the provider's own trouble (HTTP 429 and 5xx)."""


class SMSPermanentError(SMSError):
    """A request the provider will never accept (HTTP 4xx): bad number, unsubscribed."""

    # Twilio: "Attempt to send to unsubscribed recipient" (the number replied STOP).
    OPTED_OUT_CODES = frozenset({21610})

    @property
    def opted_out(self) -> bool:
        return self.code in self.OPTED_OUT_CODES


@dataclass(frozen=True)
class SentSMS:
    to: str
    body: str
    dedupe_key: str
    provider_id: str


class BaseSMSBackend:
    def send(self, *, to: str, body: str, dedupe_key: str) -> SentSMS:
        raise NotImplementedError

    def close(self) -> None:
        """Let go of a connection kept between sends (a batch's provider session)."""


class ConsoleSMSBackend(BaseSMSBackend):
    """Prints texts. In development (DEBUG) the whole text, so a developer can read the
    code they were sent; anywhere else stdout is the server's log, which carries no
    message body and no whole number (issue 14), so only who and which are printed."""

    def send(self, *, to, body, dedupe_key):
        if settings.DEBUG:
            sys.stdout.write(f"--- SMS to {to} ({dedupe_key})\n{body}\n---\n")
        else:
            sys.stdout.write(
                f"--- SMS to {mask_phones(to)} ({dedupe_key}) not sent: SMS_BACKEND is the "
                "console; the text is withheld outside DEBUG\n"
            )
        sys.stdout.flush()
        return SentSMS(to=to, body=body, dedupe_key=dedupe_key, provider_id=f"console-{dedupe_key}")


class LocmemSMSBackend(BaseSMSBackend):
    """Keeps texts in a class-level list, like Django's locmem mail outbox."""

    outbox: list[SentSMS] = []

    def send(self, *, to, body, dedupe_key):
        sent = SentSMS(
            to=to, body=body, dedupe_key=dedupe_key, provider_id=f"locmem-{len(self.outbox)}"
        )
        self.outbox.append(sent)
        return sent

    def was_sent(self, dedupe_key: str) -> bool:
        return any(sent.dedupe_key == dedupe_key for sent in self.outbox)


class TwilioSMSBackend(BaseSMSBackend):
    """POST {TWILIO_API_BASE}/2010-04-01/Accounts/{sid}/Messages.json, Basic auth.

    TWILIO_API_BASE defaults to https://api.twilio.com; tests point it at a
    loopback stub. Twilio has no lookup by our key, so `was_sent` is not offered
    (the channel answers None: cannot tell).
    """

    def __init__(self):
        self.sid = settings.TWILIO_ACCOUNT_SID
        self.token = settings.TWILIO_AUTH_TOKEN
        self.from_number = settings.TWILIO_FROM_NUMBER
        self.service_sid = settings.TWILIO_MESSAGING_SERVICE_SID
        self.base = settings.TWILIO_API_BASE.rstrip("/")
        self.timeout = settings.TWILIO_TIMEOUT
        self._connection = None
        if not (self.sid and self.token and (self.from_number or self.service_sid)):
            raise SMSPermanentError(
                "Twilio is not set up: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and "
                "TWILIO_FROM_NUMBER (or TWILIO_MESSAGING_SERVICE_SID) are needed."
            )

    def send(self, *, to, body, dedupe_key):
        fields = {"To": to, "Body": body}
        if self.service_sid:
            fields["MessagingServiceSid"] = self.service_sid
        else:
            fields["From"] = self.from_number
        credentials = base64.b64encode(f"{self.sid}:{self.token}".encode()).decode()
        try:
            status, raw = self._post(
                f"/2010-04-01/Accounts/{urllib.parse.quote(self.sid)}/Messages.json",
                body=urllib.parse.urlencode(fields).encode(),
                headers={
                    "Authorization": f"Basic {credentials}",
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/json",
                },
            )
        except (http.client.HTTPException, OSError) as error:
            # Unreachable, refused, timed out: Twilio may or may not have it.
            raise SMSTransientError(f"Could not reach Twilio: {error}") from error
        if status >= 400:
            raise _error_from(status, _json(raw))
        answer = _json(raw)
        return SentSMS(to=to, body=body, dedupe_key=dedupe_key, provider_id=answer.get("sid", ""))

    def _post(self, path: str, *, body: bytes, headers: dict) -> tuple[int, bytes]:
        """One request over the connection this backend keeps open (HTTP/1.1 keep-alive).

        The SMS channel keeps one backend for a whole batch, so a batch's texts go
        over one connection (one TLS handshake) instead of one each. A connection
        that broke is dropped, and the next text opens a new one.
        """
        base = urllib.parse.urlsplit(self.base)
        if self._connection is None:
            kind = (
                http.client.HTTPSConnection
                if base.scheme == "https"
                else http.client.HTTPConnection
            )
            self._connection = kind(base.netloc, timeout=self.timeout)
        try:
            self._connection.request("POST", base.path + path, body=body, headers=headers)
            response = self._connection.getresponse()
            return response.status, response.read()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _json(raw: bytes) -> dict:
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _error_from(status: int, answer: dict) -> SMSError:
    code = answer.get("code") if isinstance(answer.get("code"), int) else None
    text = f"Twilio answered {status}" + (f" (error {code})" if code else "")
    if answer.get("message"):
        text += f": {answer['message']}"
    if status == 429 or status >= 500:
        return SMSTransientError(text, code=code)
    return SMSPermanentError(text, code=code)


@cache
def _backend_class(path: str) -> type[BaseSMSBackend]:
    return import_string(path)


def get_sms_backend() -> BaseSMSBackend:
    return _backend_class(settings.SMS_BACKEND)()
