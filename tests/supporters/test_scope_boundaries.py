"""Goal titles, step titles and exit strategies are the plan's (issue 14.5).

A supporter without the plan scope never meets one: not on any page they can
open, not in the weekly summary. Alice's goal, step and exit strategy carry
markers; her step is planned this week, has gone calmly twice (so it looks ready
to move up) and she reviewed her safety plan, so every page has something to say.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planner.services.safety import safety_plan_review
from reminders.messages.supporters import digest_message
from reminders.models import Outbox, ReminderKind
from tests.factories import AttemptFactory, CheckInFactory, ScheduledStepFactory, StepFactory
from tests.planner.safety_support import fill_plan
from tests.supporters.supporting_support import link_for

pytestmark = pytest.mark.django_db

MARKERS = {
    "goal title": "MARKER-goal-title",
    "step title": "MARKER-step-title",
    "exit strategy": "MARKER-exit-strategy",
}


@pytest.fixture
def world(alice):
    fill_plan(alice)
    step = StepFactory(
        goal__owner=alice,
        goal__title=MARKERS["goal title"],
        title=MARKERS["step title"],
        exit_strategy=MARKERS["exit strategy"],
    )
    ScheduledStepFactory(step=step, starts_at=timezone.now() - timedelta(hours=2))
    for days in (3, 2):
        AttemptFactory(step=step, suds_peak=20, happened_at=timezone.now() - timedelta(days=days))
    CheckInFactory(owner=alice)
    safety_plan_review(owner=alice, now=timezone.now() - timedelta(hours=1))
    return alice


def pages_of(alice, *names) -> dict[str, str]:
    pages = {"supporting:dashboard": reverse("supporting:dashboard")}
    return pages | {name: reverse(name, args=[alice.pk]) for name in names}


def read(client, pages: dict[str, str]) -> dict[str, str]:
    html = {}
    for name, address in pages.items():
        response = client.get(address)
        assert response.status_code == 200, name
        html[name] = response.content.decode()
    return html


def leaks(texts: dict[str, str]) -> list[str]:
    return [
        f"{field} on {where}"
        for where, text in texts.items()
        for field, marker in MARKERS.items()
        if marker in text
    ]


def digest_texts(link) -> dict[str, str]:
    texts = {}
    for channel, to in (("email", "bob@example.org"), ("sms", "+353861234567")):
        row = Outbox.objects.create(
            recipient=link.supporter,
            kind=ReminderKind.DIGEST,
            channel=channel,
            supporter_link=link,
            due_at=timezone.now(),
            dedupe_key=f"digest:{link.pk}:{channel}:now",
        )
        message = digest_message(row, to)
        texts |= {
            f"weekly summary {channel} subject": message.subject,
            f"weekly summary {channel} text": message.text,
            f"weekly summary {channel} html": message.html,
        }
    return texts


def test_a_safety_only_supporter_never_meets_a_goal_or_step_title_or_exit_strategy(
    client, world, bob
):
    link = link_for(world, bob, "safety", digest_enabled=True)
    client.force_login(bob)

    html = read(client, pages_of(world, "supporting:person", "supporting:safety"))
    texts = html | digest_texts(link)

    assert leaks(texts) == []
    # The safety plan itself is all there, her own exit strategies for social settings too.
    assert "Say I have an early start" in html["supporting:safety"]
    assert "looked over their safety plan" in texts["weekly summary email text"]


def test_with_the_plan_scope_too_the_safety_plan_shows_each_steps_way_out(client, world, bob):
    link_for(world, bob, "safety", "plan")
    client.force_login(bob)

    html = read(client, pages_of(world, "supporting:safety"))["supporting:safety"]

    assert MARKERS["exit strategy"] in html and MARKERS["step title"] in html


def test_a_practice_only_supporter_sees_how_steps_went_but_not_their_titles(client, world, bob):
    # Readiness shown too (the person ticked it): even then the ready step has no name.
    link = link_for(world, bob, "practice", digest_enabled=True, share_readiness=True)
    client.force_login(bob)

    html = read(client, pages_of(world, "supporting:person", "supporting:practice"))
    texts = html | digest_texts(link)

    assert leaks(texts) == []
    # The numbers are still there, and the ready step is told without its name.
    assert "A step looks ready to move up" in html["supporting:dashboard"]
    assert "1 step looks ready" in html["supporting:practice"]
    assert "Showed up: 2 times" in texts["weekly summary email text"]


def test_with_the_plan_scope_too_the_practice_pages_name_the_steps(client, world, bob):
    link_for(world, bob, "practice", "plan", share_readiness=True)
    client.force_login(bob)

    html = read(client, pages_of(world, "supporting:practice"))

    assert MARKERS["step title"] in html["supporting:practice"]
    assert MARKERS["step title"] in html["supporting:dashboard"]


@pytest.mark.parametrize("scope", ["checkins", "journal"])
def test_other_scopes_alone_never_show_a_title_or_way_out_either(client, world, bob, scope):
    link = link_for(world, bob, scope, digest_enabled=True)
    client.force_login(bob)
    page = {"checkins": "supporting:checkins", "journal": "supporting:journal"}[scope]

    texts = read(client, pages_of(world, "supporting:person", page)) | digest_texts(link)

    assert leaks(texts) == []
