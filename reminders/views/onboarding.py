"""Onboarding's closing screen, "You're set": a safety plan and reminders, both optional.

It lives here, not in planner, because it offers reminders (planner cannot import
reminders). Reminders are a choice: nothing is ticked until the person ticks it.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from planner.models import SafetyPlan
from planner.selectors.week import next_scheduled
from planner.views.onboarding import SCREENS
from reminders.forms.preferences import FirstChoiceForm
from reminders.selectors.choices import SWITCHES, next_times
from reminders.services.preferences import reminder_preferences_for, reminder_preferences_update


@require_http_methods(["GET", "POST"])
def onboarding_done(request):
    now = timezone.now()
    prefs = reminder_preferences_for(request.user)
    form = FirstChoiceForm(
        # Ticking nothing posts nothing, and that is a choice too: bind on any POST.
        request.POST if request.method == "POST" else None,
        initial={field: getattr(prefs, field) for field in SWITCHES.values()},
        next_times=next_times(owner=request.user, now=now),
    )
    if request.method == "POST" and form.is_valid():
        reminder_preferences_update(owner=request.user, data=form.cleaned_data, now=now)
        if any(form.cleaned_data.values()):
            messages.success(request, "Saved your reminders. Change them any time on this page.")
        else:
            messages.success(request, "No reminders, then. You can choose some here any time.")
        return redirect("reminders:page")
    safety = SafetyPlan.objects.filter(owner=request.user).first()
    context = {
        "form": form,
        "screens": SCREENS,
        "screen": len(SCREENS) + 1,  # every screen before it shows as done
        "has_safety_plan": safety is not None and not safety.is_empty,
        "next_step": next_scheduled(owner=request.user, now=now),
    }
    return render(request, "reminders/onboarding_done.html", context)
