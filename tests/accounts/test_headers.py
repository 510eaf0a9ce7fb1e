"""Headers every response carries: no caching of a signed-in page, a Permissions-Policy.

A shared computer keeps what its browser cached after the person signs out (the back
button, the disk cache): a journal page must never be there to find. And no page may
reach for the camera, microphone or location, while passkeys keep working.
"""

import pytest
from django.core.management import call_command
from django.urls import get_resolver, reverse

from accounts.models import User
from planner.models import Goal, JournalEntry, ThoughtRecord
from tests.access_support import named_patterns

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya(frozen, client):
    call_command("seed_demo", verbosity=0)
    maya = User.objects.get(email="maya@demo.stepwise.localhost")
    client.force_login(maya)
    return maya


def _pages_without_kwargs() -> list[str]:
    return sorted(
        name for name, kwargs in named_patterns(get_resolver().url_patterns) if not kwargs
    )


def _some_pages_with_kwargs(maya) -> list[str]:
    return [
        reverse("planner:goal_detail", args=[Goal.objects.filter(owner=maya).first().pk]),
        reverse("planner:journal_entry", args=[JournalEntry.objects.filter(owner=maya)[0].pk]),
        reverse("planner:thought", args=[ThoughtRecord.objects.filter(owner=maya)[0].pk]),
        reverse("planner:safety_section_edit", kwargs={"section": "coping"}),
        reverse("planner:week_of", kwargs={"year": 2026, "month": 6, "day": 8}),
    ]


def test_no_signed_in_page_may_be_stored_by_any_cache(client, maya):
    urls = [reverse(name) for name in _pages_without_kwargs()] + _some_pages_with_kwargs(maya)
    stored = []
    for url in urls:
        if url == reverse("account_logout"):
            continue  # asked for by GET it only asks "sign out?"; checked below
        response = client.get(url)
        if "no-store" not in response.get("Cache-Control", ""):
            stored.append(f"{url} ({response.status_code}): {response.get('Cache-Control')!r}")
    assert len(urls) > 60
    assert not stored, "A signed-in page a browser may keep:\n  " + "\n  ".join(stored)


def test_the_journal_and_the_sign_out_question_are_not_stored(client, maya):
    entry = JournalEntry.objects.filter(owner=maya)[0]
    for url in (reverse("planner:journal_entry", args=[entry.pk]), reverse("account_logout")):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


# --- Permissions-Policy ------------------------------------------------------------------
DENIED = ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics")
PASSKEYS = ("publickey-credentials-get", "publickey-credentials-create")


def _policy(response) -> dict[str, str]:
    header = response["Permissions-Policy"]
    return dict(item.strip().split("=", 1) for item in header.split(","))


def test_every_kind_of_response_carries_the_permissions_policy(client, alice):
    answers = [
        client.get(reverse("account_login")),
        client.get("/no-such-page/"),
        client.get(reverse("healthz")),
        client.get(reverse("planner:safety_plan")),
    ]
    client.force_login(alice)
    answers += [
        client.get(reverse("accounts:profile")),
        client.get(reverse("planner:export_json")),
        client.post(reverse("accounts:discreet"), {"discreet": "on"}),
    ]
    for response in answers:
        policy = _policy(response)
        assert all(policy[feature] == "()" for feature in DENIED), policy
        assert all(policy[feature] == "(self)" for feature in PASSKEYS), policy
