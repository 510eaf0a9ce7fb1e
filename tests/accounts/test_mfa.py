"""Two-step sign-in (allauth.mfa): set up, sign in with a code, recovery codes, resets."""

import html
import re

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from tests.accounts.mfa_support import (
    confirm_password,
    kinds,
    password_step,
    secret_on_page,
    signed_in,
    totp_code,
    turn_on_app,
)
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

WRONG_CODE_WORDS = "That code didn't work. Codes change every 30 seconds"


@pytest.fixture
def clock():
    # The start of a 30-second code period, ticking: a code computed in the test is
    # still the current one when the server checks it, whatever the real time.
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def alice_with_app(clock, alice):
    secret, codes = turn_on_app(alice)
    return alice, secret, codes


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _signed_in_and_confirmed(client, user):
    password_step(client, user.email)
    assert signed_in(client)
    confirm_password(client)


def test_setting_up_an_app_turns_on_two_step_sign_in(clock, client, alice):
    _signed_in_and_confirmed(client, alice)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    secret = secret_on_page(page)

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert kinds(alice) == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes_page = client.get(response["Location"])
    assert "Your recovery codes" in codes_page.content.decode()
    assert len(re.findall(r"<li><code>\d{8}</code></li>", codes_page.content.decode())) == 10


def test_the_app_secret_is_not_stored_as_plain_text(clock, client, alice):
    _signed_in_and_confirmed(client, alice)
    secret = secret_on_page(client.get(reverse("mfa_activate_totp")))
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    stored = Authenticator.objects.get(user=alice, type=Authenticator.Type.TOTP).data
    assert secret not in str(stored)
    assert stored["secret"].startswith("fernet:")


def test_a_wrong_code_while_setting_up_says_so_kindly_and_turns_nothing_on(clock, client, alice):
    _signed_in_and_confirmed(client, alice)
    secret = secret_on_page(client.get(reverse("mfa_activate_totp")))
    wrong = "000000" if totp_code(secret) != "000000" else "111111"

    response = client.post(reverse("mfa_activate_totp"), {"code": wrong})

    assert response.status_code == 200
    body = _text(response)
    assert WRONG_CODE_WORDS in body
    assert f'value="{wrong}"' in body  # what was typed stays in the box
    assert secret_on_page(response) == secret  # the same key, so the app need not be redone
    assert kinds(alice) == set()


def test_signing_in_asks_for_the_code_after_the_password(client, alice_with_app):
    alice, secret, _ = alice_with_app

    response = password_step(client, alice.email)

    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)
    page = client.get(reverse("mfa_authenticate"))
    assert "One more step" in page.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("planner:home")
    assert signed_in(client)


def test_a_wrong_code_at_sign_in_says_so_kindly_and_does_not_sign_in(client, alice_with_app):
    alice, secret, _ = alice_with_app
    password_step(client, alice.email)
    wrong = "000000" if totp_code(secret) != "000000" else "111111"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert WRONG_CODE_WORDS in _text(response)
    assert not signed_in(client)
    # The right code still works afterwards: one slip does not end the attempt.
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert signed_in(client)


def test_a_recovery_code_signs_in_once_and_is_then_used_up(client, alice_with_app):
    alice, _, codes = alice_with_app
    password_step(client, alice.email)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert signed_in(client)
    client.post(reverse("account_logout"))

    password_step(client, alice.email)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert WRONG_CODE_WORDS in _text(response)
    assert not signed_in(client)
    rc = Authenticator.objects.get(user=alice, type=Authenticator.Type.RECOVERY_CODES).wrap()
    assert rc.get_unused_codes() == codes[1:]
    client.post(reverse("mfa_authenticate"), {"code": codes[1]})
    assert signed_in(client)


def test_a_password_reset_does_not_skip_the_second_step(client, alice_with_app):
    alice, secret, _ = alice_with_app
    client.post(reverse("account_reset_password"), {"email": alice.email})
    (message,) = mail.outbox
    reset_url = re.search(r"https?://\S+", message.body).group(0)
    form_page = client.get(reset_url, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_url

    new = "new-gentle-path-31"
    response = client.post(action, {"password1": new, "password2": new})

    alice.refresh_from_db()
    assert alice.check_password(new)
    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert signed_in(client)


@pytest.mark.parametrize(
    ("discreet", "issuer"), [(False, "issuer=Stepwise"), (True, "issuer=Planner")]
)
def test_the_authenticator_app_names_us_plainly_in_discreet_mode(
    clock, client, alice, discreet, issuer
):
    alice.discreet = discreet
    alice.save(update_fields=["discreet"])
    _signed_in_and_confirmed(client, alice)

    url = client.get(reverse("mfa_activate_totp")).context["totp_url"]

    assert issuer in url
    if discreet:
        assert "stepwise" not in url.lower()


def test_changing_two_step_sign_in_asks_for_the_password_again_first(client, alice_with_app):
    alice, _, _ = alice_with_app
    password_step(client, alice.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(alice_with_app[1])})
    key = Authenticator.objects.create(user=alice, type=Authenticator.Type.WEBAUTHN, data={})

    for url in (
        reverse("mfa_deactivate_totp"),
        reverse("mfa_generate_recovery_codes"),
        reverse("mfa_add_webauthn"),
        reverse("mfa_edit_webauthn", kwargs={"pk": key.pk}),
        reverse("mfa_remove_webauthn", kwargs={"pk": key.pk}),
    ):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("account_reauthenticate")), url
    assert Authenticator.objects.filter(user=alice).count() == 3


def test_the_profile_offers_two_step_sign_in_calmly(alice_client, alice):
    off = alice_client.get(reverse("accounts:profile")).content.decode()
    assert "Two-step sign-in" in off
    assert "Optional." in off
    assert f'href="{reverse("mfa_index")}">Set up two-step sign-in' in off

    turn_on_app(alice)
    on = alice_client.get(reverse("accounts:profile")).content.decode()
    assert "<strong>On.</strong>" in on
    assert "Manage two-step sign-in" in on


def test_turning_the_app_off_ends_two_step_sign_in(clock, client, alice_with_app):
    alice, secret, _ = alice_with_app
    password_step(client, alice.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    # A code works once; confirming it's you takes the next one, 30 seconds on.
    clock.shift(30)
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret)})

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert kinds(alice) == set()
    client.post(reverse("account_logout"))
    password_step(client, alice.email)
    assert signed_in(client)


def test_guessing_codes_is_limited_per_account_and_said_kindly(client, alice_with_app):
    alice, secret, _ = alice_with_app
    password_step(client, alice.email)
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": wrong})

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert "resting for a few minutes" in _text(response)
    assert "recovery codes" in _text(response)
    assert not signed_in(client)


def test_with_two_step_on_a_new_email_is_refused_kindly_and_nothing_changes(client, alice_with_app):
    # allauth will not add an unconfirmed address to an account with two-step sign-in
    # (unless addresses are confirmed by code first); say what to do instead.
    alice, secret, _ = alice_with_app
    password_step(client, alice.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    confirm_password(client)

    response = client.post(
        reverse("account_email"), {"email": "alice.new@example.org", "action_add": ""}
    )

    assert "turn two-step sign-in off for a moment" in _text(response)
    assert list(alice.emailaddress_set.values_list("email", flat=True)) == [alice.email]
