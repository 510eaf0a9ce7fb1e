import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, save_screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_a_new_person_signs_up_confirms_their_email_and_lands_on_their_home(open_page):
    page = open_page(timezone_id="Europe/Dublin")
    page.goto("/accounts/signup/")

    page.get_by_label("What should we call you?").fill("Nora")
    page.get_by_label("Email").fill("nora@example.org")
    page.get_by_label("Password:", exact=True).fill("quiet-harbour-lights-9")
    page.get_by_label("Password (again)").fill("quiet-harbour-lights-9")
    # stepwise.js picked the browser's own zone, so most people never touch this.
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Dublin")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    (message,) = mail.outbox
    assert message.to == ["nora@example.org"]
    link = re.search(r"https?://\S+", message.body).group(0)

    page.goto(link)
    page.get_by_role("button", name="Yes, confirm my email").click()

    expect(page.get_by_role("heading", name="Welcome, Nora")).to_be_visible()
    expect(
        page.get_by_role("region", name="Safety").get_by_role("link", name="Safety plan")
    ).to_be_visible()
    save_screenshot(page, "signup-journey-home-phone")


def test_a_wrong_password_says_so_plainly_and_keeps_the_typed_email(open_page, alice):
    page = open_page(viewport=DESKTOP)
    page.goto("/accounts/login/")

    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD + "-not")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_have_text(
        "That email and password don't match an account. Please check both and try again."
    )
    expect(page.get_by_label("Email")).to_have_value("alice@example.org")
    save_screenshot(page, "signin-wrong-password-desktop")
