"""The Safety plan link is one tap away, truly: third Tab stop on every page, in view
however far down a long page the person has scrolled, never covered; the navigation
folds into a Menu on a phone and keeps to one row on a desktop; nothing scrolls sideways
at 320 px (WCAG 1.4.10)."""

import secrets
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from supporters.models import Invitation, Scope
from tests.browser.conftest import DESKTOP, NARROW, axe_check

pytestmark = pytest.mark.browser

REFLOW = {"width": 320, "height": 640}
LONG_EMAIL = "someone.with.a.rather.long.address.for.sure@an-example-mail-provider.example.org"


@pytest.fixture
def demo(db):
    """Maya, with months of history (the longest pages there are), and Sam, her supporter."""
    call_command("seed_demo")
    return User.objects.get(display_name="Maya"), User.objects.get(display_name="Sam")


def _long_pages(demo):
    maya, sam = demo
    return [
        (maya, "/"),
        (maya, "/safety-plan/"),
        (maya, "/week/"),
        (maya, "/progress/"),
        (sam, f"/supporting/{maya.pk}/"),
        (None, "/safety-plan/"),
        (None, "/exit-this-page/"),
    ]


def _safety_link(page):
    return page.get_by_role("link", name="Safety plan", exact=True)


def _assert_in_view_and_uncovered(page, path):
    hit = _safety_link(page).evaluate(
        """link => {
            const box = link.getBoundingClientRect();
            const x = box.left + box.width / 2, y = box.top + box.height / 2;
            const at = document.elementFromPoint(x, y);
            return {
                inView: box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight
                    && box.right <= innerWidth && box.width > 0,
                uncovered: at !== null && (at === link || link.contains(at)),
            };
        }"""
    )
    assert hit["inView"], f"{path}: the Safety plan link is off screen"
    assert hit["uncovered"], f"{path}: something covers the Safety plan link"


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["360px", "1280px"])
def test_the_safety_plan_link_stays_in_view_at_the_bottom_of_long_pages(
    open_page, sign_in, demo, viewport
):
    for person, path in _long_pages(demo):
        page = open_page(viewport=viewport)
        if person:
            sign_in(page, person)
        page.goto(path)
        height = page.evaluate("document.documentElement.scrollHeight")
        if viewport is NARROW:
            assert height > 2 * NARROW["height"], f"{path} is too short to prove anything"
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_function("scrollY + innerHeight >= document.documentElement.scrollHeight - 1")
        _assert_in_view_and_uncovered(page, path)
        # The footer's last line is not hidden behind the pill: the page leaves room.
        footer = page.locator(".site-footer p").last.bounding_box()
        link = _safety_link(page).bounding_box()
        overlap = (
            footer["y"] + footer["height"] > link["y"] and link["y"] + link["height"] > footer["y"]
        )
        assert not overlap or viewport is DESKTOP, f"{path}: the pill covers the footer"
        page.context.close()


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["360px", "1280px"])
@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "signed-out"])
def test_the_safety_plan_link_is_the_third_tab_stop(open_page, sign_in, alice, viewport, signed_in):
    page = open_page(viewport=viewport)
    if signed_in:
        sign_in(page, alice)
    page.goto("/progress/" if signed_in else "/learn/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Emergency Exit this page")).to_be_focused()
    page.keyboard.press("Tab")
    expect(_safety_link(page)).to_be_focused()
    _assert_in_view_and_uncovered(page, page.url)


def test_on_a_phone_the_navigation_is_a_closed_menu_that_opens_by_keyboard(
    open_page, sign_in, alice
):
    page = open_page(viewport=NARROW)
    sign_in(page, alice)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    menu = nav.locator("details")
    expect(menu).not_to_have_attribute("open", "")
    expect(nav.get_by_role("link", name="Week")).to_be_hidden()
    # The header is one row: the brand and the Menu button.
    assert page.locator(".site-header").bounding_box()["height"] < 80
    summary = nav.get_by_text("Menu", exact=True)
    summary.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    week = nav.get_by_role("link", name="Week")
    expect(week).to_be_visible()
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Home")).to_be_focused()
    expect(nav.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    axe_check(page)


def test_on_a_desktop_the_navigation_is_one_row(open_page, sign_in, alice):
    page = open_page(viewport=DESKTOP)
    sign_in(page, alice)
    page.goto("/week/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(nav.get_by_role("link", name="Week")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    tops = {round(item.bounding_box()["y"]) for item in nav.locator("li").all()}
    assert len(tops) == 1, f"the navigation wraps onto {len(tops)} rows"
    assert page.locator(".site-header").bounding_box()["height"] < 80
    axe_check(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_pill_makes_way_for_the_on_screen_keyboard(open_page, sign_in, alice, scheme):
    page = open_page(viewport=NARROW, color_scheme=scheme)
    sign_in(page, alice)
    page.goto("/check-in/")
    axe_check(page)
    expect(_safety_link(page)).to_be_visible()
    page.locator("input[type=number], textarea, input[type=text]").first.focus()
    expect(_safety_link(page)).to_be_hidden()
    page.keyboard.press("Shift+Tab")
    page.locator("main").focus()
    expect(_safety_link(page)).to_be_visible()


def test_sharing_with_a_long_invited_address_reflows_at_320px(open_page, sign_in, demo):
    maya, _ = demo
    now = timezone.now()
    Invitation.objects.create(
        owner=maya,
        email=LONG_EMAIL,
        relationship="friend",
        scopes=[Scope.PLAN.value],
        nonce=secrets.token_urlsafe(32),
        created_at=now,
        expires_at=now + timedelta(days=7),
    )
    page = open_page(viewport=REFLOW)
    sign_in(page, maya)
    page.goto("/sharing/")
    expect(page.get_by_text(LONG_EMAIL).first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= REFLOW["width"], f"/sharing/ scrolls sideways: {width}px at 320px"
    axe_check(page)


def test_the_delivery_log_reflows_at_320px(open_page, sign_in, demo):
    maya, _ = demo
    page = open_page(viewport=REFLOW)
    sign_in(page, maya)
    page.goto("/profile/reminders/")
    expect(page.locator(".delivery-log tbody tr").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= REFLOW["width"], f"the reminders page scrolls sideways: {width}px at 320px"
    axe_check(page)
