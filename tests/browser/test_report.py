"""The report, walked as a person would: choose, confirm the password for the safety
plan, read it at 360 px and 1280 px (axe clean), and print it on A4 and Letter."""

import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import ARTIFACTS, DESKTOP, NARROW, axe_check, save_screenshot
from tests.factories import PASSWORD, AttemptFactory, GoalFactory, StepFactory, WinFactory
from tests.planner.safety_support import fill_plan
from tests.supporters.supporters_support import link_for

pytestmark = pytest.mark.browser
# A title with no place to break: it must wrap inside its column, not run off the page.
LONG = "Ask-the-librarian-about-the-Thursday-evening-conversation-group-and-stay-for-tea"
# Printable width of each paper at report.css's 12 mm side margins, in CSS pixels.
PRINTABLE_PX = {"A4": (210 - 24) * 96 / 25.4, "Letter": (8.5 * 25.4 - 24) * 96 / 25.4}


@pytest.fixture
def history(alice):
    fill_plan(alice)
    goal = GoalFactory(owner=alice, title="Join the Thursday book swap")
    for n, title in enumerate(["Read the notice board", "Say hello at the desk", LONG]):
        step = StepFactory(goal=goal, title=title, predicted_suds=30 + 20 * n, position=n)
        for _ in range(4):
            AttemptFactory(step=step, predicted_peak=70, suds_peak=30 + n)
    for n in range(12):
        WinFactory(owner=alice, text=f"Small win number {n}, kept for a hard day")
    return alice


def overflowing(page) -> list[str]:
    """Elements of the report wider than the page or than their own box."""
    return page.evaluate(
        """() => {
          const limit = document.documentElement.clientWidth;
          return [...document.querySelectorAll('.report, .report *')]
            .filter(el => el.getBoundingClientRect().right > limit + 1
                       || (el.tagName === 'TABLE' && el.scrollWidth > el.clientWidth + 1))
            .map(el => el.tagName + '.' + el.className + ': ' + el.textContent.slice(0, 40));
        }"""
    )


def test_a_report_is_chosen_confirmed_read_and_printed(open_page, sign_in, history, bob):
    # On a phone: the choices, then the password for the safety plan, then the report.
    page = open_page(viewport=NARROW)
    sign_in(page, history)
    page.goto(reverse("planner:report"))
    expect(page.get_by_role("heading", level=1, name="A report to print or share")).to_be_visible()
    expect(page.get_by_label("Your safety plan")).not_to_be_checked()
    axe_check(page)
    page.get_by_label("Your safety plan").check()
    page.get_by_role("button", name="Make the report").click()
    expect(page.get_by_role("heading", level=1, name="Your password, once more")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1, name=re.compile("Alice’s report"))).to_be_visible()
    expect(page.get_by_role("heading", name="Safety plan")).to_be_visible()
    expect(page.get_by_text("Staying in bed past noon")).to_be_visible()
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    save_screenshot(page, "report-360")
    report_url = page.url

    # At 1280 px, then on paper.
    page = open_page(viewport=DESKTOP)
    sign_in(page, history)
    page.goto(reverse("account_reauthenticate"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.goto(report_url)
    expect(page.get_by_role("link", name="Download as PDF")).to_be_visible()
    axe_check(page)
    assert page.csp_errors == []
    save_screenshot(page, "report-1280")

    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(page.get_by_role("link", name="Download as PDF")).to_be_hidden()
    for paper, width in PRINTABLE_PX.items():
        page.set_viewport_size({"width": int(width), "height": 1000})
        assert overflowing(page) == [], paper
        pdf = page.pdf(format=paper, print_background=False)
        (ARTIFACTS / f"report-{paper}.pdf").write_bytes(pdf)
        reader = PdfReader(io.BytesIO(pdf))
        text = " ".join("".join(p.extract_text() for p in reader.pages).split())
        assert 2 <= len(reader.pages) <= 6, f"{paper}: {len(reader.pages)} pages"
        # Nothing cut: the first and last things of the report, and the long title whole.
        for words in ("Alice’s report", "Small win number 0", "not a clinical record"):
            assert words in text, (paper, words)
        assert LONG in text.replace(" ", ""), paper

    # Her clinician, with the report and the safety plan shared: the same report, axe clean.
    link_for(history, bob, "report", "safety", relationship="clinician")
    page = open_page(viewport=NARROW)
    sign_in(page, bob)
    page.goto(reverse("supporting:report", kwargs={"owner_id": history.pk}))
    expect(page.get_by_role("heading", level=1, name=re.compile("Alice’s report"))).to_be_visible()
    expect(page.get_by_text("Staying in bed past noon")).to_be_visible()
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    save_screenshot(page, "report-supporter-360")
