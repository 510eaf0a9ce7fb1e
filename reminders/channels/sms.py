"""Text messages through the backend settings.SMS_BACKEND names (reminders.sms).

A number that replied STOP gets nothing, whoever set the reminder up. The
message was worded (reminders.messages) before this runs, and a STOP can arrive
in between, so the opt-out is checked again right before the provider call.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.blind_index import matching
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


class SmsChannel(BaseChannel):
    name = "sms"

    def send(self, message: Message, *, dedupe_key: str) -> Delivered:
        if SmsOptOut.objects.filter(matching(SmsOptOut, "phone", message.to)).exists():
            raise PermanentError("This number replied STOP, so no text was sent.", opted_out=True)
        try:
            # Inside the try: a backend that is not set up says so as a permanent error.
            backend = get_sms_backend()
            sent = backend.send(to=message.to, body=message.text, dedupe_key=dedupe_key)
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
