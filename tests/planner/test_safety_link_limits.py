"""Guessing private safety-plan links pauses the guesser, never a real link.

The finding: limits counted the connecting address, and behind the production proxy
every visitor has the proxy's, so 20 bad tokens in an hour blocked every safety-plan
link, and a valid one got 429. Every client here comes through one simulated proxy.
"""

import pytest
from django.test import Client
from django.urls import reverse

from planner.services.safety import safety_link_create
from planner.views.safety import UNKNOWN_TOKEN_LIMIT
from tests.planner.safety_support import fill_plan

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
PLAN_WORDS = "Safety plan"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def visitor(address: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def shared(token: str) -> str:
    return reverse("planner:safety_shared", args=[token])


@pytest.fixture
def token(frozen, alice):
    # Frozen: the guessing limit counts in fixed windows of an hour.
    fill_plan(alice)
    return safety_link_create(owner=alice, now=frozen)[1]


def test_one_clients_bad_tokens_never_refuse_anyones_valid_link(token):
    guesser, friend = visitor("203.0.113.7"), visitor("198.51.100.9")
    answers = [guesser.get(shared(f"guess-{n}")).status_code for n in range(25)]
    assert answers == [404] * UNKNOWN_TOKEN_LIMIT["limit"] + [429] * 5

    for client in (friend, guesser):
        response = client.get(shared(token))
        assert response.status_code == 200
        assert "Staying in bed past noon" in response.content.decode()


def test_a_guesser_claiming_other_addresses_in_the_header_is_still_one_client(token):
    def claiming(fake: str) -> Client:
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{fake}, 203.0.113.7")

    for n in range(UNKNOWN_TOKEN_LIMIT["limit"]):
        claiming(f"192.0.2.{n}").get(shared(f"guess-{n}"))
    assert claiming("192.0.2.250").get(shared("one-more")).status_code == 429
    # Someone else behind the proxy guessing once is simply told the link does not open.
    assert visitor("198.51.100.9").get(shared("typo")).status_code == 404


def test_a_valid_link_opened_again_and_again_always_opens(token):
    person = visitor("203.0.113.7")
    assert {person.get(shared(token)).status_code for _ in range(40)} == {200}


def test_a_paused_guesser_still_gets_help_and_no_ones_plan(token):
    guesser = visitor("203.0.113.7")
    for n in range(UNKNOWN_TOKEN_LIMIT["limit"]):
        guesser.get(shared(f"guess-{n}"))

    response = guesser.get(shared("guess-more"))

    html = response.content.decode()
    assert response.status_code == 429
    assert "Let's take a short pause" in html and "If you are in danger right now" in html
    assert "Staying in bed past noon" not in html
