"""Invitations: the email and its signed link, accepting, and every way a link is refused."""

import re
import time
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from supporters.invitations import SALT, invitation_token
from supporters.models import Invitation, SupporterLink
from supporters.services.invitations import (
    RATE_LIMIT,
    TooManyInvitations,
    invitation_accept,
    invitation_create,
    invitation_withdraw,
)
from supporters.services.links import supporter_link_revoke
from tests.factories import PASSWORD, TrustedContactFactory, UserFactory
from tests.supporters.sharing_support import invite, link_for, path_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def _links():
    return list(SupporterLink.objects.all())


# --- The email ----------------------------------------------------------------------------
def test_inviting_sends_one_email_whose_link_opens_the_invitation(client, alice, capture):
    invitation, path = invite(alice, "Bob@Example.org", capture=capture, scopes=["plan", "safety"])
    (message,) = mail.outbox
    assert message.to == ["bob@example.org"]
    assert message.subject == "Stepwise: Alice has invited you to be a supporter"
    assert "Plan: goals, ladders and the week" in message.body
    assert "Safety plan" in message.body and "Journal" not in message.body
    assert message.body.count("http://localhost:8000/invitations/") == 1
    assert invitation.email == "bob@example.org"

    html = client.get(path).content.decode()
    assert "Alice has invited you to be a supporter" in html
    assert "Their safety plan, so you know what helps" in html
    assert "journal" not in html.lower()


def test_nothing_is_emailed_when_the_invitation_is_rolled_back(alice, capture):
    with capture(execute=False) as callbacks:
        invitation_create(
            owner=alice,
            email="bob@example.org",
            relationship="friend",
            scopes=[],
            now=timezone.now(),
        )
    assert len(callbacks) == 1 and not mail.outbox  # only sent once committed


def test_the_email_links_to_the_supporter_guide(alice, capture):
    invite(alice, "bob@example.org", capture=capture)
    guide = reverse("supporting:guide")
    assert f"http://localhost:8000{guide}" in mail.outbox[0].body


# --- Accepting ---------------------------------------------------------------------------------
def test_a_signed_in_invitee_accepts_and_gets_exactly_the_invited_scopes(
    client, alice, bob, capture
):
    _, path = invite(alice, "bob@example.org", capture=capture, scopes=["plan", "checkins"])
    client.force_login(bob)
    html = client.get(path).content.decode()
    assert "Accept and become a supporter" in html and "Not now" in html

    response = client.post(path)
    assert response.status_code == 302
    (link,) = _links()
    assert (link.owner, link.supporter, link.relationship) == (alice, bob, "friend")
    assert [scope.value for scope in link.granted_scopes] == ["plan", "checkins"]
    assert not link.digest_enabled and not link.notes_muted
    invitation = Invitation.objects.get()
    assert (invitation.status, invitation.accepted_by, invitation.link) == ("accepted", bob, link)
    followed = client.get(response.url, follow=True).content.decode()
    assert "You&#x27;re now one of Alice&#x27;s supporters" in followed


def test_a_signed_out_invitee_sees_who_invited_them_and_links_that_come_back(
    client, alice, capture
):
    _, path = invite(alice, "bob@example.org", capture=capture, scopes=["practice"])
    html = client.get(path).content.decode()
    assert "Alice has invited you to be a supporter" in html
    assert "How each step went for them" in html
    back = urlencode({"next": path})
    signup = urlencode({"next": path, "email": "bob@example.org"})
    assert f'href="/accounts/signup/?{signup.replace("&", "&amp;")}"' in html
    assert f'href="/accounts/login/?{back}"' in html
    assert "Accept and become a supporter" not in html

    # Accepting without signing in goes to sign-in first and changes nothing.
    response = client.post(path)
    assert response.url.startswith(reverse("account_login")) and not _links()


def test_signing_in_from_the_invitation_comes_back_to_it(client, alice, bob, capture):
    _, path = invite(alice, "bob@example.org", capture=capture)
    response = client.post(
        f"{reverse('account_login')}?next={path}",
        {"login": "bob@example.org", "password": PASSWORD, "next": path},
    )
    assert response.url == path
    assert "Accept and become a supporter" in client.get(path).content.decode()


def test_signing_up_from_the_invitation_comes_back_to_it_after_confirming(client, alice, capture):
    _, path = invite(alice, "nora@example.org", capture=capture)
    signup = {
        "display_name": "Nora",
        "email": "nora@example.org",
        "password1": "quiet-harbour-lights-9",
        "password2": "quiet-harbour-lights-9",
        "timezone": "UTC",
        "next": path,
    }
    client.post(f"{reverse('account_signup')}?{urlencode({'next': path})}", signup)
    confirm = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    response = client.post(confirm)
    assert response.url == path
    client.post(path)
    assert SupporterLink.objects.get().supporter.email == "nora@example.org"


def test_accepting_links_the_owners_trusted_contact_with_that_address(alice, bob, capture):
    contact = TrustedContactFactory(owner=alice, name="Bobby", email="BOB@example.org")
    someone_elses = TrustedContactFactory(owner=UserFactory(), email="bob@example.org")
    invitation, _ = invite(alice, "bob@example.org", capture=capture)
    link = invitation_accept(invitation=invitation, user=bob, now=timezone.now())
    contact.refresh_from_db()
    someone_elses.refresh_from_db()
    assert contact.supporter_link == link
    assert someone_elses.supporter_link is None


def test_accepting_again_after_the_link_ended_makes_a_new_link(alice, bob, capture):
    first, _ = invite(alice, "bob@example.org", capture=capture)
    old = invitation_accept(invitation=first, user=bob, now=timezone.now())
    supporter_link_revoke(link=old, now=timezone.now())
    second, _ = invite(alice, "bob@example.org", capture=capture, scopes=["safety"])
    new = invitation_accept(invitation=second, user=bob, now=timezone.now())
    assert new.pk != old.pk and new.is_active
    assert [scope.value for scope in new.granted_scopes] == ["safety"]


def test_a_current_supporter_accepting_another_invitation_keeps_one_link(alice, bob, capture):
    existing = link_for(alice, bob, "plan", "practice")
    # Invited at another address of his, which he has confirmed on the same account.
    EmailAddress.objects.create(user=bob, email="bob.at.work@example.org", verified=True)
    invitation, _ = invite(alice, "bob.at.work@example.org", capture=capture, scopes=["safety"])
    link = invitation_accept(invitation=invitation, user=bob, now=timezone.now())
    assert link.pk == existing.pk and SupporterLink.objects.count() == 1
    link.refresh_from_db()
    assert [scope.value for scope in link.granted_scopes] == ["safety"]  # the latest choice


def test_a_new_invitation_to_the_same_address_replaces_the_waiting_one(client, alice, capture):
    first, first_path = invite(alice, "bob@example.org", capture=capture)
    invite(alice, "bob@example.org", capture=capture)
    first.refresh_from_db()
    assert first.status == "withdrawn"
    assert "no longer open" in client.get(first_path).content.decode()


# --- Refused links --------------------------------------------------------------------------
def _assert_refused(client, path, status, words):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == status
    assert words in html
    assert "ask the person who invited you to send a new invitation" in html
    # A link that does not work says nothing about who sent it.
    assert "Alice" not in html and "alice@example.org" not in html
    client.post(path)
    return html


def test_an_expired_link_is_refused_kindly_and_changes_nothing(client, alice, bob, capture):
    eight_days_ago = timezone.now() - timedelta(days=8)
    _, path = invite(alice, "bob@example.org", capture=capture, now=eight_days_ago)
    client.force_login(bob)
    _assert_refused(client, path, 410, "This invitation has expired")
    assert not _links()
    assert Invitation.objects.get().status == "pending"


def test_a_link_older_than_seven_days_by_its_own_signature_is_expired(client, alice, capture):
    invitation, _ = invite(alice, "bob@example.org", capture=capture)

    class EightDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 8 * 24 * 60 * 60)

    old = EightDaysAgo(salt=SALT).sign_object({"i": invitation.pk, "n": invitation.nonce})
    _assert_refused(client, reverse("sharing:invitation_accept", args=[old]), 410, "expired")


def test_a_used_link_is_refused_and_makes_no_second_link(client, alice, bob, carol, capture):
    _, path = invite(alice, "bob@example.org", capture=capture)
    client.force_login(bob)
    client.post(path)
    html = client.get(path).content.decode()
    assert "You accepted it already" in html

    client.force_login(carol)
    _assert_refused(client, path, 410, "This invitation has already been used")
    assert [link.supporter for link in _links()] == [bob]


def test_a_tampered_link_is_refused_as_unreadable(client, alice, bob, capture):
    invitation, path = invite(alice, "bob@example.org", capture=capture)
    token = path.split("/")[2]
    forged = signing.dumps({"i": invitation.pk, "n": "guessed"}, salt="another-salt")
    client.force_login(bob)
    for bad in (token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"), forged, "nonsense"):
        _assert_refused(client, f"/invitations/{bad}/", 404, "couldn't read this invitation")
    assert not _links()


def test_a_withdrawn_link_is_refused(client, alice, bob, capture):
    invitation, path = invite(alice, "bob@example.org", capture=capture)
    invitation_withdraw(invitation=invitation, now=timezone.now())
    client.force_login(bob)
    _assert_refused(client, path, 410, "This invitation is no longer open")
    assert not _links()


def test_the_owner_opening_their_own_link_cannot_accept_it(client, alice, capture):
    _, path = invite(alice, "bob@example.org", capture=capture)
    client.force_login(alice)
    assert "This is your own invitation" in client.get(path).content.decode()
    client.post(path)
    assert not _links()


# --- Rules at creation -------------------------------------------------------------------------
def test_invitations_are_rate_limited_per_person_per_day(alice, capture, now):
    # All at one moment: the day is a fixed window, and one can begin mid-test.
    for n in range(RATE_LIMIT):
        invite(alice, f"friend{n}@example.org", capture=capture, now=now)
    with pytest.raises(TooManyInvitations), capture(execute=True):
        invitation_create(
            owner=alice,
            email="one-more@example.org",
            relationship="friend",
            scopes=[],
            now=now,
        )
    assert Invitation.objects.count() == RATE_LIMIT and len(mail.outbox) == RATE_LIMIT
    # Another person's invitations are counted apart.
    invite(UserFactory(), "someone@example.org", capture=capture, now=now)


def test_a_person_cannot_invite_themselves_or_a_current_supporter(alice, bob):
    for email in ("ALICE@example.org", "bob@example.org"):
        if email.startswith("bob"):
            link_for(alice, bob)
        with pytest.raises(ValidationError) as error:
            invitation_create(
                owner=alice, email=email, relationship="friend", scopes=[], now=timezone.now()
            )
        assert "email" in error.value.message_dict
    assert not Invitation.objects.exists() and not mail.outbox


def test_the_journal_is_only_invited_with_a_confirmed_yes(alice, capture):
    with pytest.raises(ValidationError):
        invitation_create(
            owner=alice,
            email="bob@example.org",
            relationship="friend",
            scopes=["journal"],
            now=timezone.now(),
        )
    invitation, _ = invite(
        alice, "bob@example.org", capture=capture, scopes=["journal"], journal_confirmed=True
    )
    assert invitation.scopes == ["journal"]


def test_the_token_names_the_invitation_and_its_nonce(alice, capture):
    invitation, path = invite(alice, "bob@example.org", capture=capture)
    payload = signing.loads(path.split("/")[2], salt=SALT)
    assert payload == {"i": invitation.pk, "n": invitation.nonce}
    assert signing.loads(invitation_token(invitation), salt=SALT) == payload


def test_the_link_in_the_email_is_the_accept_page(alice, capture):
    invite(alice, "bob@example.org", capture=capture)
    assert path_in(mail.outbox[0]).startswith("/invitations/")
