"""In a browser: a paused sign-in says calmly what to do instead, and leads there.

Both pages must have no axe finding of any impact.
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import _axe
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

RESTING = (
    "Too many tries for now. You can reset your password by email, or try again in a few minutes."
)


def axe_clean(page) -> None:
    violations = _axe.run(page).response["violations"]
    assert not violations, [(v["id"], v["impact"], v["help"]) for v in violations]


def wrong_passwords(live_server, times: int, email: str = "alice@example.org") -> None:
    # From the same address as the browser (the live server sees 127.0.0.1 for both),
    # and to the same host: allauth's per-account count is keyed by it.
    client = Client(HTTP_HOST=urlsplit(live_server.url).netloc)
    for _ in range(times):
        client.post(reverse("account_login"), {"login": email, "password": "guess"})


def sign_in(page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_paused_account_is_offered_a_reset_by_email(open_page, live_server, alice):
    wrong_passwords(live_server, 5)
    page = open_page()

    sign_in(page)

    expect(page.get_by_role("alert")).to_have_text(RESTING)
    expect(page.get_by_label("Email")).to_have_value("alice@example.org")
    axe_clean(page)
    page.get_by_role("link", name="Reset my password by email").click()
    expect(page.get_by_label("Email")).to_be_visible()
    assert page.url.endswith(reverse("account_reset_password"))
    assert page.csp_errors == []


def test_too_many_requests_get_a_calm_page_with_the_way_forward(open_page, live_server, alice):
    wrong_passwords(live_server, 30, email="nobody@example.org")
    page = open_page()

    sign_in(page)

    expect(page.get_by_role("heading", name="Let's take a short pause")).to_be_visible()
    expect(page.locator("#main")).to_contain_text(RESTING)
    axe_clean(page)
    page.get_by_role("link", name="reset your password by email").click()
    assert page.url.endswith(reverse("account_reset_password"))
    assert page.csp_errors == []
