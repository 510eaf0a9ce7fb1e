"""First run: values, a first goal, its ladder, a first step in the week, then "You're set".

Four calm screens around the same forms the rest of the planner uses, and a closing
one (reminders:onboarding_done, as it offers reminders); every screen can be
skipped, and skipping never loses what earlier screens saved.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from planner import rules
from planner.forms.week import WhenForm
from planner.selectors.goals import goal_get
from planner.selectors.week import free_slot_for
from planner.services.week import scheduled_step_create
from planner.views.goals import goal_create_page
from planner.views.steps import suggest_page
from planner.views.values import values_page

SCREENS = ["What matters", "A first goal", "First steps", "Into your week"]
# The closing screen lives with the reminders it offers (reminders/views/onboarding.py).
DONE = "reminders:onboarding_done"


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
        optional=True,
    )


def onboarding_ladder(request, pk):
    goal = goal_get(owner=request.user, pk=pk)
    next_url = reverse("planner:onboarding_first_step", args=[goal.pk])
    return suggest_page(
        request,
        goal,
        template_name="planner/onboarding/ladder.html",
        done_url=next_url,
        blank_url=reverse("planner:step_create", args=[goal.pk]),
        context=_screen(3, next_url),
    )


def onboarding_first_step(request, pk=None):
    """The first step of the ladder, offered at the next free evening still ahead."""
    goal = goal_get(owner=request.user, pk=pk) if pk else None
    step = goal.steps.order_by("position", "pk").first() if goal else None
    form = None
    if step is not None:
        now = timezone.now()
        slot = free_slot_for(owner=request.user, now=now)
        form = WhenForm(
            request.POST or None,
            owner=request.user,
            zone=request.user.zone,
            today=rules.local_date(now, request.user.zone),
            initial={"day": slot.day, "at": slot.at, "planned_minutes": step.planned_minutes},
            auto_id="first_%s",
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            scheduled_step_create(
                owner=request.user,
                step=step,
                starts_at=data["starts_at"],
                planned_minutes=data["planned_minutes"],
                now=now,
            )
            messages.success(request, f"Planned: {step.title}.")
            return redirect(DONE)
    context = {"goal": goal, "step": step, "form": form, **_screen(4, reverse(DONE))}
    return render(request, "planner/onboarding/first_step.html", context)
