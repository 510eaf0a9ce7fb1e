"""The breathing pacer starts without a hold and stays silent unless asked (issue 16, item 7).

Found on the real page: the pacer began with "Hold for 2" (holding the breath can feel
like the start of panic) and its live region read out every phase to a screen reader
whether the person wanted a voice or not.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, NARROW, axe_check, save_screenshot

pytestmark = pytest.mark.browser

# Every phase the pacer shows, in order, kept by the page itself so no phase is missed
# between two polls.
RECORD_PHASES = """() => {
  window.phases = [];
  window.phaseObserver?.disconnect();
  const phase = document.querySelector("[data-pacer-phase]");
  window.phaseObserver = new MutationObserver(() => window.phases.push(phase.textContent));
  window.phaseObserver.observe(phase, { childList: true, characterData: true, subtree: true });
}"""


@pytest.mark.parametrize(
    "viewport, motion",
    [(NARROW, "reduce"), (DESKTOP, "no-preference")],
    ids=["360px-reduced-motion", "1280px"],
)
def test_the_pacer_has_no_hold_until_chosen_and_speaks_only_when_asked(open_page, viewport, motion):
    page = open_page(viewport=viewport, reduced_motion=motion)
    page.goto("/grounding/")
    axe_check(page)
    phase = page.locator("[data-pacer-phase]")
    expect(phase).to_have_attribute("aria-live", "off")
    hold = page.get_by_label("Add a short hold after breathing in")
    expect(hold).not_to_be_checked()
    expect(page.get_by_text("Hold it softly for")).to_be_hidden()

    # Short counts so a whole round passes quickly: in 2, out 2, and no hold between.
    page.get_by_label("Breathe in for").fill("2")
    page.get_by_label("Breathe out for").fill("2")
    page.evaluate(RECORD_PHASES)
    page.get_by_role("button", name="Start breathing").click()
    expect(phase).to_have_text("Breathe out for 2", timeout=3500)
    expect(phase).to_have_text("Breathe in for 2", timeout=3500)
    assert not [p for p in page.evaluate("window.phases") if p.startswith("Hold")]

    circle = page.locator("[data-pacer-circle]")
    if motion == "reduce":
        expect(circle).to_be_hidden()
        expect(circle).not_to_have_class("pacer__circle pacer__circle--full")
    else:
        expect(circle).to_be_visible()

    # A voice only when asked for, and quiet again when the box is cleared.
    speak = page.get_by_label("Speak the counts (with a screen reader)")
    expect(speak).not_to_be_checked()
    speak.check()
    expect(phase).to_have_attribute("aria-live", "polite")
    speak.uncheck()
    expect(phase).to_have_attribute("aria-live", "off")

    # The hold, once chosen, joins the round (and the words).
    page.get_by_role("button", name="Pause").click()
    hold.check()
    page.get_by_label("Hold for").fill("1")
    expect(page.get_by_text("Hold it softly for 1.")).to_be_visible()
    page.evaluate(RECORD_PHASES)
    page.get_by_role("button", name="Start breathing").click()
    expect(phase).to_have_text("Breathe out for 2", timeout=4500)
    assert page.evaluate("window.phases")[:3] == [
        "Breathe in for 2",
        "Hold for 1",
        "Breathe out for 2",
    ]
    axe_check(page)
    save_screenshot(page, f"grounding-pacer-{viewport['width']}")
    assert page.csp_errors == []
