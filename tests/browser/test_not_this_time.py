"""A person taps "not this time" in a step reminder, signed out, in a real browser.

The page is reached by a private link, so it keeps the token on this site; its own
button must still pass the CSRF check (a "no-referrer" page makes Chromium send
`Origin: null`, which Django refuses: this is the test that caught it).
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planner.models import ScheduledStep
from reminders.not_this_time import not_this_time_token
from tests.browser.conftest import NARROW, _axe
from tests.reminders.channels_support import private_step

pytestmark = pytest.mark.browser


def test_not_this_time_from_the_reminder_link_signed_out(open_page, alice):
    scheduled = private_step(alice, starts_at=timezone.now() + timedelta(days=1))
    page = open_page(viewport=NARROW)
    page.goto(f"/not-now/{not_this_time_token(scheduled)}/")
    expect(page.get_by_role("heading", name="Say hello at the café")).to_be_visible()

    page.get_by_role("button", name="Not this time").click()

    # Filtered: base.html's live region for in-place changes is a status too.
    expect(page.get_by_role("status").filter(has_text="Okay, not this time.")).to_be_visible()
    scheduled.refresh_from_db()
    assert scheduled.status == ScheduledStep.Status.CANCELLED
    assert _axe.run(page).response["violations"] == []
