"""The one-click unsubscribe link: signed per person and kind, POST acts, GET only asks."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reminders.messages import message_for
from reminders.models import Outbox, ReminderKind, ReminderPreferences
from reminders.services.schedule import reminders_replan
from reminders.unsubscribe import (
    GONE,
    OPEN,
    email_unsubscribe,
    unsubscribe_open,
    unsubscribe_token,
    unsubscribe_url,
)
from tests.factories import prefs_replace
from tests.pages import assert_shows
from tests.reminders.channels_support import reminder_row, with_phone

CHECKIN = ReminderKind.CHECKIN


def _token(person, kind=CHECKIN):
    return unsubscribe_token(person, kind, issued=timezone.now())


def _path(person, kind=CHECKIN):
    return reverse("reminders:unsubscribe", kwargs={"token": _token(person, kind)})


def _one_click(path):
    return Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )


def _unsubscribed(person):
    prefs = ReminderPreferences.objects.filter(owner=person).first()
    return prefs.email_unsubscribed if prefs else []


def test_a_token_names_one_person_and_one_kind_and_cannot_be_forged(now, alice, bob):
    token = unsubscribe_token(alice, CHECKIN, issued=now)
    opened = unsubscribe_open(token, now=now)
    assert (opened.state, opened.user, opened.kind) == (OPEN, alice, "checkin")
    assert token != unsubscribe_token(alice, ReminderKind.STEP, issued=now)
    assert token != unsubscribe_token(bob, CHECKIN, issued=now)
    forged = token.replace(f"{alice.pk}.", f"{bob.pk}.", 1)
    assert unsubscribe_open(forged, now=now).state == GONE
    assert unsubscribe_open("nonsense", now=now).state == GONE


def test_the_link_is_absolute_on_the_public_url(settings, alice):
    settings.PUBLIC_URL = "https://stepwise.example.org"
    assert unsubscribe_url(alice, CHECKIN, issued=timezone.now()).startswith(
        "https://stepwise.example.org/unsubscribe/"
    )


def test_a_get_shows_a_button_and_changes_nothing(alice):
    row = reminder_row(alice, CHECKIN)

    response = Client().get(_path(alice))

    assert response.status_code == 200
    assert "Stop check-in reminders to a•••@e•••.org?" in response.text
    assert 'method="post"' in response.text and "Stop these emails" in response.text
    assert _unsubscribed(alice) == []
    row.refresh_from_db()
    assert row.status == Outbox.Status.PENDING


def test_a_head_request_from_a_link_checker_changes_nothing(alice):
    assert Client().head(_path(alice)).status_code == 200
    assert _unsubscribed(alice) == []


def test_the_one_click_post_stops_that_kind_by_email_at_once(frozen, alice):
    # Frozen mid-week (the view reads the clock too): the weekly planning prompt,
    # Sunday evening, is not yet inside the window the replan writes ahead.
    with_phone(alice)
    reminders_replan(owner=alice, now=frozen)
    planned = Outbox.objects.filter(recipient=alice, status=Outbox.Status.PENDING)
    checkin_emails = list(planned.filter(kind=CHECKIN, channel="email"))
    claimed, waiting = checkin_emails[0], checkin_emails[1:]
    Outbox.objects.filter(pk=claimed.pk).update(status="claimed")
    untouched = list(planned.exclude(kind=CHECKIN, channel="email"))
    assert waiting and {row.kind for row in untouched} == {CHECKIN}

    response = _one_click(_path(alice))

    assert response.status_code == 200
    assert "will not get these emails any more" in response.text
    assert _unsubscribed(alice) == ["checkin"]
    assert not Outbox.objects.filter(
        recipient=alice, kind=CHECKIN, channel="email", status=Outbox.Status.PENDING
    ).exists()
    # A row the dispatcher already holds is stopped at send time instead.
    claimed.refresh_from_db()
    assert claimed.status == Outbox.Status.CLAIMED and message_for(claimed) is None
    # Check-ins by text carry on as planned.
    for row in untouched:
        row.refresh_from_db()
        assert row.status == Outbox.Status.PENDING
    text = next(row for row in untouched if row.channel == "sms" and row.kind == CHECKIN)
    assert message_for(text) is not None


def test_the_button_on_the_page_works_the_same_and_twice_is_fine(client, alice):
    path = _path(alice)
    assert client.post(path).status_code == 200
    assert client.post(path).status_code == 200
    assert _unsubscribed(alice) == ["checkin"]
    assert "already off" in client.get(path).text


def test_it_works_for_someone_signed_in_as_another_person(client, alice, carol):
    client.force_login(carol)
    assert client.post(_path(alice)).status_code == 200
    assert _unsubscribed(alice) == ["checkin"] and _unsubscribed(carol) == []


def test_sending_them_again_undoes_it(client, alice):
    email_unsubscribe(user=alice, kind=CHECKIN, now=timezone.now())
    path = reverse("reminders:unsubscribe_undo", kwargs={"token": _token(alice)})

    response = client.post(path)

    assert response.status_code == 200
    assert "Welcome back" in response.text
    assert _unsubscribed(alice) == []
    assert message_for(reminder_row(alice, CHECKIN)) is not None


def test_undo_needs_a_csrf_token_because_a_person_clicks_it(alice):
    email_unsubscribe(user=alice, kind=CHECKIN, now=timezone.now())
    path = reverse("reminders:unsubscribe_undo", kwargs={"token": _token(alice)})
    assert Client(enforce_csrf_checks=True).post(path).status_code == 403
    assert _unsubscribed(alice) == ["checkin"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_broken_or_tampered_link_is_not_found_and_changes_nothing(client, alice, method):
    good = _token(alice)
    for token in ("nonsense", good[:-2] + "xx"):
        response = getattr(client, method)(
            reverse("reminders:unsubscribe", kwargs={"token": token})
        )
        assert response.status_code == 404
    assert _unsubscribed(alice) == []


def test_the_link_of_a_closed_account_is_not_found(client, alice):
    path = _path(alice)
    alice.is_active = False
    alice.save()
    assert client.post(path).status_code == 404


SHOWS = {
    "get": "Stop check-in reminders to a•••@e•••.org?",
    "post": "will not get these emails any more",
}


def test_the_pages_cost_the_same_queries_however_much_history(alice):
    path = _path(alice)
    prefs_replace(owner=alice)
    # The waiting reminders exist before either count, as they would in life.
    reminders_replan(owner=alice, now=timezone.now())

    def count(method):
        with CaptureQueriesContext(connection) as queries:
            response = getattr(Client(), method)(path)
        # The history is not on these pages; each must still be the real page.
        assert_shows(response, SHOWS[method])
        return len(queries), [q["sql"] for q in queries.captured_queries]

    few_get, few_post = count("get"), count("post")
    ReminderPreferences.objects.filter(owner=alice).update(email_unsubscribed=[])
    week_ago = timezone.now() - timedelta(days=7)
    for _ in range(40):
        reminder_row(alice, CHECKIN, status="sent", due_at=week_ago)
        reminder_row(alice, ReminderKind.PLANNING, status="sent", due_at=week_ago)
    ReminderPreferences.objects.filter(owner=alice).update(email_unsubscribed=[])
    many_get, many_post = count("get"), count("post")
    assert many_get[0] == few_get[0], "\n".join(many_get[1])
    assert many_post[0] == few_post[0], "\n".join(many_post[1])
    assert _unsubscribed(alice) == ["checkin"]
