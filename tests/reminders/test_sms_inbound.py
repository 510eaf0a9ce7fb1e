"""Texts people send back: Twilio's signature, STOP/START/HELP, and plain-language opt-outs."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.blind_index import matching
from planner.models import ScheduledStep
from reminders.models import InboundSms, Outbox, ReminderKind, SmsOptOut
from reminders.sms_inbound import classify, signature_valid, twilio_signature
from tests.reminders.channels_support import PHONE, private_step, reminder_row, with_phone
from tests.reminders.twilio_support import TOKEN
from tests.reminders.twilio_support import twilio_signature as independent_signature

PUBLIC_URL = "https://stepwise.example.org"
PATH = "/sms/inbound/twilio/"

# --- The classifier -------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "STOP",
        "stop",
        " Stop! ",
        "STOPALL",
        "reminders:unsubscribe",
        "Cancel.",
        "end",
        "QUIT",
        "revoke",
        "OptOut",
        "  stop?? ",
        "STOP 🛑",
        "«stop»",
    ],
)
def test_the_stop_keywords_count_in_any_case_with_punctuation_around(body):
    assert classify(body) == "stop"


@pytest.mark.parametrize("body", ["START", "yes", " Unstop. "])
def test_the_start_keywords_resume(body):
    assert classify(body) == "start"


@pytest.mark.parametrize("body", ["HELP", "help?", "Info"])
def test_help_and_info_ask_what_this_is(body):
    assert classify(body) == "help"


@pytest.mark.parametrize(
    "body",
    [
        "please stop texting me",
        "Stop sending these",
        "unsubscribe me",
        "no more texts",
        "No more messages please",
        "stop please",
        "Please stop!!",
        "Stop these texts",
        "quit messaging me",
        "don't text me again",
        "Please don’t text me anymore",
        "I want to opt out",
        "take me off this list",
        "leave me alone",
        "can you stop sending me reminders",
    ],
)
def test_a_plain_language_request_to_stop_counts_as_stop(body):
    assert classify(body) == "stop"


@pytest.mark.parametrize(
    "body",
    [
        "don't stop",
        "Don't stop sending these, they help",
        "I can't stop thinking about it",
        "I'll stop by the café later",
        "I want to stop",  # about the step, perhaps: not clearly about the texts
        "the end",
        "stop thinking so much, I tell myself",
        "never unsubscribe me",
        "yes please",  # a sentence, not the keyword: nothing to do
        "thanks, that helped",
        "",
    ],
)
def test_things_that_are_not_a_request_to_stop_do_not_stop_texts(body):
    assert classify(body) != "stop"


def test_the_signature_matches_twilios_documented_example():
    # The worked example in Twilio's webhook security documentation.
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+12349013030",
        "Digits": "1234",
        "From": "+12349013030",
        "To": "+18005551212",
    }
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert twilio_signature(url, params.items(), "12345") == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    assert signature_valid(
        url=url, params=params.items(), signature="0/KCTR6DLpKmkAf8muzZqo1nDgQ=", token="12345"
    )
    assert not signature_valid(url=url, params=params.items(), signature="", token="12345")
    assert not signature_valid(url=url, params=params.items(), signature="x", token="")


# --- The webhook ---------------------------------------------------------------------

_sids = iter(range(10**6))


@pytest.fixture
def twilio(settings, db):
    settings.PUBLIC_URL = PUBLIC_URL
    settings.TWILIO_AUTH_TOKEN = TOKEN
    return Client(enforce_csrf_checks=True)


def _inbound(client, body, *, sid=None, phone=PHONE, signature=None, url=PUBLIC_URL + PATH):
    params = {
        "MessageSid": sid or f"SM{next(_sids):032d}",
        "From": phone,
        "Body": body,
        "To": "+15005550006",
        "AccountSid": "AC1",
    }
    headers = {}
    if signature is not False:
        headers["X-Twilio-Signature"] = signature or independent_signature(url, params)
    return client.post(PATH, params, headers=headers)


def test_a_signed_stop_opts_the_number_out_and_cancels_its_waiting_texts(twilio, alice, bob):
    with_phone(alice)
    with_phone(bob)  # the same number on two accounts: a STOP covers both
    waiting = [reminder_row(p, ReminderKind.CHECKIN, channel="sms") for p in (alice, bob)]
    email = reminder_row(alice, ReminderKind.CHECKIN, channel="email")

    response = _inbound(twilio, "Stop")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    assert "<Message>" not in response.text  # Twilio confirms a keyword itself
    assert SmsOptOut.objects.get(matching(SmsOptOut, "phone", PHONE)).source == "STOP"
    for row in waiting:
        row.refresh_from_db()
        assert row.status == Outbox.Status.CANCELLED and "replied STOP" in row.skip_reason
    email.refresh_from_db()
    assert email.status == Outbox.Status.PENDING


@pytest.mark.parametrize(
    "signature", [False, "bm90IHRoZSByaWdodCBzaWduYXR1cmU="], ids=["missing", "wrong"]
)
def test_a_missing_or_wrong_signature_gets_403_and_changes_nothing(twilio, alice, signature):
    with_phone(alice)
    row = reminder_row(alice, ReminderKind.CHECKIN, channel="sms")

    response = _inbound(twilio, "STOP", signature=signature)

    assert response.status_code == 403
    assert not SmsOptOut.objects.exists() and not InboundSms.objects.exists()
    row.refresh_from_db()
    assert row.status == Outbox.Status.PENDING


def test_a_signature_made_with_another_token_is_refused(twilio):
    params_url = PUBLIC_URL + PATH
    forged = independent_signature(params_url, {"Body": "STOP"}, token="someone-elses")
    assert _inbound(twilio, "STOP", signature=forged).status_code == 403


def test_behind_a_tls_proxy_the_public_url_is_what_is_checked(twilio):
    # The request reaches Django as http://testserver/..., Twilio signed https://...
    assert _inbound(twilio, "HELP").status_code == 200
    signed_as_seen = _inbound(twilio, "HELP", url="http://testserver" + PATH)
    assert signed_as_seen.status_code == 403


def test_without_an_auth_token_every_request_is_refused(twilio, settings):
    settings.TWILIO_AUTH_TOKEN = ""
    assert _inbound(twilio, "STOP").status_code == 403


def test_start_resumes_texts_after_a_stop(twilio, alice):
    with_phone(alice)
    _inbound(twilio, "STOP")
    response = _inbound(twilio, "start")
    assert response.status_code == 200
    assert not SmsOptOut.objects.filter(matching(SmsOptOut, "phone", PHONE)).exists()
    assert list(InboundSms.objects.values_list("action", flat=True)) == ["start", "stop"]


def test_help_answers_with_what_this_is_and_how_to_stop(twilio):
    response = _inbound(twilio, "help")
    assert "<Response><Message>Stepwise: reminders you set up" in response.text
    assert "Reply STOP to stop texts" in response.text
    assert "/profile/" in response.text


def test_a_plain_language_stop_is_confirmed_with_how_to_undo_it(twilio):
    response = _inbound(twilio, "please stop texting me")
    assert SmsOptOut.objects.get(matching(SmsOptOut, "phone", PHONE)).source == "reply"
    assert "no more texts to this number" in response.text and "reply START" in response.text


def test_any_other_reply_says_kindly_that_no_person_reads_it(twilio):
    response = _inbound(twilio, "I'm not doing great today")
    assert "aren't read by a person" in response.text
    assert not SmsOptOut.objects.exists()
    # ...but a number that said STOP gets no reply to anything but HELP or START.
    _inbound(twilio, "STOP")
    assert "<Message>" not in _inbound(twilio, "ok").text


def test_the_same_message_delivered_twice_is_acted_on_once(twilio, alice):
    with_phone(alice)
    _inbound(twilio, "STOP", sid="SM-same")
    _inbound(twilio, "START")
    again = _inbound(twilio, "STOP", sid="SM-same")  # a redelivery of the first

    assert again.status_code == 200 and "<Message>" not in again.text
    assert not SmsOptOut.objects.filter(
        matching(SmsOptOut, "phone", PHONE)
    ).exists()  # the START still stands
    assert InboundSms.objects.filter(provider_message_id="SM-same").count() == 1


def test_a_get_is_not_allowed(twilio):
    assert twilio.get(PATH).status_code == 405


def test_a_stop_reaches_a_row_already_claimed_only_at_send_time(twilio, alice):
    # Claimed rows belong to the dispatcher; the SMS channel's last check stops them.
    with_phone(alice)
    row = reminder_row(alice, ReminderKind.CHECKIN, channel="sms", status="claimed")
    _inbound(twilio, "STOP")
    row.refresh_from_db()
    assert row.status == Outbox.Status.CLAIMED
    assert SmsOptOut.objects.filter(
        matching(SmsOptOut, "phone", PHONE), opted_out_at__lte=timezone.now()
    ).exists()


def _waiting_texts(person):
    return Outbox.objects.filter(recipient=person, channel="sms", status="pending").count()


def test_start_brings_back_the_texts_that_stop_cancelled(frozen, twilio, alice):
    from reminders.services.schedule import reminders_replan

    # Frozen hours from any reminder's time: one coming due between this re-plan and
    # the one START makes would not be brought back (it is not sent late).
    with_phone(alice)
    reminders_replan(owner=alice, now=frozen)
    planned = _waiting_texts(alice)
    assert planned > 0

    _inbound(twilio, "STOP")
    assert _waiting_texts(alice) == 0
    _inbound(twilio, "START")
    assert _waiting_texts(alice) == planned


def test_a_stop_costs_the_same_queries_however_many_texts_are_waiting(twilio, alice):
    with_phone(alice)

    def count():
        SmsOptOut.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            assert _inbound(twilio, "STOP").status_code == 200
        return len(queries), [q["sql"] for q in queries.captured_queries]

    few = count()
    for _ in range(40):
        reminder_row(alice, ReminderKind.CHECKIN, channel="sms")
    many = count()
    assert many[0] == few[0], "\n".join(many[1])
    # The STOP counted was acted on: every text that was waiting is stopped.
    texts = Outbox.objects.filter(recipient=alice, channel="sms")
    assert texts.filter(status=Outbox.Status.CANCELLED).count() >= 40
    assert not texts.filter(status=Outbox.Status.PENDING).exists()


# --- "Not this time": SKIP or NOT NOW ------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ["SKIP", "skip", " Skip! ", "skip.", "NOT NOW", "not now", "Not now.", "not  now!", "NOTNOW"],
)
def test_skip_and_not_now_say_not_this_time_in_any_case_with_punctuation_around(body):
    assert classify(body) == "skip"


@pytest.mark.parametrize(
    "body",
    [
        "I'll skip the coffee but go for a walk",
        "can I skip lunch and still go?",
        "not now, but maybe later I'll write more",
        "my heart skipped a beat",
        "skipping",
        "don't skip",
        "not",
    ],
)
def test_skip_inside_an_ordinary_sentence_does_not_say_not_this_time(body):
    assert classify(body) != "skip"


def _sent_step_text(person, scheduled, *, sent_at, phone=PHONE):
    return reminder_row(
        person,
        ReminderKind.STEP,
        channel="sms",
        scheduled=scheduled,
        due_at=sent_at,
        status=Outbox.Status.SENT,
        sent_at=sent_at,
        sent_to=phone,
    )


@pytest.mark.parametrize("body", ["SKIP", "not now!"])
def test_a_skip_reply_says_not_this_time_for_the_step_just_reminded_of(frozen, twilio, alice, body):
    with_phone(alice)
    soon = private_step(alice, starts_at=frozen + timedelta(hours=1))
    later = private_step(alice, starts_at=frozen + timedelta(days=2))
    _sent_step_text(alice, soon, sent_at=frozen - timedelta(hours=1))
    waiting = reminder_row(alice, ReminderKind.STEP, scheduled=soon, due_at=frozen)
    waiting_later = reminder_row(alice, ReminderKind.STEP, scheduled=later, due_at=frozen)

    response = _inbound(twilio, body)

    assert "<Message>Stepwise: Okay, not this time. Nothing else changes" in response.text
    assert "your plan is still here when you're ready" in response.text
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.status == ScheduledStep.Status.CANCELLED
    assert later.status == ScheduledStep.Status.PLANNED  # only the one reminded of
    waiting.refresh_from_db()
    waiting_later.refresh_from_db()
    assert waiting.status == Outbox.Status.CANCELLED
    assert waiting_later.status == Outbox.Status.PENDING
    assert not SmsOptOut.objects.exists()  # texts go on as before
    assert InboundSms.objects.get().action == "skip"


def test_a_second_skip_changes_nothing_and_answers_as_kindly(frozen, twilio, alice):
    with_phone(alice)
    soon = private_step(alice, starts_at=frozen + timedelta(hours=1))
    _sent_step_text(alice, soon, sent_at=frozen - timedelta(hours=1))
    _inbound(twilio, "SKIP")
    soon.refresh_from_db()
    before = soon.updated_at

    again = _inbound(twilio, "skip")

    assert "Okay, not this time" in again.text
    soon.refresh_from_db()
    assert soon.updated_at == before


def test_a_skip_after_the_step_ended_or_with_no_step_text_changes_nothing(frozen, twilio, alice):
    with_phone(alice)
    ended = private_step(alice, starts_at=frozen - timedelta(hours=2), planned_minutes=30)
    _sent_step_text(alice, ended, sent_at=frozen - timedelta(hours=3))
    upcoming = private_step(alice, starts_at=frozen + timedelta(days=1))  # not texted yet

    response = _inbound(twilio, "SKIP")

    assert "no step waiting on a reply" in response.text
    for scheduled in (ended, upcoming):
        scheduled.refresh_from_db()
        assert scheduled.status == ScheduledStep.Status.PLANNED


def test_a_skip_from_another_number_changes_nothing_of_alices(frozen, twilio, alice, carol):
    with_phone(alice)
    with_phone(carol, phone="+14155550999")
    soon = private_step(alice, starts_at=frozen + timedelta(hours=1))
    _sent_step_text(alice, soon, sent_at=frozen - timedelta(hours=1))

    response = _inbound(twilio, "SKIP", phone="+14155550999")

    assert "no step waiting on a reply" in response.text
    soon.refresh_from_db()
    assert soon.status == ScheduledStep.Status.PLANNED


# --- Discreet mode: the replies a phone shows on its lock screen ----------------------
def _discreet(person):
    person.discreet = True
    person.save(update_fields=["discreet"])


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("HELP", "Reminders from your planner"),
        ("please stop texting me", "no more texts to this number"),
        ("are you there?", "aren't read by a person"),
        ("SKIP", "no step waiting on a reply"),
    ],
)
def test_a_discreet_persons_number_gets_replies_that_never_name_stepwise(
    frozen, twilio, alice, body, words
):
    _discreet(alice)
    with_phone(alice)

    response = _inbound(twilio, body)

    assert "<Message>" in response.text and words in response.text
    assert "Stepwise" not in response.text


def test_a_discreet_persons_skip_says_not_this_time_without_stepwise(frozen, twilio, alice):
    _discreet(alice)
    with_phone(alice)
    soon = private_step(alice, starts_at=frozen + timedelta(hours=1))
    _sent_step_text(alice, soon, sent_at=frozen - timedelta(hours=1))

    response = _inbound(twilio, "NOT NOW")

    assert "<Message>Okay, not this time. Nothing else changes" in response.text
    assert "Stepwise" not in response.text


def test_a_number_shared_with_a_discreet_person_gets_the_neutral_replies(twilio, alice, bob):
    # Whoever else uses the number, a discreet person's phone must not show the name.
    _discreet(alice)
    with_phone(alice)
    with_phone(bob)

    assert "Stepwise" not in _inbound(twilio, "help").text
