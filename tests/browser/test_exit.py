"""Exit this page, as a person in a hurry meets it: the button and Shift pressed three
times both swap Stepwise for an ordinary site, and Back does not bring it back; typing
capitals does not set it off; the page explaining it is axe-clean."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import NARROW, axe_check

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.neutral_urls")]


@pytest.fixture
def neutral(settings, live_server):
    """Where Exit this page goes, and the page the person came from before Stepwise."""
    settings.EXIT_PAGE_URL = f"{live_server.url}/neutral/somewhere/"
    return settings.EXIT_PAGE_URL


def arrive_from_elsewhere(page, path):
    """The person was on another site, then opened Stepwise at `path`."""
    page.goto("/neutral/before/")
    page.goto(path)
    expect(page.get_by_role("link", name="Emergency Exit this page")).to_be_visible()


def assert_left_for_good(page, neutral):
    expect(page).to_have_url(neutral)
    expect(page.get_by_role("heading", name="Weather for somewhere")).to_be_visible()
    # Back goes to where they were before Stepwise, not to the page they left.
    page.go_back()
    expect(page).to_have_url("/neutral/before/")
    assert "Stepwise" not in page.title()


def test_the_button_leaves_and_back_does_not_return(open_page, sign_in, alice, neutral):
    page = open_page(viewport=NARROW)
    sign_in(page, alice)
    arrive_from_elsewhere(page, "/journal/")
    page.get_by_role("link", name="Emergency Exit this page").click()
    assert_left_for_good(page, neutral)
    assert page.csp_errors == []


def test_the_button_sends_a_person_to_their_own_choice(open_page, sign_in, alice, neutral):
    alice.exit_url = neutral.replace("somewhere", "my-own")
    alice.save()
    page = open_page()
    sign_in(page, alice)
    arrive_from_elsewhere(page, "/")
    page.get_by_role("link", name="Emergency Exit this page").click()
    expect(page.get_by_role("heading", name="Weather for my-own")).to_be_visible()


def test_shift_three_times_leaves_signed_out_too(page, neutral):
    arrive_from_elsewhere(page, "/safety-plan/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(
        page.locator("[data-exit-this-page] [aria-live=polite]").filter(
            has_text="press 1 more time"
        )
    ).to_be_attached()
    page.keyboard.press("Shift")
    assert_left_for_good(page, neutral)


def test_shift_three_times_leaves_from_inside_a_text_field(open_page, sign_in, alice, neutral):
    page = open_page()
    sign_in(page, alice)
    arrive_from_elsewhere(page, "/profile/")
    page.get_by_label("What should we call you?").focus()
    for _ in range(3):
        page.keyboard.press("Shift")
    assert_left_for_good(page, neutral)


def _type_with_capitals(page, text, *, let_go_of_shift_first: bool):
    """Type as a person does, holding Shift for each capital."""
    for char in text:
        if not char.isupper():
            page.keyboard.press("Space" if char == " " else char)
            continue
        page.keyboard.down("Shift")
        page.keyboard.down(char)
        if let_go_of_shift_first:
            page.keyboard.up("Shift")
            page.keyboard.up(char)
        else:
            page.keyboard.up(char)
            page.keyboard.up("Shift")


@pytest.mark.parametrize("let_go_of_shift_first", [False, True], ids=["shift-last", "shift-first"])
def test_typing_hello_world_does_not_leave(page, neutral, let_go_of_shift_first):
    arrive_from_elsewhere(page, "/accounts/login/")
    field = page.get_by_label("Email")
    field.click()
    _type_with_capitals(page, "Hello World", let_go_of_shift_first=let_go_of_shift_first)
    expect(field).to_have_value("Hello World")
    # Capitals and ordinary letters between: nothing counted, nothing announced.
    expect(
        page.locator("[data-exit-this-page] [aria-live=polite]").filter(has_text="more time")
    ).to_have_count(0)
    # Two capitals in a row ("OK"), then Shift twice on its own: three if a Shift used
    # for a capital counted. Only the two on their own count.
    _type_with_capitals(page, " OK", let_go_of_shift_first=let_go_of_shift_first)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(
        page.locator("[data-exit-this-page] [aria-live=polite]").filter(
            has_text="press 1 more time"
        )
    ).to_be_attached()
    page.wait_for_timeout(300)
    expect(page).to_have_url("/accounts/login/")
    expect(field).to_have_value("Hello World OK")


def test_a_pause_of_more_than_five_seconds_starts_the_count_again(page, neutral):
    page.clock.install()
    arrive_from_elsewhere(page, "/grounding/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.run_for(5_100)
    expect(
        page.locator("[data-exit-this-page] [aria-live=polite]").filter(has_text="timed out")
    ).to_be_attached()
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    expect(page).to_have_url("/grounding/")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_explanation_reads_well_at_360px(open_page, scheme, neutral):
    page = open_page(viewport=NARROW, color_scheme=scheme)
    page.goto("/")
    page.get_by_role("link", name="How leaving quickly works").click()
    expect(page.get_by_role("heading", name="Leaving quickly", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Clearing your browser's history")).to_be_visible()
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations] == []
    axe_check(page)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= NARROW["width"], f"scrolls sideways: {width}px at 360px"
    # The button stays in reach while reading further down the page.
    page.mouse.wheel(0, 2_000)
    expect(page.get_by_role("link", name="Emergency Exit this page")).to_be_in_viewport()
    assert page.csp_errors == []
