"""On a phone: a check-in logged in place, then a thought record citing an attempt."""

import re

import pytest
from playwright.sync_api import expect

from planner.models import CheckIn, ThoughtRecord
from tests.browser.conftest import PHONE, axe_check, save_screenshot
from tests.factories import AttemptFactory, StepFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def coffee(alice):
    step = StepFactory(goal__owner=alice, title="Coffee with Sam", predicted_suds=70)
    return AttemptFactory(step=step, predicted_peak=70, suds_peak=35)


def test_a_person_checks_in_in_place_and_then_edits_the_same_check_in(open_page, sign_in, alice):
    page = open_page(viewport=PHONE, timezone_id="America/New_York")
    sign_in(page, alice)
    page.goto("/check-in/")
    expect(page.get_by_role("heading", name="Check in", level=1)).to_be_visible()
    axe_check(page)

    mood = page.get_by_role("group", name="How is your mood?")
    mood.get_by_role("radio", name="Good", exact=True).check()
    page.get_by_role("group", name="How much distress right now?").get_by_role(
        "radio", name="3", exact=True
    ).check()
    page.get_by_role("group", name="How is your energy?").get_by_role(
        "radio", name="Steady"
    ).check()
    page.get_by_label(re.compile("Meaningful moments with people")).fill("2")
    page.get_by_text("Add more").click()
    page.get_by_role("checkbox", name="crowds").check()
    page.get_by_label("A note (optional)").fill("Said hello to the neighbour.")
    url = page.url
    page.get_by_role("button", name="Save with these added").click()
    panel = page.locator("#checkin-panel")
    expect(panel.get_by_text("Thank you for checking in.")).to_be_visible()
    assert page.url == url  # logged in place: htmx swapped the panel, no page load
    expect(page.get_by_role("button", name="Save changes")).to_be_visible()
    mood = page.get_by_role("group", name="How is your mood?")
    expect(mood.get_by_role("radio", name="Good", exact=True)).to_be_checked()
    axe_check(page)

    mood.get_by_role("radio", name="Very good").check()
    page.get_by_role("button", name="Save changes").click()
    expect(panel.get_by_text("Updated this check-in.")).to_be_visible()
    checkin = CheckIn.objects.get(owner=alice)
    assert checkin.mood == 5 and checkin.note == "Said hello to the neighbour."
    assert checkin.distress == 30
    save_screenshot(page, "check-in-phone")


def test_a_person_writes_a_thought_record_citing_their_own_attempt(
    open_page, sign_in, alice, coffee
):
    page = open_page(viewport=PHONE)
    sign_in(page, alice)
    page.goto("/thoughts/")
    axe_check(page)
    page.get_by_role("link", name="Start a thought record").click()
    page.get_by_label("What happened?").fill("Sam asked me to the cinema.")
    page.get_by_label("What went through your mind?").fill("I'll panic and ruin it.")
    page.get_by_label("What did you feel?").fill("dread")
    page.get_by_label("How strong was it? (0-100)").fill("80")
    page.get_by_role("checkbox", name=re.compile("^Fortune telling")).check()
    page.get_by_label("What doesn't fit the thought? (optional)").fill("Coffee was easier.")
    page.get_by_role("checkbox", name="Coffee with Sam: predicted 70, felt 35").check()
    page.get_by_label("A fairer way to see it (optional)").fill("Hard is not the same as ruined.")
    page.get_by_label(re.compile("How strong is the feeling now")).fill("45")
    axe_check(page)
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Thought record", level=1)).to_be_visible()
    expect(page.get_by_text("It eased by 35 points.")).to_be_visible()
    expect(page.get_by_text("Coffee with Sam: predicted 70, felt 35")).to_be_visible()
    axe_check(page)
    assert page.csp_errors == []
    assert list(ThoughtRecord.objects.get(owner=alice).cited_attempts.all()) == [coffee]
    save_screenshot(page, "thought-record-phone")
