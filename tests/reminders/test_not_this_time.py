""" "Not this time" from a step reminder: a signed link (GET asks, POST acts) and a SKIP reply.

No sign-in: the link is the key, valid until the step's end. It shows nothing but
the step's title and time, and saying "not this time" changes nothing else.
"""

from datetime import timedelta

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planner.models import ScheduledStep
from reminders.messages import message_for
from reminders.models import Outbox, ReminderKind
from reminders.not_this_time import (
    SALT,
    not_this_time_open,
    not_this_time_token,
    not_this_time_url,
)
from reminders.unsubscribe import unsubscribe_token
from tests.reminders.channels_support import SECRETS, private_step, reminder_row, with_phone

STEP = ReminderKind.STEP
KIND_WORDS = "Okay, not this time. Nothing else changes; your plan is still here when you"


@pytest.fixture
def step(frozen, alice):
    # Tomorrow at 16:00 UTC (noon in New York), for 30 minutes.
    return private_step(alice, starts_at=frozen + timedelta(days=1), planned_minutes=30)


def _path(token):
    return reverse("reminders:not_this_time", kwargs={"token": token})


def _status(scheduled):
    scheduled.refresh_from_db()
    return scheduled.status


def _waiting(scheduled):
    return reminder_row(
        scheduled.owner, STEP, scheduled=scheduled, due_at=scheduled.starts_at - timedelta(hours=2)
    )


# --- The link in the reminder ----------------------------------------------------------


def test_a_step_reminder_email_carries_the_link_in_text_and_html(step, alice):
    message = message_for(reminder_row(alice, STEP, scheduled=step))

    url = not_this_time_url(step)
    assert url.startswith("http://localhost:8000/not-now/")
    assert url in message.text
    assert f'href="{url}"' in message.html


def test_a_step_reminder_text_carries_the_link_and_the_skip_reply(step, alice):
    with_phone(alice)

    message = message_for(reminder_row(alice, STEP, channel="sms", scheduled=step))

    assert not_this_time_url(step) in message.text
    assert "reply SKIP" in message.text
    assert message.text.endswith("Reply STOP to stop texts")
    assert len(message.text) <= 306  # two SMS segments at most


def test_a_token_names_one_step_at_one_time_and_cannot_be_forged(frozen, step, alice):
    token = not_this_time_token(step)
    other = private_step(alice, starts_at=frozen + timedelta(days=2))

    assert not_this_time_open(token=token, now=frozen).scheduled == step
    assert token != not_this_time_token(other)
    forged = token.replace(f"{signing.b62_encode(step.pk)}.", f"{signing.b62_encode(other.pk)}.")
    assert forged != token
    assert not_this_time_open(token=forged, now=frozen).state == "gone"
    assert not_this_time_open(token="nonsense", now=frozen).state == "gone"


# --- The page: GET asks, POST acts ------------------------------------------------------


def test_a_get_shows_one_button_and_changes_nothing(step):
    waiting = _waiting(step)

    response = Client().get(_path(not_this_time_token(step)))

    assert response.status_code == 200
    assert "Say hello at the café" in response.text
    assert "Thursday, June 11 at 12:00 PM" in response.text
    assert 'method="post"' in response.text and "Not this time" in response.text
    assert _status(step) == ScheduledStep.Status.PLANNED
    waiting.refresh_from_db()
    assert waiting.status == Outbox.Status.PENDING


def test_a_head_request_from_a_link_checker_changes_nothing(step):
    assert Client().head(_path(not_this_time_token(step))).status_code == 200
    assert _status(step) == ScheduledStep.Status.PLANNED


def test_the_page_shows_nothing_but_the_steps_title_and_time(step, alice):
    response = Client().get(_path(not_this_time_token(step)))

    for secret in SECRETS.values():
        if secret != SECRETS["suds"]:
            assert secret not in response.text
    assert alice.email not in response.text and "Alice" not in response.text
    assert response["Cache-Control"] == "no-store, private"
    # The page posts its own button: "no-referrer" would make browsers send
    # "Origin: null", which the CSRF check refuses; same-origin keeps the token here.
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_a_post_says_not_this_time_and_cancels_the_steps_waiting_reminders(step):
    waiting = _waiting(step)
    client = Client(enforce_csrf_checks=True)
    page = client.get(_path(not_this_time_token(step)))

    response = client.post(
        _path(not_this_time_token(step)), {"csrfmiddlewaretoken": page.context["csrf_token"]}
    )

    assert response.status_code == 200
    assert KIND_WORDS in response.text
    assert _status(step) == ScheduledStep.Status.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == Outbox.Status.CANCELLED


def test_a_second_post_changes_nothing_and_says_the_same_kind_words(step):
    path = _path(not_this_time_token(step))
    Client().post(path)
    before = ScheduledStep.objects.get(pk=step.pk).updated_at

    again = Client().post(path)

    assert again.status_code == 200 and KIND_WORDS in again.text
    assert ScheduledStep.objects.get(pk=step.pk).updated_at == before


def test_a_signed_in_person_and_a_stranger_alike_use_it_without_signing_in_again(step, carol):
    client = Client()
    client.force_login(carol)  # the token is the key, whoever's browser opens it

    response = client.post(_path(not_this_time_token(step)))

    assert response.status_code == 200
    assert _status(step) == ScheduledStep.Status.CANCELLED


def test_after_the_steps_end_the_link_changes_nothing_and_says_so_kindly(frozen, alice):
    ended = private_step(alice, starts_at=frozen - timedelta(minutes=31), planned_minutes=30)

    response = Client().post(_path(not_this_time_token(ended)))

    assert response.status_code == 410
    assert "This link has done its job" in response.text
    assert 'method="post"' not in response.text
    assert _status(ended) == ScheduledStep.Status.PLANNED


def test_until_the_steps_end_the_link_still_works(frozen, alice):
    under_way = private_step(alice, starts_at=frozen - timedelta(minutes=29), planned_minutes=30)

    Client().post(_path(not_this_time_token(under_way)))

    assert _status(under_way) == ScheduledStep.Status.CANCELLED


def test_a_link_for_a_step_since_moved_changes_nothing(frozen, step):
    token = not_this_time_token(step)
    step.starts_at += timedelta(days=1)
    step.save()

    response = Client().post(_path(token))

    assert response.status_code == 410
    assert _status(step) == ScheduledStep.Status.PLANNED


def test_a_step_already_done_stays_done(step):
    step.status = ScheduledStep.Status.DONE
    step.save()

    response = Client().post(_path(not_this_time_token(step)))

    assert response.status_code == 410
    assert _status(step) == ScheduledStep.Status.DONE


@pytest.mark.parametrize("kind", ["tampered", "other_salt", "other_person"])
def test_a_link_that_is_not_genuine_changes_nothing_and_gets_a_kind_page(step, alice, kind):
    token = not_this_time_token(step)
    value = signing.Signer(salt=SALT).unsign(token)
    bad = {
        "tampered": token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        # Another signed link of the app's (the same person's unsubscribe link).
        "other_salt": unsubscribe_token(alice, STEP, issued=step.starts_at),
        # A genuine signature over Alice's step, but naming someone else as its owner.
        "other_person": signing.Signer(salt=SALT).sign(
            value.replace(f".{signing.b62_encode(alice.pk)}.", f".{signing.b62_encode(999)}.")
        ),
    }[kind]

    response = Client().post(_path(bad))

    assert response.status_code == 404
    assert "This link does not work" in response.text
    assert "Say hello" not in response.text
    assert _status(step) == ScheduledStep.Status.PLANNED


def test_guessing_tokens_is_slowed_down_but_a_genuine_link_still_works(step):
    client = Client()
    for n in range(20):
        assert client.get(_path(f"guess-{n}")).status_code == 404

    response = client.get(_path("guess-more"))

    assert response.status_code == 429
    assert "resting for a few minutes" in response.text
    assert 'method="post"' not in response.text
    # Only wrong links count: the real one opens, even from this address.
    assert client.get(_path(not_this_time_token(step))).status_code == 200


def test_the_page_costs_the_same_queries_however_long_the_history(frozen, alice, step):
    path = _path(not_this_time_token(step))

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = Client().get(path)
        assert response.status_code == 200 and "Say hello at the café" in response.text
        return ctx

    first = queries()
    for n in range(10):
        other = private_step(alice, starts_at=frozen + timedelta(days=2, hours=n))
        _waiting(other)
        _waiting(step)
    again = queries()

    assert len(again) == len(first), "\n".join(q["sql"] for q in again.captured_queries)
