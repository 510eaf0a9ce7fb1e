from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.http import back_to
from planner.forms.goals import GoalForm
from planner.models import Goal
from planner.selectors.goals import (
    goal_get,
    goal_status_counts,
    goals_list,
    ladder_steps,
    values_list,
)
from planner.services.goals import goal_create, goal_set_status, goal_update
from planner.views.steps import ladder_context

FILTERS = [("", "All"), *Goal.Status.choices]

STATUS_SAID = {
    Goal.Status.ACTIVE: "“{}” is active.",
    Goal.Status.PAUSED: "Paused “{}”. Everything is kept; resume whenever you like.",
    Goal.Status.ACHIEVED: "Marked “{}” as achieved. Well done for getting here.",
    Goal.Status.ARCHIVED: "Archived “{}”. It's kept, and you can bring it back any time.",
}


def goals(request):
    status = request.GET.get("status", "")
    if status not in Goal.Status.values:
        status = ""
    counts = goal_status_counts(owner=request.user)
    context = {
        "goals": list(goals_list(owner=request.user, status=status or None)),
        "status": status,
        "filters": [(key, label, counts.get(key, sum(counts.values()))) for key, label in FILTERS],
    }
    template = "planner/goals/goals.html"
    return render(request, f"{template}#goal-list" if request.htmx else template, context)


def goal_create_page(request, *, template_name: str, done_url, context=None, optional=False):
    """The new-goal form, shared by the goals pages and onboarding.

    `done_url(goal)` says where to go next: both go on to a suggested ladder.
    `optional` leaves value and area open (onboarding: skip anything).
    """
    values = values_list(owner=request.user)
    initial = {"area": request.GET.get("area")}
    if len(values) == 1:
        initial["value"] = f"v:{values[0].pk}"
    form = GoalForm(
        request.POST or None,
        values=values,
        instance=Goal(owner=request.user),
        initial=initial,
        optional=optional,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        goal = goal_create(
            owner=request.user,
            value=data["value"],
            title=data["title"],
            area=data["area"],
            why=data["why"],
            target_month=data["target_month"],
        )
        messages.success(request, f"Saved your goal “{goal.title}”. Next, its first steps.")
        return redirect(done_url(goal))
    return render(request, template_name, {"form": form, **(context or {})})


def goal_create_view(request):
    return goal_create_page(
        request,
        template_name="planner/goals/goal_new.html",
        done_url=lambda goal: reverse("planner:ladder_suggest", args=[goal.pk]),
    )


def goal_detail(request, pk):
    goal = goal_get(owner=request.user, pk=pk)
    context = ladder_context(goal, ladder_steps(goal=goal))
    template = "planner/goals/goal_detail.html"
    return render(request, f"{template}#ladder" if request.htmx else template, context)


def goal_edit(request, pk):
    goal = goal_get(owner=request.user, pk=pk)
    form = GoalForm(request.POST or None, values=values_list(owner=request.user), instance=goal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        goal_update(
            goal=goal,
            value=data["value"],
            title=data["title"],
            area=data["area"],
            why=data["why"],
            target_month=data["target_month"],
        )
        messages.success(request, "Saved your goal.")
        return redirect("planner:goal_detail", pk=goal.pk)
    # The heading keeps the saved title while the form shows what was typed.
    return render(
        request, "planner/goals/goal_edit.html", {"form": form, "title": form.initial["title"]}
    )


@require_POST
def goal_status(request, pk):
    goal = goal_get(owner=request.user, pk=pk)
    status = request.POST.get("status", "")
    if status in Goal.Status.values:
        goal_set_status(goal=goal, status=status)
        said = STATUS_SAID[status].format(goal.title)
    else:
        said = "That isn't a status a goal can have, so nothing changed."
    if request.htmx:
        context = {"goal": goal, "said": said, "next": request.POST.get("next", "")}
        return render(request, "planner/goals/_status.html", context)
    messages.success(request, said)
    back = reverse("planner:goal_detail", args=[goal.pk])
    return redirect(back_to(request, request.POST.get("next"), back))
