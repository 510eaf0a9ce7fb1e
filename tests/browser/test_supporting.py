"""What a supporter sees, walked in a browser: the dashboard, an ally's answer, a note
that reaches the person's home and is put away; every page axe-clean, no CSP slips."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from supporters.models import AllyResponse
from tests.browser.conftest import DESKTOP, NARROW, axe_check, expect_said_after_swap
from tests.factories import (
    PASSWORD,
    AttemptFactory,
    CheckInFactory,
    JournalEntryFactory,
    StepFactory,
)
from tests.planner.safety_support import fill_plan
from tests.supporters.supporting_support import ally_step, link_for

pytestmark = pytest.mark.browser


def signed_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_bob_answers_as_ally_reads_what_alice_shares_and_his_note_reaches_her(
    open_page, alice, bob, live_server
):
    link = link_for(alice, bob, "plan", "practice", "checkins", "safety", "journal")
    scheduled = ally_step(link, title="Coffee at the corner café", ally_note="Meet at the door")
    step = StepFactory(goal__owner=alice, title="Say hello to a neighbour")
    for peak in (60, 30, 25):
        AttemptFactory(step=step, suds_peak=peak)
    CheckInFactory(owner=alice)
    JournalEntryFactory(owner=alice)
    fill_plan(alice)

    bob_page = open_page(viewport=DESKTOP)
    signed_in(bob_page, bob, live_server)
    bob_page.goto("/supporting/")
    expect(bob_page.get_by_role("heading", name="People you support")).to_be_visible()
    axe_check(bob_page)
    # The answer swaps in place (htmx) and is kept.
    ally = bob_page.get_by_role("region", name="Steps you've been asked to come along on")
    ally.get_by_role("button", name=re.compile("I'll be there")).click()
    # Focus follows the answer, not the page body; the live region says it.
    said = "You said you'll be there."
    expect_said_after_swap(bob_page, ally.get_by_text(said), said)
    assert AllyResponse.objects.get(scheduled_step=scheduled).answer == "coming"

    bob_page.get_by_role("link", name="Alice", exact=True).click()
    expect(bob_page.get_by_role("heading", name="Alice", exact=True)).to_be_visible()
    axe_check(bob_page)
    for section, heading in (
        ("Their goals, ladders and this week", "Alice's plan"),
        ("How their steps have gone", "How Alice's steps have gone"),
        ("Their check-ins", "Alice's check-ins"),
        ("Their safety plan", "Alice's safety plan"),
        ("Their journal and thought records", "Alice's journal"),
    ):
        shared = bob_page.get_by_role("region", name="What Alice shares with you")
        shared.get_by_role("link", name=section).click()
        expect(bob_page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        axe_check(bob_page)
        bob_page.go_back()

    bob_page.get_by_label("A short note").fill("So glad you went, whatever happened.")
    bob_page.get_by_role("button", name="Send the note").click()
    expect(bob_page.get_by_text("Alice will see it on their home page.")).to_be_visible()
    bob_page.goto("/supporting/guide/")
    axe_check(bob_page)
    assert bob_page.csp_errors == []

    alice_page = open_page()
    signed_in(alice_page, alice, live_server)
    alice_page.goto("/")
    notes = alice_page.get_by_role("region", name="Notes from the people supporting you")
    expect(notes.get_by_text("So glad you went, whatever happened.")).to_be_visible()
    expect(alice_page.get_by_text("Bob said they'll be there.")).to_be_visible()
    axe_check(alice_page)
    notes.get_by_role("button", name=re.compile("Put away")).click()
    expect_said_after_swap(alice_page, notes.get_by_text("Put away."), "Put away.")
    alice_page.reload()
    expect(alice_page.get_by_text("So glad you went, whatever happened.")).to_have_count(0)
    assert alice_page.csp_errors == []


def axe_clean(page) -> None:
    """No axe violation of any impact (issue 16 asks this of every changed page)."""
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]


def fits(page, viewport) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{page.url} scrolls sideways: {width}px"


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["360px", "1280px"])
def test_a_supporter_without_a_plan_signs_in_to_the_people_he_supports_and_knows_what_he_cant_see(
    open_page, alice, bob, viewport
):
    """Sam's journey (issue 16, item 5): sign in, land on the people he supports, read
    what isn't shared with him, and be told kindly at a page that isn't."""
    link_for(alice, bob, "plan", "practice", "checkins")
    CheckInFactory(owner=alice, distress=35)
    page = open_page(viewport=viewport)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(bob.email)
    page.get_by_label(re.compile("^Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/supporting/$"))
    expect(page.get_by_role("heading", name="People you support")).to_be_visible()
    expect(page.get_by_text("Checked in this week.")).to_be_visible()
    expect(page.get_by_role("link", name="Open your own home page")).to_be_visible()
    fits(page, viewport)
    axe_clean(page)

    page.get_by_role("link", name="Alice", exact=True).click()
    not_shared = page.get_by_role("region", name="What Alice keeps private")
    expect(not_shared).to_contain_text("Not shared with you: their safety plan, their journal")
    expect(not_shared).to_contain_text("each check-in (you see a weekly summary)")
    fits(page, viewport)
    axe_clean(page)

    page.get_by_role("link", name="Their check-ins").click()
    expect(page.get_by_text("Distress 35 on average")).to_be_visible()
    fits(page, viewport)
    axe_clean(page)

    response = page.goto(f"/supporting/{alice.pk}/journal/")
    assert response.status == 404
    expect(
        page.get_by_role("heading", name="Alice isn't sharing this with you right now")
    ).to_be_visible()
    fits(page, viewport)
    axe_clean(page)
    page.get_by_role("link", name="See what Alice shares with you").click()
    expect(page.get_by_role("heading", name="Alice", exact=True)).to_be_visible()
    assert page.csp_errors == []
