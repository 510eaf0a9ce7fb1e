"""The forecast is typed by the person, and a figure already in a box is replaced by typing.

Found at 1280 and 360 px: the forecast opened at the ladder's 55, and a click put the
caret after it, so typing 60 gave 5560 (and 25 after the planned 20 gave 2025).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planner.models import Attempt
from tests.browser.conftest import DESKTOP, NARROW, axe_check, save_screenshot
from tests.factories import ScheduledStepFactory, StepFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["360px", "1280px"])
def test_the_forecast_is_the_persons_own_and_typing_replaces_the_minutes(
    open_page, sign_in, alice, viewport
):
    step = StepFactory(
        goal__owner=alice, title="Say hello to a neighbour", predicted_suds=55, planned_minutes=20
    )
    scheduled = ScheduledStepFactory(step=step, starts_at=timezone.now() - timedelta(hours=1))
    page = open_page(viewport=viewport, timezone_id="America/New_York")
    sign_in(page, alice)
    page.goto(f"/practice/scheduled/{scheduled.pk}/log/")

    forecast = page.get_by_label(re.compile("how hard did you expect it to be"))
    expect(forecast).to_have_value("")
    expect(forecast).to_have_accessible_description(
        re.compile("When you planned this step you guessed 55.")
    )
    axe_check(page)

    # A click on the planned minutes selects them: typing replaces, never appends.
    minutes = page.get_by_label("Minutes you stayed")
    expect(minutes).to_have_value("20")
    minutes.click()
    page.keyboard.type("25")
    expect(minutes).to_have_value("25")

    # A slip past the scale is explained beside the box and kept as typed.
    forecast.click()
    page.keyboard.type("5560")
    page.get_by_label("Just before").fill("40")
    page.get_by_label("At the peak").fill("35")
    page.get_by_label("Afterwards").fill("10")
    page.get_by_role("button", name="Save").click()
    forecast = page.get_by_label(re.compile("how hard did you expect it to be"))
    expect(forecast).to_have_accessible_description(
        re.compile("5560 is past the top of the scale: please give a number from 0 to 100.")
    )
    expect(forecast).to_have_value("5560")
    expect(page.get_by_label("Minutes you stayed")).to_have_value("25")
    axe_check(page)
    save_screenshot(page, f"forecast-kept-{viewport['width']}")
    assert not Attempt.objects.exists()

    # Focusing the kept figure selects it too, so the fix is one number typed over it.
    forecast.click()
    page.keyboard.type("60")
    expect(forecast).to_have_value("60")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Logged. You showed up.")).to_be_visible()
    attempt = Attempt.objects.get()
    assert (attempt.predicted_peak, attempt.minutes_stayed) == (60, 25)
    assert not page.csp_errors
