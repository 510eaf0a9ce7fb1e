"""On a phone: plan a step into the week, forecast it, log it in place, see the chart."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planner import rules
from tests.browser.conftest import PHONE, axe_check, expect_said_after_swap, save_screenshot
from tests.factories import ScheduledStepFactory, StepFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def step(alice):
    return StepFactory(
        goal__owner=alice,
        goal__title="Coffee with my sister",
        title="Text my sister to suggest a coffee",
        predicted_suds=60,
        planned_minutes=20,
        exit_strategy="Put the phone down and make tea.",
    )


def test_a_person_plans_a_step_logs_it_in_place_and_sees_forecast_against_outcome(
    open_page, sign_in, alice, step
):
    page = open_page(viewport=PHONE, timezone_id="America/New_York")
    sign_in(page, alice)
    page.goto("/week/")
    expect(page.get_by_role("heading", name="This week", level=1)).to_be_visible()
    axe_check(page)

    # Plan it for tomorrow evening.
    tomorrow = rules.local_date(timezone.now(), alice.zone) + timedelta(days=1)
    page.get_by_role("link", name="Plan a step", exact=True).click()
    axe_check(page)
    page.get_by_label("Which step?").select_option(
        label="Text my sister to suggest a coffee (about 20 min)"
    )
    page.get_by_label("Day").fill(tomorrow.isoformat())
    page.get_by_label("Time").fill("18:30")
    page.get_by_role("button", name="Plan it").click()
    expect(page.get_by_text("Planned: Text my sister to suggest a coffee.")).to_be_visible()
    card = page.locator("article.step-card", has_text="Text my sister")
    expect(card.get_by_text("6:30 PM · 20 min")).to_be_visible()
    expect(card.get_by_text("Put the phone down and make tea.")).to_be_visible()
    axe_check(page)

    # Before going: the forecast, in place, empty, the step's own figure as a hint.
    week_url = page.url
    card.get_by_role("link", name=re.compile("Before you go")).click()
    forecast = page.get_by_label(re.compile("How hard do you expect it to be"))
    expect(forecast).to_have_value("")
    expect(forecast).to_have_accessible_description(
        re.compile("When you planned this step you guessed 60.")
    )
    expect(forecast).to_be_focused()
    forecast.fill("70")
    page.get_by_role("button", name="Save my forecast").click()
    expect(card.get_by_text("You expect about 70 out of 100.")).to_be_visible()
    title = card.get_by_role("heading", name="Text my sister to suggest a coffee")
    expect_said_after_swap(page, title, "Your forecast is saved.")

    # After: the log, in place, three numbers and a tap.
    card.get_by_role("link", name=re.compile("Log how it went")).click()
    expect(page.get_by_label("Minutes you stayed")).to_have_value("20")
    page.get_by_label("Just before").fill("150")
    page.get_by_label("At the peak").fill("35")
    page.get_by_label("Afterwards").fill("10")
    page.get_by_label("What helped? (optional)").fill("Writing it in my notes first")
    page.get_by_role("button", name="Save").click()
    before = page.get_by_label("Just before")
    expect(before).to_have_accessible_description(re.compile("Please give a number from 0 to 100"))
    expect(before).to_be_focused()
    axe_check(page)
    before.fill("40")
    page.get_by_role("button", name="Save").click()

    done = page.locator("article.step-card--done")
    expect(done.locator("[data-announce]")).to_have_text("Logged. You showed up.")
    expect_said_after_swap(page, done.get_by_role("heading", level=3), "Logged. You showed up.")
    expect(done).to_contain_text("You predicted 70; it peaked at 35. Less than you feared.")
    assert page.url == week_url  # all of it in place, no page load
    axe_check(page)
    save_screenshot(page, "week-logged-in-place-phone")

    # Forecast against outcome, with the numbers in a table behind the picture.
    done.get_by_role("link", name="Forecast and outcome").click()
    expect(page.get_by_role("img", name="Forecast and outcome")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("cell", name="70")).to_be_visible()
    expect(table.get_by_role("cell", name="35")).to_be_visible()
    expect(page.get_by_text("You predicted 70; it peaked at 35.")).to_be_visible()
    axe_check(page)
    save_screenshot(page, "week-forecast-chart-phone")
    assert page.csp_errors == []


def test_the_week_moves_between_weeks_in_place_and_by_keyboard(open_page, sign_in, alice):
    page = open_page(viewport=PHONE, timezone_id="America/New_York")
    sign_in(page, alice)
    page.goto("/week/")
    page.get_by_role("link", name="Next week").focus()
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Week of "))
    expect(heading).to_be_focused()
    expect(page).to_have_url(re.compile(r"/week/\d{4}-\d+-\d+/$"))
    page.get_by_role("link", name="This week").click()
    expect(page.get_by_role("heading", name="This week", level=1)).to_be_visible()
    axe_check(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_going_past_capacity_asks_first_and_keeps_it_when_told_to(
    open_page, sign_in, alice, step, scheme
):
    # Plain forms, no htmx: the same pages work with scripts off (see the view tests).
    page = open_page(viewport=PHONE, color_scheme=scheme)
    sign_in(page, alice)
    start = rules.week_start(
        rules.local_date(timezone.now(), alice.zone) + timedelta(days=7),
        sunday_first=True,
    )
    for n in range(3):
        ScheduledStepFactory(
            step=step, starts_at=rules.local_to_utc(start + timedelta(days=n), time(18), "UTC")
        )
    page.goto(f"/week/plan/?step={step.pk}&day={(start + timedelta(days=5)).isoformat()}")
    page.get_by_role("button", name="Plan it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This is more than you planned for; keep it?"
    )
    expect(page.get_by_text("You chose 3 steps a week; this would make 4.")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Yes, keep it").click()
    expect(page.get_by_text("Planned: Text my sister to suggest a coffee.")).to_be_visible()
    expect(page.get_by_text("4 steps planned; you chose 3 for a week.")).to_be_visible()
    axe_check(page)
