"""Guessing passwords is slowed per account and per real client, never at the owner's cost.

The finding: limits counted the connecting address, and behind the production proxy
every visitor has the proxy's, so 20 failed sign-ins would pause sign-in for everyone.
Every client here reaches Stepwise through one simulated proxy (REMOTE_ADDR is the
proxy, X-Forwarded-For carries what it saw), with TRUSTED_PROXY_COUNT=1.
"""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
LOGIN = reverse("account_login")
RESET = reverse("account_reset_password")
RESTING = (
    "Too many tries for now. You can reset your password by email, or try again in a few minutes."
)
# ACCOUNT_RATE_LIMITS["login_failed"]: per client address, and per account.
PER_CLIENT, PER_ACCOUNT = 20, 5


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def visitor(address: str, *, spoofed: str = "") -> Client:
    # The proxy appends the address it saw to whatever header the client sent.
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def sign_in(client: Client, email: str, password: str):
    return client.post(LOGIN, {"login": email, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def guess_many_accounts(client: Client, count: int = PER_CLIENT) -> None:
    # A different account each time, so only the per-client limit fills up.
    for n in range(count):
        sign_in(client, f"nobody{n}@example.org", "guess")


def test_one_visitors_wrong_guesses_do_not_pause_sign_in_for_anyone_else(alice):
    guesser = visitor("203.0.113.7")
    guess_many_accounts(guesser)
    # The guesser's own next try is paused, even with a real account's password...
    paused = sign_in(guesser, "alice@example.org", PASSWORD)
    assert RESTING in strip_tags(paused.content.decode()) and not signed_in(guesser)

    # ...and Alice, at home behind the same proxy, signs in as usual.
    home = visitor("198.51.100.9")
    sign_in(home, "alice@example.org", PASSWORD)
    assert signed_in(home)


def test_addresses_the_guesser_writes_into_the_header_change_nothing(alice):
    # Each try claims a new address in front; the proxy's entry is the one counted.
    for n in range(PER_CLIENT):
        sign_in(visitor("203.0.113.7", spoofed=f"192.0.2.{n}"), f"n{n}@example.org", "guess")
    paused = sign_in(visitor("203.0.113.7", spoofed="192.0.2.200"), "alice@example.org", PASSWORD)
    assert RESTING in strip_tags(paused.content.decode())
    # Claiming the address of someone else does not pause them either.
    home = visitor("198.51.100.9")
    sign_in(visitor("203.0.113.7", spoofed="198.51.100.9"), "x@example.org", "guess")
    sign_in(home, "alice@example.org", PASSWORD)
    assert signed_in(home)


def test_an_account_is_paused_after_five_wrong_passwords_from_anywhere(alice):
    for n in range(PER_ACCOUNT):
        sign_in(visitor(f"203.0.113.{n + 1}"), "alice@example.org", "guess")

    home = visitor("198.51.100.9")
    page = sign_in(home, "alice@example.org", PASSWORD)

    assert not signed_in(home)
    assert RESTING in strip_tags(page.content.decode())


def test_the_paused_page_keeps_the_email_and_offers_a_reset_by_email(alice):
    for _ in range(PER_ACCOUNT):
        sign_in(visitor("203.0.113.7"), "alice@example.org", "guess")

    html = sign_in(visitor("203.0.113.7"), "alice@example.org", PASSWORD).content.decode()

    assert 'value="alice@example.org"' in html
    reset = re.search(r'<a[^>]*href="([^"]+)"[^>]*>Reset my password by email</a>', html)
    assert reset and reset.group(1) == RESET


def test_a_paused_sign_in_never_stops_a_password_reset(alice):
    # One visitor fills both limits: their address, and Alice's account.
    client = visitor("203.0.113.7")
    for _ in range(PER_ACCOUNT):
        sign_in(client, "alice@example.org", "guess")
    guess_many_accounts(client, PER_CLIENT - PER_ACCOUNT)
    assert RESTING in strip_tags(
        sign_in(visitor("198.51.100.9"), "alice@example.org", PASSWORD).content.decode()
    )
    assert RESTING in strip_tags(sign_in(client, "alice@example.org", PASSWORD).content.decode())

    response = client.post(RESET, {"email": "alice@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]

    key_url = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    form_page = client.get(key_url, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else key_url
    done = client.post(
        action, {"password1": "new-gentle-path-31", "password2": "new-gentle-path-31"}
    )
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("new-gentle-path-31")
    assert signed_in(client)  # ACCOUNT_LOGIN_ON_PASSWORD_RESET
    # The reset ends the pause for her account, wherever she signs in next.
    for where in ("198.51.100.9", "203.0.113.7"):
        fresh = visitor(where)
        sign_in(fresh, "alice@example.org", "new-gentle-path-31")
        assert signed_in(fresh), where


def test_too_many_requests_get_a_calm_page_that_says_what_to_do(alice):
    client = visitor("203.0.113.7")
    statuses = [sign_in(client, f"n{n}@example.org", "guess").status_code for n in range(31)]
    # allauth's "login" limit (30 a minute per client) answers with our 429 page.
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    response = sign_in(client, "alice@example.org", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert RESTING in strip_tags(html)
    assert f'href="{RESET}"' in html
    # Someone else behind the same proxy is not turned away.
    home = visitor("198.51.100.9")
    sign_in(home, "alice@example.org", PASSWORD)
    assert signed_in(home)
