"""Two-step sign-in helpers: codes computed here, the way an authenticator app does."""

import base64
import hashlib
import hmac
import re
import struct
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.factories import PASSWORD


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 with an app's defaults (SHA-1, 30 s, 6 digits), written out independently."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def turn_on_app(user) -> tuple[str, list[str]]:
    """Give `user` an authenticator app and recovery codes; return the secret and the codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).generate_codes()
    return secret, codes


def secret_on_page(response) -> str:
    match = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', response.content.decode())
    assert match, "the set-up page shows no key to type in"
    return match.group(1)


def password_step(client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def confirm_password(client, password: str = PASSWORD) -> None:
    """allauth asks for the password again (fresh for a few minutes) before 2FA changes."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content.decode()[:2000]


def signed_in(client) -> bool:
    return client.get(reverse("planner:home")).status_code == 200


def kinds(user) -> set[str]:
    return set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
