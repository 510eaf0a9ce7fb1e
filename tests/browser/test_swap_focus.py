"""After each in-place (htmx) save started by a click, keyboard focus lands on the
confirmation or the swapped section's heading, never the page body, and the one live
region of base.html says what happened. The other htmx forms are walked in their own
journeys with the same check (expect_said_after_swap): the check-in
(test_checkin_taps), ally answer and putting a note away (test_supporting), sharing
(test_sharing), ladder moves and goal status (test_onboarding), the forecast and the
log (test_week), a safety plan section (test_safety_plan), reminders pause and resume
(test_reminders), keeping a win (test_progress), marking a lesson read (test_learn)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planner import rules
from planner.models import ScheduledStep
from tests.browser.conftest import DESKTOP, axe_check, expect_said_after_swap
from tests.factories import AttemptFactory, ScheduledStepFactory, StepFactory, WinFactory

pytestmark = pytest.mark.browser
# The first page of a test may meet a cold server on a busy machine.
FIRST_LOAD = 30_000


def _focus_left_the_body(page) -> bool:
    return page.evaluate("document.activeElement !== document.body")


@pytest.mark.parametrize("motion", ["reduce"])
def test_every_other_in_place_save_puts_focus_on_what_changed_and_says_it(
    open_page, sign_in, alice, motion
):
    step = StepFactory(goal__owner=alice, title="Walk past the library")
    scheduled = ScheduledStepFactory(step=step, starts_at=timezone.now() + timedelta(days=3))
    AttemptFactory(step=StepFactory(goal__owner=alice, title="Coffee with Sam"), suds_peak=30)
    WinFactory(owner=alice, text="Answered the phone")
    page = open_page(viewport=DESKTOP, reduced_motion=motion)
    sign_in(page, alice)

    # The week: "Not this time" and a rest day. The week's heading takes focus.
    day = rules.local_date(scheduled.starts_at, alice.zone)
    page.goto(f"/week/{day.year}-{day.month}-{day.day}/", timeout=FIRST_LOAD)
    page.get_by_role("button", name=re.compile(r"^Not this time")).click()
    heading = page.get_by_role("heading", level=1)
    expect_said_after_swap(page, heading, "“Walk past the library” is set to not this time.")
    scheduled.refresh_from_db()
    assert scheduled.status == ScheduledStep.Status.CANCELLED
    page.get_by_role("button", name=re.compile(r"^Make it a rest day")).first.click()
    expect(page.locator("#swap-said")).to_have_text(re.compile(r" is a rest day\.$"))
    expect(heading).to_be_focused()
    axe_check(page, every_impact=True)

    # Progress: "Not now" on the monthly questions leaves a line that takes focus.
    page.goto("/progress/")
    page.get_by_role("button", name="Not now").click()
    later = "No problem. The questions are here whenever you want them."
    expect_said_after_swap(page, page.locator("#measures-due"), later)
    axe_check(page, every_impact=True)

    # Wins: keeping a step as a win, taking one off the list.
    page.goto("/wins/")
    page.get_by_role("button", name=re.compile(r"^Keep as a win")).first.click()
    region = page.locator("#wins-region")
    kept = "“Coffee with Sam” is kept as a win."
    expect_said_after_swap(page, region.get_by_text(kept), kept)
    page.get_by_role("button", name=re.compile(r"^Take off the list")).first.click()
    said = region.locator("[data-announce]")
    expect(said).not_to_have_text(kept)
    expect(page.locator("#swap-said")).to_have_text(said.inner_text())
    expect(said).to_be_focused()
    axe_check(page, every_impact=True)

    # A lesson marked as not read again.
    page.goto("/learn/graded-steps/")
    page.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_role("button", name="Mark as not read")).to_be_visible()
    page.get_by_role("button", name="Mark as not read").click()
    expect(page.get_by_role("button", name="Mark as read")).to_be_visible()
    expect(page.locator("#swap-said")).to_have_text(
        "“How graded steps work” is no longer marked as read."
    )
    expect(page.locator("#lesson-read [data-announce]")).to_be_focused()

    # Forms that answer a slip in place: focus goes to the first answer to look at.
    page.goto("/measures/ucla3/")
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("A question still needs an answer")).to_be_visible()
    expect(page.locator('[aria-invalid="true"]').first).to_be_focused()
    page.goto("/problems/new/")
    page.get_by_role("button", name=re.compile("^Save")).first.click()
    expect(page.locator('#worksheet-form [aria-invalid="true"]').first).to_be_focused()
    assert _focus_left_the_body(page)
    assert page.csp_errors == []
