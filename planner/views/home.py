from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from planner import extensions, rules
from planner.selectors import practice as practice_selectors
from planner.selectors import week as week_selectors
from planner.selectors.wins import latest_win
from planner.views.welcome_back import welcome_back_redirect


@require_GET
def home(request):
    """This week at a glance, the next step with what the person needs for it, and a
    line of progress: the same handful of queries for a new person and a veteran."""
    for elsewhere in extensions.home_redirects.values():
        if url := elsewhere(request):
            return redirect(url)
    now = timezone.now()
    if welcome_back := welcome_back_redirect(request, now=now):
        return welcome_back
    today = rules.local_date(now, request.user.zone)
    plan = week_selectors.week_plan(owner=request.user, day=today, now=now)
    points = practice_selectors.forecast_points(
        owner=request.user, limit=practice_selectors.SUMMARY_WINDOW
    )
    # A step whose time has come and that has no outcome yet: the quickest thing to log.
    to_log = next(
        (c for c in plan.cards if c.is_past and c.state in {"planned", "predicted"}), None
    )
    context = {
        "plan": plan,
        "next": week_selectors.next_scheduled(owner=request.user, now=now),
        "to_log": to_log,
        "points": points,
        "summary": practice_selectors.summary_of(points),
        "logged_count": practice_selectors.attempts_logged_count(request.user),
        "latest_win": latest_win(request.user),
    }
    context.update({name: make(request.user) for name, make in extensions.home_context.items()})
    return render(request, "planner/home.html", context)
