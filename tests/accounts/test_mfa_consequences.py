"""What turning on two-step sign-in sets off, through allauth.mfa's real pages:
it shows on the account activity, and every other device has to sign in again."""

import pytest
import time_machine
from django.urls import reverse

from accounts.models import SecurityEvent
from tests.accounts.mfa_support import confirm_password, secret_on_page, totp_code
from tests.accounts.sessions_support import LAPTOP, PHONE, device, sign_in, signed_in
from tests.conftest import NOW

# Real commits: allauth.mfa announces a new app from transaction.on_commit, inside the
# request, as in production (autocommit).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clock():
    # Ticking from a fixed moment: a code computed here is still current when checked.
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def test_turning_on_an_app_is_recorded_and_signs_out_every_other_device(clock, alice):
    laptop, phone = device(LAPTOP, "203.0.113.10"), device(PHONE, "198.51.100.23")
    sign_in(laptop, alice)
    sign_in(phone, alice)
    confirm_password(laptop)
    secret = secret_on_page(laptop.get(reverse("mfa_activate_totp")))

    response = laptop.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert signed_in(laptop)
    assert not signed_in(phone)
    added = alice.security_events.filter(kind=SecurityEvent.Kind.TWO_FACTOR_ADDED)
    assert {event.what for event in added} >= {"an authenticator app"}
    page = laptop.get(reverse("accounts:activity")).content.decode()
    assert "an authenticator app" in page
