"""Cached fragments (common.fragments): never another person's, never a token, never stale.

The home cards, the week grid, the progress charts and each supporter card are
rendered once per change of the person's version stamp. These tests look for
what a cache like that gets wrong: one person's page served to another at the
same version, a card kept after its link's scopes changed, a CSRF token frozen
into stored HTML, and a change that does not show on the very next view.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from accounts.models import User
from common import fragments
from planner.services import week as week_services
from supporters.models import SupporterLink
from tests.factories import ScheduledStepFactory, StepFactory, UserFactory
from tests.supporters.supporting_support import link_for

PAGES = ("planner:home", "planner:week", "planner:progress")
TOKEN = re.compile(r'(csrfmiddlewaretoken" value=")[^"]*|("X-CSRFToken": ")[^"]*')


def page(client, name: str) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def planned(owner, title: str, *, now, days: int = 1):
    step = StepFactory(goal__owner=owner, title=title)
    return ScheduledStepFactory(owner=owner, step=step, starts_at=now + timedelta(days=days))


def test_two_people_at_the_same_version_never_see_each_others_pages(db, frozen):
    # Alike in everything a key could hold but who they are: name, zone, locale, version.
    alike = {"display_name": "Sam", "timezone": "Europe/Dublin", "locale": "en-IE"}
    first, second = UserFactory(**alike), UserFactory(**alike)
    planned(first, "Walk to the library", now=frozen)
    planned(second, "Phone my brother", now=frozen)
    assert User.objects.get(pk=first.pk).data_version == User.objects.get(pk=second.pk).data_version
    clients = {}
    for person in (first, second):
        clients[person.pk] = Client()
        clients[person.pk].force_login(person)
    for _ in range(2):  # the second round is served from the cache
        for name in ("planner:home", "planner:week"):
            mine = page(clients[first.pk], name)
            theirs = page(clients[second.pk], name)
            assert "Walk to the library" in mine and "Phone my brother" not in mine
            assert "Phone my brother" in theirs and "Walk to the library" not in theirs


def test_a_supporters_card_follows_the_links_scopes_even_when_the_version_stands(
    frozen, alice, bob, carol
):
    planned(alice, "Alice walks to the library", now=frozen)
    link = link_for(alice, bob, "plan", "practice", "checkins")
    link_for(alice, carol)  # carol is shown nothing but alice's name
    bob_client, carol_client = Client(), Client()
    bob_client.force_login(bob)
    carol_client.force_login(carol)
    dashboard = reverse("supporting:dashboard")

    assert "1 step planned this week" in bob_client.get(dashboard).content.decode()
    assert "1 step planned" not in carol_client.get(dashboard).content.decode()
    # Scopes withdrawn behind every service's back: the version stays, the card must not.
    SupporterLink.objects.filter(pk=link.pk).update(scope_plan=False, scope_practice=False)
    html = bob_client.get(dashboard).content.decode()
    assert "step planned" not in html and "No check-ins so far this week" in html
    SupporterLink.objects.filter(pk=link.pk).update(scope_checkins=False)
    assert "chosen to keep things private" in bob_client.get(dashboard).content.decode()


def test_the_stored_week_holds_a_marker_where_each_answer_puts_its_own_token(frozen, alice):
    planned(alice, "Alice walks to the library", now=frozen)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client in (first, second):
        client.force_login(alice)
        client.get(reverse("planner:week"))  # the second visit is served from the cache
    raw = [cache.get(key) for key in cache_keys("week")]
    # Encrypted like the database's free text: the step's title is not in the cache.
    assert raw and not any("Alice walks" in value for value in raw)
    stored = [fragments._open(value) for value in raw]
    assert all("Alice walks" in html and fragments.CSRF_MARK in html for html in stored)
    assert not any(fragments.leaks(html) for html in stored)
    # The cached page's token is this session's own: its rest-day form goes through.
    html = page(second, "planner:week")
    token = re.search(r'csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    assert token != fragments.CSRF_MARK
    day = frozen.date().isoformat()
    answer = second.post(
        reverse("planner:rest_day_set"),
        {"day": day, "resting": "true", "csrfmiddlewaretoken": token},
    )
    assert answer.status_code == 302


def cache_keys(name: str) -> list[str]:
    """The keys of stored fragments called `name` (Redis or the file cache alike)."""
    seen = getattr(cache, "_cache", None)
    if hasattr(seen, "get_client"):  # Redis
        client = seen.get_client(None)
        prefix = cache.make_key("")
        found = client.keys(f"{prefix}fragment:*:{name}:*")
        return [key.decode()[len(prefix) :] for key in found]
    return [key for key in fragments_written if f":{name}:" in key]


fragments_written: list[str] = []


@pytest.fixture(autouse=True)
def _remember_keys(monkeypatch):
    """On caches that cannot list their keys, note each fragment written."""
    fragments_written.clear()
    original = cache.set

    def noting(key, *args, **kwargs):
        if key.startswith("fragment:"):
            fragments_written.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", noting)


def test_a_fragment_that_renders_a_real_token_is_shown_but_never_stored(alice):
    template = Template(
        '{% load fragments %}{% fragment f %}<input type="hidden" name="csrfmiddlewaretoken" '
        'value="{{ token }}">{% endfragment %}'
    )
    fragment = fragments.Fragment("leaky", alice, lambda: {"token": "a-real-token"})
    html = template.render(Context({"f": fragment}))
    assert "a-real-token" in html
    assert cache.get(fragment.key()) is None


def test_the_cache_entry_of_a_week_ends_when_its_next_step_begins(frozen, alice, alice_client):
    planned(alice, "Soon", now=frozen, days=0)  # starts at `frozen` itself: already begun
    later = planned(alice, "Later today", now=frozen + timedelta(hours=2), days=0)
    timeouts = []
    original = fragments.Fragment.timeout

    def noting(self, loaded, now=None):
        timeouts.append(original(self, loaded, now))
        return timeouts[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fragments.Fragment, "timeout", noting)
        alice_client.get(reverse("planner:week"))
    # Two hours: then "Later today" asks how it went instead of offering a forecast.
    assert later.starts_at - frozen - timedelta(seconds=5) <= timedelta(seconds=timeouts[0])
    assert timedelta(seconds=timeouts[0]) <= later.starts_at - frozen + timedelta(seconds=5)


def test_a_change_through_a_service_shows_on_the_next_htmx_answer_too(frozen, alice, alice_client):
    """An htmx POST answers with the week it just changed: the stamp is read afresh."""
    alice_client.get(reverse("planner:week"))
    day = frozen.astimezone(alice.zone).date()
    answer = alice_client.post(
        reverse("planner:rest_day_set"),
        {"day": day.isoformat(), "resting": "true"},
        HTTP_HX_REQUEST="true",
    )
    assert "Plan on this day after all" in answer.content.decode()
    week_services.rest_day_set(owner=alice, day=day, resting=False)
    assert "Plan on this day after all" not in page(alice_client, "planner:week")


@pytest.mark.parametrize("history", ["new", "three years"])
def test_warm_pages_take_at_most_eight_queries(
    frozen, alice, alice_client, history, django_assert_max_num_queries
):
    if history == "three years":
        from planner.demo.progress import years_of_history

        years_of_history(alice, years=3, today=frozen.astimezone(alice.zone).date())
    for name in PAGES:
        page(alice_client, name)  # cold: renders and stores
        with django_assert_max_num_queries(8):
            page(alice_client, name)


def normalised(html: str) -> str:
    return TOKEN.sub(lambda m: (m[1] or m[2]) + "TOKEN", html)


def other_user():
    return UserFactory(timezone="Europe/Dublin", locale="en-IE")
