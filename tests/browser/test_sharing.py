"""In a browser: the sharing page's toggles save in place (htmx), the journal asks
first, revoking is calm, and the invitation pages are accessible."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from supporters.invitations import invitation_token
from supporters.models import Invitation
from tests.browser.conftest import (
    DESKTOP,
    NARROW,
    axe_check,
    expect_said_after_swap,
    save_screenshot,
)
from tests.browser.test_supporting import axe_clean, fits
from tests.supporters.sharing_support import link_for

pytestmark = pytest.mark.browser


def test_a_person_changes_what_a_supporter_sees_in_place_and_then_revokes(
    open_page, sign_in, alice, bob
):
    link = link_for(alice, bob, "plan")
    page = open_page(timezone_id="America/New_York")
    sign_in(page, alice)
    page.goto("/sharing/")
    expect(page.get_by_role("heading", name="Sharing with people you trust")).to_be_visible()
    axe_check(page)
    card = page.locator(f"#supporter-{link.pk}")

    # One tap saves, and only the card is swapped: the box keeps its focus.
    practice = card.get_by_label("Practice: how steps went, and distress ratings")
    practice.check()
    # The box keeps focus (htmx keeps a control with the same id); the region says it.
    expect_said_after_swap(
        page,
        card.get_by_label("Practice: how steps went, and distress ratings"),
        "Saved. Bob can see your plan, how your steps went.",
    )
    link.refresh_from_db()
    assert link.scope_practice

    # The journal asks first; keeping it private saves the rest and leaves it off.
    card.get_by_label("Journal and thought records").check()
    expect(card.get_by_text("Share your journal with Bob?")).to_be_visible()
    axe_check(page)
    link.refresh_from_db()
    assert not link.scope_journal
    card.get_by_role("button", name="Keep my journal private").click()
    # The button pressed is gone with the question: focus goes to what was saved.
    saved = card.locator("[data-announce]")
    expect(saved).to_contain_text("Saved.")
    expect(page.locator("#swap-said")).to_contain_text("Saved.")
    expect(saved).to_be_focused()
    expect(card.get_by_label("Journal and thought records")).not_to_be_checked()
    link.refresh_from_db()
    assert not link.scope_journal and link.scope_practice
    save_screenshot(page, "sharing-page")

    card.get_by_role("link", name="Stop sharing with Bob").click()
    expect(page.get_by_role("heading", name="Stop sharing with Bob?")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Stop sharing with Bob").click()
    expect(page.get_by_text(re.compile("Bob can no longer see anything of yours"))).to_be_visible()
    link.refresh_from_db()
    assert not link.is_active
    assert page.csp_errors == []


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["360px", "1280px"])
def test_a_person_chooses_how_check_ins_are_shared_and_whether_readiness_is(
    open_page, sign_in, alice, bob, viewport
):
    link = link_for(alice, bob, "practice", "checkins")
    link.notice_pending = True  # as migration 0005_support_... leaves an existing link
    link.save()
    page = open_page(viewport=viewport, timezone_id="America/New_York")
    sign_in(page, alice)
    page.goto("/sharing/")
    card = page.locator(f"#supporter-{link.pk}")
    expect(card.get_by_text("We changed what Bob sees")).to_be_visible()
    expect(card.get_by_role("radio", name=re.compile("^A weekly summary"))).to_be_checked()
    expect(card.get_by_label("Show when a step looks ready to move up")).not_to_be_checked()
    fits(page, viewport)
    axe_clean(page)

    card.get_by_role("radio", name=re.compile("^Each check-in: the day")).check()
    expect(page.locator("#swap-said")).to_have_text(
        "Saved. Bob can see how your steps went, your check-ins (each one)."
    )
    expect(card.get_by_text("We changed what Bob sees")).to_have_count(0)
    card.get_by_label("Show when a step looks ready to move up").check()
    expect(page.locator("#swap-said")).to_contain_text("(and when a step looks ready)")
    link.refresh_from_db()
    assert (link.checkins_shown, link.share_readiness, link.notice_pending) == (
        "each",
        True,
        False,
    )
    axe_clean(page)
    assert page.csp_errors == []


def test_the_invitation_and_a_refused_link_are_accessible_when_signed_out(open_page, alice):
    now = timezone.now()
    invitation = Invitation.objects.create(
        owner=alice,
        email="bob@example.org",
        relationship="family",
        scopes=["plan", "safety"],
        nonce="browser-nonce",
        created_at=now,
        expires_at=now + timedelta(days=7),
    )
    page = open_page()
    page.goto(f"/invitations/{invitation_token(invitation)}/")
    expect(
        page.get_by_role("heading", name="Alice has invited you to be a supporter")
    ).to_be_visible()
    expect(page.locator("#main").get_by_role("link", name="Create an account")).to_be_visible()
    axe_check(page)

    page.goto("/invitations/not-a-real-link/")
    expect(
        page.get_by_role("heading", name="We couldn't read this invitation link")
    ).to_be_visible()
    axe_check(page)
    assert page.csp_errors == []
