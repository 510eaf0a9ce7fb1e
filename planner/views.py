from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


def home(request):
    return render(request, "planner/home.html")


@login_not_required
def safety_plan(request):
    # Reachable signed out too: someone in a hard moment must not meet a sign-in
    # wall first. Signed out, it shows only general help, nothing personal.
    # The full plan (sections, versions, private link) comes with its own issue.
    return render(request, "planner/safety_plan.html")
