"""Every read a supporter makes of shared data leaves exactly one access-log row (issue 14.5).

The shared pages, the supporting dashboard (one row per person shown, with the
scopes it drew on) and the weekly summary ("weekly summary sent", once per summary
however often it is worded) all land in the person's "When supporters looked".
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reminders.messages.supporters import ally_step_message, digest_message
from reminders.models import Outbox, ReminderKind
from supporters.models import AccessLog
from tests.factories import UserFactory
from tests.supporters.supporting_support import ally_step, link_for, sql_of, years_of_history

pytestmark = pytest.mark.django_db


def rows_about(owner) -> list[tuple[str, str, list[str]]]:
    return [
        (row.kind, row.scope, row.scopes)
        for row in AccessLog.objects.filter(owner=owner).order_by("pk")
    ]


# --- The dashboard -----------------------------------------------------------------------
def test_the_dashboard_leaves_one_row_per_person_with_the_scopes_it_drew_on(
    client, alice, bob, carol
):
    link_for(alice, bob, "plan", "practice", "safety")
    link_for(carol, bob, "checkins", "journal")
    client.force_login(bob)

    assert client.get(reverse("supporting:dashboard")).status_code == 200

    # The dashboard reads plan, practice and check-ins; the safety plan and the
    # journal are not on it, so they are not named.
    assert rows_about(alice) == [("dashboard", "", ["plan", "practice"])]
    assert rows_about(carol) == [("dashboard", "", ["checkins"])]
    assert AccessLog.objects.get(owner=alice).path == reverse("supporting:dashboard")


def test_someone_who_shares_nothing_is_still_logged_as_shown_by_name_only(client, alice, bob):
    link_for(alice, bob)
    client.force_login(bob)
    client.get(reverse("supporting:dashboard"))

    assert rows_about(alice) == [("dashboard", "", [])]
    client.force_login(alice)
    html = client.get(reverse("sharing:access_log")).content.decode()
    assert "Their supporting page: your name only" in html


def test_each_dashboard_visit_is_one_more_row_and_an_ended_link_none(client, alice, bob, carol):
    link_for(alice, bob, "plan")
    ended = link_for(carol, bob, "plan", ended_at=timezone.now())
    client.force_login(bob)
    client.get(reverse("supporting:dashboard"))
    client.get(reverse("supporting:dashboard"))

    assert len(rows_about(alice)) == 2
    assert not AccessLog.objects.filter(link=ended).exists()


def test_the_dashboard_logs_everyone_in_the_same_number_of_queries(client, bob):
    """One bulk insert for the rows, one update for "last seen", however many people."""

    def people(n):
        owners = UserFactory.create_batch(n)
        years_of_history(owners, today=timezone.localdate(), days=30)
        for owner in owners:
            link_for(owner, bob, "plan", "practice", "checkins")
        return owners

    client.force_login(bob)
    client.get(reverse("supporting:dashboard"))  # warm the session
    # Both visits below are someone's first this minute: each stamps "last seen".
    people(2)
    cache.clear()  # every card renders afresh both times: the dearest visit (common.fragments)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("supporting:dashboard"))
    people(12)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("supporting:dashboard"))

    assert len(many) == len(few), sql_of(many)
    assert AccessLog.objects.filter(kind="dashboard").count() == 2 + 14
    inserts = [q["sql"] for q in many.captured_queries if "INSERT" in q["sql"]]
    assert len(inserts) == 1 and "accounts_accesslog" in inserts[0]


# --- The shared pages --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("page", "granted", "scope", "scopes"),
    [
        ("supporting:plan", ["plan", "safety"], "plan", ["plan"]),
        ("supporting:practice", ["practice"], "practice", ["practice"]),
        # Step titles on the practice page are the plan's: named when shown.
        ("supporting:practice", ["practice", "plan"], "practice", ["plan", "practice"]),
        ("supporting:checkins", ["checkins"], "checkins", ["checkins"]),
        # A weekly summary shows no notes, so it draws on the check-ins alone.
        ("supporting:checkins", ["checkins", "journal"], "checkins", ["checkins"]),
        # Each check-in's notes and tags are the journal's ("each" in `granted`: the choice).
        (
            "supporting:checkins",
            ["checkins", "journal", "each"],
            "checkins",
            ["checkins", "journal"],
        ),
        ("supporting:safety", ["safety"], "safety", ["safety"]),
        # Each step's exit strategy on the safety plan is the plan's.
        ("supporting:safety", ["safety", "plan"], "safety", ["plan", "safety"]),
        ("supporting:journal", ["journal"], "journal", ["journal"]),
    ],
)
def test_each_shared_page_leaves_exactly_one_row_naming_what_it_showed(
    client, alice, bob, page, granted, scope, scopes
):
    each = "each" in granted
    link_for(
        alice,
        bob,
        *(s for s in granted if s != "each"),
        checkins_shown="each" if each else "weekly",
    )
    client.force_login(bob)

    assert client.get(reverse(page, args=[alice.pk])).status_code == 200

    assert rows_about(alice) == [("page", scope, scopes)]


# --- The weekly summary ------------------------------------------------------------------
def digest_row(link, week="this") -> Outbox:
    return Outbox.objects.create(
        recipient=link.supporter,
        kind=ReminderKind.DIGEST,
        channel="email",
        supporter_link=link,
        due_at=timezone.now() - timedelta(minutes=1),
        dedupe_key=f"digest:{link.pk}:email:{week}",
    )


def test_a_weekly_summary_is_logged_once_as_sent_with_the_scopes_it_read(alice, bob):
    link = link_for(alice, bob, "plan", "checkins", "journal", digest_enabled=True)
    row = digest_row(link)

    digest_message(row, "bob@example.org")
    # A retry after the provider blinked words the same summary again.
    digest_message(row, "bob@example.org")

    assert rows_about(alice) == [("digest", "", ["plan", "checkins"])]


def test_each_week_has_its_own_row_and_the_person_reads_it_as_sent(alice, bob, alice_client):
    link = link_for(alice, bob, "safety", digest_enabled=True)
    digest_message(digest_row(link), "bob@example.org")
    digest_message(digest_row(link, week="next"), "bob@example.org")

    assert rows_about(alice) == [("digest", "", ["safety"])] * 2
    html = alice_client.get(reverse("sharing:access_log")).content.decode()
    assert "Weekly summary sent: your safety plan" in html


def test_the_dashboard_row_reads_plainly_on_the_persons_access_log(client, alice, bob):
    link_for(alice, bob, "plan", "checkins")
    client.force_login(bob)
    client.get(reverse("supporting:dashboard"))
    client.force_login(alice)

    html = client.get(reverse("sharing:access_log")).content.decode()
    assert "Their supporting page: your plan, your check-ins" in html


# --- Steps that name the supporter as ally -----------------------------------------------
def test_the_person_page_logs_a_step_shown_to_its_ally_and_nothing_without_one(
    client, alice, bob, carol
):
    link = link_for(alice, bob)
    ally_step(link)
    link_for(carol, bob, "plan")
    client.force_login(bob)

    client.get(reverse("supporting:person", args=[alice.pk]))
    client.get(reverse("supporting:person", args=[carol.pk]))

    assert rows_about(alice) == [("ally", "", [])]
    assert rows_about(carol) == []
    client.force_login(alice)
    html = client.get(reverse("sharing:access_log")).content.decode()
    assert "A step you asked them along to" in html


def test_an_allys_step_reminder_is_logged_once_however_often_it_is_worded(alice, bob):
    link = link_for(alice, bob)
    scheduled = ally_step(link)
    row = Outbox.objects.create(
        recipient=bob,
        kind=ReminderKind.ALLY_STEP,
        channel="email",
        supporter_link=link,
        scheduled_step=scheduled,
        due_at=timezone.now(),
        dedupe_key=f"ally:{scheduled.pk}:email",
    )

    assert ally_step_message(row, "bob@example.org") is not None
    ally_step_message(row, "bob@example.org")

    assert rows_about(alice) == [("ally", "", [])]
