""" "Not this time" links behind the production proxy: guessing pauses the guesser only.

Every client comes through one simulated proxy (REMOTE_ADDR is the proxy,
X-Forwarded-For carries what it saw), with TRUSTED_PROXY_COUNT=1.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from reminders.not_this_time import not_this_time_token
from reminders.views.not_this_time import UNKNOWN_TOKEN_LIMIT
from tests.reminders.channels_support import private_step

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def visitor(address: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def path(token: str) -> str:
    return reverse("reminders:not_this_time", kwargs={"token": token})


@pytest.fixture
def token(frozen, alice):
    return not_this_time_token(private_step(alice, starts_at=frozen + timedelta(days=1)))


def test_one_clients_bad_tokens_never_refuse_a_valid_link(token):
    guesser, person = visitor("203.0.113.7"), visitor("198.51.100.9")
    answers = [guesser.get(path(f"guess-{n}")).status_code for n in range(25)]
    assert answers == [404] * UNKNOWN_TOKEN_LIMIT["limit"] + [429] * 5

    for client in (person, guesser):
        response = client.get(path(token))
        assert response.status_code == 200 and 'method="post"' in response.text
    assert person.post(path(token)).status_code == 200
    # Counted per client: someone else's mistyped link is simply a link that does not work.
    assert person.get(path("typo")).status_code == 404


def test_a_valid_link_opened_again_and_again_always_opens(token):
    person = visitor("198.51.100.9")
    assert {person.get(path(token)).status_code for _ in range(40)} == {200}
