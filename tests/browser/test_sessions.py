"""Where you're signed in, walked in two real browsers: Alice sees both, and signs
the phone out from her laptop; the phone's next page asks her to sign in."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.accounts.sessions_support import LAPTOP, PHONE, device
from tests.accounts.sessions_support import sign_in as sign_in_with_form
from tests.browser.conftest import DESKTOP, NARROW, save_screenshot
from tests.browser.conftest import PHONE as PHONE_SIZE
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def _axe_clean(page) -> None:
    """No axe violation of any impact: these are new pages and states."""
    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], v["impact"], v["help"]) for v in violations]


def _sign_in_with_the_form(page, user) -> None:
    page.goto("/accounts/login/")
    expect(page.get_by_text("Stay signed in on this device for up to 30 days.")).to_be_visible()
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_alice_signs_her_phone_out_from_her_laptop(open_page, alice):
    phone = open_page(viewport=PHONE_SIZE, user_agent=PHONE)
    _sign_in_with_the_form(phone, alice)
    laptop = open_page(viewport=DESKTOP, user_agent=LAPTOP)
    _sign_in_with_the_form(laptop, alice)

    laptop.goto("/profile/")
    laptop.get_by_role("link", name="See where you’re signed in").click()

    expect(laptop.get_by_role("heading", name="Where you’re signed in", level=1)).to_be_visible()
    here = laptop.get_by_role("listitem").filter(has_text="This device")
    expect(here.get_by_role("heading")).to_have_text("Firefox on Windows, This device")
    other = laptop.get_by_role("listitem").filter(has_text="Chrome on Android")
    expect(other).to_contain_text("Last active")
    _axe_clean(laptop)
    save_screenshot(laptop, "sessions-two-devices")

    other.get_by_role("button", name="Sign out of Chrome on Android").click()
    # Ending a session asks for the password first; then it goes on by itself.
    expect(laptop.get_by_text("sign out another device")).to_be_visible()
    _axe_clean(laptop)
    laptop.get_by_label("Password").fill(PASSWORD)
    laptop.get_by_role("button", name="Continue").click()

    # Filtered: base.html's live region for in-place changes is a status too.
    signed_out = laptop.get_by_role("status").filter(has_text="Chrome on Android is signed out.")
    expect(signed_out).to_be_visible()
    expect(laptop.get_by_role("listitem").filter(has_text="Chrome on Android")).to_have_count(0)
    expect(laptop.get_by_text("You’re signed in on this device only.")).to_be_visible()
    _axe_clean(laptop)

    phone.reload()
    expect(phone.get_by_role("heading", name="Sign in")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_reads_well_at_360px(open_page, alice, scheme):
    # Her phone, signed in through the form with a test client of its own.
    sign_in_with_form(device(PHONE), alice)
    page = open_page(viewport=NARROW, color_scheme=scheme, user_agent=LAPTOP)
    _sign_in_with_the_form(page, alice)

    page.goto("/profile/sessions/")

    expect(page.get_by_role("button", name="Sign out of Chrome on Android")).to_be_visible()
    expect(page.get_by_text("This device")).to_be_visible()
    _axe_clean(page)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= NARROW["width"]
    save_screenshot(page, f"sessions-narrow-{scheme}")
