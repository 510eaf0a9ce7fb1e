"""On the person's sharing page: how a supporter sees check-ins (a weekly summary or
each one, the label saying exactly what shows), whether they see when a step looks
ready (off unless ticked), and the notice after the migration changed a card."""

import pytest
from django.urls import reverse

from supporters.models import SupporterLink
from tests.supporters.sharing_support import link_for

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
PAGE = reverse("sharing:page")
WEEKLY_LABEL = (
    "A weekly summary: for each week, how many check-ins and the average mood, "
    "distress, energy and meaningful moments. No single day."
)
EACH_LABEL = "Each check-in: the day, mood, distress, energy and meaningful moments."


def card_url(link) -> str:
    return reverse("sharing:supporter", args=[link.pk])


def test_the_card_offers_both_ways_of_seeing_check_ins_in_exact_words(alice_client, alice, bob):
    link_for(alice, bob, "checkins")
    html = alice_client.get(PAGE).content.decode()
    assert WEEKLY_LABEL in html and EACH_LABEL in html
    assert "Show when a step looks ready to move up" in html


def test_choosing_each_check_in_saves_and_says_so(alice_client, alice, bob):
    link = link_for(alice, bob, "checkins")
    response = alice_client.post(
        card_url(link), {"scope_checkins": "on", "checkins_shown": "each"}, headers=HTMX
    )
    assert "Saved. Bob can see your check-ins (each one)." in response.content.decode()
    link.refresh_from_db()
    assert link.checkins_shown == SupporterLink.CheckinsShown.EACH


def test_ticking_readiness_saves_and_says_so(alice_client, alice, bob):
    link = link_for(alice, bob, "practice")
    response = alice_client.post(
        card_url(link), {"scope_practice": "on", "share_readiness": "on"}, headers=HTMX
    )
    assert "how your steps went (and when a step looks ready)" in response.content.decode()
    link.refresh_from_db()
    assert link.share_readiness


def test_a_card_posted_without_the_check_in_choice_keeps_the_one_saved(alice_client, alice, bob):
    link = link_for(alice, bob, "checkins", checkins_shown="each")
    alice_client.post(card_url(link), {"scope_checkins": "on"}, headers=HTMX)
    link.refresh_from_db()
    assert link.checkins_shown == SupporterLink.CheckinsShown.EACH


def test_an_unknown_check_in_choice_is_refused_kindly_and_changes_nothing(alice_client, alice, bob):
    link = link_for(alice, bob, "checkins")
    response = alice_client.post(
        card_url(link), {"scope_checkins": "on", "scope_plan": "on", "checkins_shown": "daily"}
    )
    html = response.content.decode()
    assert "Please choose one of the two ways" in html
    link.refresh_from_db()
    assert (link.checkins_shown, link.scope_plan) == ("weekly", False)


def test_the_notice_after_the_change_shows_until_the_person_saves_the_card(
    alice_client, alice, bob
):
    link = link_for(alice, bob, "checkins", "practice", notice_pending=True)
    html = alice_client.get(PAGE).content.decode()
    assert "We changed what Bob sees" in html
    assert "now sees a weekly summary of your check-ins" in html
    assert "no longer sees when a step looks ready" in html

    alice_client.post(card_url(link), {"scope_checkins": "on", "scope_practice": "on"})
    link.refresh_from_db()
    assert link.notice_pending is False
    assert "We changed what Bob sees" not in alice_client.get(PAGE).content.decode()


def test_showing_more_or_less_of_check_ins_and_readiness_is_on_account_activity(
    alice_client, alice, bob
):
    link = link_for(alice, bob, "checkins", "practice")
    both = {"scope_checkins": "on", "scope_practice": "on"}
    alice_client.post(card_url(link), both | {"checkins_shown": "each", "share_readiness": "on"})
    alice_client.post(card_url(link), both | {"checkins_shown": "weekly"})

    events = alice.security_events.exclude(kind="signed_in").order_by("at", "pk")
    assert [(e.kind, e.detail, e.what) for e in events] == [
        ("scopes_granted", "Bob", "each of your check-ins"),
        ("scopes_granted", "Bob", "when a step looks ready to move up"),
        ("scopes_removed", "Bob", "each of your check-ins (a weekly summary instead)"),
        ("scopes_removed", "Bob", "when a step looks ready to move up"),
    ]
