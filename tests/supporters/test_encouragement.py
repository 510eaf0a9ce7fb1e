from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supporters.models import Encouragement, SupporterLink
from supporters.services.links import supporter_link_revoke, supporter_notes_mute
from supporters.services.supporting import encouragement_send
from tests.supporters.supporting_support import link_for

pytestmark = pytest.mark.django_db

HOME = reverse("planner:home")
HTMX = {"HTTP_HX_REQUEST": "true"}


def encourage_url(owner):
    return reverse("supporting:encourage", args=[owner.pk])


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


def test_a_supporter_sends_a_note_that_appears_on_the_persons_home(client, alice, bob):
    link_for(alice, bob)  # even with no scopes: a note shares nothing of hers
    client.force_login(bob)
    response = client.post(
        encourage_url(alice), {"body": "Proud of you for going, whatever happens."}
    )
    assert response.status_code == 302
    assert response.url == reverse("supporting:person", args=[alice.pk])
    note = Encouragement.objects.get()
    assert (note.owner, note.link.supporter) == (alice, bob)

    client.force_login(alice)
    html = client.get(HOME).content.decode()
    card = html[html.index("Notes from the people supporting you") :]
    assert "Proud of you for going, whatever happens." in card and "From Bob" in card


def test_a_note_over_500_characters_keeps_what_was_typed_and_sends_nothing(bob_client, alice, bob):
    link_for(alice, bob)
    typed = "Keep going, you are doing well. " * 20  # 640 characters
    response = bob_client.post(encourage_url(alice), {"body": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert "notes fit 500" in html and "still here to trim" in html
    assert typed.strip() in html
    assert not Encouragement.objects.exists()


def test_an_empty_note_asks_for_a_few_words(bob_client, alice, bob):
    link_for(alice, bob)
    response = bob_client.post(encourage_url(alice), {"body": "   "})
    assert "Please write a few words first." in response.content.decode()
    assert not Encouragement.objects.exists()


def test_notes_are_rate_limited_lightly_and_the_words_are_kept(frozen, bob_client, alice, bob):
    # Frozen: the limit counts in fixed windows of an hour, and one may begin mid-test.
    link_for(alice, bob)
    for n in range(10):
        assert bob_client.post(encourage_url(alice), {"body": f"Note {n}"}).status_code == 302
    response = bob_client.post(encourage_url(alice), {"body": "One more, with feeling"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "One more, with feeling" in html and "try again a little later" in html
    assert Encouragement.objects.count() == 10


@pytest.mark.parametrize("who", ["carol", "ended", "anonymous", "alice"])
def test_only_a_live_supporter_can_send_a_note(client, alice, bob, carol, who):
    link_for(alice, bob, ended_at=timezone.now() if who == "ended" else None)
    person = {"carol": carol, "ended": bob, "alice": alice}.get(who)
    if person:
        client.force_login(person)
    response = client.post(encourage_url(alice), {"body": "Hello"})
    if who == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 404
    assert not Encouragement.objects.exists()


def test_home_shows_the_newest_three_notes_and_none_from_muted_or_ended_links(
    client, alice, bob, carol
):
    link = link_for(alice, bob)
    now = timezone.now()
    for n in range(5):
        encouragement_send(link=link, body=f"Bob note {n}", now=now - timedelta(hours=5 - n))
    muted = link_for(alice, carol, notes_muted=True)
    encouragement_send(link=muted, body="Carol muted note", now=now)
    client.force_login(alice)
    html = client.get(HOME).content.decode()
    assert [f"Bob note {n}" in html for n in range(5)] == [False, False, True, True, True]
    assert "Carol muted note" not in html

    # Unmuting brings the note back; ending the link takes its notes away.
    # Through the services, which mark alice's home as changed (common.versioning).
    supporter_notes_mute(link=muted, muted=False)
    assert "Carol muted note" in client.get(HOME).content.decode()
    supporter_link_revoke(link=SupporterLink.objects.get(pk=muted.pk), now=now)
    assert "Carol muted note" not in client.get(HOME).content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_the_person_puts_a_note_away(client, alice, bob, htmx):
    note = encouragement_send(link=link_for(alice, bob), body="Thinking of you", now=timezone.now())
    client.force_login(alice)
    address = reverse("supporting:encouragement_put_away", args=[note.pk])
    response = client.post(address, **(HTMX if htmx else {}))
    if htmx:
        assert response.status_code == 200 and "Put away." in response.content.decode()
    else:
        assert response.status_code == 302 and response.url == HOME
    note.refresh_from_db()
    assert note.dismissed_at is not None
    assert "Thinking of you" not in client.get(HOME).content.decode()
    # A second tap changes nothing.
    first = note.dismissed_at
    client.post(address)
    note.refresh_from_db()
    assert note.dismissed_at == first


def test_no_one_else_can_put_a_note_away(client, alice, bob, carol):
    note = encouragement_send(link=link_for(alice, bob), body="Thinking of you", now=timezone.now())
    for person in (bob, carol):
        client.force_login(person)
        address = reverse("supporting:encouragement_put_away", args=[note.pk])
        assert client.post(address).status_code == 404
    note.refresh_from_db()
    assert note.dismissed_at is None
