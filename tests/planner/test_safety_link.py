import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from planner.models import SafetyPlanLink
from planner.models.safety import Section
from planner.services.safety import safety_link_create, safety_section_save
from planner.views.safety import UNKNOWN_TOKEN_LIMIT
from tests.factories import GoalFactory, StepFactory, TrustedContactFactory
from tests.pages import assert_shows
from tests.planner.safety_support import fill_plan

pytestmark = pytest.mark.django_db

LINK_PAGE = reverse("planner:safety_link")


def shared_url(token):
    return reverse("planner:safety_shared", args=[token])


def make_link(client):
    """Make a link as the signed-in person, the way they would: return its address."""
    html = client.post(LINK_PAGE).content.decode()
    return re.search(r'class="private-url" href="(http://testserver[^"]+)"', html).group(1)


def test_a_new_link_is_shown_once_and_only_its_hash_is_kept(alice_client, alice):
    url = make_link(alice_client)
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 43
    link = SafetyPlanLink.objects.get(plan__owner=alice)
    assert link.token_hash != token
    with connection.cursor() as cursor:
        cursor.execute("SELECT token_hash FROM planner_safetyplanlink")
        assert token not in str(cursor.fetchall())
    again = alice_client.get(LINK_PAGE).content.decode()
    assert token not in again
    assert "Not opened yet." in again


def test_the_link_opens_the_plan_signed_out_and_read_only(alice_client, alice):
    fill_plan(alice)
    url = make_link(alice_client)

    response = Client().get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "My safety plan" in html
    assert "Staying in bed past noon" in html and "Nia" in html
    assert 'href="tel:911"' in html
    assert "Edit" not in html and 'method="post"' not in html
    assert "/edit/" not in html
    assert response["Cache-Control"] == "no-store, private"
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_the_link_refuses_anything_but_reading(alice_client, alice):
    url = make_link(alice_client)
    assert Client().post(url, {"items": "Changed"}).status_code == 405


def test_the_link_reveals_nothing_else_about_the_person(alice_client, alice):
    fill_plan(alice)
    TrustedContactFactory(owner=alice, name="Unlisted Uma", notes="Private note about Uma")
    (nia,) = [c for c in alice.trusted_contacts.all() if c.name == "Nia"]
    nia.notes = "Nia works nights"
    nia.save()
    url = make_link(alice_client)

    html = Client().get(url).content.decode()

    for private in (
        "Alice",
        "alice@example.org",
        "America/New_York",
        "Unlisted Uma",
        "Works nights",
        "Nia works nights",
        "Earlier versions",
        "Last reviewed",
        "Private link",
        "Sign out",
    ):
        assert private not in html, private


def test_the_link_shows_the_plan_as_it_is_now(alice_client, alice):
    url = make_link(alice_client)
    safety_section_save(
        owner=alice, section=Section.SAFER, value=["Keys with a neighbour"], now=timezone.now()
    )
    assert "Keys with a neighbour" in Client().get(url).content.decode()


def test_the_link_stops_working_the_moment_it_is_revoked(alice_client, alice):
    fill_plan(alice)
    url = make_link(alice_client)
    assert Client().get(url).status_code == 200

    alice_client.post(reverse("planner:safety_link_revoke"))

    response = Client().get(url)
    html = response.content.decode()
    assert response.status_code == 404
    assert "This link isn't working any more" in html
    assert "If you are in danger right now" in html
    assert "Staying in bed" not in html
    assert "No link yet" in alice_client.get(LINK_PAGE).content.decode()


def test_making_a_new_link_stops_the_old_one(alice_client, alice):
    old = make_link(alice_client)
    new = make_link(alice_client)
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert SafetyPlanLink.objects.filter(plan__owner=alice, revoked_at__isnull=True).count() == 1


def test_an_unknown_link_looks_just_like_a_revoked_one(client):
    response = client.get(shared_url("not-a-real-token-" + "x" * 30))
    assert response.status_code == 404
    assert "This link isn't working any more" in response.content.decode()


def test_the_person_sees_when_their_link_was_last_opened(alice_client, alice):
    url = make_link(alice_client)
    Client().get(url)
    html = alice_client.get(LINK_PAGE).content.decode()
    assert "Last opened" in html


def test_carol_cannot_stop_alices_link(client, alice, carol):
    _link, token = safety_link_create(owner=alice, now=timezone.now())
    client.force_login(carol)
    client.post(reverse("planner:safety_link_revoke"))
    assert Client().get(shared_url(token)).status_code == 200


def test_guessing_tokens_soon_pauses_that_address_but_never_the_real_link(frozen, alice):
    # Frozen: the limit counts in fixed windows of an hour, and one may begin mid-test.
    _link, token = safety_link_create(owner=alice, now=frozen)
    guesser = Client()
    for n in range(UNKNOWN_TOKEN_LIMIT["limit"]):
        assert guesser.get(shared_url(f"guess-{n}")).status_code == 404

    response = guesser.get(shared_url("guess-more"))

    html = response.content.decode()
    assert response.status_code == 429
    assert "Let's take a short pause" in html
    assert "If you are in danger right now" in html and "116 123" in html
    # A link that works still opens, even from the same address (see test_safety_link_limits).
    assert guesser.get(shared_url(token)).status_code == 200


def test_the_link_renders_in_a_fixed_number_of_queries(alice, django_assert_num_queries):
    fill_plan(alice)
    _link, token = safety_link_create(owner=alice, now=timezone.now())
    for _ in range(10):
        goal = GoalFactory(owner=alice)
        StepFactory.create_batch(2, goal=goal)
    # The link with its plan and owner, the opened-at update, contacts, values, steps.
    with django_assert_num_queries(5):
        response = Client().get(shared_url(token))
    # The grown steps' ways out; fill_plan has no steps of its own.
    assert_shows(response, "Say I have to get going, and leave.")


def test_the_link_page_needs_a_signed_in_person(client):
    response = client.get(LINK_PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
