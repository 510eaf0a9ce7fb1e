from dataclasses import asdict
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from planner import ladder_templates
from planner.forms.steps import StepAddForm, StepForm, SuggestedStepFormSet
from planner.selectors.goals import allies_list, goal_get, ladder_steps, step_get
from planner.services.ladders import (
    drafts_from_template,
    ladder_dips,
    ladder_extend,
    ladder_reorder,
    step_add,
    step_move,
    step_remove,
    step_update,
)

# Where "plan it into my week" goes: the week's scheduling form (planner/views/week.py),
# pre-filled through its query string. The one place to change if that changes.
SCHEDULE_STEP_URL = "planner:scheduled_step_create"
WEEK_URL = "planner:week"


def schedule_link(step) -> str | None:
    """A link that plans `step` into the week (or the week itself when there is no
    step yet); None if the week is not there, and then the page offers no link."""
    try:
        if step is None:
            return reverse(WEEK_URL)
        query = urlencode({"step": step.pk, "minutes": step.planned_minutes})
        return f"{reverse(SCHEDULE_STEP_URL)}?{query}"
    except NoReverseMatch:
        return None


BAR, GAP = 10, 3


def _ladder_url(step) -> str:
    return f"{reverse('planner:goal_detail', args=[step.goal_id])}#step-{step.pk}"


def ladder_context(goal, steps, **extra) -> dict:
    """What the ladder partial of the goal page needs, after any change to it."""
    suds = [step.predicted_suds for step in steps]
    dips = ladder_dips(suds)
    for index, step in enumerate(steps):
        step.number = index + 1
        step.dips = index in dips
        # A CSS width class in tenths, 1..10: never empty, so a calm step still shows.
        step.suds_band = max(1, (step.predicted_suds + 5) // 10)
        # The staircase chart: one bar per step, as tall as its SUDS (at least a sliver).
        step.bar_x, step.bar_height = index * (BAR + GAP), max(step.predicted_suds, 2)
        step.bar_y = 100 - step.bar_height
        step.schedule_url = schedule_link(step) if goal.is_active else None
    return {
        "goal": goal,
        "steps": steps,
        "dips": dips,
        "bar_width": BAR,
        "chart_width": max(len(steps) * (BAR + GAP) - GAP, BAR),
        **extra,
    }


def _render_ladder(request, goal, said: str):
    """The ladder after a move: the htmx partial, or back to the page with a note."""
    if request.htmx:
        context = ladder_context(goal, ladder_steps(goal=goal), said=said)
        return render(request, "planner/goals/goal_detail.html#ladder", context)
    messages.info(request, said)
    return None


def step_create(request, pk):
    goal = goal_get(owner=request.user, pk=pk)
    steps = ladder_steps(goal=goal)
    form = StepAddForm(request.POST or None, steps=steps, allies=allies_list(owner=request.user))
    if request.method == "POST" and form.is_valid():
        step = step_add(goal=goal, draft=form.to_draft(), position=form.position())
        messages.success(request, f"Added “{step.title}” as step {step.position + 1}.")
        return redirect(_ladder_url(step))
    return render(request, "planner/goals/step_new.html", {"form": form, "goal": goal})


def step_edit(request, pk):
    step = step_get(owner=request.user, pk=pk)
    form = StepForm(
        request.POST or None,
        initial=StepForm.initial_for(step),
        allies=allies_list(owner=request.user),
    )
    if request.method == "POST" and form.is_valid():
        step_update(step=step, draft=form.to_draft(), now=timezone.now())
        messages.success(request, f"Saved “{step.title}”.")
        return redirect(_ladder_url(step))
    return render(request, "planner/goals/step_edit.html", {"form": form, "step": step})


@require_POST
def step_move_view(request, pk):
    step = step_get(owner=request.user, pk=pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if offset is None:
        said = "Choose up or down; nothing moved."
    else:
        step_move(step=step, offset=offset)
        said = f"Moved “{step.title}” to step {step.position + 1}."
    return _render_ladder(request, step.goal, said) or redirect(_ladder_url(step))


@require_POST
def ladder_reorder_view(request, pk):
    goal = goal_get(owner=request.user, pk=pk)
    try:
        order = [int(pk) for pk in request.POST.getlist("order")]
        ladder_reorder(goal=goal, step_ids=order)
        said = "Saved the new order."
    except (ValueError, ValidationError):
        said = "That order doesn't match the steps on this ladder, so nothing moved."
    return _render_ladder(request, goal, said) or redirect("planner:goal_detail", pk=goal.pk)


def step_remove_view(request, pk):
    step = step_get(owner=request.user, pk=pk)
    if request.method == "POST":
        try:
            step_remove(step=step, now=timezone.now())
        except ValidationError as exc:
            messages.info(request, exc.messages[0])
            return redirect(_ladder_url(step))
        messages.success(request, f"Removed “{step.title}” from the ladder.")
        return redirect("planner:goal_detail", pk=step.goal_id)
    context = {
        "step": step,
        "practised": step.attempts.exists(),
        "planned": step.scheduled.filter(status="planned").count(),
    }
    return render(request, "planner/goals/step_remove.html", context)


def suggest_page(request, goal, *, template_name: str, done_url: str, blank_url: str, context=None):
    """Suggested ladders that fit the goal's words, edited before anything is saved.

    Shared by the goal's own page for it and by onboarding. Choosing another
    suggestion is a GET (htmx swaps only the suggestion), saving is a POST;
    `blank_url` is where "start with a blank ladder" goes, always offered.
    """
    options = ladder_templates.suggestions_for(goal.title, area=goal.area)
    key = request.POST.get("template") or request.GET.get("template")
    chosen = next((t for t in options if t.key == key), options[0] if options else None)
    allies = allies_list(owner=request.user)
    initial = [asdict(draft) for draft in drafts_from_template(chosen)] if chosen else []
    for row in initial:
        row["ally"] = ""
        row["accommodations"] = list(row["accommodations"])
    formset = SuggestedStepFormSet(
        request.POST or None, initial=initial, prefix="steps", form_kwargs={"allies": allies}
    )
    if request.method == "POST" and formset.is_valid():
        steps = ladder_extend(goal=goal, drafts=formset.drafts())
        messages.success(request, f"Saved {len(steps)} steps on your ladder.")
        return redirect(done_url)
    context = {
        "goal": goal,
        "options": options,
        "chosen": chosen,
        "formset": formset,
        "existing": goal.steps.count(),
        "blank_url": blank_url,
        **(context or {}),
    }
    if request.htmx and request.method == "GET":
        template_name = "planner/goals/ladder_suggest.html#suggestion"
    return render(request, template_name, context)


def ladder_suggest(request, pk):
    goal = goal_get(owner=request.user, pk=pk)
    return suggest_page(
        request,
        goal,
        template_name="planner/goals/ladder_suggest.html",
        done_url=reverse("planner:goal_detail", args=[goal.pk]),
        blank_url=reverse("planner:step_create", args=[goal.pk]),
    )
