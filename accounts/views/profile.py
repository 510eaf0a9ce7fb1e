from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.forms import DiscreetForm, ProfileForm
from accounts.selectors.security_events import security_events_recent
from accounts.services.profile import profile_update
from common.http import back_to


def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        profile_update(user=request.user, data=form.cleaned_data, now=timezone.now())
        messages.success(request, "Saved. Your times now follow this.")
        return redirect("accounts:profile")
    events = security_events_recent(user=request.user, now=timezone.now())
    return render(request, "accounts/profile.html", {"form": form, "security_events": events})


@require_POST
def discreet_set(request):
    """Discreet mode on or off from any page that offers it; back to that page."""
    form = DiscreetForm(request.POST)
    form.is_valid()  # a lone checkbox: absent means off, so it is always valid
    discreet = form.cleaned_data.get("discreet", False)
    profile_update(user=request.user, data={"discreet": discreet}, now=timezone.now())
    messages.success(request, "Discreet mode is on." if discreet else "Discreet mode is off.")
    return redirect(back_to(request, request.POST.get("next"), "accounts:profile"))
