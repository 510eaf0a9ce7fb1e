"""Contacts who know they're on the plan, and a ready message to ask them."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse

from planner.models import TrustedContact
from planner.models.safety import Section
from planner.selectors.safety import safety_plan_view
from planner.services.contacts import contact_set_agreed
from planner.services.safety import safety_section_save
from tests.factories import TrustedContactFactory

pytestmark = pytest.mark.django_db

LIST = reverse("planner:contacts")
PLAN = reverse("planner:safety_plan")
KNOWS = "Knows they're on my plan"


@pytest.fixture
def marta(alice):
    return TrustedContactFactory(
        owner=alice, name="Marta", phone="+14155550123", email="marta@example.org"
    )


def ask(contact):
    return reverse("planner:contact_ask", args=[contact.pk])


def agreed(contact):
    return reverse("planner:contact_agreed", args=[contact.pk])


def test_marking_and_unmarking_is_a_service_that_takes_now(marta, now):
    assert not marta.knows_about_plan
    contact_set_agreed(contact=marta, agreed=True, now=now)
    marta.refresh_from_db()
    assert marta.agreed_at == now and marta.knows_about_plan
    # A second tap keeps the first moment.
    contact_set_agreed(contact=marta, agreed=True, now=now + timedelta(days=3))
    marta.refresh_from_db()
    assert marta.agreed_at == now
    contact_set_agreed(contact=marta, agreed=False, now=now)
    marta.refresh_from_db()
    assert marta.agreed_at is None


def test_the_list_shows_who_knows_and_offers_to_ask_the_others(frozen, alice_client, marta):
    html = alice_client.get(LIST).content.decode()
    assert KNOWS not in html
    assert "Not asked yet" in html
    assert f'href="{ask(marta)}"' in html

    response = alice_client.post(agreed(marta), {"agreed": "yes"})
    assert response.status_code == 302
    marta.refresh_from_db()
    assert marta.agreed_at >= frozen
    html = alice_client.get(LIST).content.decode()
    assert KNOWS in html and "Not asked yet" not in html


def test_it_can_be_taken_back(alice_client, marta, now):
    contact_set_agreed(contact=marta, agreed=True, now=now)
    alice_client.post(agreed(marta), {"agreed": "no"})
    assert TrustedContact.objects.get(pk=marta.pk).agreed_at is None


def test_a_strange_answer_changes_nothing_and_is_explained_kindly(alice_client, marta):
    response = alice_client.post(agreed(marta), {"agreed": "maybe"}, follow=True)
    assert response.status_code == 200
    assert "Please choose one of the buttons" in response.content.decode()
    assert TrustedContact.objects.get(pk=marta.pk).agreed_at is None


def test_marking_needs_a_post(alice_client, marta):
    assert alice_client.get(agreed(marta)).status_code == 405


def test_the_ask_page_has_a_kind_message_ready_to_text_or_email(alice_client, marta):
    html = alice_client.get(ask(marta)).content.decode()
    assert "<textarea" in html and "Hi Marta" in html
    assert 'href="sms:+14155550123?body=Hi%20Marta' in html
    assert 'href="mailto:marta@example.org?subject=' in html
    assert "&amp;body=Hi%20Marta" in html
    assert "They know they're on my plan" in html


def test_the_wording_can_be_changed_and_the_links_follow_it_without_javascript(alice_client, marta):
    wording = "Hey you, can I put you on my plan? No pressure & no rush."
    html = alice_client.get(ask(marta), {"message": wording}).content.decode()
    assert f'href="sms:+14155550123?body={quote(wording, safe="")}"' in html
    assert "Hey you, can I put you on my plan? No pressure &amp; no rush." in html


def test_too_long_a_message_is_explained_and_kept(alice_client, marta):
    wording = "x" * 2000
    response = alice_client.get(ask(marta), {"message": wording})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please keep the message to 1000 characters (you have 2000)." in html
    assert wording in html
    assert 'href="sms:' not in html


def test_the_safety_plan_shows_who_knows_and_offers_to_ask_the_others(alice_client, alice, now):
    rowan = TrustedContactFactory(owner=alice, name="Rowan", agreed_at=now)
    nia = TrustedContactFactory(owner=alice, name="Nia")
    safety_section_save(owner=alice, section=Section.HELPERS, value=[rowan.pk, nia.pk], now=now)
    html = alice_client.get(PLAN).content.decode()
    assert html.count(KNOWS) == 1
    rowan_at, nia_at = html.index(">Rowan<"), html.index(">Nia<")
    assert rowan_at < html.index(KNOWS) < nia_at
    assert f'href="{ask(nia)}?next=' in html
    assert f'href="{ask(rowan)}' not in html


def test_the_plan_view_knows_who_knows(alice, now):
    rowan = TrustedContactFactory(owner=alice, name="Rowan", agreed_at=now)
    plan = safety_section_save(owner=alice, section=Section.HELPERS, value=[rowan.pk], now=now)
    view = safety_plan_view(owner=alice, plan=plan)
    assert view.section(Section.HELPERS).contacts[0].knows_about_plan
