"""On a phone: browse the lessons, read one, mark it as read in place and take the mark
off again; both pages axe-clean in light and dark, and the index says which are read."""

import pytest
from playwright.sync_api import expect

from planner.models import LessonRead
from tests.browser.conftest import PHONE, axe_check, save_screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_person_reads_a_lesson_and_marks_it_as_read(open_page, sign_in, alice, scheme):
    page = open_page(viewport=PHONE, color_scheme=scheme)
    sign_in(page, alice)
    page.goto("/learn/")
    expect(page.get_by_role("heading", name="Learn", level=1)).to_be_visible()
    expect(page.get_by_text("You've read 0 of 8.")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="How graded steps work").click()
    expect(page.get_by_role("heading", name="How graded steps work", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Building a ladder", level=2)).to_be_visible()
    axe_check(page)

    # htmx swaps just the button region: the page stays where the person is reading.
    page.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_role("button", name="Mark as not read")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="is marked as read")).to_be_attached()
    expect(page.locator("#lesson-read [data-announce]")).to_be_focused()
    assert page.url.endswith("/learn/graded-steps/")
    assert LessonRead.objects.filter(owner=alice, slug="graded-steps").exists()
    axe_check(page)
    save_screenshot(page, f"learn-lesson-{scheme}")

    page.goto("/learn/")
    expect(page.get_by_text("You've read 1 of 8.")).to_be_visible()
    read_item = page.get_by_role("listitem").filter(has_text="How graded steps work")
    expect(read_item.get_by_text("Read", exact=True)).to_be_visible()

    page.get_by_role("link", name="How graded steps work").click()
    page.get_by_role("button", name="Mark as not read").click()
    expect(page.get_by_role("button", name="Mark as read")).to_be_visible()
    assert not LessonRead.objects.filter(owner=alice).exists()
    assert not page.csp_errors
