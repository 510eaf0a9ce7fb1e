"""Texts through the Twilio backend, against a loopback stub of Twilio's REST API."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone

from common.blind_index import matching
from reminders.channels import PermanentError, TransientError
from reminders.channels.sms import SmsChannel
from reminders.messages import message_for
from reminders.models import ReminderKind, SmsOptOut
from reminders.sms import LocmemSMSBackend
from tests.reminders.channels_support import PHONE, private_step, reminder_row, with_phone
from tests.reminders.twilio_support import FROM, SID, TOKEN, twilio_error, twilio_stub


@pytest.fixture
def stub(settings):
    with twilio_stub(settings) as stub:
        yield stub


@pytest.fixture
def text(alice):
    with_phone(alice)
    row = reminder_row(alice, ReminderKind.STEP, channel="sms", scheduled=private_step(alice))
    return row, message_for(row)


def test_a_text_is_posted_to_twilios_messages_api_with_basic_auth(stub, text):
    row, message = text

    delivered = SmsChannel().send(message, dedupe_key=row.dedupe_key)

    [seen] = stub.requests
    assert seen.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    expected = base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    assert seen.headers["Authorization"] == f"Basic {expected}"
    assert seen.form == {"To": PHONE, "From": FROM, "Body": message.text}
    assert seen.form["Body"].endswith("Reply STOP to stop texts")
    assert delivered.provider_message_id == "SM" + "1".zfill(32)


def test_a_messaging_service_replaces_the_from_number(stub, settings, text):
    settings.TWILIO_MESSAGING_SERVICE_SID = "MG0000000000000000000000000000000a"
    row, message = text
    SmsChannel().send(message, dedupe_key=row.dedupe_key)
    assert stub.requests[0].form["MessagingServiceSid"] == "MG0000000000000000000000000000000a"
    assert "From" not in stub.requests[0].form


@pytest.mark.parametrize(
    "answer",
    [twilio_error(500, 20500), twilio_error(503, 20503), twilio_error(429, 20429)],
    ids=["500", "503", "429"],
)
def test_a_provider_in_trouble_is_worth_retrying(stub, text, answer):
    stub.answers = [answer]
    row, message = text
    with pytest.raises(TransientError, match=str(answer[0])):
        SmsChannel().send(message, dedupe_key=row.dedupe_key)
    # ...and the next try goes through.
    assert SmsChannel().send(message, dedupe_key=row.dedupe_key).provider_message_id


def test_a_provider_that_does_not_answer_in_time_is_worth_retrying(stub, text):
    stub.answers = ["hang"]
    row, message = text
    with pytest.raises(TransientError, match="Could not reach Twilio"):
        SmsChannel().send(message, dedupe_key=row.dedupe_key)


def test_a_bad_request_is_permanent_and_not_an_opt_out(stub, text):
    stub.answers = [twilio_error(400, 21211, "The 'To' number is not a valid phone number.")]
    row, message = text
    with pytest.raises(PermanentError) as caught:
        SmsChannel().send(message, dedupe_key=row.dedupe_key)
    assert "21211" in str(caught.value) and not caught.value.opted_out
    assert not SmsOptOut.objects.exists()


def test_twilios_unsubscribed_recipient_error_records_the_opt_out(stub, text):
    stub.answers = [twilio_error(400, 21610, "Attempt to send to unsubscribed recipient")]
    row, message = text

    with pytest.raises(PermanentError) as caught:
        SmsChannel().send(message, dedupe_key=row.dedupe_key)

    assert caught.value.opted_out
    assert SmsOptOut.objects.get(matching(SmsOptOut, "phone", PHONE)).source == "provider"
    # From now on nothing is even worded for that number, and nothing is posted.
    row.refresh_from_db()
    assert message_for(row) is None
    with pytest.raises(PermanentError):
        SmsChannel().send(message, dedupe_key=row.dedupe_key)
    assert len(stub.requests) == 1


def test_stop_between_wording_and_sending_means_it_is_not_sent(stub, text):
    row, message = text  # worded (message_for) before the STOP came in
    SmsOptOut.objects.create(phone=PHONE, opted_out_at=timezone.now(), source="STOP")

    with pytest.raises(PermanentError) as caught:
        SmsChannel().send(message, dedupe_key=row.dedupe_key)

    assert caught.value.opted_out
    assert stub.requests == []


def test_the_in_memory_backend_can_tell_what_it_sent(settings, monkeypatch, text):
    settings.SMS_BACKEND = "reminders.sms.LocmemSMSBackend"
    monkeypatch.setattr(LocmemSMSBackend, "outbox", [])
    row, message = text
    assert SmsChannel().was_sent(row.dedupe_key) is False
    SmsChannel().send(message, dedupe_key=row.dedupe_key)
    assert SmsChannel().was_sent(row.dedupe_key) is True


def test_twilio_cannot_tell_what_it_sent_so_the_channel_says_none(stub, text):
    row, _ = text
    assert SmsChannel().was_sent(row.dedupe_key) is None


def test_through_the_dispatcher_a_stop_after_the_claim_means_no_text(stub, alice):
    from reminders.services.delivery import outbox_deliver

    with_phone(alice)
    now = timezone.now()
    row = reminder_row(
        alice,
        ReminderKind.CHECKIN,
        channel="sms",
        status="claimed",
        lease="lease-1",
        leased_until=now + timedelta(minutes=5),
    )

    def worded_then_stop_arrives(row):
        message = message_for(row, now=now)
        SmsOptOut.objects.create(phone=PHONE, opted_out_at=now, source="STOP")
        return message

    outcome = outbox_deliver(
        outbox_id=row.pk, lease="lease-1", now=now, message_for=worded_then_stop_arrives
    )

    assert outcome == "skipped"
    assert stub.requests == []
    row.refresh_from_db()
    assert row.status == "skipped" and "replied STOP" in row.skip_reason


def test_through_the_dispatcher_a_stop_before_the_claim_is_a_skip_with_the_reason(stub, alice):
    from reminders.services.delivery import outbox_deliver

    with_phone(alice)
    now = timezone.now()
    SmsOptOut.objects.create(phone=PHONE, opted_out_at=now, source="STOP")
    row = reminder_row(
        alice,
        ReminderKind.CHECKIN,
        channel="sms",
        status="claimed",
        lease="lease-2",
        leased_until=now + timedelta(minutes=5),
    )

    assert outbox_deliver(outbox_id=row.pk, lease="lease-2", now=now) == "skipped"
    row.refresh_from_db()
    assert "replied STOP" in row.skip_reason and stub.requests == []


def test_twilio_without_credentials_is_a_permanent_error_not_a_crash(stub, settings, text):
    settings.TWILIO_AUTH_TOKEN = ""
    row, message = text
    with pytest.raises(PermanentError, match="Twilio is not set up"):
        SmsChannel().send(message, dedupe_key=row.dedupe_key)
    assert stub.requests == []
