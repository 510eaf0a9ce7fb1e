from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from planner.models import Attempt
from planner.selectors.engagement import welcome_back_due
from planner.services.engagement import welcome_back_mark


def welcome_back_redirect(request, *, now):
    """For the home view: send the person here once, on their return from a quiet spell."""
    if welcome_back_due(request.user, now=now) is not None:
        return redirect("planner:welcome_back")
    return None


@require_safe
def welcome_back(request):
    """A calm hello after a quiet spell: three ways on, none of them required.

    Showing it counts as the once for this return, so home goes back to normal.
    """
    now = timezone.now()
    due = welcome_back_due(request.user, now=now)
    if due is not None:
        welcome_back_mark(owner=request.user, last_log_at=due, now=now)
    # The step practised last is where a smaller version makes most sense.
    last = (
        Attempt.objects.filter(owner=request.user, happened_at__isnull=False)
        .select_related("step")
        .order_by("-happened_at", "-pk")
        .first()
    )
    context = {"last_step": last.step if last else None}
    return render(request, "planner/welcome_back/welcome_back.html", context)
