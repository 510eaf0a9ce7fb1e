"""Sharing as two people walk it: Alice invites Bob, Bob accepts and looks, Alice stops it."""

import re

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, axe_check, save_screenshot
from tests.factories import GoalFactory, StepFactory

pytestmark = pytest.mark.browser


def signed_in(page, user, live_server):
    """Give `page` a session of its own: two people, two browsers, two sessions.

    (The shared `sign_in` fixture reuses one test client, and signing a second
    person in on it would end the first person's session.)
    """
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_alice_invites_bob_he_looks_at_her_plan_and_after_she_stops_sharing_finds_nothing(
    open_page, alice, bob, settings, live_server
):
    # Emailed links point at the public address: here, the test's own server.
    settings.PUBLIC_URL = live_server.url
    goal = GoalFactory(owner=alice, title="Join the Thursday walking group")
    StepFactory(goal=goal, title="Walk the route on my own first", position=0)

    # Alice invites Bob to see her plan.
    alice_page = open_page(viewport=DESKTOP)
    signed_in(alice_page, alice, live_server)
    alice_page.goto("/sharing/")
    expect(alice_page.get_by_role("heading", name="Sharing with people you trust")).to_be_visible()
    axe_check(alice_page)
    invite = alice_page.locator("#invite")
    invite.get_by_label("Their email address").fill("bob@example.org")
    invite.get_by_label("How you know them").select_option(label="Friend")
    invite.get_by_label("Plan: goals, ladders and the week").check()
    invite.get_by_role("button", name="Send the invitation").click()
    pending = alice_page.get_by_role("region", name="Invitations waiting for an answer")
    expect(
        pending.get_by_role("button", name="Withdraw the invitation to bob@example.org")
    ).to_be_visible()

    (message,) = mail.outbox
    assert message.to == ["bob@example.org"]
    link = re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)

    # Bob, in a browser of his own, accepts.
    bob_page = open_page()
    signed_in(bob_page, bob, live_server)
    bob_page.goto(link)
    expect(
        bob_page.get_by_role("heading", name="Alice has invited you to be a supporter")
    ).to_be_visible()
    axe_check(bob_page)
    bob_page.get_by_role("button", name="Accept and become a supporter").click()

    expect(bob_page.get_by_role("heading", name="People you support")).to_be_visible()
    axe_check(bob_page)
    bob_page.get_by_role("link", name="Alice", exact=True).click()
    bob_page.get_by_role("link", name="Goals, ladders and this week").click()
    expect(bob_page.get_by_role("heading", name="Alice's plan")).to_be_visible()
    expect(bob_page.get_by_text("Join the Thursday walking group")).to_be_visible()
    axe_check(bob_page)
    save_screenshot(bob_page, "supporter-shared-plan-phone")
    shared_plan = bob_page.url

    # Alice stops sharing; Bob's very next request finds nothing there.
    alice_page.reload()
    expect(alice_page.get_by_role("heading", name="Bob")).to_be_visible()
    alice_page.get_by_role("link", name="Stop sharing with Bob").click()
    alice_page.get_by_role("button", name="Stop sharing with Bob").click()
    expect(alice_page.get_by_role("heading", name="Bob")).to_have_count(0)

    response = bob_page.goto(shared_plan)
    assert response.status == 404
    expect(bob_page.get_by_role("heading", name="We couldn't find that page")).to_be_visible()
    expect(bob_page.get_by_text("Join the Thursday walking group")).to_have_count(0)
    axe_check(bob_page)
