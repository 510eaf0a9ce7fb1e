"""What a person shares, and with whom, shows on their account activity."""

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from supporters.services.invitations import invitation_accept
from supporters.services.links import supporter_link_leave, supporter_link_revoke
from tests.supporters.sharing_support import invite, link_for
from tests.supporters.test_views_sharing import card_data, card_url

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind


def _activity(user) -> list[tuple[str, str, str]]:
    events = user.security_events.exclude(kind=Kind.SIGNED_IN).order_by("at", "pk")
    return [(e.kind, e.detail, e.what) for e in events]


@pytest.fixture
def link(alice, bob):
    return link_for(alice, bob, "plan")


def test_sharing_more_and_less_from_the_card_is_recorded_for_the_owner(
    alice_client, alice, bob, link
):
    alice_client.post(
        card_url(link), card_data(scope_plan=None, scope_safety="on", scope_checkins="on")
    )
    assert _activity(alice) == [
        (Kind.SCOPES_GRANTED, "Bob", "your check-ins and your safety plan"),
        (Kind.SCOPES_REMOVED, "Bob", "your plan"),
    ]
    assert not bob.security_events.exists()


def test_saving_a_card_without_changing_what_is_shared_records_nothing(alice_client, alice, link):
    alice_client.post(card_url(link), card_data(notes_muted="on"))
    assert _activity(alice) == []


def test_revoking_and_stepping_back_are_recorded_once(alice, bob, carol, link, now):
    supporter_link_revoke(link=link, now=now)
    supporter_link_revoke(link=link, now=now)
    left = link_for(alice, carol, "plan")
    supporter_link_leave(link=left, now=now)
    assert _activity(alice) == [(Kind.LINK_REVOKED, "Bob", ""), (Kind.SUPPORTER_LEFT, "Carol", "")]


def test_revoking_from_the_sharing_page_shows_on_the_profile(alice_client, link):
    alice_client.post(reverse("sharing:revoke", args=[link.pk]))
    html = alice_client.get(reverse("accounts:profile")).content.decode()
    assert "You ended Bob's access to what you share" in html


def test_an_accepted_invitation_grants_what_it_named(
    alice, bob, django_capture_on_commit_callbacks, now
):
    invitation, _path = invite(
        alice,
        "bob@example.org",
        capture=django_capture_on_commit_callbacks,
        scopes=["plan", "journal"],
        journal_confirmed=True,
    )
    invitation_accept(invitation=invitation, user=bob, now=now)
    assert _activity(alice) == [(Kind.SCOPES_GRANTED, "Bob", "your plan and your journal")]
