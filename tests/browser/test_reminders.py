"""On a phone: read the reminders page, pause everything in place, resume, see the log."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import NARROW, axe_check, expect_said_after_swap
from tests.reminders.reminders_ui_support import outbox_history

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_reminders_page_reads_well_at_360px_and_pauses_in_place(
    open_page, sign_in, alice, scheme
):
    outbox_history(alice, 12)
    page = open_page(viewport=NARROW, color_scheme=scheme)
    sign_in(page, alice)
    page.goto("/profile/")
    page.get_by_role("link", name="Reminders").click()
    expect(page.get_by_role("heading", name="Reminders", level=1)).to_be_visible()
    expect(page.get_by_text("Could not send").first).to_be_visible()
    axe_check(page)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= NARROW["width"], f"the page scrolls sideways: {width}px wide at 360px"

    # htmx swaps only the "what comes next" region: the page itself stays put.
    page.evaluate("window.__stayed = true")
    page.get_by_role("button", name="Pause all reminders").click()
    upcoming = page.locator("#upcoming")
    expect(upcoming.locator(".reminders-paused")).to_contain_text("All reminders are paused.")
    # The button pressed is gone: focus goes to the region's heading, and it is said.
    heading = upcoming.get_by_role("heading", name="What comes next")
    expect_said_after_swap(page, heading, "All reminders are paused. Resume whenever you like.")
    assert page.evaluate("window.__stayed === true")
    axe_check(page)

    page.get_by_role("button", name="Resume reminders now").click()
    expect(page.get_by_role("button", name="Pause all reminders")).to_be_visible()
    expect_said_after_swap(page, heading, "Reminders are back on, on the rhythm you chose.")
    assert page.evaluate("window.__stayed === true")
