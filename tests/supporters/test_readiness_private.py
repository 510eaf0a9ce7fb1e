"""Sam's dashboard told him a step of Maya's "looks ready to move up", which invites
pressure (issue 16, item 5). Readiness is now the person's own unless they tick
"show when a step looks ready" (part of practice, off by default)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supporters.export import links_export
from tests.factories import AttemptFactory, StepFactory
from tests.supporters.supporting_support import html_of, link_for

pytestmark = pytest.mark.django_db

# What claims a step is ready (the person page may still list "when a step looks ready
# to move up" under "Not shared with you", which claims nothing).
READY_WORDS = ("looks ready to move up, whenever", "Looking ready", "look ready.", "looks ready.")


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


@pytest.fixture
def ready_step(alice):
    step = StepFactory(goal__owner=alice, title="Say hello to a neighbour", position=0)
    StepFactory(goal=step.goal, title="Ask a neighbour round for tea", position=1)
    now = timezone.now()
    for days, peak in ((9, 70), (5, 30), (2, 25)):
        AttemptFactory(step=step, suds_peak=peak, happened_at=now - timedelta(days=days))
    return step


def pages(client, alice, *, practice=True) -> dict[str, str]:
    names = ["supporting:person", *(["supporting:practice"] if practice else [])]
    return {
        "supporting:dashboard": html_of(client, reverse("supporting:dashboard")),
        **{name: html_of(client, reverse(name, args=[alice.pk])) for name in names},
    }


def test_readiness_stays_private_with_practice_shared(bob_client, alice, bob, ready_step):
    link = link_for(alice, bob, "plan", "practice")
    assert link.share_readiness is False
    for name, html in pages(bob_client, alice).items():
        for words in READY_WORDS:
            assert words not in html, (name, words)
    # The practice page still shows how each step went.
    assert "Say hello to a neighbour" in pages(bob_client, alice)["supporting:practice"]


def test_readiness_shows_when_the_person_ticks_it(bob_client, alice, bob, ready_step):
    link_for(alice, bob, "plan", "practice", share_readiness=True)
    html = pages(bob_client, alice)
    assert "“Say hello to a neighbour” looks ready to move up" in html["supporting:dashboard"]
    assert "Looking ready to move up" in html["supporting:practice"]


def test_the_tick_means_nothing_without_practice(bob_client, alice, bob, ready_step):
    link_for(alice, bob, "plan", share_readiness=True)
    for html in pages(bob_client, alice, practice=False).values():
        for words in READY_WORDS:
            assert words not in html


def test_the_export_of_links_says_whether_readiness_was_shared(alice, bob, carol):
    link_for(alice, bob, "practice", share_readiness=True)
    link_for(alice, carol, "practice")
    assert [row["shows_when_ready"] for row in links_export(alice)] == [True, False]
