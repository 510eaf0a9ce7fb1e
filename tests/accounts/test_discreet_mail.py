"""Discreet mode in allauth's own mails (password reset, address confirmation): the
person's inbox never reads "Stepwise" in the sender, subject or body. Sent over a
real SMTP server on loopback, since the mail is the subject."""

import email
import email.policy

import pytest
from django.urls import reverse

from tests.reminders.smtp_support import smtp_mailers, smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    settings.DEFAULT_FROM_EMAIL = "Stepwise <hello@stepwise.localhost>"
    with smtp_server() as server:
        settings.MAILERS = smtp_mailers(server.port)
        yield server


def _received(server):
    [raw] = server.messages
    return email.message_from_bytes(raw, policy=email.policy.default)


def _discreet(person):
    person.discreet = True
    person.save(update_fields=["discreet"])


def test_a_password_reset_for_a_discreet_person_never_says_stepwise(client, smtp, alice):
    _discreet(alice)

    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})

    message = _received(smtp)
    assert message["From"] == "Account <hello@stepwise.localhost>"
    assert "Stepwise" not in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Stepwise" not in body
    assert "/accounts/password/reset/key/" in body  # still the link that helps


def test_a_new_address_for_a_discreet_person_is_confirmed_without_stepwise(
    alice_client, smtp, alice
):
    _discreet(alice)

    alice_client.post(
        reverse("account_email"), {"action_add": "", "email": "alice.new@example.org"}
    )

    message = _received(smtp)
    assert message["To"] == "alice.new@example.org"
    assert message["From"] == "Account <hello@stepwise.localhost>"
    assert "Stepwise" not in message["Subject"]
    assert "Stepwise" not in message.get_body(preferencelist=("plain",)).get_content()


def test_without_discreet_mode_the_mail_still_says_who_it_is_from(client, smtp, alice):
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})

    message = _received(smtp)
    assert message["From"] == "Stepwise <hello@stepwise.localhost>"
    assert message["Subject"].startswith("Stepwise: ")
    assert "Hello from Stepwise" in message.get_body(preferencelist=("plain",)).get_content()
