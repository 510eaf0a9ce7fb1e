"""Acting on a text someone sent back: STOP, START, HELP, SKIP, or just a reply.

A STOP counts for the number, not an account: whoever set the reminders up
(the person, or someone who made them their ally), nothing more is texted to it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from accounts.models import User
from common.blind_index import matching
from reminders.channels.sms import sms_opt_out_record
from reminders.models import InboundSms, Outbox, ReminderPreferences, SmsOptOut
from reminders.not_this_time import not_this_time_by_text
from reminders.services.schedule import reminders_replan
from reminders.sms_inbound import SKIP, START, STOP, classify, is_keyword

STOPPED_REASON = "This number replied STOP, so texts to it stopped."


@dataclass(frozen=True)
class Received:
    action: str  # stop, start, help, skip, or ""
    duplicate: bool  # the provider sent the same message again: nothing was done
    keyword: bool  # a bare keyword (the provider answers those itself)
    opted_out: bool  # the number's state afterwards: no reply but HELP's then
    # SKIP: a step is "not this time" now (just said, or said before); False if none was open.
    not_this_time: bool = False
    # Someone using this number asked for discreet mode: replies must not name Stepwise,
    # since a lock screen shows them to whoever holds the phone.
    discreet: bool = False


def sms_inbound_receive(
    *, provider_message_id: str, from_number: str, body: str, now: datetime
) -> Received:
    """Record one inbound text and do what it asks, once per provider message id.

    1. Record it (InboundSms is unique on the provider's id: a redelivery stops here).
    2. STOP: the number is opted out and its waiting texts are cancelled at once.
    3. START: the opt-out goes and everyone texting that number is re-planned.
    4. SKIP: "not this time" for the step this number was last reminded of, if it
       has not ended (reminders.not_this_time.not_this_time_by_text).
    """
    action = classify(body)
    keyword = is_keyword(body)
    let_go = False
    try:
        with transaction.atomic():
            InboundSms.objects.create(
                provider_message_id=provider_message_id,
                from_number=from_number,
                body=body,
                action=action,
                received_at=now,
            )
            if action == STOP:
                _stop(from_number, source="STOP" if keyword else "reply", now=now)
            elif action == START:
                SmsOptOut.objects.filter(matching(SmsOptOut, "phone", from_number)).delete()
            elif action == SKIP:
                let_go = not_this_time_by_text(phone=from_number, now=now) is not None
    except IntegrityError:
        duplicate = True
    else:
        duplicate = False
        if action == START:
            _replan_everyone_texting(from_number, now=now)
    opted_out = SmsOptOut.objects.filter(matching(SmsOptOut, "phone", from_number)).exists()
    return Received(
        action=action,
        duplicate=duplicate,
        keyword=keyword,
        opted_out=opted_out,
        not_this_time=let_go,
        discreet=User.objects.filter(
            matching(ReminderPreferences, "phone", from_number, prefix="reminder_preferences__"),
            discreet=True,
        ).exists(),
    )


def _stop(phone: str, *, source: str, now: datetime) -> None:
    sms_opt_out_record(phone=phone, source=source, now=now)
    Outbox.objects.filter(
        matching(ReminderPreferences, "phone", phone, prefix="recipient__reminder_preferences__"),
        channel=Outbox.Channel.SMS,
        status=Outbox.Status.PENDING,
    ).update(status=Outbox.Status.CANCELLED, skip_reason=STOPPED_REASON, updated_at=now)


def _replan_everyone_texting(phone: str, *, now: datetime) -> None:
    for owner in User.objects.filter(
        matching(ReminderPreferences, "phone", phone, prefix="reminder_preferences__"),
        is_active=True,
    ):
        with transaction.atomic():
            reminders_replan(owner=owner, now=now)
