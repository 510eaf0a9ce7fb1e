"""An invitation belongs to the address it was sent to: only that person can accept it.

The finding: Alice invited friend@elsewhere.example; the link, forwarded or leaked,
was accepted by a different, newly signed-up account, which then read her safety
plan, and the ally reminders meant for the friend went to it.
"""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from reminders.messages import message_for
from reminders.models import Outbox, ReminderKind
from supporters.models import Invitation, SupporterLink
from supporters.services.invitations import InvitationUnavailable, invitation_accept
from tests.factories import ScheduledStepFactory, StepFactory, TrustedContactFactory, UserFactory
from tests.supporters.sharing_support import invite

pytestmark = pytest.mark.django_db

INVITED = "friend@elsewhere.example"
SOMEONE_ELSE = "This invitation was sent to someone else."
ASK_AGAIN = "Ask the person who invited you to send one to this address."


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def friend(db):
    """The person invited: signs in as friend@home.example, and has confirmed the invited
    address as a second one on the same account."""
    person = UserFactory(display_name="Fran", email="friend@home.example")
    EmailAddress.objects.create(user=person, email="Friend@Elsewhere.example", verified=True)
    return person


def _nothing_changed():
    assert not SupporterLink.objects.exists()
    assert Invitation.objects.get().status == Invitation.Status.PENDING
    assert not Outbox.objects.exists()


def test_another_account_opening_the_link_is_told_kindly_and_nothing_changes(
    frozen, client, alice, carol, capture
):
    _, path = invite(alice, INVITED, capture=capture, scopes=["safety"])
    client.force_login(carol)

    page = client.get(path)
    posted = client.post(path)

    for response in (page, posted):
        html = response.content.decode()
        assert response.status_code == 403
        assert SOMEONE_ELSE in html and ASK_AGAIN in html
        # Nothing of who sent it, what they share, or to whom it went.
        assert "Alice" not in html and INVITED not in html
        assert "Accept and become a supporter" not in html
    _nothing_changed()


def test_a_newly_signed_up_account_with_another_address_cannot_accept_or_read_the_plan(
    frozen, client, alice, capture
):
    _, path = invite(alice, INVITED, capture=capture, scopes=["safety"])
    signup = {
        "display_name": "Mallory",
        "email": "mallory@example.org",
        "password1": "quiet-harbour-lights-9",
        "password2": "quiet-harbour-lights-9",
        "timezone": "UTC",
        "next": path,
    }
    client.post(f"{reverse('account_signup')}?{urlencode({'next': path})}", signup)
    confirm = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    assert client.post(confirm).url == path  # confirmed and signed in, back at the link

    response = client.post(path)

    assert response.status_code == 403 and SOMEONE_ELSE in response.content.decode()
    _nothing_changed()
    assert client.get(reverse("supporting:safety", args=[alice.pk])).status_code == 404


def test_the_email_says_the_link_is_for_this_address_only(alice, capture):
    invite(alice, INVITED, capture=capture)
    body = " ".join(mail.outbox[0].body.split())
    assert f"only with an account that uses this email address, {INVITED}" in body


def test_the_service_refuses_anyone_without_the_invited_address_confirmed(
    alice, carol, capture, now
):
    invitation, _ = invite(alice, INVITED, capture=capture)
    with pytest.raises(InvitationUnavailable):
        invitation_accept(invitation=invitation, user=carol, now=now)
    _nothing_changed()


def test_the_invited_person_accepts_with_the_address_in_any_case_or_spacing(
    frozen, client, alice, friend, capture
):
    _, path = invite(alice, f"  {INVITED.upper()} ", capture=capture, scopes=["plan"])
    client.force_login(friend)
    assert "Accept and become a supporter" in client.get(path).content.decode()

    client.post(path)

    (link,) = SupporterLink.objects.all()
    assert (link.owner, link.supporter) == (alice, friend)
    assert Invitation.objects.get().accepted_by == friend


def test_an_account_whose_invited_address_is_not_confirmed_yet_is_asked_to_confirm_it(
    frozen, client, alice, carol, capture
):
    EmailAddress.objects.create(user=carol, email=INVITED, verified=False)
    _, path = invite(alice, INVITED, capture=capture)
    client.force_login(carol)

    for response in (client.get(path), client.post(path)):
        html = response.content.decode()
        assert response.status_code == 403
        assert "confirm" in html and INVITED in html
        assert f'href="{reverse("account_email")}"' in html
    _nothing_changed()


def test_a_signed_out_visitor_is_led_to_sign_up_with_the_invited_address_filled_in(
    client, alice, capture
):
    _, path = invite(alice, INVITED, capture=capture)
    html = client.get(path).content.decode()
    signup = re.search(r'href="(/accounts/signup/\?[^"]+)"', html).group(1).replace("&amp;", "&")
    assert INVITED in html  # says which address to use

    form = client.get(signup).content.decode()
    assert f'value="{INVITED}"' in form


def test_ally_reminders_and_notes_reach_only_the_supporter_who_accepted(
    frozen, client, alice, friend, carol, capture
):
    contact = TrustedContactFactory(owner=alice, name="Fran", email=INVITED, can_be_ally=True)
    step = StepFactory(goal__owner=alice, title="Coffee at the corner café", ally=contact)
    ScheduledStepFactory(step=step, starts_at=frozen + timedelta(days=3), ally_note="Meet inside")
    _, path = invite(alice, INVITED, capture=capture)

    # The leaked link first: refused, and the step's ally reaches nobody yet.
    client.force_login(carol)
    client.post(path)
    assert not Outbox.objects.filter(kind=ReminderKind.ALLY_STEP).exists()
    assert "Meet inside" not in client.get(reverse("supporting:dashboard")).content.decode()

    client.force_login(friend)
    client.post(path)

    rows = list(Outbox.objects.filter(kind=ReminderKind.ALLY_STEP))
    assert rows and {row.recipient for row in rows} == {friend}
    link = SupporterLink.objects.get()
    assert {row.supporter_link for row in rows} == {link}
    # Sent to the account that accepted, at its own sign-in address.
    assert {message_for(row).to for row in rows} == {"friend@home.example"}
    assert "Meet inside" in client.get(reverse("supporting:dashboard")).content.decode()


def test_signing_out_from_the_someone_else_page_comes_back_to_the_invitation(
    client, alice, carol, capture
):
    _, path = invite(alice, INVITED, capture=capture)
    client.force_login(carol)
    assert 'name="next" value="' + path + '"' in client.get(path).content.decode()

    response = client.post(reverse("account_logout"), {"next": path})

    assert response.url == path
    assert "Create an account" in client.get(path).content.decode()
