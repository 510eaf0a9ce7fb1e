"""What a two-step change tells the person (email) and the rest of Stepwise (signals)."""

import pytest
import time_machine
from allauth.mfa import signals
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from tests.accounts.mfa_support import confirm_password, password_step, secret_on_page, totp_code
from tests.conftest import NOW

# allauth sends some notices from transaction.on_commit inside the request (it needs
# the request to word the mail), so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard():
    """The allauth.mfa signals a change sends: what the security log and "end other
    sessions" hook into (authenticator_added, _removed, _reset)."""
    got = []

    def listener(signal_name):
        def receive(sender, request, user, authenticator, **kwargs):
            got.append((signal_name, user.pk, authenticator.type))

        return receive

    receivers = {
        name: listener(name)
        for name in ("authenticator_added", "authenticator_removed", "authenticator_reset")
    }
    for name, receive in receivers.items():
        getattr(signals, name).connect(receive)
    yield got
    for name, receive in receivers.items():
        getattr(signals, name).disconnect(receive)


def _set_up_app(client, user) -> str:
    password_step(client, user.email)
    confirm_password(client)
    secret = secret_on_page(client.get(reverse("mfa_activate_totp")))
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    return secret


def test_each_change_to_two_step_sign_in_is_announced(client, alice, heard):
    with time_machine.travel(NOW, tick=True):
        _set_up_app(client, alice)
        client.post(reverse("mfa_generate_recovery_codes"))
        client.post(reverse("mfa_deactivate_totp"))

    totp, codes = Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES
    assert heard == [
        ("authenticator_added", alice.pk, totp),
        ("authenticator_added", alice.pk, codes),  # the first set comes with the app
        ("authenticator_reset", alice.pk, codes),
        ("authenticator_removed", alice.pk, totp),
        # With no app or passkey left, the codes go too.
        ("authenticator_removed", alice.pk, codes),
    ]


def test_with_notifications_on_each_change_sends_a_calm_plain_email(client, alice, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    alice.discreet = True
    alice.save(update_fields=["discreet"])
    with time_machine.travel(NOW, tick=True):
        _set_up_app(client, alice)
        client.post(reverse("mfa_generate_recovery_codes"))
        client.post(reverse("mfa_deactivate_totp"))

    subjects = [m.subject for m in mail.outbox]
    assert [s.split(": ", 1)[-1] for s in subjects] == [
        "Two-step sign-in is on",
        "New recovery codes",
        "The authenticator app is off",
    ]
    first = mail.outbox[0]
    assert first.to == [alice.email]
    assert "An authenticator app was set up for two-step sign-in on your account." in first.body
    for message in mail.outbox:
        # Our words never name Stepwise; the greeting and sender are the account
        # mails' shared frame, which follows discreet mode on its own.
        ours = message.subject.split(": ", 1)[-1]
        assert "Stepwise" not in ours
