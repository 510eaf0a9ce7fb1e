"""A property over the services: after any of them, the very next view shows the change.

Each step of a generated run warms the person's cached pages, calls one service,
then compares each page as served (cache and all) with the same page rendered
from nothing: they must match, CSRF tokens aside.
"""

import re
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import rules
from planner.services import checkins, practice, week, wins
from tests.factories import StepFactory, UserFactory

PAGES = ("planner:home", "planner:week", "planner:progress")
TOKEN = re.compile(r'(csrfmiddlewaretoken" value=")[^"]*|("X-CSRFToken": ")[^"]*')


def normalised(html: str) -> str:
    return TOKEN.sub(lambda m: (m[1] or m[2]) + "TOKEN", html)


def act(name: str, n: int, *, owner, step) -> None:
    now = timezone.now()
    today = rules.local_date(now, owner.zone)
    if name == "plan":
        week.scheduled_step_create(
            owner=owner,
            step=step,
            starts_at=now + timedelta(days=n % 6, hours=2),
            planned_minutes=10,
            now=now,
        )
    elif name == "cancel":
        planned = owner.scheduled_steps.filter(status="planned").order_by("-pk").first()
        if planned:
            week.scheduled_step_cancel(scheduled=planned, now=now)
    elif name == "rest":
        week.rest_day_set(owner=owner, day=today + timedelta(days=n % 6), resting=n % 2 == 0)
    elif name == "pause":
        week.plan_pause(owner=owner, now=now)
    elif name == "resume":
        week.plan_resume(owner=owner, now=now)
    elif name == "log":
        practice.attempt_log(
            owner=owner,
            step=step,
            predicted_peak=None,
            suds_before=30,
            suds_peak=10 + n,
            suds_after=20,
            minutes_stayed=10,
            used_exit_strategy=False,
            now=now,
        )
    elif name == "checkin":
        checkins.checkin_log(
            owner=owner, now=now, mood=1 + n % 5, distress=n, energy=3, interactions=n % 4
        )
    elif name == "win":
        wins.win_add(owner=owner, text=f"Said hello to a neighbour ({n})", now=now)


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["plan", "cancel", "rest", "pause", "resume", "log", "checkin", "win"]),
        st.integers(min_value=0, max_value=60),
    ),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=ACTIONS)
def test_every_change_through_a_service_shows_on_the_very_next_view(db, frozen, actions):
    owner = UserFactory(timezone="Europe/Dublin", locale="en-IE")
    step = StepFactory(goal__owner=owner, title="Walk to the corner shop")
    client = Client()
    client.force_login(owner)
    for name, n in actions:
        for page in PAGES:
            client.get(reverse(page))  # warm: the cache holds every page as it was
        try:
            act(name, n, owner=owner, step=step)
        except ValidationError:
            continue  # refused, nothing changed (a full day, a step already logged...)
        for page in PAGES:
            served = client.get(reverse(page))
            cache.clear()
            fresh = client.get(reverse(page))
            assert served.status_code == fresh.status_code == 200
            assert normalised(served.content.decode()) == normalised(fresh.content.decode()), (
                f"{page} after {name}({n}) still showed the page from before"
            )
