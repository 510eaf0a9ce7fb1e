import pytest
from django.core.cache import cache

from tests.factories import UserFactory

# CI=true turns every skip but a declared "not applicable" into a failure, and a test
# that uses Redis, Chromium or a worker must carry that marker (see tests/services.py).
from tests.services import pytest_runtest_makereport, pytest_runtest_protocol  # noqa: F401


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
    client.force_login(alice)
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests create hundreds of people and are not
    # what it protects. Sign-in behaviour is the same with any hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
