from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.forms import ProfileForm
from accounts.services.profile import profile_update


def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        profile_update(user=request.user, data=form.cleaned_data, now=timezone.now())
        messages.success(request, "Saved. Your times now follow this.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
