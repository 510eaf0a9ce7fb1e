"""The complete export: reminder choices, phone, calendar settings, sharing, notes and logs.

Reminder preferences come back on import; the rest are records, for reading only,
and the README inside the ZIP says which is which and why.
"""

import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime, time, timedelta

import pytest

from accounts.models import SecurityEvent
from planner.services import export
from planner.services.export_zip import export_zip
from reminders.models import CalendarFeed, ReminderPreferences
from reminders.services.calendar import calendar_feed_create
from supporters.models import AccessLog, Encouragement, SupporterLink
from tests.factories import UserFactory, prefs_replace
from tests.supporters.sharing_support import link_for

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
SINCE = NOW - timedelta(days=30)


@pytest.fixture
def shared(alice, bob, carol):
    """Alice with reminder choices, a phone, a calendar feed, two supporters and their traces."""
    prefs_replace(
        owner=alice,
        quiet_start=time(22, 0),
        quiet_end=time(7, 30),
        planning_weekday=2,
        step_lead_minutes=30,
        email_unsubscribed=["checkin"],
        phone="+353861234567",
        phone_verified_at=SINCE,
        sms_enabled=True,
    )
    feed, token = calendar_feed_create(owner=alice, include_exit_strategy=True, now=SINCE)
    link = link_for(alice, bob, "plan", "safety", created_at=SINCE)
    link_for(
        alice,
        carol,
        "checkins",
        created_at=SINCE,
        ended_at=SINCE + timedelta(days=2),
        ended_by=SupporterLink.EndedBy.OWNER,
    )
    Encouragement.objects.create(link=link, owner=alice, body="Proud of you.", created_at=SINCE)
    AccessLog.objects.create(
        owner=alice,
        link=link,
        viewer=bob,
        scope="plan",
        path="/supporting/1/plan/",
        viewed_at=SINCE,
    )
    SecurityEvent.objects.create(
        user=alice, kind=SecurityEvent.Kind.PASSWORD_CHANGED, at=SINCE, device="Firefox on Linux"
    )
    return {"feed": feed, "token": token}


def unzip(archive: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {name: opened.read(name).decode("utf-8") for name in opened.namelist()}


def zipped(owner) -> tuple[dict, dict[str, str]]:
    files = unzip(export_zip(owner=owner, now=NOW))
    return json.loads(files["stepwise.json"]), files


def test_the_zip_carries_reminder_choices_and_quiet_hours(alice, shared):
    data, _ = zipped(alice)
    [prefs] = data["topics"]["reminder_preferences"]
    assert (prefs["quiet_start"], prefs["quiet_end"]) == ("22:00:00", "07:30:00")
    assert (prefs["planning_weekday"], prefs["step_lead_minutes"]) == (2, 30)
    assert prefs["email_unsubscribed"] == ["checkin"]


def test_the_zip_carries_the_confirmed_phone_and_the_calendar_settings(alice, shared):
    records = zipped(alice)[0]["records"]
    assert records["phone"] == [
        {"phone": "+353861234567", "confirmed_at": SINCE.isoformat(), "texts_on": True}
    ]
    [feed] = records["calendar_feeds"]
    assert feed["include_exit_strategy"] is True
    assert (feed["made_at"], feed["stopped_at"]) == (SINCE.isoformat(), None)


def test_the_calendar_address_is_never_in_the_export(alice, shared, alice_client):
    token = shared["token"]
    secrets = {token, hashlib.sha256(token.encode()).hexdigest(), shared["feed"].token_hash}
    _, files = zipped(alice)
    files["download.json"] = alice_client.get("/export/stepwise.json").content.decode()
    for name, text in files.items():
        assert not any(secret in text for secret in secrets), name


def test_the_zip_carries_sharing_with_scopes_and_dates_notes_and_logs(alice, shared):
    records = zipped(alice)[0]["records"]
    bob, carol = records["supporter_links"]
    assert (bob["supporter"], bob["scopes"]) == ("Bob", ["plan", "safety"])
    assert (bob["started_at"], bob["ended_at"]) == (SINCE.isoformat(), None)
    assert (carol["scopes"], carol["ended_by"]) == (["checkins"], "owner")
    assert carol["ended_at"] == (SINCE + timedelta(days=2)).isoformat()
    assert records["notes_received"] == [
        {"from": "Bob", "text": "Proud of you.", "sent_at": SINCE.isoformat(), "put_away_at": None}
    ]
    [view] = records["access_log"]
    assert (view["who"], view["scope"], view["at"]) == ("Bob", "plan", SINCE.isoformat())
    [event] = records["security_events"]
    assert (event["what_happened"], event["device"]) == ("Password changed", "Firefox on Linux")
    assert event["at"] == SINCE.isoformat()


def test_the_readme_says_what_an_import_brings_back_and_why_not_the_rest(alice, shared):
    readme = zipped(alice)[1]["README.txt"]
    yes, no = readme.split("What an import brings back")[1].split('No: what is under "records"')
    assert "reminder_preferences" in yes and "quiet hours" in yes
    for part in (
        "phone",
        "calendar_feeds",
        "supporter_links",
        "notes_received",
        "access_log",
        "security_events",
    ):
        assert f"\n{part}\n" in no, part
    flat = " ".join(no.split())
    assert "a file can never give anyone access" in flat
    assert "confirmed again with a code" in flat
    assert "a file cannot add to it or change it" in flat


def test_the_round_trip_restores_reminder_choices_and_no_records(alice, shared):
    data = json.loads(json.dumps(export.export_build(owner=alice, now=NOW)))
    fresh = UserFactory()

    counts = export.export_import(owner=fresh, data=data)

    assert counts["reminder_preferences"] == 1
    again = export.export_build(owner=fresh, now=NOW)
    assert again["topics"] == data["topics"]
    prefs = ReminderPreferences.objects.get(owner=fresh)
    assert (prefs.quiet_start, prefs.quiet_end) == (time(22, 0), time(7, 30))
    assert prefs.email_unsubscribed == ["checkin"]
    # Records stay records: no phone, no feed, no sharing, no notes, no log.
    assert (prefs.phone, prefs.sms_enabled) == ("", False)
    assert not CalendarFeed.objects.filter(owner=fresh).exists()
    assert not SupporterLink.objects.filter(owner=fresh).exists()
    assert not AccessLog.objects.filter(owner=fresh).exists()
    assert again["records"]["notes_received"] == again["records"]["access_log"] == []


def test_a_preference_that_cannot_be_read_brings_in_nothing(alice, shared):
    data = json.loads(json.dumps(export.export_build(owner=alice, now=NOW)))
    data["topics"]["reminder_preferences"][0]["email_unsubscribed"] = ["everything"]
    fresh = UserFactory(reminders=False)
    with pytest.raises(export.ImportProblem, match="reminder preferences"):
        export.export_import(owner=fresh, data=data)
    assert not ReminderPreferences.objects.filter(owner=fresh).exists()
    assert not export.export_build(owner=fresh, now=NOW)["topics"]["journal"]


def test_the_access_log_in_the_zip_names_each_kind_of_look_and_every_scope_it_drew_on(
    alice, bob, shared
):
    link = SupporterLink.objects.get(owner=alice, supporter=bob)
    for kind, scopes in (
        ("dashboard", ["plan", "safety"]),
        ("digest", ["safety"]),
        ("dashboard", []),  # someone who shares nothing: their name only
    ):
        AccessLog.objects.create(
            owner=alice,
            link=link,
            viewer=bob,
            kind=kind,
            scope="",
            scopes=scopes,
            path="/supporting/",
            viewed_at=SINCE + timedelta(hours=1),
        )

    page, dashboard, digest, name_only = zipped(alice)[0]["records"]["access_log"]

    assert (page["how"], page["scopes"]) == ("Opened", ["plan"])
    assert (dashboard["how"], dashboard["scopes"]) == (
        "Saw on their supporting page",
        ["plan", "safety"],
    )
    assert (digest["how"], digest["scopes"]) == ("Weekly summary sent", ["safety"])
    assert (name_only["saw"], name_only["scopes"]) == ("their name only", [])
