"""Text messages through the backend settings.SMS_BACKEND names (reminders.sms).

A number that replied STOP gets nothing, whoever set the reminder up. The
message was worded (reminders.messages) before this runs, and a STOP can arrive
in between, so the opt-out is checked again right before the provider call.
In a batch (session) the STOP list was read for every number when the batch
began (reminders.messages.preload); what is checked before each text is then
only the STOPs that came since, read at most once a second: a text never goes
more than a second after its number said STOP, without a query per text.
"""

import time
from contextlib import contextmanager
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.blind_index import matching
from common.phones import phone_to_e164
from reminders.channels import BaseChannel, Delivered, Message, PermanentError, TransientError
from reminders.models import SmsOptOut
from reminders.sms import SMSPermanentError, SMSTransientError, get_sms_backend


def sms_opt_out_record(*, phone: str, source: str, now) -> None:
    """Remember that a number does not want texts. Saying it twice changes nothing."""
    try:
        with transaction.atomic():
            # The number is encrypted: found by its keyed hash, unique in the database.
            if not SmsOptOut.objects.filter(matching(SmsOptOut, "phone", phone)).exists():
                SmsOptOut.objects.create(phone=phone, opted_out_at=now, source=source)
    except IntegrityError:
        pass  # another process recorded the same number a moment earlier


def _e164(number: str) -> str:
    try:
        return phone_to_e164(number)
    except ValidationError:
        return number


# How far back a batch looks for new STOPs: longer than from preload to the first text.
RECENT_STOPS = timedelta(minutes=5)
RECHECK_SECONDS = 1.0


class SmsChannel(BaseChannel):
    name = "sms"

    def __init__(self):
        self._since = None  # in a session: STOPs from then on are checked before each text
        self._stopped: set[str] = set()
        self._checked_at = 0.0
        self._backend = None  # in a session: one provider backend (one connection)

    @contextmanager
    def session(self):
        self._since, self._checked_at = timezone.now() - RECENT_STOPS, 0.0
        try:
            self._backend = get_sms_backend()
        except SMSPermanentError:
            self._backend = None  # not set up: each send says so as it would alone
        try:
            yield self
        finally:
            self._since = None
            if self._backend is not None:
                self._backend.close()
                self._backend = None

    def _said_stop(self, number: str) -> bool:
        if self._since is None:
            return SmsOptOut.objects.filter(matching(SmsOptOut, "phone", number)).exists()
        if time.monotonic() - self._checked_at >= RECHECK_SECONDS:
            recent = SmsOptOut.objects.filter(opted_out_at__gte=self._since)
            self._stopped = {_e164(phone) for phone in recent.values_list("phone", flat=True)}
            self._checked_at = time.monotonic()
        return _e164(number) in self._stopped if self._stopped else False

    def send(self, message: Message, *, dedupe_key: str) -> Delivered:
        if self._said_stop(message.to):
            raise PermanentError("This number replied STOP, so no text was sent.", opted_out=True)
        try:
            # Inside the try: a backend that is not set up says so as a permanent error.
            backend = self._backend or get_sms_backend()
            try:
                sent = backend.send(to=message.to, body=message.text, dedupe_key=dedupe_key)
            finally:
                if backend is not self._backend:
                    backend.close()
        except SMSTransientError as error:
            raise TransientError(str(error)) from error
        except SMSPermanentError as error:
            if error.opted_out:
                sms_opt_out_record(phone=message.to, source="provider", now=timezone.now())
                raise PermanentError(
                    "This number has turned off texts from us.", opted_out=True
                ) from error
            raise PermanentError(str(error)) from error
        return Delivered(provider_message_id=sent.provider_id)

    def was_sent(self, dedupe_key: str) -> bool | None:
        try:
            backend = get_sms_backend()
        except SMSPermanentError:
            return None
        answer = getattr(backend, "was_sent", None)
        return answer(dedupe_key) if answer is not None else None
