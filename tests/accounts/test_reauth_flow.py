"""After the password, the person goes on with what they were doing.

allauth keeps the POST that was interrupted and replays it once the password is
confirmed; htmx requests are sent to the password page as a whole page.
"""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from planner.models import SafetyPlanLink
from supporters.models import Invitation
from tests.accounts.reauth_support import REAUTH_URL, STALE, is_reauth_redirect, later
from tests.factories import PASSWORD, UserFactory
from tests.supporters.supporters_support import link_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale_client(client, alice, frozen):
    """Alice signed in, her last password confirmation more than 5 minutes old."""
    client.force_login(alice)
    client.post(REAUTH_URL, {"password": PASSWORD})
    with later(STALE):
        yield client


def test_the_password_page_says_why_it_asks_in_warm_words(stale_client):
    asked = stale_client.post(reverse("planner:safety_link"))
    page = stale_client.get(asked["Location"])

    html = page.content.decode()
    assert "For your safety, please enter your password again before you make a private " in html
    assert "link to your safety plan" in html
    assert 'autocomplete="current-password"' in html


def test_an_invitation_is_sent_once_the_password_is_given(stale_client, alice):
    data = {"email": "dana@example.org", "relationship": "friend", "scope_safety": "on"}
    asked = stale_client.post(reverse("sharing:invite"), data)
    assert is_reauth_redirect(asked)
    assert not Invitation.objects.filter(owner=alice).exists()

    wrong = stale_client.post(asked["Location"], {"password": "not-it"})
    assert "That isn&#x27;t the password for this account" in wrong.content.decode()
    assert not Invitation.objects.filter(owner=alice).exists()

    done = stale_client.post(asked["Location"], {"password": PASSWORD})

    assert done.status_code == 302 and done["Location"] == reverse("sharing:page") + "#pending"
    invitation = Invitation.objects.get(owner=alice)
    assert (invitation.email, invitation.scopes) == ("dana@example.org", ["safety"])


def test_a_new_private_link_shows_right_after_the_password(stale_client, alice):
    asked = stale_client.post(reverse("planner:safety_link"))
    done = stale_client.post(asked["Location"], {"password": PASSWORD})

    assert done.status_code == 200
    assert "/safety-plan/shared/" in done.content.decode()
    assert SafetyPlanLink.objects.filter(plan__owner=alice, revoked_at__isnull=True).count() == 1


def test_an_htmx_toggle_goes_to_the_password_page_whole_and_then_saves(stale_client, alice):
    link = link_for(alice, UserFactory(), "plan")
    url = reverse("sharing:supporter", kwargs={"pk": link.pk})
    asked = stale_client.post(
        url, {"scope_plan": "on", "scope_safety": "on"}, HTTP_HX_REQUEST="true"
    )

    # A whole-page visit for htmx, not a password form swapped into the card.
    assert asked.status_code == 200 and asked.content == b""
    assert asked["HX-Redirect"] == f"{REAUTH_URL}?next={url.replace('/', '%2F')}"
    done = stale_client.post(asked["HX-Redirect"], {"password": PASSWORD})

    # Replayed as an ordinary request: back to the card on the sharing page, saved.
    assert done.status_code == 302
    assert done["Location"] == reverse("sharing:page") + f"#supporter-{link.pk}"
    link.refresh_from_db()
    assert link.granted_scopes == ["plan", "safety"]


def test_a_new_email_is_on_its_way_once_the_password_is_given(stale_client, alice):
    asked = stale_client.post(
        reverse("account_email"), {"action_add": "", "email": "alice.new@example.org"}
    )
    assert is_reauth_redirect(asked)
    assert not EmailAddress.objects.filter(email="alice.new@example.org").exists()

    done = stale_client.post(asked["Location"], {"password": PASSWORD})

    assert done.status_code == 302 and done["Location"] == reverse("account_email")
    assert EmailAddress.objects.get(email="alice.new@example.org").user == alice
    assert [m.to for m in mail.outbox] == [["alice.new@example.org"]]


def test_a_download_asked_for_late_comes_once_the_password_is_given(stale_client):
    asked = stale_client.get(reverse("planner:export_json"))
    page = stale_client.get(asked["Location"]).content.decode()
    assert "Once you continue, your file downloads and this page stays as it is" in page

    done = stale_client.post(asked["Location"], {"password": PASSWORD}, follow=True)

    assert done["Content-Disposition"].startswith("attachment")
