import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reminders.models import Outbox, PhoneVerification, ReminderPreferences, SmsOptOut
from reminders.services.phone import (
    PER_ACCOUNT,
    PER_NUMBER,
    phone_verification_confirm,
    phone_verification_start,
)
from reminders.sms import LocmemSMSBackend
from tests.accounts.reauth_support import reauthenticate
from tests.factories import UserFactory, prefs_replace
from tests.pages import assert_shows

pytestmark = pytest.mark.django_db

PHONE_PAGE = reverse("reminders:phone")
CONFIRM = reverse("reminders:phone_confirm")
# Irish mobile range; the person's zone (Europe/Dublin) reads the local form.
LOCAL, E164 = "087 123 4567", "+353871234567"


@pytest.fixture
def texts(settings, monkeypatch):
    settings.SMS_BACKEND = "reminders.sms.LocmemSMSBackend"
    monkeypatch.setattr(LocmemSMSBackend, "outbox", [])
    return LocmemSMSBackend.outbox


@pytest.fixture
def irish(db):
    return UserFactory(display_name="Niamh", timezone="Europe/Dublin")


@pytest.fixture
def irish_client(client, irish):
    client.force_login(irish)
    reauthenticate(client)
    return client


def code_in(text) -> str:
    return re.search(r"Your Stepwise code is (\d{6})\. It works for 10 minutes\.", text.body).group(
        1
    )


def start(person, phone=E164, *, now=None, capture):
    with capture(execute=True):
        return phone_verification_start(owner=person, raw_phone=phone, now=now or timezone.now())


def test_a_code_is_texted_to_the_number_typed_the_local_way(
    irish_client, irish, texts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = irish_client.post(PHONE_PAGE, {"phone": LOCAL}, follow=True)

    (text,) = texts
    assert text.to == E164
    code = code_in(text)
    html = response.content.decode()
    assert f"texted a code to {E164}" in html
    assert "Type the code we texted to" in html
    # Only a keyed hash of the code is kept.
    verification = PhoneVerification.objects.get(owner=irish)
    assert code not in verification.code_hash
    with connection.cursor() as cursor:
        cursor.execute("SELECT code_hash FROM accounts_phoneverification")
        assert code not in str(cursor.fetchall())


def test_the_right_code_confirms_the_number(
    irish_client, irish, texts, django_capture_on_commit_callbacks
):
    start(irish, capture=django_capture_on_commit_callbacks)
    code = code_in(texts[0])

    response = irish_client.post(CONFIRM, {"code": f"{code[:3]} {code[3:]}"}, follow=True)

    prefs = ReminderPreferences.objects.get(owner=irish)
    assert prefs.phone == E164 and prefs.phone_verified
    assert not prefs.sms_enabled, "texts start only when the person ticks them"
    assert f"{E164} is confirmed" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("reminders:page")


def test_a_code_works_for_ten_minutes_and_no_longer(
    irish, texts, django_capture_on_commit_callbacks
):
    now = timezone.now()
    start(irish, now=now, capture=django_capture_on_commit_callbacks)
    code = code_in(texts[0])

    with pytest.raises(ValidationError, match="run out"):
        phone_verification_confirm(owner=irish, code=code, now=now + timedelta(minutes=10))
    assert not ReminderPreferences.objects.get(owner=irish).phone_verified

    start(irish, now=now, capture=django_capture_on_commit_callbacks)
    prefs = phone_verification_confirm(
        owner=irish, code=code_in(texts[1]), now=now + timedelta(minutes=9, seconds=59)
    )
    assert prefs.phone_verified


def test_five_wrong_tries_spend_the_code(
    irish_client, irish, texts, django_capture_on_commit_callbacks
):
    start(irish, capture=django_capture_on_commit_callbacks)
    code = code_in(texts[0])
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    said = [irish_client.post(CONFIRM, {"code": wrong}).content.decode() for _ in range(5)]

    assert "You can try 4 more times." in said[0]
    assert "You can try 1 more time." in said[3]
    assert "that was the last try" in said[4]
    html = irish_client.post(CONFIRM, {"code": code}).content.decode()
    assert "That code has run out" in html
    assert not ReminderPreferences.objects.get(owner=irish).phone_verified
    assert PhoneVerification.objects.get(owner=irish).tries == 5


def test_a_new_code_replaces_the_one_before(irish, texts, django_capture_on_commit_callbacks):
    start(irish, capture=django_capture_on_commit_callbacks)
    start(irish, capture=django_capture_on_commit_callbacks)
    old, new = code_in(texts[0]), code_in(texts[1])
    if old != new:
        with pytest.raises(ValidationError):
            phone_verification_confirm(owner=irish, code=old, now=timezone.now())
    assert phone_verification_confirm(owner=irish, code=new, now=timezone.now()).phone_verified


def test_a_number_gets_at_most_three_codes_an_hour_whoever_asks(
    texts, django_capture_on_commit_callbacks
):
    now = timezone.now()
    for _ in range(PER_NUMBER["limit"]):
        start(UserFactory(), now=now, capture=django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError, match="a few codes to this number"):
        start(UserFactory(), now=now, capture=django_capture_on_commit_callbacks)
    assert len(texts) == 3

    start(UserFactory(), now=now + timedelta(hours=1), capture=django_capture_on_commit_callbacks)
    assert len(texts) == 4


def test_an_account_gets_at_most_five_codes_a_day(irish, texts, django_capture_on_commit_callbacks):
    now = timezone.now()
    numbers = [f"+35387123456{n}" for n in range(PER_ACCOUNT["limit"] + 1)]
    for number in numbers[:-1]:
        start(irish, number, now=now, capture=django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError, match="as many codes as we can send you today"):
        start(irish, numbers[-1], now=now, capture=django_capture_on_commit_callbacks)
    assert len(texts) == 5


def test_the_page_says_kindly_when_the_limit_is_reached(
    irish_client, irish, texts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(PER_NUMBER["limit"]):
            irish_client.post(PHONE_PAGE, {"phone": LOCAL})
        response = irish_client.post(PHONE_PAGE, {"phone": LOCAL})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please wait a little and try again" in html
    assert f'value="{LOCAL}"' in html
    assert len(texts) == 3


def test_a_number_that_is_not_one_keeps_what_was_typed_and_sends_nothing(
    irish_client, irish, texts
):
    response = irish_client.post(PHONE_PAGE, {"phone": "12"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "missing a digit" in html or "doesn&#x27;t look like a phone number" in html
    assert 'value="12"' in html
    assert texts == []
    assert not PhoneVerification.objects.exists()


def test_a_number_that_said_stop_gets_no_code_and_hears_how_to_start_again(
    irish_client, irish, texts
):
    SmsOptOut.objects.create(phone=E164, opted_out_at=timezone.now(), source="STOP")
    html = irish_client.post(PHONE_PAGE, {"phone": LOCAL}).content.decode()
    assert "text START" in html
    assert texts == []


def test_a_new_number_stops_texts_to_the_old_one_at_once(
    irish, texts, django_capture_on_commit_callbacks
):
    now = timezone.now()
    prefs_replace(owner=irish, phone=E164, phone_verified_at=now, sms_enabled=True)
    from reminders.services.schedule import reminders_replan

    reminders_replan(owner=irish, now=now)
    assert Outbox.objects.filter(recipient=irish, channel="sms", status="pending").exists()

    start(irish, "+353861234567", now=now, capture=django_capture_on_commit_callbacks)

    prefs = ReminderPreferences.objects.get(owner=irish)
    assert (prefs.phone, prefs.sms_enabled, prefs.phone_verified_at) == ("", False, None)
    assert not Outbox.objects.filter(recipient=irish, channel="sms", status="pending").exists()
    assert texts[-1].to == "+353861234567"


def test_removing_the_number_stops_texts(irish_client, irish):
    prefs_replace(owner=irish, phone=E164, phone_verified_at=timezone.now(), sms_enabled=True)
    irish_client.post(reverse("reminders:phone_forget"))
    prefs = ReminderPreferences.objects.get(owner=irish)
    assert (prefs.phone, prefs.sms_enabled) == ("", False)


def test_the_page_shows_a_number_that_texted_stop_and_how_to_start(irish_client, irish):
    prefs_replace(owner=irish, phone=E164, phone_verified_at=timezone.now())
    SmsOptOut.objects.create(phone=E164, opted_out_at=timezone.now(), source="STOP")
    html = irish_client.get(PHONE_PAGE).content.decode()
    assert "This number replied STOP" in html and "reply START" in html


def test_carol_sees_nothing_of_alices_number(
    client, alice, carol, texts, django_capture_on_commit_callbacks
):
    start(alice, "+14155550123", capture=django_capture_on_commit_callbacks)
    client.force_login(carol)
    html = client.get(PHONE_PAGE).content.decode()
    assert "4155550123" not in html
    code = code_in(texts[0])
    client.post(CONFIRM, {"code": code})
    assert not ReminderPreferences.objects.filter(
        owner=carol, phone_verified_at__isnull=False
    ).exists()
    assert not ReminderPreferences.objects.get(owner=alice).phone_verified


@pytest.mark.parametrize("name", ["phone", "phone_confirm", "phone_forget"])
def test_the_phone_pages_need_a_signed_in_person(client, name):
    response = client.post(reverse(f"reminders:{name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_phone_page_takes_as_many_queries_after_many_codes_as_after_one(
    irish_client, irish, texts, django_capture_on_commit_callbacks
):
    start(irish, capture=django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as one:
        assert_shows(irish_client.get(PHONE_PAGE), "Type the code we texted to")

    now = timezone.now()
    PhoneVerification.objects.bulk_create(
        PhoneVerification(
            owner=irish,
            phone=E164,
            code_hash="x" * 64,
            created_at=now - timedelta(days=n),
            expires_at=now - timedelta(days=n) + timedelta(minutes=10),
        )
        for n in range(1, 200)
    )
    with CaptureQueriesContext(connection) as many:
        response = irish_client.get(PHONE_PAGE)
    # The old codes are not shown; the page must still be the one asking for the code.
    assert_shows(response, "Type the code we texted to")
    assert len(many) == len(one), "\n".join(q["sql"] for q in many.captured_queries)
