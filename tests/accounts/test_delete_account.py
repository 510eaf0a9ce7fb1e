"""Delete my account: the page, its re-authentication, the confirmation, and what follows."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.services.deletion import account_delete
from reminders.models import Outbox
from reminders.services.delivery import outbox_deliver
from reminders.services.delivery_batch import outbox_deliver_batch
from reminders.services.dispatch import outbox_claim
from supporters.models import SupporterLink
from tests.accounts.sessions_support import sign_in
from tests.factories import PASSWORD, JournalEntryFactory, UserFactory, prefs_replace
from tests.reminders.dispatch_support import SCRIPTED, ScriptedSMSBackend, outbox_row
from tests.supporters.supporters_support import ALL_SCOPES, link_for

pytestmark = pytest.mark.django_db
DELETE = reverse("accounts:delete")


def reauthenticate(client) -> None:
    """The password again, through allauth's own page: fresh for five minutes."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.fixture
def signed_in(frozen, alice, client):
    client.force_login(alice)
    return client


@pytest.fixture
def fresh(signed_in):
    reauthenticate(signed_in)
    return signed_in


def test_the_profile_offers_a_calm_link_to_delete_the_account(signed_in):
    page = signed_in.get(reverse("accounts:profile")).content.decode()
    assert f'href="{DELETE}"' in page
    assert "Delete my account" in page


def test_the_page_asks_for_the_password_again_before_it_shows_anything(signed_in):
    response = signed_in.get(DELETE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_a_post_without_a_fresh_password_deletes_nothing(signed_in, alice):
    response = signed_in.post(DELETE, {"confirm": "delete"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=alice.pk).exists()


def test_a_password_from_more_than_five_minutes_ago_is_not_fresh_enough(signed_in, alice, now):
    reauthenticate(signed_in)
    with time_machine.travel(now + timedelta(minutes=6), tick=True):
        response = signed_in.post(DELETE, {"confirm": "delete"})
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_page_offers_the_export_first_and_says_what_goes_and_what_stays(fresh):
    response = fresh.get(DELETE)
    page = response.content.decode()
    assert response.status_code == 200
    export = page.index(f'href="{reverse("planner:export")}"')
    assert export < page.index("What is removed") < page.index("What is kept")
    assert page.index("What is kept") < page.index('name="confirm"')
    assert "STOP" in page  # the one thing kept, said plainly


@pytest.mark.parametrize("typed", ["", "yes", "delet", "delete everything"])
def test_a_wrong_word_is_met_kindly_keeps_what_was_typed_and_deletes_nothing(fresh, alice, typed):
    JournalEntryFactory(owner=alice)
    response = fresh.post(DELETE, {"confirm": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert "please type the word “delete”" in page
    assert "Nothing has been deleted." in page
    if typed:
        assert f'value="{typed}"' in page
    assert User.objects.filter(pk=alice.pk).exists()
    assert alice.journal_entries.count() == 1


@pytest.mark.parametrize("typed", ["delete", "DELETE", "  Delete "])
def test_the_word_in_any_case_deletes_the_account_and_signs_this_browser_out(fresh, alice, typed):
    response = fresh.post(DELETE, {"confirm": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:deleted")
    # Like signing out: the offline copy of the safety plan leaves this browser too.
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert not User.objects.filter(pk=alice.pk).exists()
    done = fresh.get(response["Location"])
    assert done.status_code == 200
    assert "Your account is deleted" in done.content.decode()
    assert fresh.get(reverse("accounts:profile")).status_code == 302  # signed out


def test_every_other_session_of_hers_ends_and_others_stay(fresh, alice, bob):
    # Signed in through the form, as people are (allauth.usersessions keeps a row each).
    phone, bobs = Client(), Client()
    sign_in(phone, alice)
    sign_in(bobs, bob)
    assert Session.objects.count() == 3

    fresh.post(DELETE, {"confirm": "delete"})

    assert Session.objects.count() == 1  # Bob's
    assert phone.get(reverse("accounts:profile")).status_code == 302
    assert bobs.get(reverse("accounts:profile")).status_code == 200


def test_her_supporter_is_told_only_that_the_sharing_ended_and_loses_access_next_request(
    fresh, alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    link_for(alice, bob, *ALL_SCOPES)
    bobs = Client()
    bobs.force_login(bob)
    person = reverse("supporting:person", kwargs={"owner_id": alice.pk})
    assert bobs.get(person).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        fresh.post(DELETE, {"confirm": "delete"})

    assert bobs.get(person).status_code == 404
    assert bobs.get(reverse("supporting:dashboard")).status_code == 200
    (mail,) = mailoutbox
    assert mail.to == [bob.email]
    assert mail.subject == "Alice's sharing with you has ended"
    assert "Alice's sharing with you has ended." in mail.body
    text = f"{mail.subject} {mail.body}".lower()
    assert "delet" not in text and "account" not in text


def test_a_discreet_supporter_gets_a_neutral_sender_and_subject(
    alice, now, mailoutbox, django_capture_on_commit_callbacks
):
    dana = UserFactory(display_name="Dana", email="dana@example.org", discreet=True)
    link_for(alice, dana, "plan")
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=alice, now=now)
    (mail,) = mailoutbox
    assert mail.from_email.startswith("Reminders <")
    assert "Alice" not in mail.subject and "Stepwise" not in mail.subject
    assert "Stepwise" not in mail.body


def test_people_she_supports_are_not_emailed_and_her_side_ends(
    alice, bob, now, mailoutbox, django_capture_on_commit_callbacks
):
    link_for(bob, alice, "plan")
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=alice, now=now)
    assert mailoutbox == []
    assert not SupporterLink.objects.filter(owner=bob).exists()


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = SCRIPTED
    ScriptedSMSBackend.reset()
    return ScriptedSMSBackend


def _texted(alice, now):
    prefs_replace(owner=alice, sms_enabled=True, phone="+14155550100", phone_verified_at=now)
    return outbox_row(recipient=alice, due_at=now - timedelta(minutes=1))


def test_a_reminder_a_worker_already_claimed_is_not_sent_after_she_is_deleted(alice, now, sms):
    _texted(alice, now)
    ((pk, lease),) = outbox_claim(now=now)

    account_delete(user=alice, now=now)

    assert outbox_deliver(outbox_id=pk, lease=lease, now=now) == "duplicate"
    assert sms.calls == 0


def test_a_claimed_chunk_holding_her_reminder_sends_nothing_to_her(alice, bob, now, sms):
    _texted(alice, now)
    prefs_replace(owner=bob, sms_enabled=True, phone="+14155550101", phone_verified_at=now)
    outbox_row(recipient=bob, due_at=now - timedelta(minutes=1))
    claimed = outbox_claim(now=now)

    account_delete(user=alice, now=now)

    outcome = outbox_deliver_batch(ids=[pk for pk, _ in claimed], lease=claimed[0][1], now=now)
    assert [text.to for text in sms.sent] == ["+14155550101"]
    assert outcome.counts["sent"] == 1
    assert not Outbox.objects.filter(recipient_id=alice.pk).exists()


def test_the_page_takes_the_same_queries_however_much_she_has_written(
    fresh, alice, django_assert_max_num_queries
):
    JournalEntryFactory(owner=alice)
    with CaptureQueriesContext(connection) as small:
        assert fresh.get(DELETE).status_code == 200
    JournalEntryFactory.create_batch(30, owner=alice)
    with django_assert_max_num_queries(len(small)):
        page = fresh.get(DELETE)
    assert "What is removed" in page.content.decode()
