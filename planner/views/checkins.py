from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from planner import rules_checkins
from planner.forms.checkins import CheckInForm, CheckInSettingsForm
from planner.selectors import checkins as selectors
from planner.services import checkins as services

PAGE = "planner/checkins/checkin.html"


def _initial(page) -> dict:
    """This period's check-in, so a second visit edits it; blank otherwise."""
    current = page.current
    if current is None:
        return {}
    return {
        "mood": current.mood,
        "distress": rules_checkins.tap_from_distress(current.distress),
        "energy": current.energy,
        "interactions": current.interactions,
        "note": current.note,
        "tags": [tag.name for tag in current.tags.all()],
    }


def checkin(request):
    now = timezone.now()
    page = selectors.checkin_page(owner=request.user, now=now)
    chosen = request.POST.getlist("tags") if request.method == "POST" else []
    form = CheckInForm(
        request.POST or None,
        initial=_initial(page),
        tag_names=selectors.tag_choices(request.user, chosen=chosen),
        auto_id="checkin_%s",
    )
    saved = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _, created = services.checkin_log(
            owner=request.user,
            now=now,
            mood=data["mood"],
            distress=data["distress"],
            energy=data["energy"],
            interactions=data["interactions"],
            note=data["note"],
            tags=form.all_tags(),
        )
        saved = "Thank you for checking in." if created else "Updated this check-in."
        if not request.htmx:
            messages.success(request, saved)
            return redirect("planner:checkin")
        # In place: the panel comes back with the saved values, ready to edit.
        page = selectors.checkin_page(owner=request.user, now=now)
        form = CheckInForm(
            initial=_initial(page),
            tag_names=selectors.tag_choices(request.user),
            auto_id="checkin_%s",
        )
    partial = request.htmx and not request.htmx.history_restore_request
    return render(
        request,
        f"{PAGE}#panel" if partial else PAGE,
        {"page": page, "form": form, "saved": saved},
    )


def checkin_settings(request):
    settings = selectors.checkin_settings_for(request.user)
    form = CheckInSettingsForm(
        request.POST or None,
        initial={"rhythm": settings.rhythm, "weekday": settings.weekday, "at": settings.at},
    )
    if request.method == "POST" and form.is_valid():
        services.checkin_settings_update(owner=request.user, **form.cleaned_data)
        messages.success(request, "Your check-in rhythm is saved.")
        return redirect("planner:checkin")
    return render(request, "planner/checkins/settings.html", {"form": form})
