"""The reminders page under the profile: preferences, pause, what comes next, what was sent.

Every view here is the signed-in person's own: there is no id in the address,
so there is nothing of anyone else's to ask for.
"""

import copy

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_POST

from accounts.reauth import reauthentication_required
from common.blind_index import matching
from planner import rules
from planner.selectors.checkins import checkin_settings_for
from reminders import rules as reminder_rules
from reminders.forms.preferences import CalendarFeedForm, PauseForm, ReminderPreferencesForm
from reminders.models import SmsOptOut
from reminders.selectors.choices import next_times
from reminders.selectors.preview import delivery_log, reminders_preview
from reminders.services.calendar import (
    calendar_feed_active,
    calendar_feed_create,
    calendar_feed_revoke,
    calendar_feed_set_exit_strategy,
)
from reminders.services.preferences import (
    reminder_preferences_for,
    reminder_preferences_pause,
    reminder_preferences_resume,
    reminder_preferences_update,
)
from reminders.unsubscribe import unsubscribe_links_revoke as unsubscribe_links_revoke_service

PAGE = "reminders/page.html"
PREVIEW_LENGTH = 10
LOG_LENGTH = 50


def _today(request):
    return rules.local_date(timezone.now(), request.user.zone)


def _preview(user, now) -> dict:
    """The next ten, and apart from them the safety plan review if it lies further ahead."""
    items = reminders_preview(owner=user, now=now, limit=PREVIEW_LENGTH)
    return {
        "preview": [item for item in items if not item.further],
        "further": next((item for item in items if item.further), None),
    }


def _context(request, *, prefs=None, form=None, pause_form=None, new_feed_url=None) -> dict:
    """Everything the page shows, in a fixed number of queries whatever the history."""
    user, now = request.user, timezone.now()
    prefs = prefs or reminder_preferences_for(user)
    today = _today(request)
    feed = calendar_feed_active(owner=user)
    paused = reminder_rules.is_paused_on(
        today, paused_at=prefs.paused_at, paused_until=prefs.paused_until
    )
    return {
        "prefs": prefs,
        # The form gets its own copy: validating a bad post must not change what
        # the rest of the page says about the saved preferences.
        "form": form
        or ReminderPreferencesForm(
            instance=copy.copy(prefs), next_times=next_times(owner=user, now=now)
        ),
        "pause_form": pause_form or PauseForm(today=today),
        "paused": paused,
        **_preview(user, now),
        "log": delivery_log(owner=user, limit=LOG_LENGTH),
        "checkin_settings": checkin_settings_for(user),
        "opted_out": bool(prefs.phone)
        and SmsOptOut.objects.filter(matching(SmsOptOut, "phone", prefs.phone)).exists(),
        "feed": feed,
        "feed_form": CalendarFeedForm(
            initial={"include_exit_strategy": feed.include_exit_strategy if feed else False}
        ),
        "new_feed_url": new_feed_url,
    }


def reminders(request):
    prefs = reminder_preferences_for(request.user)
    form = ReminderPreferencesForm(
        request.POST or None,
        instance=copy.copy(prefs),
        next_times=next_times(owner=request.user, now=timezone.now()),
    )
    if request.method == "POST" and form.is_valid():
        reminder_preferences_update(owner=request.user, data=form.cleaned_data, now=timezone.now())
        messages.success(request, "Saved. The list of what comes next follows this already.")
        return redirect("reminders:page")
    return render(request, PAGE, _context(request, prefs=prefs, form=form))


def _after_pause_change(request, message: str):
    if request.htmx:
        return render(request, f"{PAGE}#upcoming", {**_context(request), "said": message})
    messages.success(request, message)
    return redirect(reverse("reminders:page") + "#upcoming-heading")


@require_POST
def reminders_pause(request):
    form = PauseForm(request.POST, today=_today(request))
    if not form.is_valid():
        template = f"{PAGE}#upcoming" if request.htmx else PAGE
        return render(request, template, _context(request, pause_form=form))
    until = form.cleaned_data["until"]
    reminder_preferences_pause(owner=request.user, until=until, now=timezone.now())
    if until:
        message = f"Reminders are paused until {date_format(until, 'l j F')}. They come back that morning."
    else:
        message = "All reminders are paused. Resume whenever you like."
    return _after_pause_change(request, message)


@require_POST
def reminders_resume(request):
    reminder_preferences_resume(owner=request.user, now=timezone.now())
    return _after_pause_change(request, "Reminders are back on, on the rhythm you chose.")


@require_POST
@reauthentication_required
def calendar_feed_make(request):
    """A new private calendar address, shown once (only its fingerprint is kept)."""
    form = CalendarFeedForm(request.POST)
    form.is_valid()  # a lone checkbox: anything but "on" means off
    _feed, token = calendar_feed_create(
        owner=request.user,
        include_exit_strategy=form.cleaned_data.get("include_exit_strategy", False),
        now=timezone.now(),
    )
    url = request.build_absolute_uri(reverse("reminders:calendar_feed", args=[token]))
    response = render(request, PAGE, _context(request, new_feed_url=url))
    response["Cache-Control"] = "no-store, private"
    return response


@require_POST
def calendar_feed_options(request):
    form = CalendarFeedForm(request.POST)
    form.is_valid()
    include = form.cleaned_data.get("include_exit_strategy", False)
    if calendar_feed_set_exit_strategy(owner=request.user, include_exit_strategy=include):
        messages.success(
            request,
            "Saved. Exit strategies will be in your calendar from its next update."
            if include
            else "Saved. Exit strategies will leave your calendar at its next update.",
        )
    return redirect(reverse("reminders:page") + "#calendar-heading")


@require_POST
def calendar_feed_stop(request):
    if calendar_feed_revoke(owner=request.user, now=timezone.now()):
        messages.success(
            request,
            "Your calendar address has stopped working. Your calendar app will stop"
            " showing new steps; you can make a new address any time.",
        )
    return redirect(reverse("reminders:page") + "#calendar-heading")


@require_POST
def unsubscribe_links_revoke(request):
    # For a mailbox someone else has read, or an email forwarded by mistake.
    unsubscribe_links_revoke_service(user=request.user)
    messages.success(
        request,
        "Done: the unsubscribe links in your past emails no longer work."
        " Each new email brings a new one.",
    )
    return redirect(reverse("reminders:page") + "#unsubscribe-links-heading")
