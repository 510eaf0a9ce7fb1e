"""Account activity is recorded where it happens: sign-ins, password, email, two-factor."""

import re
from types import SimpleNamespace

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import SecurityEvent
from accounts.services.security_events import device_describe, record
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def _kinds(user) -> list[str]:
    return list(user.security_events.order_by("at", "pk").values_list("kind", flat=True))


def _link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


# --- The service ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("agent", "words"),
    [
        (FIREFOX_WINDOWS, "Firefox on Windows"),
        # As "Your devices" names it: one phone, one name on the profile.
        (SAFARI_IPHONE, "Safari on an iPhone"),
        ("curl/8.0", "curl"),
        ("", ""),
        ("nonsense", ""),
    ],
)
def test_the_device_is_told_in_a_few_plain_words(agent, words):
    assert device_describe(agent) == words


def test_an_event_keeps_when_where_and_on_what(alice, now):
    request = RequestFactory().get("/", HTTP_USER_AGENT=SAFARI_IPHONE, REMOTE_ADDR="198.51.100.7")
    event = record(user=alice, kind=Kind.SIGNED_IN, request=request, now=now)
    event.refresh_from_db()
    assert (event.at, event.ip, event.device) == (now, "198.51.100.7", "Safari on an iPhone")


def test_an_address_that_is_not_one_is_left_out(alice, now):
    request = RequestFactory().get("/", REMOTE_ADDR="")
    assert record(user=alice, kind=Kind.SIGNED_IN, request=request, now=now).ip is None


def test_a_supporters_name_in_an_event_is_encrypted_at_rest(alice, now):
    event = record(user=alice, kind=Kind.LINK_REVOKED, now=now, detail="Bob Byrne")
    with connection.cursor() as cursor:
        cursor.execute("SELECT detail FROM accounts_securityevent WHERE id = %s", [event.pk])
        (stored,) = cursor.fetchone()
    assert "Bob" not in stored
    assert SecurityEvent.objects.get(pk=event.pk).detail == "Bob Byrne"


# --- Signing in --------------------------------------------------------------------------
def test_signing_in_is_recorded_with_the_device(client, alice):
    client.post(
        reverse("account_login"),
        {"login": "alice@example.org", "password": PASSWORD},
        HTTP_USER_AGENT=FIREFOX_WINDOWS,
        REMOTE_ADDR="203.0.113.24",
    )
    (event,) = alice.security_events.all()
    assert (event.kind, event.device, event.ip) == (
        Kind.SIGNED_IN,
        "Firefox on Windows",
        "203.0.113.24",
    )


def test_a_wrong_password_for_an_existing_account_is_recorded(client, alice):
    client.post(
        reverse("account_login"),
        {"login": "ALICE@example.org", "password": "not-it"},
        HTTP_USER_AGENT=FIREFOX_WINDOWS,
    )
    assert _kinds(alice) == [Kind.SIGN_IN_REFUSED]
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_for_an_unknown_address_records_nothing(client, alice):
    client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "x"})
    assert not SecurityEvent.objects.exists()


def test_a_wrong_password_when_confirming_it_is_you_is_told_apart(alice_client, alice):
    alice.security_events.all().delete()  # the sign-in that made alice_client
    alice_client.post(reverse("account_reauthenticate"), {"password": "not-it"})
    assert _kinds(alice) == [Kind.CONFIRM_REFUSED]


# --- Password and email ---------------------------------------------------------------
def test_a_password_change_is_recorded(alice_client, alice):
    alice_client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "new-gentle-path-31",
            "password2": "new-gentle-path-31",
        },
    )
    assert Kind.PASSWORD_CHANGED in _kinds(alice)


def test_a_password_reset_is_recorded(client, alice):
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    form_page = client.get(_link_in(mail.outbox[0]), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "new-gentle-path-31", "password2": "new-gentle-path-31"},
    )
    # Then signed in with it (ACCOUNT_LOGIN_ON_PASSWORD_RESET).
    assert _kinds(alice) == [Kind.PASSWORD_RESET, Kind.SIGNED_IN]


def test_asking_for_a_new_email_and_confirming_it_are_both_recorded(alice_client, alice):
    alice.security_events.all().delete()
    alice_client.post(reverse("account_email"), {"action_add": "", "email": "alice@new.example"})
    assert _kinds(alice) == [Kind.EMAIL_ADDED]
    confirm = _link_in(next(m for m in mail.outbox if m.to == ["alice@new.example"]))
    alice_client.post(confirm)
    assert _kinds(alice) == [Kind.EMAIL_ADDED, Kind.EMAIL_CHANGED]
    assert [e.detail for e in alice.security_events.order_by("at")] == ["alice@new.example"] * 2


# --- Two-factor (allauth.mfa's own signals) --------------------------------------------
@pytest.mark.parametrize(
    ("signal", "kind", "type_", "words"),
    [
        ("authenticator_added", Kind.TWO_FACTOR_ADDED, "totp", "an authenticator app"),
        ("authenticator_added", Kind.TWO_FACTOR_ADDED, "webauthn", "a passkey"),
        ("authenticator_removed", Kind.TWO_FACTOR_REMOVED, "totp", "an authenticator app"),
        ("authenticator_reset", Kind.TWO_FACTOR_RESET, "recovery_codes", "recovery codes"),
    ],
)
def test_two_factor_changes_are_recorded(alice, signal, kind, type_, words):
    # Each kind of change, sent as allauth.mfa sends it (the real set-up page is walked
    # in test_mfa_consequences.py).
    from allauth.mfa import signals

    request = RequestFactory().get("/", HTTP_USER_AGENT=FIREFOX_WINDOWS)
    request.session = SessionStore()
    authenticator = SimpleNamespace(type=type_)
    getattr(signals, signal).send(
        sender=SimpleNamespace, request=request, user=alice, authenticator=authenticator
    )
    (event,) = alice.security_events.all()
    assert (event.kind, event.what, event.device) == (kind, words, "Firefox on Windows")
