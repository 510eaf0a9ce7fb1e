"""A person follows the unsubscribe link in an email, then turns old links off.

Every page on the way (asking, done, a turned-off link, a link over a year old)
has no axe finding of any impact, in light and dark.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reminders.models import ReminderKind
from reminders.unsubscribe import unsubscribe_token
from tests.browser.conftest import NARROW, _axe

pytestmark = pytest.mark.browser


def axe_clean(page) -> None:
    violations = _axe.run(page).response["violations"]
    found = [f"{v['id']} ({v['impact']}): {v['help']}" for v in violations]
    assert found == [], f"axe on {page.url}:\n" + "\n".join(found)


def _path(person, **age) -> str:
    issued = timezone.now() - timedelta(**age)
    return f"/unsubscribe/{unsubscribe_token(person, ReminderKind.CHECKIN, issued=issued)}/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_stop_emails_then_turn_off_the_old_links(open_page, sign_in, alice, scheme):
    old = _path(alice, days=3)
    page = open_page(viewport=NARROW, color_scheme=scheme)
    page.goto(old)
    expect(page.get_by_text("Stop check-in reminders to a•••@e•••.org?")).to_be_visible()
    axe_clean(page)
    page.get_by_role("button", name="Stop these emails").click()
    expect(
        page.get_by_role("heading", name="Done: no more check-in reminders by email")
    ).to_be_visible()
    axe_clean(page)

    sign_in(page, alice)
    page.goto("/profile/reminders/")
    page.get_by_role("button", name="Turn off the unsubscribe links in past emails").click()
    expect(page.get_by_text("links in your past emails no longer work")).to_be_visible()
    axe_clean(page)

    page.goto(old)
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    expect(page.get_by_role("link", name="sign in and open Reminders")).to_be_visible()
    axe_clean(page)


def test_a_link_over_a_year_old_gets_a_kind_page(open_page, alice):
    page = open_page(viewport=NARROW)
    page.goto(_path(alice, days=400))
    expect(page.get_by_role("heading", name="This link has rested")).to_be_visible()
    axe_clean(page)
    page.get_by_role("link", name="sign in and open Reminders").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
