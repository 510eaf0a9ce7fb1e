"""Exit this page: on every page, signed in or out, a real link right after the skip link.

Without JavaScript it is a plain link to a neutral site; static/js/exit.js adds the
Shift-three-times shortcut and replaces the page in history (tests/browser/test_exit.py).
The neutral address is the operator's EXIT_PAGE_URL unless the person chose their own.
"""

import re

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from tests.access_support import named_patterns

pytestmark = pytest.mark.django_db

NEUTRAL = "https://neutral.example/weather"
# The skip link, then straight away the exit link: the first two things a keyboard,
# a screen reader or a quick tap meets.
SKIP_THEN_EXIT = re.compile(
    r'<a class="skip-link" href="#main">Skip to main content</a>\s*'
    r'<div class="exit-this-page"[^>]*>\s*'
    r'<a href="(?P<href>[^"]*)" class="exit-this-page__button"[^>]*>\s*'
    r'<span class="visually-hidden">Emergency</span> Exit this page\s*</a>'
)


@pytest.fixture(autouse=True)
def _neutral(settings):
    settings.EXIT_PAGE_URL = NEUTRAL


def exit_href(response) -> str:
    html = response.content.decode()
    found = SKIP_THEN_EXIT.search(html)
    body = html[html.find("<body") :][:600]
    assert found, f"{response.request['PATH_INFO']}: no exit link after the skip link:\n{body}"
    return found["href"]


def whole_pages(client):
    """Every page without kwargs that answers this client with a whole HTML page."""
    names = sorted(
        name for name, kwargs in named_patterns(get_resolver().url_patterns) if not kwargs
    )
    for name in names:
        response = client.get(reverse(name))
        if response.status_code == 200 and b"<body" in response.content:
            yield name, response


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_every_page_has_the_exit_link_right_after_the_skip_link(client, alice, signed_in):
    if signed_in:
        client.force_login(alice)
    seen = {name: exit_href(response) for name, response in whole_pages(client)}
    # The walk really covered pages of both kinds, not a handful of redirects.
    expected = {"planner:home", "accounts:profile"} if signed_in else {"account_login"}
    assert expected | {"planner:safety_plan", "planner:exit_help"} <= set(seen)
    wrong = {name: href for name, href in seen.items() if href != NEUTRAL}
    assert not wrong


def test_the_not_found_page_has_the_exit_link_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert exit_href(response) == NEUTRAL


def test_the_exit_link_tells_the_neutral_site_nothing_and_loads_the_script(client):
    html = client.get(reverse("account_login")).content.decode()
    link = re.search(r'<a href="[^"]*" class="exit-this-page__button"[^>]*>', html)[0]
    assert 'rel="nofollow noreferrer"' in link
    assert re.search(r'<script src="/static/js/exit\.js" defer></script>', html)


def test_the_persons_own_choice_is_used_when_set(client, alice, bob):
    alice.exit_url = "https://recipes.example/soup"
    alice.save()
    client.force_login(alice)
    assert exit_href(client.get(reverse("planner:home"))) == "https://recipes.example/soup"
    # Someone else, and anyone signed out, still go to the operator's page.
    client.force_login(bob)
    assert exit_href(client.get(reverse("planner:home"))) == NEUTRAL
    assert exit_href(Client().get(reverse("account_login"))) == NEUTRAL


def test_the_help_page_is_open_to_anyone_and_explains_history(client):
    html = client.get(reverse("planner:exit_help")).content.decode()
    assert "Shift" in html
    assert "history" in html
    assert "private" in html.lower()


def test_every_page_links_to_the_help_page(client, alice):
    client.force_login(alice)
    for name in ("planner:home", "planner:safety_plan"):
        html = client.get(reverse(name)).content.decode()
        assert f'href="{reverse("planner:exit_help")}"' in html, name
