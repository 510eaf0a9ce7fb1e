"""A new person's first run, and the ladder page by keyboard and by pointer."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planner.models import Goal, ScheduledStep
from reminders.models import Outbox
from tests.browser.conftest import (
    DESKTOP,
    NARROW,
    axe_check,
    expect_said_after_swap,
    save_screenshot,
)
from tests.factories import GoalFactory, UserFactory, ValueFactory
from tests.planner.goals_support import make_ladder

pytestmark = pytest.mark.browser
TALL = {"width": 1280, "height": 2000}


def _titles(page):
    return page.locator(".ladder__steps .step-card__title").all_inner_texts()


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["360px", "1280px"])
def test_a_new_person_goes_from_values_to_a_goal_a_ladder_a_first_step_and_youre_set(
    open_page, sign_in, viewport
):
    nora = UserFactory(display_name="Nora", reminders=False)  # a brand-new account
    page = open_page(viewport=viewport)
    sign_in(page, nora)

    def looks_right(screen: str) -> None:
        axe_check(page)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= viewport["width"], f"{screen} scrolls sideways: {width}px"

    page.goto("/")
    expect(page.get_by_text("Welcome back")).to_have_count(0)
    looks_right("home")
    page.get_by_role("link", name="Get started").click()

    expect(page.get_by_role("heading", name="Let's find a first small step")).to_be_visible()
    looks_right("start")
    page.get_by_role("link", name="Let's begin").click()

    # 1. Values
    expect(page.get_by_role("heading", name="What matters to you?")).to_be_visible()
    looks_right("values")
    page.get_by_label("Family:", exact=True).select_option("5")
    page.get_by_label("Connection:", exact=True).select_option("4")
    page.get_by_role("button", name="Save and continue").click()

    # 2. A goal: only its words are needed; the values just chosen come first.
    expect(page.get_by_role("heading", name="A first goal")).to_be_visible()
    looks_right("goal")
    value = page.get_by_label("Which value does it serve? (optional)")
    expect(value.locator("optgroup").first).to_have_attribute("label", "Your values")
    expect(value.locator("optgroup").first.locator("option")).to_have_text(["Family", "Connection"])
    page.get_by_label("Your goal, in a few words").fill("Say hello to a neighbour")
    page.get_by_role("button", name="Save and continue").click()

    # 3. Ladders that fit the goal's words, and always a blank one.
    expect(page.get_by_role("heading", name="First steps for")).to_be_visible()
    looks_right("ladder")
    expect(page.get_by_label("Small talk, a little at a time")).to_be_visible()
    expect(page.get_by_text("Back to family gatherings")).to_have_count(0)
    expect(page.get_by_role("link", name="Start with a blank ladder")).to_be_visible()
    page.get_by_label("Becoming a familiar face at a local place").check()
    page.get_by_role("button", name="Show this ladder").click()  # htmx swaps the suggestion
    first = page.locator(".draft-step").first
    expect(first).to_contain_text("Choose a quiet local place")  # the swap has landed
    first.locator("summary").click()
    first.get_by_label("What's the step?").fill("Nod hello to the man at number 4")
    first.get_by_label("How hard do you expect it to feel?").fill("20")
    page.get_by_role("button", name="Save this ladder").click()

    # 4. Into the week, at the next free evening: never a time already gone.
    expect(page.get_by_role("heading", name="Your first step")).to_be_visible()
    expect(page.get_by_text("Nod hello to the man at number 4")).to_be_visible()
    looks_right("first step")
    save_screenshot(page, f"onboarding-first-step-{viewport['width']}")
    page.get_by_role("button", name="Plan it").click()
    (scheduled,) = ScheduledStep.objects.filter(owner=nora)
    assert scheduled.starts_at > timezone.now()

    # 5. You're set: a safety plan and reminders, offered, nothing ticked.
    expect(page.get_by_role("heading", name="You're set")).to_be_visible()
    looks_right("you're set")
    expect(page.get_by_role("link", name="Start my safety plan")).to_be_visible()
    for box in page.get_by_role("checkbox").all():
        expect(box).not_to_be_checked()
    page.get_by_label("A nudge to check in").check()
    page.get_by_role("button", name="Save my reminders").click()
    expect(page.get_by_role("heading", name="Your choices")).to_be_visible()
    kinds = set(
        Outbox.objects.filter(recipient=nora, status="pending").values_list("kind", flat=True)
    )
    assert kinds == {"checkin"}
    assert page.csp_errors == []


def test_the_ladder_moves_by_keyboard_with_focus_kept_and_by_dragging(open_page, sign_in, alice):
    goal = GoalFactory(owner=alice, title="Back to the choir", value=ValueFactory(owner=alice))
    first, second, third = make_ladder(goal, suds=(10, 30, 50))
    page = open_page(viewport=TALL)  # the whole ladder on screen, to drag across it
    sign_in(page, alice)
    page.goto(f"/goals/{goal.pk}/")
    axe_check(page)

    later = page.get_by_role("button", name="Move later “Step at 10”")
    later.focus()
    page.keyboard.press("Enter")
    expect_said_after_swap(
        page, page.locator(f'[data-focus-key="down-{first.pk}"]'), "Moved “Step at 10” to step 2."
    )
    assert _titles(page)[:2] == ["Step 1. Step at 30", "Step 2. Step at 10"]
    expect(page.get_by_text("Expected to feel easier than step 1.")).to_be_visible()

    # Dragging the last step to the top, by its handle.
    handle = page.locator(f"#step-{third.pk} .drag-handle")
    expect(handle).to_be_visible()
    handle.hover()  # scrolls it into view, so measure the target after
    target = page.locator(f"#step-{second.pk}").bounding_box()
    page.mouse.down()
    page.mouse.move(target["x"] + 20, target["y"] + 5, steps=8)
    page.mouse.up()
    expect(page.locator("#swap-said")).to_have_text("Saved the new order.")
    assert list(goal.steps.order_by("position").values_list("pk", flat=True)) == [
        third.pk,
        second.pk,
        first.pk,
    ]
    page.reload()
    assert _titles(page)[0] == "Step 1. Step at 50"
    assert page.csp_errors == []


def test_pausing_a_goal_from_the_list_is_one_click_and_keeps_focus(open_page, sign_in, alice):
    goal = GoalFactory(owner=alice, title="Back to the choir")
    page = open_page()
    sign_in(page, alice)
    page.goto("/goals/")
    page.get_by_role("button", name="Pause “Back to the choir”").click()
    expect_said_after_swap(
        page,
        page.get_by_role("button", name="Resume “Back to the choir”"),
        "Paused “Back to the choir”. Everything is kept; resume whenever you like.",
    )
    goal.refresh_from_db()
    assert goal.status == Goal.Status.PAUSED
    page.get_by_role("link", name=re.compile(r"^Paused")).click()  # the filter, via htmx
    # The filters are swapped with the list: focus stays on the one just chosen.
    expect(page.get_by_role("link", name=re.compile(r"^Paused"))).to_be_focused()
    expect(page).to_have_url(re.compile(r"/goals/\?status=paused$"))
    expect(page.get_by_role("heading", name="Back to the choir")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_goal_pages_read_well_at_360px(open_page, sign_in, alice, scheme):
    goal = GoalFactory(owner=alice, why="Singing with people again.")
    (step, *_) = make_ladder(goal, suds=(10, 60, 40), exit_strategy="Slip out at the break.")
    page = open_page(viewport=NARROW, color_scheme=scheme)
    sign_in(page, alice)
    for path in (
        "/values/",
        "/goals/",
        f"/goals/{goal.pk}/",
        f"/goals/{goal.pk}/ladder/suggested/",
        f"/goals/{goal.pk}/steps/new/",
        f"/steps/{step.pk}/remove/",
    ):
        page.goto(path)
        axe_check(page)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= NARROW["width"], f"{path} scrolls sideways: {width}px"
    # A form showing its errors, too.
    page.goto(f"/steps/{step.pk}/edit/")
    page.get_by_label("How hard do you expect it to feel?").fill("150")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Choose a number from 0 (calm) to 100")).to_be_visible()
    axe_check(page)
    save_screenshot(page, f"step-edit-error-{scheme}")
