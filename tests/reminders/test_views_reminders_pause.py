"""Pausing all reminders from the reminders page, with and without htmx."""

from datetime import timedelta

import pytest

from reminders.models import ReminderPreferences
from tests.reminders.preferences_support import (
    HTMX,
    PAGE,
    PAUSE,
    RESUME,
    choices,
    pending,
    today_for,
)

pytestmark = pytest.mark.django_db


# --- Pausing ----------------------------------------------------------------------------
def test_pausing_until_a_day_stops_reminders_and_says_when_they_return(alice_client, alice):
    until = today_for(alice) + timedelta(days=5)
    alice_client.post(PAGE, choices())
    assert pending(alice)

    response = alice_client.post(PAUSE, {"until": until.isoformat()}, follow=True)

    prefs = ReminderPreferences.objects.get(owner=alice)
    assert prefs.is_paused and prefs.paused_until == until
    html = response.content.decode()
    assert "All reminders are paused until" in html
    assert "Resume reminders now" in html
    before_until = [key for key, due in pending(alice) if due.astimezone(alice.zone).date() < until]
    assert before_until == []


def test_pausing_with_htmx_swaps_only_the_upcoming_region(alice_client, alice):
    alice_client.post(PAGE, choices())
    response = alice_client.post(PAUSE, {}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="upcoming"')
    assert "All reminders are paused." in html and "<html" not in html
    assert pending(alice) == set()

    response = alice_client.post(RESUME, headers=HTMX)
    html = response.content.decode()
    assert "Pause all reminders" in html and "<html" not in html
    assert not ReminderPreferences.objects.get(owner=alice).is_paused
    assert pending(alice)


def test_a_pause_that_ends_in_the_past_keeps_what_was_typed_and_changes_nothing(
    alice_client, alice
):
    yesterday = (today_for(alice) - timedelta(days=1)).isoformat()
    outbox = pending(alice)
    for headers in ({}, HTMX):
        response = alice_client.post(PAUSE, {"until": yesterday}, headers=headers)
        html = response.content.decode()
        assert "Please pick a day after today." in html
        assert f'value="{yesterday}"' in html
    assert not ReminderPreferences.objects.filter(owner=alice, paused_at__isnull=False).exists()
    assert pending(alice) == outbox


def test_resuming_without_javascript_goes_back_to_the_page(alice_client, alice):
    alice_client.post(PAUSE, {})
    response = alice_client.post(RESUME, follow=True)
    assert "Reminders are back on" in response.content.decode()
    assert not ReminderPreferences.objects.get(owner=alice).is_paused
