from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_POST

from common.fragments import Fragment, soonest
from planner import rules
from planner.forms.week import PlanSettingsForm, RestDayForm, ScheduleForm, WhenForm
from planner.models import ScheduledStep
from planner.selectors import week as selectors
from planner.services import week as services

WEEK = "planner/week/week.html"


def _get_scheduled_for_user(request, pk: int) -> ScheduledStep:
    # Anyone else's scheduled step is simply not there: 404, never 403.
    return get_object_or_404(
        ScheduledStep.objects.select_related("step__goal", "step__ally"), pk=pk, owner=request.user
    )


def week_url(person, day: date, anchor: str = "") -> str:
    start = selectors.week_start_for(person, day)
    url = reverse(
        "planner:week_of", kwargs={"year": start.year, "month": start.month, "day": start.day}
    )
    return f"{url}#{anchor}" if anchor else url


def scheduled_week_url(request, scheduled: ScheduledStep) -> str:
    day = rules.local_date(scheduled.starts_at, request.user.zone)
    return week_url(request.user, day, f"scheduled-{scheduled.pk}")


def _today(request) -> date:
    return rules.local_date(timezone.now(), request.user.zone)


def week_fragment(request, day: date, said: str = "") -> Fragment:
    """The week grid, rendered once per change (common.fragments): its queries run only
    when the person's data, day or settings moved since the last rendering."""
    owner, now = request.user, timezone.now()
    today = rules.local_date(now, owner.zone)
    return Fragment(
        "week",
        owner,
        lambda: {"plan": selectors.week_plan(owner=owner, day=day, now=now)},
        # request.htmx: the heading takes focus after a swap; `said` is spoken by the
        # page's live region after one, and must not be kept for the next plain view.
        parts=(owner.zone, owner.locale, today, day, bool(request.htmx), owner.discreet, said),
        # A step whose start passes offers "how did it go?" instead of "before you go".
        until=lambda c: soonest([card.scheduled.starts_at for card in c["plan"].cards], after=now),
    )


def _render_week(request, day: date, said: str = ""):
    """The week holding `day`: the whole page, or only its region for htmx, which
    then says `said` (what just changed) through the page's live region."""
    context = {"week": week_fragment(request, day, said), "said": said}
    # A history restore after a cache miss wants the whole page back.
    partial = request.htmx and not request.htmx.history_restore_request
    return render(request, f"{WEEK}#week" if partial else WEEK, context)


@require_GET
def week(request, year: int | None = None, month: int | None = None, day: int | None = None):
    if year is None:
        return _render_week(request, _today(request))
    try:
        shown = date(year, month, day)
    except ValueError as error:
        raise Http404("No such day") from error
    return _render_week(request, shown)


@require_GET
def scheduled_step_card(request, pk: int):
    """One card: swapped back in by htmx when a form in it is closed; else its week."""
    scheduled = _get_scheduled_for_user(request, pk)
    if not request.htmx:
        return redirect(scheduled_week_url(request, scheduled))
    card = selectors.card_get(owner=request.user, pk=scheduled.pk, now=timezone.now())
    return render(request, f"{WEEK}#card", {"card": card})


def _schedule_initial(request) -> dict:
    """Pre-fill from a link such as "try an easier step": ?step=12&minutes=10&day=...

    Without a day, the next free evening that is still ahead (never a time gone by).
    """
    slot = selectors.free_slot_for(owner=request.user, now=timezone.now())
    initial = {"at": slot.at.strftime("%H:%M"), "day": slot.day}
    for name, key in (("step", "step"), ("planned_minutes", "minutes"), ("day", "day")):
        if request.GET.get(key):
            initial[name] = request.GET[key]
    return initial


def _asks_first(request, form, check: rules.CapacityCheck, *, action: str):
    """The capacity question, as a page of its own: works the same with or without JS.

    "Keep it" posts the same values back with confirmed=true; "change it" posts
    them back with change=1, and the form comes back filled in as typed.
    """
    if not check.asks or form.cleaned_data["confirmed"]:
        return None
    return render(
        request, "planner/week/confirm.html", {"form": form, "check": check, "action": action}
    )


def scheduled_step_create(request):
    zone = request.user.zone
    form = ScheduleForm(
        request.POST or None,
        owner=request.user,
        zone=zone,
        today=_today(request),
        initial=_schedule_initial(request),
        auto_id="schedule_%s",
    )
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        data = form.cleaned_data
        check = selectors.capacity_for(owner=request.user, starts_at=data["starts_at"])
        action = reverse("planner:scheduled_step_create")
        if asking := _asks_first(request, form, check, action=action):
            return asking
        scheduled = services.scheduled_step_create(
            owner=request.user,
            step=data["step"],
            starts_at=data["starts_at"],
            planned_minutes=data["planned_minutes"],
            ally_note=data.get("ally_note") or "",
        )
        messages.success(request, _planned_message(data))
        return redirect(scheduled_week_url(request, scheduled))
    paused = selectors.plan_settings_for(request.user).is_paused
    return render(request, "planner/week/schedule.html", {"form": form, "paused": paused})


def _planned_message(data) -> str:
    message = f"Planned: {data['step'].title}."
    if data.get("repeated"):
        message += (
            " The clocks go back that night, so that time happens twice: we've kept the first one."
        )
    return message


def scheduled_step_reschedule(request, pk: int):
    scheduled = _get_scheduled_for_user(request, pk)
    zone = request.user.zone
    local = scheduled.starts_at.astimezone(zone)
    form = WhenForm(
        request.POST or None,
        owner=request.user,
        zone=zone,
        today=_today(request),
        initial={
            "day": local.date(),
            "at": local.time().replace(second=0, microsecond=0),
            "planned_minutes": scheduled.planned_minutes,
            "ally_note": scheduled.ally_note,
        },
        ally_name=scheduled.step.ally.name if scheduled.step.ally else "",
    )
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        data = form.cleaned_data
        check = selectors.capacity_for(
            owner=request.user, starts_at=data["starts_at"], exclude_pk=scheduled.pk
        )
        action = reverse("planner:scheduled_step_reschedule", args=[scheduled.pk])
        if asking := _asks_first(request, form, check, action=action):
            return asking
        services.scheduled_step_reschedule(
            scheduled=scheduled,
            starts_at=data["starts_at"],
            planned_minutes=data["planned_minutes"],
            ally_note=data.get("ally_note"),
        )
        messages.success(request, f"Moved: {scheduled.step.title}.")
        return redirect(scheduled_week_url(request, scheduled))
    return render(request, "planner/week/reschedule.html", {"form": form, "scheduled": scheduled})


@require_POST
def scheduled_step_cancel(request, pk: int):
    scheduled = services.scheduled_step_cancel(scheduled=_get_scheduled_for_user(request, pk))
    day = rules.local_date(scheduled.starts_at, request.user.zone)
    said = f"“{scheduled.step.title}” is set to not this time."
    if request.htmx:
        return _render_week(request, day, said)
    messages.success(request, said)
    return redirect(scheduled_week_url(request, scheduled))


@require_POST
def rest_day_set(request):
    form = RestDayForm(request.POST)
    if not form.is_valid():
        # Only a hand-made request gets here: the buttons always carry a day.
        messages.info(request, "We couldn't tell which day that was. Nothing changed.")
        return redirect("planner:week")
    day = form.cleaned_data["day"]
    services.rest_day_set(owner=request.user, day=day, resting=form.cleaned_data["resting"])
    if request.htmx:
        name = date_format(day, "l j F")
        resting = form.cleaned_data["resting"]
        said = f"{name} is a rest day." if resting else f"{name} is open for steps again."
        return _render_week(request, day, said)
    return redirect(week_url(request.user, day, f"day-{day.isoformat()}"))


def plan_settings(request):
    settings = selectors.plan_settings_for(request.user)
    form = PlanSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        services.plan_settings_update(
            owner=request.user,
            weekly_capacity=form.cleaned_data["weekly_capacity"],
            max_per_day=form.cleaned_data["max_per_day"],
        )
        messages.success(request, "Saved. Your week follows this from now on.")
        return redirect("planner:week")
    return render(request, "planner/week/settings.html", {"form": form, "settings": settings})


@require_POST
def plan_pause(request):
    services.plan_pause(owner=request.user, now=timezone.now())
    messages.success(request, "Everything is paused. Rest well; resume whenever you're ready.")
    return redirect("planner:week")


@require_POST
def plan_resume(request):
    services.plan_resume(owner=request.user, now=timezone.now())
    messages.success(request, "Welcome back. Everything you had planned is active again.")
    return redirect("planner:week")
