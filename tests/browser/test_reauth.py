"""Asked for the password again, a person goes straight on with what they were doing."""

import pytest
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from accounts.services.email_undo import email_change_undo_token
from supporters.models import SupporterLink
from tests.browser.conftest import NARROW, save_screenshot
from tests.factories import PASSWORD, UserFactory
from tests.supporters.supporters_support import link_for

pytestmark = pytest.mark.browser
_axe = Axe()


def axe_check(page) -> None:
    """New pages and states: no axe violation of any impact."""
    violations = _axe.run(page).response["violations"]
    assert not violations, [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]


def _signed_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _give_password(page):
    expect(page.get_by_role("heading", level=1, name="Your password, once more")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()


def test_making_a_private_link_asks_for_the_password_then_shows_the_link(
    open_page, alice, live_server
):
    page = open_page(viewport=NARROW)
    _signed_in(page, alice, live_server)
    page.goto("/safety-plan/private-link/")
    page.get_by_role("button", name="Make my private link").click()

    expect(page.get_by_text("For your safety, please enter your password again")).to_be_visible()
    axe_check(page)
    save_screenshot(page, "reauth-password-page-phone")
    page.get_by_label("Password").fill("not-my-password")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That isn't the password for this account.")).to_be_visible()
    axe_check(page)
    _give_password(page)

    expect(page.get_by_role("heading", name="Your new link")).to_be_visible()
    assert page.csp_errors == []


def test_a_toggle_that_shares_the_safety_plan_asks_first_and_then_saves(
    open_page, alice, live_server
):
    link = link_for(alice, UserFactory(display_name="Sam"), "plan")
    page = open_page(viewport=NARROW)
    _signed_in(page, alice, live_server)
    page.goto("/sharing/")
    card = page.locator(f"#supporter-{link.pk}")
    card.get_by_label("Safety plan").check()  # htmx posts the card on change

    # The whole page goes to the password page: no password form inside the card.
    _give_password(page)
    expect(page).to_have_url(f"{live_server.url}/sharing/#supporter-{link.pk}")
    expect(page.locator(f"#supporter-{link.pk}").get_by_label("Safety plan")).to_be_checked()
    assert SupporterLink.objects.get(pk=link.pk).scope_safety


def test_the_undo_page_asks_then_puts_the_old_address_back(open_page, alice, live_server):
    address = EmailAddress.objects.get(user=alice)
    address.email = "mallory@example.net"
    address.save()
    token = email_change_undo_token(user=alice, old_email="alice@example.org", new_address=address)
    page = open_page(viewport=NARROW)
    page.goto(f"/profile/email/undo/{token}/")
    expect(
        page.get_by_role("heading", level=1, name="Keep your old email address?")
    ).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Put my old address back").click()
    expect(page.get_by_role("heading", level=1, name="Your old address is back")).to_be_visible()
    axe_check(page)
    save_screenshot(page, "email-undo-done-phone")

    page.goto(f"/profile/email/undo/{token}/")
    expect(page.get_by_role("heading", level=1, name="This link no longer works")).to_be_visible()
    axe_check(page)
    assert page.csp_errors == []
