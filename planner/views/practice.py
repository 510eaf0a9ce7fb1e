from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from planner.forms.practice import AttemptLogForm, PredictionForm
from planner.models import Attempt, ScheduledStep, Step
from planner.selectors import practice as selectors
from planner.selectors.week import card_get
from planner.services import practice as services
from planner.views.week import WEEK, scheduled_week_url


def _get_scheduled_for_user(request, pk: int) -> tuple[ScheduledStep, Attempt | None]:
    """The person's scheduled step and its attempt so far (if any); 404 for anyone else's."""
    scheduled = get_object_or_404(
        ScheduledStep.objects.select_related("step__goal", "attempt"), pk=pk, owner=request.user
    )
    try:
        return scheduled, scheduled.attempt
    except Attempt.DoesNotExist:
        return scheduled, None


def _get_step_for_user(request, pk: int) -> Step:
    return get_object_or_404(
        Step.objects.select_related("goal", "ally"), pk=pk, goal__owner=request.user
    )


def _focus(form) -> None:
    """In place there is no page load to land on: focus the first field that needs
    attention (htmx honours autofocus in swapped content)."""
    names = [name for name in form.fields if name in form.errors] if form.is_bound else []
    first = (names or list(form.fields))[0]
    form.fields[first].widget.attrs["autofocus"] = True


def _card(request, scheduled: ScheduledStep, **extra):
    card = card_get(owner=request.user, pk=scheduled.pk, now=timezone.now())
    return render(request, f"{WEEK}#card", {"card": card, **extra})


def attempt_predict(request, pk: int):
    """Before going: how hard the person expects it to be, in their own words.

    The box starts empty, the ladder's figure beside it as a hint: a prefilled figure
    saved with one tap would be the ladder's guess recorded as theirs. Their own earlier
    forecast does come back, to change before going.
    """
    scheduled, attempt = _get_scheduled_for_user(request, pk)
    if attempt is not None and attempt.is_logged:
        # Too late for a forecast: the outcome is in. Editing the log is what is left.
        return redirect("planner:attempt_log", pk=scheduled.pk)
    initial = {"predicted_peak": attempt.predicted_peak} if attempt else {}
    form = PredictionForm(
        request.POST or None, initial=initial, ladder_guess=scheduled.step.predicted_suds
    )
    if request.method == "POST" and form.is_valid():
        services.attempt_predict(
            scheduled=scheduled,
            predicted_peak=form.cleaned_data["predicted_peak"],
            now=timezone.now(),
        )
        if request.htmx:
            return _card(request, scheduled, announce="Your forecast is saved.")
        messages.success(request, "Your forecast is saved. Afterwards, log how it went.")
        return redirect(scheduled_week_url(request, scheduled))
    template = "planner/practice/predict.html"
    if request.htmx:
        _focus(form)
    context = {"form": form, "scheduled": scheduled, "in_place": bool(request.htmx)}
    return render(request, f"{template}#form" if request.htmx else template, context)


def _log_initial(planned_minutes: int, attempt: Attempt | None) -> dict:
    if attempt is not None and attempt.is_logged:
        return {
            "suds_before": attempt.suds_before,
            "suds_peak": attempt.suds_peak,
            "suds_after": attempt.suds_after,
            "minutes_stayed": attempt.minutes_stayed,
            "used_exit_strategy": "yes" if attempt.used_exit_strategy else "no",
            "what_helped": attempt.what_helped,
            "note": attempt.note,
        }
    # The planned minutes are a fair first answer (selected on focus, so typing replaces
    # them); the forecast is not: it stays empty, the ladder's figure shown as a hint.
    return {"minutes_stayed": planned_minutes}


def attempt_log(request, pk: int):
    """After: what happened. In place on the week (htmx) or as a page of its own."""
    scheduled, attempt = _get_scheduled_for_user(request, pk)
    form = AttemptLogForm(
        request.POST or None,
        with_prediction=attempt is None,
        initial=_log_initial(scheduled.planned_minutes, attempt),
        ladder_guess=scheduled.step.predicted_suds,
    )
    if request.method == "POST" and form.is_valid():
        services.attempt_log(
            owner=request.user,
            step=scheduled.step,
            scheduled=scheduled,
            now=timezone.now(),
            **form.outcome(),
        )
        if request.htmx:
            return _card(request, scheduled, announce="Logged. You showed up.")
        messages.success(request, "Logged. You showed up.")
        return redirect(scheduled_week_url(request, scheduled))
    template = "planner/practice/log.html"
    if request.htmx:
        _focus(form)
    context = {
        "form": form,
        "scheduled": scheduled,
        "step": scheduled.step,
        "attempt": attempt,
        "in_place": bool(request.htmx),
    }
    return render(request, f"{template}#form" if request.htmx else template, context)


def step_attempt_log(request, pk: int):
    """Log an attempt that was never put into the week: it counts just the same."""
    step = _get_step_for_user(request, pk)
    form = AttemptLogForm(
        request.POST or None,
        with_prediction=True,
        initial=_log_initial(step.planned_minutes, None),
        ladder_guess=step.predicted_suds,
    )
    if request.method == "POST" and form.is_valid():
        services.attempt_log(owner=request.user, step=step, now=timezone.now(), **form.outcome())
        messages.success(request, "Logged. You showed up.")
        return redirect("planner:step_practice", pk=step.pk)
    context = {"form": form, "step": step, "scheduled": None, "attempt": None, "in_place": False}
    return render(request, "planner/practice/log.html", context)


@require_GET
def step_practice(request, pk: int):
    """How one step has gone: forecast against outcome, and what might come next."""
    step = _get_step_for_user(request, pk)
    practice = selectors.step_practice(step=step)
    return render(request, "planner/practice/step.html", {"step": step, "practice": practice})


@require_GET
def forecasts(request):
    """Forecast against outcome across every step."""
    points = selectors.forecast_points(owner=request.user)
    context = {"points": points, "summary": selectors.summary_of(points)}
    return render(request, "planner/practice/forecasts.html", context)
