"""User.zone: the one place a saved time-zone name becomes a zone."""

from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_zone_is_the_saved_one(alice):
    assert alice.zone == ZoneInfo("America/New_York")


def test_a_zone_tzdata_no_longer_knows_falls_back_to_utc_and_pages_still_open(client, alice):
    # Saved long ago, then dropped from tzdata: no form would accept it today.
    User.objects.filter(pk=alice.pk).update(timezone="Mars/Olympus_Mons")
    alice.refresh_from_db()
    assert alice.zone == ZoneInfo("UTC")
    client.force_login(alice)
    for name in ("planner:home", "planner:week", "reminders:page"):
        assert client.get(reverse(name)).status_code == 200


def test_a_changed_zone_is_read_afresh(alice):
    alice.timezone = "Asia/Kathmandu"
    assert alice.zone == ZoneInfo("Asia/Kathmandu")
