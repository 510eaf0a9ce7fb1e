from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from common.fragments import Fragment, soonest
from planner import extensions, rules
from planner.selectors import practice as practice_selectors
from planner.selectors import week as week_selectors
from planner.selectors.wins import latest_win
from planner.views.welcome_back import welcome_back_redirect


def _cards(owner, *, today, now) -> dict:
    """What the home cards show: read only when their cached rendering is missing."""
    plan = week_selectors.week_plan(owner=owner, day=today, now=now)
    points = practice_selectors.forecast_points(
        owner=owner, limit=practice_selectors.SUMMARY_WINDOW
    )
    return {
        "plan": plan,
        "next": week_selectors.next_scheduled(owner=owner, now=now),
        # A step whose time has come and that has no outcome yet: the quickest thing to log.
        "to_log": next(
            (c for c in plan.cards if c.is_past and c.state in {"planned", "predicted"}), None
        ),
        "points": points,
        "summary": practice_selectors.summary_of(points),
        "logged_count": practice_selectors.attempts_logged_count(owner),
        "latest_win": latest_win(owner),
        # Notes from supporters: each writer of them bumps this person (supporters.services).
        **{name: make(owner) for name, make in extensions.home_context.items()},
    }


def home_fragment(owner, *, now) -> Fragment:
    today = rules.local_date(now, owner.zone)
    return Fragment(
        "home",
        owner,
        lambda: _cards(owner, today=today, now=now),
        parts=(owner.zone, owner.locale, today, owner.display_name, owner.discreet),
        # A step starting turns into "how did it go?", and the next step moves on.
        until=lambda c: soonest(
            [card.scheduled.starts_at for card in c["plan"].cards]
            + [c["next"] and c["next"].starts_at],
            after=now,
        ),
    )


@require_GET
def home(request):
    """This week at a glance, the next step with what the person needs for it, and a
    line of progress: rendered once per change (common.fragments), so a warm view
    costs the session and little else, for a new person and a veteran alike."""
    for elsewhere in extensions.home_redirects.values():
        if url := elsewhere(request):
            return redirect(url)
    now = timezone.now()
    if welcome_back := welcome_back_redirect(request, now=now):
        return welcome_back
    return render(request, "planner/home.html", {"home": home_fragment(request.user, now=now)})
