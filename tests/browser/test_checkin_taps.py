"""A check-in on a phone in a few taps, with nothing to scroll; the same on a desktop."""

import re

import pytest
from playwright.sync_api import expect

from planner.models import CheckIn
from tests.browser.conftest import DESKTOP, NARROW, axe_check, expect_said_after_swap

pytestmark = pytest.mark.browser
# The first page of a test may meet a cold server on a busy machine.
FIRST_LOAD = 30_000

THANKS = "Thank you for checking in. You showed up for yourself."


def _scrolled(page) -> int:
    return page.evaluate("window.scrollY")


def test_a_check_in_at_360px_takes_six_taps_and_no_scrolling(open_page, sign_in, alice):
    page = open_page(viewport=NARROW, timezone_id="America/New_York")
    sign_in(page, alice)
    page.goto("/check-in/", timeout=FIRST_LOAD)
    save = page.get_by_role("button", name="Save check-in")
    expect(save).to_be_in_viewport(ratio=1)
    axe_check(page, every_impact=True)

    taps = []

    def tap(locator):
        # Each tap lands on something already on the screen: Playwright would scroll
        # to it otherwise, and the scroll position is checked after the last one.
        expect(locator).to_be_in_viewport(ratio=1)
        locator.click()
        taps.append(locator)

    tap(page.get_by_role("group", name="How is your mood?").get_by_text("Good", exact=True))
    tap(page.get_by_role("group", name="How much distress right now?").get_by_text("3", exact=True))
    tap(page.get_by_role("group", name="How is your energy?").get_by_text("Steady"))
    more = page.get_by_role("button", name="One more meaningful moment")
    tap(more)
    tap(more)
    expect(page.get_by_role("spinbutton", name="Meaningful moments with people")).to_have_value("2")
    assert _scrolled(page) == 0
    tap(save)

    confirmation = page.locator("#checkin-panel").get_by_text(THANKS)
    expect_said_after_swap(page, confirmation, THANKS)
    assert len(taps) <= 6
    checkin = CheckIn.objects.get(owner=alice)
    assert (checkin.mood, checkin.distress, checkin.energy, checkin.interactions) == (4, 30, 3, 2)
    assert checkin.note == "" and not checkin.tags.exists()
    axe_check(page, every_impact=True)
    assert page.csp_errors == []


def test_the_check_in_at_1280px_keyboard_chips_extras_and_an_edit(open_page, sign_in, alice):
    page = open_page(viewport=DESKTOP, timezone_id="America/New_York")
    sign_in(page, alice)
    page.goto("/check-in/", timeout=FIRST_LOAD)
    expect(page.get_by_role("button", name="Save check-in")).to_be_in_viewport(ratio=1)
    axe_check(page, every_impact=True)

    # A real radio group: arrow keys move along the chips.
    distress = page.get_by_role("group", name="How much distress right now?")
    distress.get_by_role("radio", name="5", exact=True).check()
    page.keyboard.press("ArrowRight")
    expect(distress.get_by_role("radio", name="6", exact=True)).to_be_checked()
    expect(distress.get_by_role("radio", name="10 (very hard)")).to_be_visible()

    page.get_by_role("group", name="How is your mood?").get_by_role("radio", name="Okay").check()
    page.get_by_role("group", name="How is your energy?").get_by_role("radio", name="Low").check()
    people = page.get_by_role("spinbutton", name="Meaningful moments with people")
    people.fill("1")
    page.get_by_role("button", name="One fewer meaningful moment").click()
    page.get_by_role("button", name="One fewer meaningful moment").click()  # stays at 0
    expect(people).to_have_value("0")

    # The extras are folded away until asked for.
    note = page.get_by_label("A note (optional)")
    expect(note).to_be_hidden()
    page.get_by_text("Add more").click()
    note.fill("Quiet day.")
    axe_check(page, every_impact=True)
    page.get_by_role("button", name="Save with these added").click()
    expect_said_after_swap(page, page.locator("#checkin-panel").get_by_text(THANKS), THANKS)

    # Editing the same day's check-in: the saved chip is picked, focus lands again.
    expect(distress.get_by_role("radio", name="6", exact=True)).to_be_checked()
    distress.get_by_role("radio", name="2", exact=True).check()
    page.get_by_role("button", name="Save changes").click()
    updated = "Updated this check-in. You showed up for yourself."
    expect_said_after_swap(page, page.locator("#checkin-panel").get_by_text(updated), updated)
    checkin = CheckIn.objects.get(owner=alice)
    assert (checkin.distress, checkin.interactions, checkin.note) == (20, 0, "Quiet day.")
    expect(page.get_by_text(re.compile(r"Distress 2 of 10"))).to_be_visible()
    axe_check(page, every_impact=True)
    assert page.csp_errors == []


def test_without_javascript_the_stepper_is_a_number_field(open_page, sign_in, alice):
    page = open_page(viewport=NARROW, java_script_enabled=False)
    sign_in(page, alice)
    page.goto("/check-in/", timeout=FIRST_LOAD)
    expect(page.get_by_role("button", name="One more meaningful moment")).to_be_hidden()
    page.get_by_role("group", name="How is your mood?").get_by_text("Low", exact=True).click()
    page.get_by_role("group", name="How much distress right now?").get_by_text("7").click()
    page.get_by_role("group", name="How is your energy?").get_by_text("Drained").click()
    page.get_by_role("spinbutton", name="Meaningful moments with people").fill("3")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.locator(".messages").get_by_text("Thank you for checking in.")).to_be_visible()
    assert CheckIn.objects.get(owner=alice).interactions == 3
