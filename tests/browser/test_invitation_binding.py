"""In a browser: the pages for an invitation opened by the wrong account are calm,
accessible (no axe finding of any impact) and lead somewhere."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from supporters.invitations import invitation_token
from supporters.models import Invitation
from tests.browser.conftest import _axe

pytestmark = pytest.mark.browser


def axe_clean(page) -> None:
    violations = _axe.run(page).response["violations"]
    assert not violations, [(v["id"], v["impact"], v["help"]) for v in violations]


def _invitation(owner, email: str) -> str:
    now = timezone.now()
    invitation = Invitation.objects.create(
        owner=owner,
        email=email,
        relationship="friend",
        scopes=["safety"],
        nonce=f"browser-{email}",
        created_at=now,
        expires_at=now + timedelta(days=7),
    )
    return f"/invitations/{invitation_token(invitation)}/"


def test_someone_else_is_told_kindly_and_can_sign_out_back_to_the_invitation(
    open_page, sign_in, alice, carol
):
    path = _invitation(alice, "friend@elsewhere.example")
    page = open_page()
    sign_in(page, carol)
    page.goto(path)
    expect(page.get_by_role("heading", name="This invitation is for someone else")).to_be_visible()
    expect(page.get_by_text("Ask the person who invited you to send one")).to_be_visible()
    axe_clean(page)

    page.locator("#main").get_by_role("button", name="Sign out").click()

    expect(
        page.get_by_role("heading", name="Alice has invited you to be a supporter")
    ).to_be_visible()
    assert page.csp_errors == []


def test_an_unconfirmed_address_is_asked_to_confirm_first(open_page, sign_in, alice, carol):
    EmailAddress.objects.create(user=carol, email="carol.work@example.org", verified=False)
    path = _invitation(alice, "carol.work@example.org")
    page = open_page()
    sign_in(page, carol)
    page.goto(path)
    expect(page.get_by_role("heading", name="Please confirm your address first")).to_be_visible()
    expect(page.get_by_role("link", name="send the confirmation again")).to_be_visible()
    axe_clean(page)
    assert page.csp_errors == []
