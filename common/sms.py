"""Text messages behind one small interface, chosen by settings.SMS_BACKEND.

The reminders work adds a Twilio backend; until then and in development, texts
are printed (console) or kept in memory (tests), and nothing leaves the machine.
"""

import sys
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SentSMS:
    to: str
    body: str
    dedupe_key: str
    provider_id: str


class BaseSMSBackend:
    def send(self, *, to: str, body: str, dedupe_key: str) -> SentSMS:
        raise NotImplementedError


class ConsoleSMSBackend(BaseSMSBackend):
    def send(self, *, to, body, dedupe_key):
        sys.stdout.write(f"--- SMS to {to} ({dedupe_key})\n{body}\n---\n")
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


@cache
def _backend_class(path: str) -> type[BaseSMSBackend]:
    return import_string(path)


def get_sms_backend() -> BaseSMSBackend:
    return _backend_class(settings.SMS_BACKEND)()
