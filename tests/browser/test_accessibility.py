import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, NARROW, axe_check

pytestmark = pytest.mark.browser

# (path, needs a signed-in person)
PAGES = [
    pytest.param("/", True, id="home"),
    pytest.param("/accounts/login/", False, id="sign-in"),
    pytest.param("/accounts/signup/", False, id="sign-up"),
    pytest.param("/profile/", True, id="profile"),
    pytest.param("/safety-plan/", True, id="safety-plan"),
    # Someone in a hard moment may arrive signed out; that page must read well too.
    pytest.param("/safety-plan/", False, id="safety-plan-signed-out"),
]


def _show_signup_errors(page):
    page.goto("/accounts/signup/")
    page.get_by_label("Password:", exact=True).fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Please tell us what to call you")).to_be_visible()


def _assert_no_sideways_scroll(page):
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= NARROW["width"], f"{page.url} scrolls sideways: {width}px wide at 360px"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "signed_in"), PAGES)
def test_each_page_reads_well_at_360px(open_page, sign_in, alice, scheme, path, signed_in):
    page = open_page(viewport=NARROW, color_scheme=scheme)
    if signed_in:
        sign_in(page, alice)
    page.goto(path)
    axe_check(page)
    _assert_no_sideways_scroll(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_signup_errors_read_well_at_360px(open_page, scheme):
    page = open_page(viewport=NARROW, color_scheme=scheme)
    _show_signup_errors(page)
    axe_check(page)
    _assert_no_sideways_scroll(page)


def test_the_home_page_reads_well_on_a_desktop(open_page, sign_in, alice):
    page = open_page(viewport=DESKTOP)
    sign_in(page, alice)
    page.goto("/")
    axe_check(page)


def test_help_and_errors_are_read_out_with_the_field_they_belong_to(page):
    # A screen reader announces a field's description on focus; help or an error
    # that is not part of it goes unheard.
    page.goto("/accounts/signup/")
    password = page.get_by_label("Password:", exact=True)
    expect(password).to_have_accessible_description(re.compile("at least 8 characters"))
    _show_signup_errors(page)
    expect(page.get_by_label("What should we call you?")).to_have_accessible_description(
        re.compile("Please tell us what to call you")
    )


def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(page):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_no_page_breaks_the_content_security_policy(open_page, sign_in, alice):
    # Chromium reports a blocked inline script or style on the console; any such line
    # means something on the page silently did not run or did not apply.
    page = open_page()
    for path in ("/accounts/login/", "/accounts/signup/", "/safety-plan/"):
        page.goto(path)
    _show_signup_errors(page)
    sign_in(page, alice)
    for path in ("/", "/profile/", "/safety-plan/"):
        page.goto(path)
    assert page.csp_errors == []


@pytest.mark.parametrize(("motion", "moves"), [("no-preference", True), ("reduce", False)])
def test_buttons_only_animate_for_people_who_have_not_asked_for_less_motion(
    open_page, motion, moves
):
    page = open_page(reduced_motion=motion)
    page.goto("/accounts/login/")
    button = page.get_by_role("button", name="Sign in")
    duration = button.evaluate("el => getComputedStyle(el).transitionDuration")
    assert (duration != "0s") is moves, duration
