"""Changing the sign-in email tells the old address, which can undo it for 7 days.

The change is allauth's: add an address (after the password), open the link sent
to it. Then the old address gets a notice with a signed link to put it back.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.accounts.reauth_support import reauthenticate
from tests.accounts.sessions_support import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
OLD, NEW = "alice@example.org", "mallory@example.net"


def _change_email(client, user, to=NEW):
    """Alice's account, signed in on `client`, moves to `to` the way allauth does it."""
    reauthenticate(client)
    client.post(reverse("account_email"), {"action_add": "", "email": to})
    address = EmailAddress.objects.get(user=user, email=to)
    # The link in the mail to the new address; whoever reads that mailbox opens it.
    Client().post(reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key]))


def _notice_to(address):
    sent = [m for m in mail.outbox if m.to == [address] and "email changed" in m.subject]
    assert len(sent) == 1, [(m.to, m.subject) for m in mail.outbox]
    return sent[0]


def _undo_link(message) -> str:
    match = re.search(r"https?://\S+/profile/email/undo/\S+/", message.body)
    assert match, message.body
    return match.group(0)


@pytest.fixture
def changed(client, alice, frozen):
    """Someone at Alice's signed-in phone, with her password, changed her email."""
    sign_in(client, alice)
    _change_email(client, alice)
    alice.refresh_from_db()
    assert alice.email == NEW
    return _undo_link(_notice_to(OLD))


def test_the_old_address_is_told_with_a_way_back(changed):
    message = _notice_to(OLD)

    assert message.subject == "Stepwise: Your sign-in email changed"
    assert f"from {OLD} to {NEW}" in message.body
    assert "for the next 7 days" in message.body
    # The new address hears nothing of the undo link.
    assert not [m for m in mail.outbox if m.to == [NEW] and "undo" in m.body]


def test_opening_the_link_changes_nothing(changed, alice):
    page = Client().get(changed)

    assert page.status_code == 200
    assert "Put my old address back" in page.content.decode()
    assert page["Cache-Control"] == "no-store, private"
    alice.refresh_from_db()
    assert alice.email == NEW and alice.check_password(PASSWORD)


def test_putting_it_back_restores_the_address_and_shuts_everyone_out(changed, client, alice):
    someone_else = Client()
    sign_in(someone_else, alice)
    assert Session.objects.count() == 2

    done = Client().post(changed)

    assert done.status_code == 200
    assert "Your old address is back" in done.content.decode()
    alice.refresh_from_db()
    assert alice.email == OLD
    address = EmailAddress.objects.get(user=alice)
    assert (address.email, address.verified, address.primary) == (OLD, True, True)
    # Whoever changed it may know the password: it no longer works, and no session lives.
    assert not alice.has_usable_password()
    assert Session.objects.count() == 0
    assert client.get(reverse("planner:home"))["Location"].startswith(reverse("account_login"))
    # The old address can set a new password at once.
    client.post(reverse("account_reset_password"), {"email": OLD})
    assert any(m.to == [OLD] and "reset" in m.body for m in mail.outbox)


def test_the_link_works_once(changed, alice):
    Client().post(changed)
    again = Client().post(changed)

    assert again.status_code == 404
    assert "This link no longer works" in again.content.decode()


def test_the_link_stops_after_seven_days(changed, alice):
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        late = Client().post(changed)

    assert late.status_code == 404
    alice.refresh_from_db()
    assert alice.email == NEW


def test_the_link_stops_once_the_address_changed_again(changed, client, alice):
    _change_email(client, alice, to="alice.new@example.org")

    response = Client().post(changed)

    assert response.status_code == 404
    assert User.objects.get(pk=alice.pk).email == "alice.new@example.org"


def test_a_forged_link_changes_nothing(changed, alice):
    forged = changed.replace("/undo/", "/undo/x")

    assert Client().post(forged).status_code == 404
    alice.refresh_from_db()
    assert alice.email == NEW


def test_guessing_at_undo_links_rests_after_a_while(changed, alice):
    guesser = Client()
    for n in range(20):
        guesser.get(changed.replace("/undo/", f"/undo/{n}"))

    assert guesser.post(changed).status_code == 429
    alice.refresh_from_db()
    assert alice.email == NEW


def test_a_password_change_sends_a_notice(client, alice, frozen):
    client.force_login(alice)
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "new-gentle-path-31",
            "password2": "new-gentle-path-31",
        },
    )

    (message,) = mail.outbox
    assert message.to == [OLD] and message.subject == "Stepwise: Your password changed"
    assert "If it wasn't, please reset your password" in message.body


def test_in_discreet_mode_the_notices_do_not_say_stepwise(client, alice, frozen):
    alice.discreet = True
    alice.save()
    client.force_login(alice)
    _change_email(client, alice)

    for message in mail.outbox:
        assert "Stepwise" not in message.subject + message.body + message.from_email, (
            message.subject
        )
    assert _notice_to(OLD).from_email.startswith("Account <")
