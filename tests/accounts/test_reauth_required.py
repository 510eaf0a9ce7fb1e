"""Every change that could hand the account (or its most private pages) to someone
else asks for the password again unless it was given in the last 5 minutes.

CASES is the list: add a line for each new view that must ask (two-factor,
deleting the account). Each case is tried with a confirmation older than 5
minutes (sent to the password page, nothing stored changes) and with a fresh
one (it goes through).

Changing the password is not in the list on purpose: allauth's form asks for the
current password itself (test_password_change_needs_the_current_password_even_when_fresh).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from common.blind_index import matching
from planner.services.export import export_build
from supporters.models import Invitation
from tests.accounts.reauth_support import (
    FRESH,
    STALE,
    everything,
    is_reauth_redirect,
    later,
    reauthenticate,
)
from tests.factories import PASSWORD, UserFactory, ValueFactory
from tests.supporters.supporters_support import link_for

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@dataclass(frozen=True)
class Case:
    url: str  # URL name
    method: str = "post"
    data: Callable = lambda alice, world: {}  # noqa: E731 (alice, world) -> the form data
    kwargs: Callable = lambda alice, world: {}  # noqa: E731
    # What "it went through" looks like: "changes" (something stored changed),
    # "download" (an attachment came back) or "page" (the page itself, 200).
    effect: str = "changes"
    headers: dict = field(default_factory=dict)


def _scopes(*on: str, **extra) -> Callable:
    return lambda alice, world: {**{f"scope_{s}": "on" for s in on}, **extra}


def _invite(*on: str, **extra) -> Callable:
    base = _scopes(*on, **extra)
    return lambda a, w: {"email": "dana@example.org", "relationship": "friend", **base(a, w)}


def _export_file(alice, world):
    # Someone else's export with one value in it: importing it adds that value.
    other = UserFactory()
    ValueFactory(owner=other, name="Kindness")
    body = json.dumps(export_build(owner=other, now=timezone.now())).encode()
    return {"file": SimpleUploadedFile("stepwise.json", body, "application/json")}


SUPPORTER = lambda alice, world: {"pk": world["link"].pk}  # noqa: E731

CASES = {
    "email: add an address": Case(
        "account_email", data=lambda a, w: {"action_add": "", "email": "new@example.org"}
    ),
    "email: make another address primary": Case(
        "account_email", data=lambda a, w: {"action_primary": "", "email": "second@example.org"}
    ),
    "email: remove an address": Case(
        "account_email", data=lambda a, w: {"action_remove": "", "email": "second@example.org"}
    ),
    "phone: a new number": Case("reminders:phone", data=lambda a, w: {"phone": "+353861234567"}),
    "scopes: invite with the safety plan": Case("sharing:invite", data=_invite("plan", "safety")),
    "scopes: invite with the journal": Case(
        "sharing:invite", data=_invite("journal", journal_confirmed="yes")
    ),
    "scopes: give a supporter the safety plan": Case(
        "sharing:supporter", data=_scopes("plan", "safety"), kwargs=SUPPORTER
    ),
    "scopes: give a supporter the journal (htmx)": Case(
        "sharing:supporter",
        data=_scopes("plan", "journal", journal_confirmed="yes"),
        kwargs=SUPPORTER,
        headers=HTMX,
    ),
    "private link: safety plan": Case("planner:safety_link"),
    "private link: calendar feed": Case("reminders:calendar_feed_make"),
    "export: the page": Case("planner:export", method="get", effect="page"),
    "export: bring data in": Case("planner:export", data=_export_file),
    "export: everything as zip": Case("planner:export_zip", method="get", effect="download"),
    "export: everything as JSON": Case("planner:export_json", method="get", effect="download"),
    "export: check-ins as CSV": Case(
        "planner:export_checkins_csv", method="get", effect="download"
    ),
    # The other two-step pages (turn off, new codes, passkeys) are walked the same way
    # in test_mfa.py, where Alice has an app to change.
    "two-factor: set up an app": Case("mfa_activate_totp", method="get", effect="page"),
    "account: delete it": Case("accounts:delete", data=lambda a, w: {"confirm": "delete"}),
}


@pytest.fixture
def world(alice, frozen):
    # A confirmed second address (for primary/remove), and a supporter who sees the plan.
    EmailAddress.objects.create(user=alice, email="second@example.org", verified=True)
    link = link_for(alice, UserFactory(email="bob@example.org"), "plan")
    return {"link": link}


@pytest.fixture
def signed_in(client, alice, world):
    client.force_login(alice)
    reauthenticate(client)
    return client


def _request(client, case: Case, alice, world):
    """The request, ready to send (its data is made before anything is compared)."""
    url = reverse(case.url, kwargs=case.kwargs(alice, world))
    if case.method == "get":
        return lambda: client.get(url, **case.headers)
    data = case.data(alice, world)
    return lambda: client.post(url, data, **case.headers)


@pytest.mark.parametrize("name", sorted(CASES))
def test_it_asks_for_the_password_again_after_five_minutes(name, signed_in, alice, world):
    case = CASES[name]
    send = _request(signed_in, case, alice, world)
    before = everything()
    with later(STALE):
        response = send()

    assert is_reauth_redirect(response), (response.status_code, dict(response.headers))
    assert everything() == before
    if case.headers == HTMX:
        assert response.status_code == 200 and response["HX-Redirect"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_it_goes_through_within_five_minutes(name, signed_in, alice, world):
    case = CASES[name]
    send = _request(signed_in, case, alice, world)
    before = everything()
    with later(FRESH):
        response = send()

    assert not is_reauth_redirect(response)
    if case.effect == "changes":
        assert response.status_code in (200, 302)
        assert everything() != before
    elif case.effect == "download":
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
    else:
        assert response.status_code == 200


def test_the_sign_in_alone_does_not_count_as_a_confirmation(client, alice, frozen):
    # allauth counts only the password given on its reauthenticate page.
    client.force_login(alice)
    response = client.post(reverse("planner:safety_link"))

    assert is_reauth_redirect(response)


# --- What does not ask --------------------------------------------------------------
def test_sharing_only_the_plan_or_taking_scopes_away_does_not_ask(signed_in, alice, world):
    link = world["link"]
    url = reverse("sharing:supporter", kwargs={"pk": link.pk})
    link.scope_safety = True
    link.save()
    with later(STALE):
        more = signed_in.post(
            url, {"scope_plan": "on", "scope_practice": "on", "scope_safety": "on"}
        )
        fewer = signed_in.post(url, {"scope_plan": "on"})
        invite = signed_in.post(reverse("sharing:invite"), _invite("plan")(alice, world))

    assert not any(is_reauth_redirect(r) for r in (more, fewer, invite))
    link.refresh_from_db()
    assert link.granted_scopes == ["plan"]
    assert Invitation.objects.filter(
        matching(Invitation, "email", "dana@example.org"), owner=alice
    ).exists()


def test_password_change_needs_the_current_password_even_when_fresh(signed_in, alice):
    # allauth's form asks for the current password: the same proof, asked once.
    url = reverse("account_change_password")
    new = {"password1": "new-gentle-path-31", "password2": "new-gentle-path-31"}
    with later(STALE):
        refused = signed_in.post(url, {"oldpassword": "not-it", **new})
        alice.refresh_from_db()
        assert refused.status_code == 200 and alice.check_password(PASSWORD)
        signed_in.post(url, {"oldpassword": PASSWORD, **new})

    alice.refresh_from_db()
    assert alice.check_password("new-gentle-path-31")
