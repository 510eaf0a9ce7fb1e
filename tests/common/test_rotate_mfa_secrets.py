"""Rotating the encryption keys carries two-step sign-in secrets along with everything else."""

from io import StringIO

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.urls import reverse

from tests.accounts.mfa_support import password_step, signed_in, totp_code, turn_on_app
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_after_rotating_and_dropping_the_old_key_codes_still_sign_in(client, alice, settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    with time_machine.travel(NOW, tick=True):
        secret, codes = turn_on_app(alice)
    before = {a.type: dict(a.data) for a in Authenticator.objects.filter(user=alice)}

    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    settings.FIELD_ENCRYPTION_KEYS = [NEW]

    assert "mfa.Authenticator: 2 rows re-encrypted" in out.getvalue()
    after = {a.type: a.data for a in Authenticator.objects.filter(user=alice)}
    assert after["totp"]["secret"] != before["totp"]["secret"]
    assert after["recovery_codes"]["used_mask"] == before["recovery_codes"]["used_mask"]
    with time_machine.travel(NOW.timestamp() + 60, tick=True):
        password_step(client, alice.email)
        client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert signed_in(client)
    client.post(reverse("account_logout"))
    password_step(client, alice.email)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert signed_in(client)
