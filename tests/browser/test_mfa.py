"""In Chromium: two-step sign-in set up and used as a person would, with an
authenticator app (codes computed here) and with a passkey (Chromium's virtual
authenticator, driven over CDP), and every new page without an axe violation."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.accounts.mfa_support import totp_code, turn_on_app
from tests.browser.conftest import DESKTOP, _axe, save_screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def strict_axe(page) -> None:
    """New pages answer to every axe rule, whatever its impact."""
    violations = _axe.run(page).response["violations"]
    assert not violations, f"axe on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {', '.join(t for n in v['nodes'] for t in n['target'])}"
        for v in violations
    )


def fresh_code(secret: str) -> str:
    # The browser is slower than a test client: never hand over a code in the last
    # seconds of its 30-second life.
    if 30 - time.time() % 30 < 4:
        time.sleep(30 - time.time() % 30 + 0.2)
    return totp_code(secret)


def password_step(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def confirm_password(page) -> None:
    """allauth's "confirm it's you" before a change to how one signs in."""
    password = page.get_by_label("Password")
    password.fill(PASSWORD)
    password.press("Enter")


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_person_sets_up_an_authenticator_app_and_signs_in_with_it(open_page, alice):
    page = open_page(viewport=DESKTOP)
    password_step(page, alice.email)
    page.goto("/profile/")
    page.get_by_role("link", name="Set up two-step sign-in").click()
    expect(page.get_by_role("heading", name="Two-step sign-in")).to_be_visible()
    page.get_by_role("link", name="Set up an authenticator app").click()
    confirm_password(page)

    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # it really drew, under our CSP
    page.get_by_text("Can't scan it? Type this key in instead").click()
    secret = page.locator("#totp-secret").inner_text()
    strict_axe(page)

    page.get_by_label("The 6-digit code your app shows").fill("000000")
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text(re.compile("That code didn't work"))).to_be_visible()
    expect(page.get_by_label("The 6-digit code your app shows")).to_have_value("000000")
    assert not Authenticator.objects.filter(user=alice).exists()
    strict_axe(page)

    page.get_by_label("The 6-digit code your app shows").fill(fresh_code(secret))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_role("heading", name="10 of 10 left")).to_be_visible()
    strict_axe(page)
    save_screenshot(page, "mfa-recovery-codes")

    sign_out(page)
    password_step(page, alice.email)
    expect(page.get_by_role("heading", name="One more step")).to_be_visible()
    strict_axe(page)
    page.get_by_label("Code").fill(fresh_code(secret))
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto("/profile/")
    expect(page.get_by_role("link", name="Manage two-step sign-in")).to_be_visible()
    assert page.csp_errors == []


def _virtual_authenticator(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )


def test_a_person_adds_a_passkey_and_signs_in_with_it(open_page, alice):
    page = open_page(viewport=DESKTOP)
    _virtual_authenticator(page)
    password_step(page, alice.email)
    page.goto("/accounts/2fa/")
    page.get_by_role("link", name="Add a passkey").click()
    confirm_password(page)

    expect(page.get_by_role("heading", name="Add a passkey")).to_be_visible()
    strict_axe(page)
    page.get_by_label("A name for this passkey").fill("My laptop")
    expect(page.get_by_label("Let this passkey sign me in on its own")).to_be_checked()
    page.get_by_role("button", name="Create the passkey").click()
    # The first way in also brings recovery codes, for a day without the device.
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    (key,) = Authenticator.objects.filter(user=alice, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "My laptop"

    page.goto("/accounts/2fa/webauthn/")
    expect(page.get_by_role("heading", name="My laptop")).to_be_visible()
    strict_axe(page)
    page.get_by_role("link", name="Rename My laptop").click()
    strict_axe(page)
    page.get_by_label("Name").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Please give it a name")).to_be_visible()
    strict_axe(page)
    page.get_by_label("Name").fill("Laptop at home")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Remove Laptop at home").click()
    expect(page.get_by_role("heading", name="Remove “Laptop at home”?")).to_be_visible()
    strict_axe(page)
    page.get_by_role("link", name="Keep it").click()
    page.goto("/accounts/2fa/webauthn/reauthenticate/")
    strict_axe(page)

    # On its own, from the sign-in page: no password.
    sign_out(page)
    page.get_by_role("button", name="Use a passkey instead").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("link", name="Profile")).to_be_visible()

    # And as the second step after a password.
    sign_out(page)
    password_step(page, alice.email)
    expect(page.get_by_role("heading", name="One more step")).to_be_visible()
    page.get_by_role("button", name="Use a passkey").click()
    expect(page).to_have_url(re.compile(r"/$"))
    assert page.csp_errors == []


def test_a_passkey_that_does_not_go_through_is_met_with_a_kind_word(open_page, alice):
    # This device holds no passkey for us, so the browser answers "not allowed".
    page = open_page(viewport=DESKTOP)
    _virtual_authenticator(page)
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Use a passkey instead").click()
    expect(page.get_by_role("status").filter(has_text="didn't go through")).to_be_visible(
        timeout=15_000
    )
    strict_axe(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_two_step_pages_have_no_axe_violations(open_page, alice, scheme):
    secret, _ = turn_on_app(alice)
    page = open_page(viewport=DESKTOP, color_scheme=scheme)
    password_step(page, alice.email)
    page.get_by_label("Code").fill("000000" if fresh_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text(re.compile("That code didn't work"))).to_be_visible()
    strict_axe(page)
    page.get_by_label("Code").fill(fresh_code(secret))
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/$"))

    for path in ("/profile/", "/accounts/2fa/", "/accounts/2fa/reauthenticate/"):
        page.goto(path)
        strict_axe(page)
    page.goto("/accounts/2fa/totp/deactivate/")
    confirm_password(page)
    for path in (
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        strict_axe(page)
    assert page.csp_errors == []
