import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planner.models.safety import Section
from planner.services.safety import safety_link_create, safety_section_save
from tests.browser.conftest import (
    ARTIFACTS,
    DESKTOP,
    NARROW,
    axe_check,
    expect_said_after_swap,
    save_screenshot,
)
from tests.factories import PASSWORD, GoalFactory, StepFactory
from tests.planner.safety_support import fill_plan

pytestmark = pytest.mark.browser


def safety_link(page):
    return page.get_by_role("region", name="Safety").get_by_role("link", name="Safety plan")


def test_the_safety_plan_is_one_tap_from_every_page(open_page, sign_in, alice):
    fill_plan(alice)
    page = open_page()
    sign_in(page, alice)
    for path in ("/", "/profile/", "/contacts/", "/grounding/"):
        page.goto(path)
        with page.expect_navigation():
            safety_link(page).click()
        expect(page).to_have_url(re.compile(r"/safety-plan/$"))
        expect(page.get_by_role("heading", level=1, name="Your safety plan")).to_be_visible()
        expect(page.get_by_role("link", name=re.compile(r"Call 911"))).to_be_visible()
    assert page.csp_errors == []


def test_signed_out_the_same_tap_still_finds_help(page):
    page.goto("/accounts/login/")
    safety_link(page).click()
    expect(page.get_by_role("heading", name="If you are in danger right now")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile(r"^Call 116 123\W+Samaritans")).first
    ).to_be_visible()


def test_a_section_is_edited_in_place_with_the_keyboard_in_reach(open_page, sign_in, alice):
    fill_plan(alice)
    page = open_page()
    sign_in(page, alice)
    page.goto("/safety-plan/")

    page.get_by_role("link", name="Edit: Warning signs and triggers").click()
    box = page.get_by_role("textbox", name="Warning signs and triggers")
    expect(box).to_be_focused()
    expect(page).to_have_url(re.compile(r"/safety-plan/$"))  # swapped in place
    axe_check(page)
    box.fill("Not answering the door\nSkipping meals")
    page.get_by_role("button", name="Save", exact=True).click()

    section = page.locator("section#warning-signs")
    expect(section.get_by_text("Saved.")).to_be_visible()
    expect(section.get_by_role("listitem")).to_have_text(
        ["Not answering the door", "Skipping meals"]
    )
    heading = section.get_by_role("heading", name="Warning signs and triggers")
    expect_said_after_swap(page, heading, "Saved.")
    assert page.csp_errors == []


def test_the_plan_prints_on_one_or_two_pages(open_page, sign_in, alice):
    fill_plan(alice)
    # A well-filled plan: five lines in every list, and steps from two goals.
    for section in (Section.WARNING_SIGNS, Section.COPING, Section.UPLIFT, Section.SAFER):
        lines = [f"Something I wrote down to remember, number {n}" for n in range(1, 6)]
        safety_section_save(owner=alice, section=section, value=lines, now=timezone.now())
    for title in ("Join the Thursday book swap", "Coffee with my sister"):
        goal = GoalFactory(owner=alice, title=title)
        for n in range(3):
            StepFactory(goal=goal, title=f"Step {n}", exit_strategy="Leave at the break")
    page = open_page(viewport=DESKTOP)
    sign_in(page, alice)
    page.goto("/safety-plan/")

    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(page.get_by_role("link", name="Edit: Warning signs and triggers")).to_be_hidden()
    expect(page.get_by_text("Leave at the break").first).to_be_visible()
    save_screenshot(page, "safety-plan-print-preview")

    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=False)
        (ARTIFACTS / f"safety-plan-{paper}.pdf").write_bytes(pdf)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= 2, f"{paper}: {pages} pages"


def test_the_wallet_card_prints_at_bank_card_size(open_page, sign_in, alice):
    fill_plan(alice)
    page = open_page(viewport=DESKTOP)
    sign_in(page, alice)
    page.goto("/safety-plan/wallet-card/")
    axe_check(page)
    page.emulate_media(media="print")
    side = page.locator(".wallet-card__side").first
    width_mm = side.evaluate("el => el.getBoundingClientRect().width") * 25.4 / 96
    assert abs(width_mm - 85.6) < 1
    expect(page.get_by_text("Call 911")).to_have_count(0)  # on paper, numbers not buttons
    expect(page.get_by_text("Nia")).to_be_visible()
    save_screenshot(page, "safety-wallet-card-print")


def start_breathing(page):
    page.goto("/grounding/")
    page.get_by_label("Breathe in for").fill("3")
    # The counts in words follow what is typed, before any reload.
    expect(page.get_by_text("for a count of 3.")).to_be_visible()
    page.get_by_role("button", name="Start breathing").click()
    expect(page.get_by_text("Breathe in for 3")).to_be_visible()


def test_the_pacer_moves_for_people_who_have_not_asked_for_less_motion(open_page):
    page = open_page(reduced_motion="no-preference")
    start_breathing(page)
    circle = page.locator("[data-pacer-circle]")
    expect(circle).to_be_visible()
    page.wait_for_timeout(1200)
    scale = circle.evaluate("el => new DOMMatrix(getComputedStyle(el).transform).a")
    assert scale > 0.5, scale
    axe_check(page)
    save_screenshot(page, "grounding-pacer-moving")


def test_the_pacer_is_still_text_under_reduced_motion(open_page):
    page = open_page(reduced_motion="reduce")
    start_breathing(page)
    expect(page.locator("[data-pacer-circle]")).to_be_hidden()
    count = page.locator("[data-pacer-count]")
    expect(count).to_have_text("3")
    expect(count).to_have_text("2", timeout=2500)
    # The script never sets the circle moving either, in case a page shows it.
    expect(page.locator("[data-pacer-circle]")).not_to_have_class(re.compile("full"))
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_text("Paused. Start again whenever you like.")).to_be_visible()
    axe_check(page)
    assert page.csp_errors == []


def test_the_private_link_opens_the_plan_read_only_on_a_phone(open_page, alice):
    fill_plan(alice)
    _link, token = safety_link_create(owner=alice, now=timezone.now())
    page = open_page(viewport=NARROW)
    page.goto(f"/safety-plan/shared/{token}/")
    expect(page.get_by_role("heading", level=1, name="My safety plan")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Edit"))).to_have_count(0)
    axe_check(page)


# Every page in the light scheme; the two busiest in the dark one too.
AXE_PAGES = [
    *[
        (path, "light")
        for path in (
            "/safety-plan/",
            "/safety-plan/history/",
            "/safety-plan/people-to-ask/edit/",
            "/safety-plan/crisis-lines/edit/",
            "/safety-plan/private-link/",
            "/contacts/",
            "/contacts/new/",
            "/grounding/",
        )
    ],
    ("/safety-plan/", "dark"),
    ("/grounding/", "dark"),
]


@pytest.mark.parametrize(("path", "scheme"), AXE_PAGES)
def test_safety_pages_pass_axe_at_360px(open_page, sign_in, alice, scheme, path):
    fill_plan(alice)
    page = open_page(viewport=NARROW, color_scheme=scheme)
    sign_in(page, alice)
    page.goto(path)
    axe_check(page)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= NARROW["width"], f"{path} scrolls sideways: {width}px"
    assert page.csp_errors == []


def test_making_a_private_link_and_restoring_a_version_pass_axe(open_page, sign_in, alice):
    fill_plan(alice)
    page = open_page(viewport=NARROW)
    sign_in(page, alice)
    page.goto("/safety-plan/private-link/")
    page.get_by_role("button", name="Make my private link").click()
    # The password first (accounts.reauth); then the link, as the person asked.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your new link")).to_be_focused()
    axe_check(page)

    page.goto("/safety-plan/history/")
    page.get_by_role("link", name=re.compile("^Read the version from")).first.click()
    axe_check(page)
    page.get_by_role("button", name="Bring this version back").click()
    expect(page.get_by_text("Restored.")).to_be_visible()


@pytest.mark.parametrize("path", ["/safety-plan/", "/safety-plan/wallet-card/"])
def test_without_javascript_the_print_buttons_that_need_it_stay_hidden(
    open_page, sign_in, alice, path
):
    # A button that does nothing when tapped is a small betrayal; the browser's own Print works.
    fill_plan(alice)
    page = open_page(java_script_enabled=False)
    sign_in(page, alice)
    page.goto(path)
    # Found by its attribute: a hidden button is not in the accessibility tree at all.
    expect(page.locator("button[data-print]")).to_have_count(1)
    expect(page.locator("button[data-print]")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # With JavaScript the same button appears and works.
    page = open_page()
    sign_in(page, alice)
    page.goto(path)
    expect(page.get_by_role("button", name=re.compile("^Print"))).to_be_visible()
