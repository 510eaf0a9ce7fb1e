"""The sharing page: invite, toggles per supporter (whole page and htmx), revoke, the
access log, and a supporter stepping back."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.http import Http404
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from common.blind_index import matching
from supporters.models import Invitation, SupporterLink
from supporters.permissions import supported_or_404
from supporters.services.invitations import RATE_LIMIT
from tests.factories import TrustedContactFactory, UserFactory
from tests.pages import assert_shows
from tests.supporters.sharing_support import invite, link_for

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
PAGE = reverse("sharing:page")


@pytest.fixture
def link(alice, bob):
    return link_for(alice, bob, "plan")


def card_url(link) -> str:
    return reverse("sharing:supporter", args=[link.pk])


def card_data(**changes) -> dict:
    data = {"scope_plan": "on", "contact": ""}
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def sees_plan_now(bob, alice) -> bool:
    """A fresh request as Bob for Alice's plan: her plan page when it exists, else the check."""
    try:
        url = reverse("supporting:plan", args=[alice.pk])
    except NoReverseMatch:
        request = RequestFactory().get("/supporting/")
        request.user = bob
        try:
            supported_or_404(request, alice.pk, "plan")
        except Http404:
            return False
        return True
    client = Client()
    client.force_login(bob)
    status = client.get(url).status_code
    assert status in (200, 404)
    return status == 200


# --- The page -------------------------------------------------------------------------------
def test_the_owner_sees_each_supporter_with_toggles_and_the_invite_form(alice_client, link):
    link.last_viewed_at = timezone.now() - timedelta(days=2)
    link.save()
    html = alice_client.get(PAGE).content.decode()
    assert 'Bob <span class="muted">(Friend)</span>' in html
    assert f'id="supporter-{link.pk}-scope_plan" checked' in html
    assert f'id="supporter-{link.pk}-scope_journal"' in html
    assert "Last looked" in html
    assert "Send the invitation" in html and 'id="invite_scope_journal"' in html
    assert 'id="invite_scope_journal" checked' not in html  # the journal starts off


def test_anonymous_visitors_are_sent_to_sign_in(client, link):
    for url in (
        PAGE,
        reverse("sharing:access_log"),
        card_url(link),
        reverse("sharing:revoke", args=[link.pk]),
        reverse("sharing:leave", args=[link.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_carol_gets_not_found_for_alices_supporters_and_invitations(
    client, alice, carol, link, capture
):
    invitation, _ = invite(alice, "dan@example.org", capture=capture)
    client.force_login(carol)
    for url in (card_url(link), reverse("sharing:revoke", args=[link.pk])):
        assert client.get(url, headers=HTMX).status_code == 404
        assert client.post(url, card_data(scope_safety="on")).status_code == 404
    withdraw = reverse("sharing:invitation_withdraw", args=[invitation.pk])
    assert client.post(withdraw).status_code == 404
    assert client.get(reverse("sharing:leave", args=[link.pk])).status_code == 404
    link.refresh_from_db()
    assert link.is_active and not link.scope_safety
    assert Invitation.objects.get().status == "pending"


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


# --- Toggles ----------------------------------------------------------------------------------
def test_a_toggle_without_javascript_saves_and_comes_back_to_the_card(alice_client, link):
    response = alice_client.post(card_url(link), card_data(scope_safety="on", digest_enabled="on"))
    assert response.url == f"{PAGE}#supporter-{link.pk}"
    link.refresh_from_db()
    assert (link.scope_plan, link.scope_safety, link.digest_enabled) == (True, True, True)
    html = alice_client.get(response.url).content.decode()
    assert "Saved. Bob can see your plan, your safety plan." in html


def test_a_toggle_with_htmx_swaps_only_that_card(alice_client, link):
    response = alice_client.post(card_url(link), card_data(scope_plan=None), headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(
        f'<article class="card supporter-card" id="supporter-{link.pk}"'
    )
    assert "<html" not in html
    assert "Bob sees nothing of yours for now" in html
    assert f'id="supporter-{link.pk}-scope_plan" checked' not in html
    link.refresh_from_db()
    assert not link.scope_plan


def test_the_card_alone_comes_back_for_htmx_and_the_page_otherwise(alice_client, link):
    html = alice_client.get(card_url(link), headers=HTMX).content.decode()
    assert html.lstrip().startswith("<article") and "<html" not in html
    assert alice_client.get(card_url(link)).url == f"{PAGE}#supporter-{link.pk}"


def test_muting_notes_and_naming_their_contact_are_saved(alice_client, alice, link):
    contact = TrustedContactFactory(owner=alice, name="Bobby")
    alice_client.post(card_url(link), card_data(notes_muted="on", contact=str(contact.pk)))
    link.refresh_from_db()
    contact.refresh_from_db()
    assert link.notes_muted and contact.supporter_link == link
    html = alice_client.get(PAGE).content.decode()
    assert f'<option value="{contact.pk}" selected>Bobby</option>' in html


def test_bad_input_on_a_card_keeps_what_was_typed_and_changes_nothing(alice_client, carol, link):
    carols = TrustedContactFactory(owner=carol)
    response = alice_client.post(
        card_url(link), card_data(scope_safety="on", contact=str(carols.pk)), headers=HTMX
    )
    html = response.content.decode()
    assert "Please choose one of your trusted contacts." in html
    assert f'id="supporter-{link.pk}-scope_safety" checked' in html
    link.refresh_from_db()
    assert not link.scope_safety and not carols.__class__.objects.filter(supporter_link=link)


def test_bad_input_in_the_invite_form_keeps_what_was_typed(alice_client):
    response = alice_client.post(
        reverse("sharing:invite"),
        {"email": "bob at example", "relationship": "family", "scope_plan": "on"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "That doesn&#x27;t look like an email address" in html
    assert 'value="bob at example"' in html
    assert 'id="invite_scope_plan" checked' in html
    assert '<option value="family" selected>' in html
    assert not Invitation.objects.exists() and not mail.outbox


def test_inviting_from_the_page_sends_the_email_and_lists_it_as_waiting(alice_client, capture):
    with capture(execute=True):
        response = alice_client.post(
            reverse("sharing:invite"),
            {"email": "dan@example.org", "relationship": "peer_mentor", "scope_practice": "on"},
        )
    assert response.url == f"{PAGE}#pending"
    assert len(mail.outbox) == 1
    html = alice_client.get(PAGE).content.decode()
    assert "Invitation sent to dan@example.org" in html
    assert "Withdraw the invitation to dan@example.org" in html
    assert Invitation.objects.get().scopes == ["practice"]


def test_past_the_daily_limit_the_page_says_so_kindly_and_sends_nothing(
    alice_client, alice, capture
):
    for n in range(RATE_LIMIT):
        invite(alice, f"friend{n}@example.org", capture=capture)
    data = {"email": "one-more@example.org", "relationship": "friend"}
    with capture(execute=True):
        html = alice_client.post(reverse("sharing:invite"), data).content.decode()
    assert "please try again tomorrow" in html and 'value="one-more@example.org"' in html
    assert len(mail.outbox) == RATE_LIMIT
    assert not Invitation.objects.filter(
        matching(Invitation, "email", "one-more@example.org")
    ).exists()


def test_withdrawing_an_invitation_from_the_page(alice_client, alice, capture):
    invitation, _ = invite(alice, "dan@example.org", capture=capture)
    alice_client.post(reverse("sharing:invitation_withdraw", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "withdrawn"
    assert "Withdraw the invitation" not in alice_client.get(PAGE).content.decode()


# --- The journal asks first ----------------------------------------------------------------
def test_turning_the_journal_on_asks_first_and_saves_nothing_until_yes(alice_client, link):
    html = alice_client.post(
        card_url(link), card_data(scope_journal="on", scope_safety="on"), headers=HTMX
    ).content.decode()
    assert "Share your journal with Bob?" in html
    assert f'id="supporter-{link.pk}-scope_journal" checked' in html
    link.refresh_from_db()
    assert not link.scope_journal and not link.scope_safety

    alice_client.post(card_url(link), card_data(scope_journal="on", journal_confirmed="no"))
    link.refresh_from_db()
    assert not link.scope_journal and link.scope_plan

    alice_client.post(card_url(link), card_data(scope_journal="on", journal_confirmed="yes"))
    link.refresh_from_db()
    assert link.scope_journal
    # Once on, other toggles do not ask again.
    alice_client.post(card_url(link), card_data(scope_journal="on", scope_safety="on"))
    link.refresh_from_db()
    assert link.scope_journal and link.scope_safety


def test_inviting_with_the_journal_asks_first(alice_client, capture):
    data = {"email": "dan@example.org", "relationship": "friend", "scope_journal": "on"}
    html = alice_client.post(reverse("sharing:invite"), data).content.decode()
    assert "Share your journal with them?" in html and 'value="dan@example.org"' in html
    assert not Invitation.objects.exists()
    with capture(execute=True):
        alice_client.post(reverse("sharing:invite"), data | {"journal_confirmed": "yes"})
    assert Invitation.objects.get().scopes == ["journal"]


# --- Effect on the very next request ----------------------------------------------------------
def test_a_scope_change_and_a_revoke_hold_on_the_very_next_request(alice_client, alice, bob, link):
    assert sees_plan_now(bob, alice)
    alice_client.post(card_url(link), card_data(scope_plan=None, scope_safety="on"))
    assert not sees_plan_now(bob, alice)
    alice_client.post(card_url(link), card_data())
    assert sees_plan_now(bob, alice)

    page = alice_client.get(reverse("sharing:revoke", args=[link.pk])).content.decode()
    assert "Stop sharing with Bob?" in page and "Keep sharing" in page
    response = alice_client.post(reverse("sharing:revoke", args=[link.pk]), follow=True)
    assert "Bob can no longer see anything of yours" in response.content.decode()
    assert not sees_plan_now(bob, alice)
    link.refresh_from_db()
    assert link.ended_by == "owner"
    assert alice_client.post(card_url(link), card_data()).status_code == 404


# --- A supporter steps back --------------------------------------------------------------
def test_a_supporter_can_step_back_and_only_they_can(client, alice, bob, link):
    client.force_login(alice)  # the owner revokes; "leave" is the supporter's page
    assert client.get(reverse("sharing:leave", args=[link.pk])).status_code == 404
    client.force_login(bob)
    html = client.get(reverse("sharing:leave", args=[link.pk])).content.decode()
    assert "Step back from supporting Alice?" in html
    response = client.post(reverse("sharing:leave", args=[link.pk]), follow=True)
    assert "You&#x27;ve stepped back from supporting Alice" in response.content.decode()
    link.refresh_from_db()
    assert link.ended_by == "supporter" and not sees_plan_now(bob, alice)
    assert client.get(reverse("sharing:leave", args=[link.pk])).status_code == 404


# --- Fixed query counts ----------------------------------------------------------------------
def _count(client, url, *, shows=()) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert_shows(response, *shows)
    return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


def test_the_sharing_page_query_count_stays_flat_with_fifty_supporters(alice_client, alice, link):
    TrustedContactFactory(owner=alice)
    small, _ = _count(alice_client, PAGE)
    for n in range(49):
        supporter = UserFactory(verified=False)
        other = link_for(alice, supporter, "plan", "practice", last_viewed_at=timezone.now())
        TrustedContactFactory(owner=alice, supporter_link=other if n % 2 else None)
        Invitation.objects.create(
            owner=alice,
            email=f"waiting{n}@example.org",
            relationship="friend",
            nonce=f"nonce-{n}",
            created_at=timezone.now(),
            expires_at=timezone.now() + timedelta(days=7),
        )
    large, sql = _count(alice_client, PAGE, shows=["waiting48@example.org"])
    assert SupporterLink.objects.filter(owner=alice).count() == 50
    assert large == small, sql
