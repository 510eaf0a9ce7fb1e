"""On a phone: look back over the progress page, switch its range in place, answer the
monthly questions, keep a win; every page axe-clean, with a screenshot to look at."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planner import rules
from planner.demo.progress import years_of_history
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    axe_check,
    expect_said_after_swap,
    save_screenshot,
)
from tests.factories import AttemptFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def history(alice):
    years_of_history(alice, years=1, today=rules.local_date(timezone.now(), alice.zone))


def test_a_person_looks_back_over_a_year_and_answers_the_monthly_questions(
    open_page, sign_in, alice, history
):
    page = open_page(viewport=PHONE, timezone_id="America/New_York")
    sign_in(page, alice)
    page.goto("/progress/")
    expect(page.get_by_role("heading", name="Your progress", level=1)).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"You showed up \d+ times in the last 3 months"))
    ).to_be_visible()
    expect(
        page.get_by_role("img", name="Steps planned and steps you showed up for")
    ).to_be_visible()
    expect(page.get_by_role("table", name="Steps per week, oldest first")).to_be_visible()
    axe_check(page)
    assert not page.csp_errors

    # A different range swaps the charts in place and keeps the address shareable.
    page.get_by_role("link", name="Last year").click()
    year = page.get_by_role("link", name="Last year")
    expect(year).to_have_attribute("aria-current", "page")
    # The link pressed was swapped out with the charts: focus goes to its new self.
    expect_said_after_swap(page, year, "Showing last year.")
    expect(page.get_by_role("table", name="Steps per month, oldest first")).to_be_visible()
    assert page.url.endswith("?range=1y")
    save_screenshot(page, "progress-phone-year")

    # About a month since the last answers: a gentle offer, taken up.
    page.get_by_role("link", name="Three questions on feeling connected").click()
    axe_check(page)
    for question, answer in [
        ("How often do you feel that you lack companionship?", "Some of the time"),
        ("How often do you feel left out?", "Hardly ever"),
    ]:
        page.get_by_role("group", name=question).get_by_label(answer).check()
    page.get_by_role("button", name="Save my answers").click()
    # One left unanswered: marked beside it, the other answers still chosen.
    expect(
        page.get_by_text("Please choose the answer closest to how it is for you.")
    ).to_be_visible()
    expect(
        page.get_by_role("group", name="How often do you feel left out?").get_by_label(
            "Hardly ever"
        )
    ).to_be_checked()
    page.get_by_role("group", name="How often do you feel isolated from others?").get_by_label(
        "Hardly ever"
    ).check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Your answers are saved")).to_be_visible()
    axe_check(page)


def test_the_progress_page_on_a_wide_screen_in_dark_mode_is_axe_clean(
    open_page, sign_in, alice, history
):
    page = open_page(viewport=DESKTOP, color_scheme="dark", timezone_id="America/New_York")
    sign_in(page, alice)
    page.goto("/progress/?range=3m")
    expect(page.get_by_role("heading", name="Check-ins")).to_be_visible()
    axe_check(page)
    save_screenshot(page, "progress-desktop-dark")
    page.goto("/wins/")
    page.get_by_label("Something you're glad you did").fill("Said hello to the new neighbour")
    page.get_by_role("button", name="Keep it").click()
    said = page.locator("#wins-region").get_by_text("Kept as a win.")
    expect_said_after_swap(page, said, "Kept as a win.")
    expect(
        # The win's words sit in a visually hidden span, so the name reads
        # "Take off the list: Said hello ..." (spacing varies by browser).
        page.get_by_role(
            "button", name=re.compile(r"^Take off the list\s*: Said hello to the new neighbour$")
        )
    ).to_be_visible()
    expect(page.get_by_label("Something you're glad you did")).to_have_value("")
    axe_check(page)


def test_after_a_quiet_spell_a_person_is_welcomed_back_and_works_through_an_obstacle(
    open_page, sign_in, alice
):
    AttemptFactory(
        step__goal__owner=alice,
        step__title="Community garden",
        happened_at=timezone.now() - timedelta(days=14),
    )
    page = open_page(viewport=PHONE, timezone_id="America/New_York")
    sign_in(page, alice)
    page.goto("/")
    expect(page.get_by_role("heading", name="Welcome back, Alice", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Work through it").click()
    expect(page.get_by_text("For your step “Community garden”.")).to_be_visible()
    page.get_by_label("What is the problem, in a sentence or two?").fill("The bus is packed at 9")
    option = page.get_by_role("group", name="Option 1")
    option.get_by_role("textbox", name=re.compile(r"^Idea")).fill("Take the 8:20 bus")
    option.get_by_label("What's good about it").fill("Quieter")
    page.get_by_role("group", name="Which option will you try first?").get_by_label(
        "Option 1"
    ).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved. Come back to it whenever you like.")).to_be_visible()
    expect(
        page.get_by_role("group", name="Option 1").get_by_role("textbox", name=re.compile(r"^Idea"))
    ).to_have_value("Take the 8:20 bus")
    axe_check(page)
    save_screenshot(page, "problem-worksheet-phone")
    # Home is home again on this return.
    page.goto("/")
    expect(page.get_by_role("heading", name="Welcome, Alice", level=1)).to_be_visible()
