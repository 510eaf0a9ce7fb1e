"""First run: values, a first goal, its ladder, a first step in the week.

Four calm screens around the same forms the rest of the planner uses; every screen
can be skipped, and skipping never loses what earlier screens saved.
"""

from django.shortcuts import render
from django.urls import reverse

from planner.selectors.goals import goal_get
from planner.views.goals import goal_create_page
from planner.views.steps import schedule_link, suggest_page
from planner.views.values import values_page

SCREENS = ["What matters", "A first goal", "First steps", "Into your week"]


def _screen(number: int, skip_url: str) -> dict:
    return {"screens": SCREENS, "screen": number, "skip_url": skip_url}


def onboarding(request):
    return render(request, "planner/onboarding/start.html", {"screens": SCREENS})


def onboarding_values(request):
    return values_page(
        request,
        template_name="planner/onboarding/values.html",
        done_url="planner:onboarding_goal",
        context=_screen(1, reverse("planner:onboarding_goal")),
    )


def onboarding_goal(request):
    return goal_create_page(
        request,
        template_name="planner/onboarding/goal.html",
        done_url=lambda goal: reverse("planner:onboarding_ladder", args=[goal.pk]),
        context=_screen(2, reverse("planner:onboarding_first_step")),
    )


def onboarding_ladder(request, pk):
    goal = goal_get(owner=request.user, pk=pk)
    next_url = reverse("planner:onboarding_first_step", args=[goal.pk])
    return suggest_page(
        request,
        goal,
        template_name="planner/onboarding/ladder.html",
        done_url=next_url,
        context=_screen(3, next_url),
    )


def onboarding_first_step(request, pk=None):
    goal = goal_get(owner=request.user, pk=pk) if pk else None
    step = goal.steps.order_by("position", "pk").first() if goal else None
    context = {
        "goal": goal,
        "step": step,
        "schedule_url": schedule_link(step),
        **_screen(4, reverse("planner:home")),
    }
    return render(request, "planner/onboarding/first_step.html", context)
