"""The pages whose words changed, and the journal search, at 360 and 1280 px (issue 16).

One walk per width: the footer's About link, the disclaimer said once there, the
measures under plain names, and a journal search with the word marked.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, NARROW, axe_check, save_screenshot
from tests.factories import JournalEntryFactory, MeasureResponseFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["360px", "1280px"])
def test_about_measures_and_journal_search_read_well(open_page, sign_in, alice, viewport):
    MeasureResponseFactory(owner=alice, kind="lsns6")
    JournalEntryFactory(owner=alice, title="Tuesday", text="Walked past the Café and waved.")
    JournalEntryFactory(owner=alice, title="Wednesday", text="Stayed in and read.")
    page = open_page(viewport=viewport)
    sign_in(page, alice)

    page.goto("/journal/")
    footer = page.locator("footer")
    expect(footer.get_by_text("not medical or emergency care")).to_have_count(0)
    footer.get_by_role("link", name="About Stepwise").click()
    expect(page.get_by_role("heading", level=1, name="About Stepwise")).to_be_visible()
    expect(page.get_by_text(re.compile("not medical or emergency care"))).to_have_count(1)
    axe_check(page)

    page.goto("/measures/")
    expect(page.get_by_role("heading", level=2, name="People you can turn to")).to_be_visible()
    expect(page.get_by_text(re.compile("^Lubben Social Network Scale"))).to_be_visible()
    axe_check(page)

    page.goto("/journal/")
    page.get_by_role("searchbox", name="Search your journal").fill("cafe")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#entries")
    expect(results.get_by_role("heading", name="1 entry with “cafe”")).to_be_visible()
    expect(results.locator("mark")).to_have_text(["Café"])
    expect(results.get_by_role("link", name="Wednesday")).to_have_count(0)
    axe_check(page)
    save_screenshot(page, f"journal-search-{viewport['width']}")
    assert page.csp_errors == []
