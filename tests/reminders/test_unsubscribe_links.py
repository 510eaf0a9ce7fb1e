"""Unsubscribe links: a masked address, a pause for a busy client, revocable, a year long.

Clients come through one simulated proxy (TRUSTED_PROXY_COUNT=1), as in production.
"""

from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from common.masking import email_masked
from reminders.messages import message_for
from reminders.models import Outbox, ReminderKind, ReminderPreferences
from reminders.unsubscribe import unsubscribe_token
from reminders.views.unsubscribe import PAGE_LIMIT
from tests.reminders.channels_support import reminder_row

pytestmark = pytest.mark.django_db
CHECKIN = ReminderKind.CHECKIN
PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def visitor(address: str, **options) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address, **options)


def path(token: str) -> str:
    return reverse("reminders:unsubscribe", kwargs={"token": token})


def one_click(client: Client, token: str):
    return client.post(
        path(token), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )


def unsubscribed(person) -> list:
    prefs = ReminderPreferences.objects.filter(owner=person).first()
    return prefs.email_unsubscribed if prefs else []


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("maya@example.org", "m•••@e•••.org"),
        ("a@mail.example.co.uk", "a•••@m•••.uk"),
        ("no-at-sign", "•••"),
    ],
)
def test_an_address_is_masked_to_its_first_letters_and_ending(address, masked):
    assert email_masked(address) == masked


def test_the_pages_show_the_address_masked_never_whole(frozen, alice):
    token = unsubscribe_token(alice, CHECKIN, issued=frozen)
    person = visitor("198.51.100.9")
    asked = person.get(path(token))
    done = person.post(path(token))
    again = person.post(reverse("reminders:unsubscribe_undo", kwargs={"token": token}))
    for response in (asked, done, again):
        assert response.status_code == 200
        assert "a•••@e•••.org" in response.text
        assert "alice@example.org" not in response.text


def test_opening_pages_again_and_again_pauses_that_client_only(frozen, alice):
    token = unsubscribe_token(alice, CHECKIN, issued=frozen)
    busy, other = visitor("203.0.113.7"), visitor("198.51.100.9")
    answers = [busy.get(path(token)).status_code for _ in range(PAGE_LIMIT["limit"] + 3)]
    assert answers == [200] * PAGE_LIMIT["limit"] + [429] * 3
    paused = busy.get(path(token))
    assert "a little while" in paused.text and "a•••@e•••.org" not in paused.text
    assert other.get(path(token)).status_code == 200
    # The one-click POST a mail provider sends (no cookie, no CSRF token) always
    # works for a genuine link: providers post from a few shared addresses.
    response = one_click(visitor("203.0.113.7", enforce_csrf_checks=True), token)
    assert response.status_code == 200 and unsubscribed(alice) == ["checkin"]


def test_guessed_links_pause_the_guesser(frozen, alice):
    guesser = visitor("203.0.113.7")
    answers = {guesser.get(path(f"{alice.pk}.checkin.x:guess{n}")).status_code for n in range(40)}
    assert answers == {404, 429}
    assert guesser.get(path("one-more")).status_code == 429


def test_turning_off_past_links_stops_them_and_new_emails_bring_working_ones(
    frozen, alice, alice_client
):
    old = unsubscribe_token(alice, CHECKIN, issued=frozen - timedelta(days=3))
    page = alice_client.get(reverse("reminders:page"))
    assert "Turn off the unsubscribe links in past emails" in page.text

    response = alice_client.post(reverse("reminders:unsubscribe_links_revoke"), follow=True)

    assert response.status_code == 200
    assert "links in your past emails no longer work" in response.text
    person = visitor("198.51.100.9", enforce_csrf_checks=True)
    gone = person.get(path(old))
    assert gone.status_code == 404
    assert "This link no longer works" in gone.text and "Reminders" in gone.text
    assert one_click(person, old).status_code == 404
    assert unsubscribed(alice) == []
    # The next email is made after the change and carries a link that works.
    row = reminder_row(alice, CHECKIN, due_at=frozen)
    message = message_for(Outbox.objects.select_related("recipient").get(pk=row.pk))
    new = message.headers["List-Unsubscribe"].strip("<>").split("/unsubscribe/")[1].strip("/")
    assert new != old
    assert one_click(person, new).status_code == 200
    assert unsubscribed(alice) == ["checkin"]


def test_a_link_over_a_year_old_explains_how_to_change_reminders_instead(frozen, alice):
    person = visitor("198.51.100.9", enforce_csrf_checks=True)
    year_old = unsubscribe_token(alice, CHECKIN, issued=frozen - timedelta(days=366))
    recent = unsubscribe_token(alice, CHECKIN, issued=frozen - timedelta(days=364))

    ended = person.get(path(year_old))

    assert ended.status_code == 410
    assert "more than a year old" in ended.text
    assert "sign in" in ended.text and "Reminders" in ended.text
    assert 'href="/profile/reminders/"' in ended.text
    assert "a•••@e•••.org" not in ended.text
    assert one_click(person, year_old).status_code == 410
    assert unsubscribed(alice) == []
    assert one_click(person, recent).status_code == 200
    assert unsubscribed(alice) == ["checkin"]


def test_a_link_from_before_links_had_a_date_gets_the_kind_page(frozen, alice):
    # Links in emails sent before this change carry no date: treated as too old.
    legacy = signing.Signer(salt="stepwise.unsubscribe.v1").sign(f"{alice.pk}.checkin")
    response = visitor("198.51.100.9").get(path(legacy))
    assert response.status_code == 410 and "sign in" in response.text
