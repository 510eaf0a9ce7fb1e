import re
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner.services.safety import safety_review_interval_set, safety_section_save
from reminders.models import CalendarFeed, Outbox, ReminderPreferences
from tests.accounts.reauth_support import reauthenticate
from tests.factories import ScheduledStepFactory, StepFactory, UserFactory, prefs_replace
from tests.pages import assert_shows
from tests.reminders.preferences_support import HTMX, PAGE, PAUSE, RESUME, choices, pending
from tests.reminders.reminders_ui_support import BEGUN, feed_url_from, outbox_history

pytestmark = pytest.mark.django_db


# --- The page and its defaults ---------------------------------------------------------
def test_the_page_shows_the_gentle_defaults_with_no_reminder_chosen(client):
    client.force_login(UserFactory(reminders=False))  # a brand-new account
    response = client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    form = response.context["form"]
    assert form["planning_weekday"].value() == 6
    assert form["planning_at"].value() == time(18, 0)
    assert form["step_evening_at"].value() == time(19, 0)
    assert form["step_lead_minutes"].value() == 60
    assert (form["quiet_start"].value(), form["quiet_end"].value()) == (time(21), time(8))
    assert "Nothing is ever sent in your quiet hours" in html
    assert 'value="18:00"' in html and 'value="21:00"' in html
    assert "Add and confirm your mobile number" in html
    # Reminders are a choice: none is ticked until the person ticks it.
    for kind in ("planning", "step", "checkin", "safety_review"):
        assert form[f"{kind}_enabled"].value() is False, kind
    assert "nothing is sent unless it's ticked here" in html
    assert not ReminderPreferences.objects.exists(), "looking costs no write"


def test_the_profile_links_to_the_reminders_page(alice_client):
    assert f'href="{PAGE}"' in alice_client.get(reverse("accounts:profile")).content.decode()


def test_the_preview_lists_the_next_reminders_at_local_times(alice_client, alice):
    html = alice_client.get(PAGE).content.decode()
    assert "Weekly planning prompt" in html
    preview = alice_client.get(PAGE).context["preview"]
    assert 0 < len(preview) <= 10
    assert all(item.due_local.tzinfo.key == "America/New_York" for item in preview)
    first = preview[0]
    assert first.due_local.strftime("%H:%M") in html


def test_a_review_90_days_away_shows_after_the_next_ten(frozen, alice_client, alice):
    now = frozen
    safety_section_save(owner=alice, section="warning-signs", value=["Not sleeping"], now=now)
    safety_review_interval_set(owner=alice, days=90, now=now)

    html = alice_client.get(PAGE).content.decode()

    assert "The next 10 reminders you'll get" in html
    review_day = (now + timedelta(days=90)).astimezone(alice.zone)
    after = html.split('class="reminder-preview"')[1].split("</ol>")[1]
    assert re.search(r"Further ahead:.*Look over your safety plan", after, re.S)
    assert review_day.strftime("%a %-d %b") in after


def test_the_check_in_reminder_follows_the_check_in_rhythm_with_a_link_to_change_it(alice_client):
    html = alice_client.get(PAGE).content.decode()
    assert "every day at 20:00" in html
    assert f'href="{reverse("planner:checkin_settings")}"' in html


# --- Saving -----------------------------------------------------------------------------
def test_saving_keeps_the_choices_and_replans_what_comes_next(alice_client, alice):
    response = alice_client.post(
        PAGE, choices(planning_weekday="2", planning_at="09:30", checkin_enabled=None), follow=True
    )

    prefs = ReminderPreferences.objects.get(owner=alice)
    assert (prefs.planning_weekday, prefs.planning_at) == (2, time(9, 30))
    assert not prefs.checkin_enabled
    html = response.content.decode()
    assert "Saved." in html
    kinds = {item.kind for item in response.context["preview"]}
    assert "checkin" not in kinds
    planning = [i for i in response.context["preview"] if i.kind == "planning"]
    assert planning and all(
        (i.due_local.weekday(), i.due_local.strftime("%H:%M")) == (2, "09:30") for i in planning
    )
    assert not Outbox.objects.filter(recipient=alice, kind="checkin", status="pending").exists()


def test_step_reminders_take_the_chosen_lead_time(alice_client, alice):
    starts = timezone.now() + timedelta(days=2)
    ScheduledStepFactory(
        step=StepFactory(goal__owner=alice, title="Library visit"), starts_at=starts
    )
    alice_client.post(PAGE, choices(step_lead_minutes="30", step_evening_before=None))
    prefs = ReminderPreferences.objects.get(owner=alice)
    assert (prefs.step_lead_minutes, prefs.step_evening_before) == (30, False)
    alice_client.post(PAGE, choices(step_lead_minutes=""))
    assert ReminderPreferences.objects.get(owner=alice).step_lead_minutes is None


@pytest.mark.parametrize(
    ("changes", "typed", "said"),
    [
        ({"planning_at": "25:99"}, 'value="25:99"', "Please give a time like 18:00."),
        ({"quiet_end": "21:00"}, 'value="21:00"', "Quiet hours need an end that differs"),
        ({"step_lead_minutes": "7"}, None, "Select a valid choice"),
    ],
)
def test_bad_input_keeps_what_was_typed_and_changes_nothing(
    alice_client, alice, changes, typed, said
):
    alice_client.post(PAGE, choices(planning_at="07:15"))
    before, outbox = ReminderPreferences.objects.get(owner=alice), pending(alice)

    response = alice_client.post(PAGE, choices(planning_weekday="3", **changes))

    html = response.content.decode()
    assert response.status_code == 200
    assert said in html
    if typed:
        assert typed in html
    assert '<option value="3" selected>Thursday</option>' in html
    after = ReminderPreferences.objects.get(owner=alice)
    assert (after.planning_weekday, after.planning_at) == (before.planning_weekday, time(7, 15))
    assert pending(alice) == outbox


def test_texts_are_refused_kindly_until_a_phone_is_confirmed(alice_client, alice):
    response = alice_client.post(PAGE, choices(sms_enabled="on"))
    html = response.content.decode()
    assert "Texts need a phone number you" in html and "phone page" in html
    assert not ReminderPreferences.objects.filter(owner=alice, sms_enabled=True).exists()

    ReminderPreferences.objects.filter(owner=alice).update(
        phone="+14155550123", phone_verified_at=timezone.now()
    )
    ReminderPreferences.objects.get_or_create(
        owner=alice, defaults={"phone": "+14155550123", "phone_verified_at": timezone.now()}
    )
    alice_client.post(PAGE, choices(sms_enabled="on"))
    assert ReminderPreferences.objects.get(owner=alice).sms_enabled
    assert Outbox.objects.filter(recipient=alice, channel="sms", status="pending").exists()


# --- The delivery log -------------------------------------------------------------------
def test_the_log_says_what_happened_in_plain_words(alice_client, alice):
    outbox_history(alice, 12)
    outbox_history(alice, 2, channel="sms", start=timezone.now() - timedelta(days=3))
    html = alice_client.get(PAGE).content.decode()
    assert "What we sent" in html
    assert "Sent" in html
    assert re.search(
        r"Not sent\s*<span[^>]*>The step had already begun, so it was not sent late\.", html
    )
    assert "Could not send" in html and "check your email address" in html
    assert "failed" not in html.lower() and "missed" not in html.lower()


def test_the_log_shows_the_last_fifty(alice_client, alice):
    outbox_history(alice, 80)
    assert len(alice_client.get(PAGE).context["log"]) == 50


# --- Privacy ----------------------------------------------------------------------------
def test_carol_sees_nothing_of_alices_reminders(client, alice, carol):
    alice_client = Client()
    alice_client.force_login(alice)
    alice_client.post(PAGE, choices(planning_weekday="2", planning_at="06:45"))
    outbox_history(alice, 5)
    Outbox.objects.filter(recipient=alice).update(last_error="alice-only-error")
    client.force_login(carol)

    response = client.get(PAGE)

    html = response.content.decode()
    assert response.context["log"] == []
    assert "06:45" not in html
    assert "alice" not in html.lower()
    assert all(item.due_local.tzinfo.key == "Europe/Dublin" for item in response.context["preview"])


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("page", "get"),
        ("page", "post"),
        ("pause", "post"),
        ("resume", "post"),
        ("calendar_feed_make", "post"),
        ("calendar_feed_options", "post"),
        ("calendar_feed_stop", "post"),
        ("phone", "get"),
    ],
)
def test_every_reminders_page_needs_a_signed_in_person(client, name, method):
    response = getattr(client, method)(reverse(f"reminders:{name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- The calendar feed, from the page ---------------------------------------------------
def test_the_calendar_address_is_made_shown_once_and_stopped_from_the_page(alice_client, alice):
    ScheduledStepFactory(step=StepFactory(goal__owner=alice, title="Book club"))
    html = alice_client.post(reverse("reminders:calendar_feed_make")).content.decode()
    url = feed_url_from(html)
    assert b"SUMMARY:Book club" in Client().get(url).content
    assert url not in alice_client.get(PAGE).content.decode()

    alice_client.post(reverse("reminders:calendar_feed_options"), {"include_exit_strategy": "on"})
    assert CalendarFeed.objects.get(owner=alice, revoked_at__isnull=True).include_exit_strategy
    assert b"DESCRIPTION:If you need a way out" in Client().get(url).content

    response = alice_client.post(reverse("reminders:calendar_feed_stop"), follow=True)
    assert "has stopped working" in response.content.decode()
    assert Client().get(url).status_code == 404


def test_carol_cannot_stop_alices_calendar(client, alice, carol):
    alice_client = Client()
    alice_client.force_login(alice)
    reauthenticate(alice_client)
    url = feed_url_from(alice_client.post(reverse("reminders:calendar_feed_make")).content.decode())
    client.force_login(carol)
    client.post(reverse("reminders:calendar_feed_stop"))
    assert Client().get(url).status_code == 200


# --- Queries ----------------------------------------------------------------------------
@pytest.mark.parametrize("htmx", [False, True])
def test_the_page_takes_as_many_queries_with_hundreds_of_messages_as_with_none(
    alice_client, alice, htmx
):
    prefs_replace(
        owner=alice, phone="+14155550123", phone_verified_at=timezone.now(), sms_enabled=True
    )
    alice_client.post(reverse("reminders:calendar_feed_make"))
    url, method = (PAUSE, "post") if htmx else (PAGE, "get")

    def count(*shows):
        if htmx:  # the pause region: pause then resume, counting the resume
            alice_client.post(PAUSE, {}, headers=HTMX)
            with CaptureQueriesContext(connection) as queries:
                response = alice_client.post(RESUME, headers=HTMX)
        else:
            with CaptureQueriesContext(connection) as queries:
                response = alice_client.get(url)
        assert_shows(response, *shows)
        return queries

    count()  # the first pause writes the rows; later ones only move them
    new = count()
    outbox_history(alice, 400)
    outbox_history(alice, 100, channel="sms", start=timezone.now() - timedelta(days=30))
    # The page's preview reads upcoming steps too (re-planning them is the write's
    # cost, not the region's, so the htmx count grows only the history).
    for n in range(0 if htmx else 15):
        ScheduledStepFactory(
            step=StepFactory(goal__owner=alice, title=f"Step {n}"),
            starts_at=timezone.now() + timedelta(hours=6 * n + 3),
        )
    # The page lists the grown log; the htmx region shows none of it (the history is
    # what must not cost it a query), so it must at least be the region itself.
    shows = ["What comes next"] if htmx else ["The last 50 messages", BEGUN, "Could not send"]
    grown = count(*shows)

    assert len(grown) == len(new), "\n".join(q["sql"] for q in grown.captured_queries)
