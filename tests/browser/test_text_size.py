"""Text at 150%, the readable font and WCAG 1.4.12 text spacing, at 320 px wide:
no main page scrolls sideways (1.4.10, 1.4.4), and the profile stays axe clean."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser

REFLOW = {"width": 320, "height": 640}
PAGES = [
    "planner:home",
    "planner:week",
    "planner:goals",
    "planner:safety_plan",
    "planner:checkin",
    "planner:journal",
    "planner:progress",
    "reminders:page",
    "sharing:page",
    "accounts:profile",
]
# WCAG 1.4.12: the spacing a reader's own stylesheet may set, without loss of content.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


@pytest.fixture
def maya(db):
    """Maya from the demo, with months of history, reading at 150% in the readable font."""
    call_command("seed_demo")
    person = User.objects.get(display_name="Maya")
    person.text_size = 150
    person.readable_font = True
    person.save(update_fields=["text_size", "readable_font"])
    return person


def _overflowing(page) -> list[str]:
    """The elements whose right edge is past the viewport, to name in a failure."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .slice(0, 8)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).replace(/ +/g, '.') : ''))"""
    )


def test_at_150_percent_with_text_spacing_no_main_page_scrolls_sideways_at_320px(
    open_page, sign_in, maya
):
    # The reader's own stylesheet is theirs, not the page's: our CSP rightly refuses it.
    page = open_page(viewport=REFLOW, bypass_csp=True)
    sign_in(page, maya)
    problems = []
    for name in PAGES:
        page.goto(reverse(name))
        page.add_style_tag(content=TEXT_SPACING)
        classes = page.evaluate("document.documentElement.className")
        assert "text-150" in classes and "font-readable" in classes
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > REFLOW["width"]:
            problems.append(f"{name}: {width}px wide; {_overflowing(page)}")
    assert not problems, "pages scroll sideways at 320px:\n" + "\n".join(problems)


def test_the_readable_font_is_loaded_from_our_own_static_files(open_page, sign_in, maya):
    page = open_page(viewport=REFLOW)
    sign_in(page, maya)
    page.goto(reverse("accounts:profile"))
    loaded = page.evaluate(
        """document.fonts.ready.then(() => [...document.fonts]
            .filter(f => f.family.includes('Atkinson Hyperlegible') && f.status === 'loaded')
            .map(f => f.weight))"""
    )
    assert "400" in loaded and "700" in loaded, loaded
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Atkinson Hyperlegible"')
    assert not page.csp_errors


def test_the_profile_with_large_text_and_the_readable_font_is_axe_clean(open_page, sign_in, maya):
    page = open_page(viewport=REFLOW)
    sign_in(page, maya)
    page.goto(reverse("accounts:profile"))
    expect(page.get_by_role("radio", name="150%")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Atkinson Hyperlegible", exact=False)).to_be_checked()
    axe_check(page)
