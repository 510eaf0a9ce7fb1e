from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

# CI=true turns every skip but a declared "not applicable" into a failure, and a test
# that uses Redis, Chromium or a worker must carry that marker (see tests/services.py).
from tests.services import pytest_runtest_makereport, pytest_runtest_protocol  # noqa: F401

# A Wednesday in June: 12:00 in New York, 17:00 in Dublin. Mid-week, mid-month and
# months from any change of the clocks on either side of the Atlantic, so a test that
# uses it means the same thing whatever day or hour the suite runs (DESIGN.md section 3).
NOW = datetime(2026, 6, 10, 16, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits live in the cache; one test's failed sign-ins must not leak into the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    """The owner: keeps a plan."""
    return UserFactory(
        display_name="Alice", email="alice@example.org", timezone="America/New_York", locale="en-US"
    )


@pytest.fixture
def bob(db):
    """Alice's supporter (once the supporters issue lands)."""
    return UserFactory(display_name="Bob", email="bob@example.org")


@pytest.fixture
def carol(db):
    """A stranger to Alice: must never see anything of hers."""
    return UserFactory(display_name="Carol", email="carol@example.org")


@pytest.fixture
def alice_client(client, alice):
    """Alice signed in, having just given her password again on allauth's page.

    So the pages that ask for it first (accounts.reauth: export, private links, ...)
    open for the next 5 minutes. Tests about that asking sign in on `client` instead
    (tests/accounts/test_reauth_required.py).
    """
    client.force_login(alice)
    reauthenticated = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert reauthenticated.status_code == 302
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests create hundreds of people and are not
    # what it protects. Sign-in behaviour is the same with any hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def now():
    """A fixed "now" to pass to rules and services that take one."""
    return NOW


@pytest.fixture
def frozen(now):
    """The clock itself set to `now`, for paths that read it (views, factories' defaults).

    It ticks on from there, so the order of things made in one test is kept. Ask for
    it before anything that signs in: a session begun at the real time has ended by
    a frozen moment years later.
    """
    with time_machine.travel(now, tick=True):
        yield now
