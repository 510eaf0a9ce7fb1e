"""The check-ins scope said "summaries" and showed every day's mood, distress and energy
(issue 16, item 5). Now the person chooses: a weekly summary (averages per week, the
default) or each check-in, and every place a supporter sees check-ins honours it."""

import importlib
from datetime import date, timedelta

import pytest
from django.urls import reverse

from supporters.export import links_export
from supporters.models import AccessLog, SupporterLink
from supporters.selectors.digest import CheckinPart, digest_for
from tests.factories import CheckInFactory
from tests.supporters.supporting_support import html_of, link_for, queries_for, sql_of

pytestmark = pytest.mark.django_db

WEEKLY = SupporterLink.CheckinsShown.WEEKLY
EACH = SupporterLink.CheckinsShown.EACH


@pytest.fixture
def bob_client(frozen, client, bob):
    client.force_login(bob)
    return client


@pytest.fixture
def alices_checkins(frozen, alice):
    """The frozen now is Wednesday 10 June 2026; Alice's week (en-US) began Sunday the 7th."""
    for day, mood, distress, energy, moments in (
        (8, 2, 70, 2, 0),
        (9, 4, 30, 4, 2),
        (10, 3, 20, 3, 4),
    ):
        CheckInFactory(
            owner=alice,
            period_start=date(2026, 6, day),
            mood=mood,
            distress=distress,
            energy=energy,
            interactions=moments,
            note="Alice-only check-in note",
        )
    CheckInFactory(owner=alice, period_start=date(2026, 6, 2), distress=55)


def checkins_page(client, alice):
    return html_of(client, reverse("supporting:checkins", args=[alice.pk]))


def test_a_new_link_shows_a_weekly_summary_unless_the_person_chooses_each(alice, bob):
    assert link_for(alice, bob, "checkins").checkins_shown == WEEKLY


def test_the_weekly_summary_shows_averages_per_week_and_never_a_single_day(
    bob_client, alice, bob, alices_checkins
):
    link_for(alice, bob, "checkins", "journal")
    html = checkins_page(bob_client, alice)

    assert "3 check-ins" in html and "Distress 40 on average" in html
    assert "Mood 3.0 of 5 on average" in html and "Energy 3.0 of 5 on average" in html
    assert "Distress 55 on average" in html  # the week before, on its own
    for one_day in ("Distress 70", "Distress 30", "Distress 20", "checkin-item"):
        assert one_day not in html
    # A weekly summary is numbers per week: no note, even with the journal shared.
    assert "Alice-only check-in note" not in html
    assert "a weekly summary" in html


def test_each_check_in_shows_every_day_as_chosen(bob_client, alice, bob, alices_checkins):
    link_for(alice, bob, "checkins", checkins_shown=EACH)
    html = checkins_page(bob_client, alice)

    for one_day in ("Distress 70", "Distress 30", "Distress 20"):
        assert one_day in html
    assert "Alice-only check-in note" not in html  # notes need the journal scope too


def test_the_access_log_names_the_journal_only_when_notes_were_shown(
    bob_client, alice, bob, alices_checkins
):
    link = link_for(alice, bob, "checkins", "journal")
    checkins_page(bob_client, alice)
    link.checkins_shown = EACH
    link.save()
    checkins_page(bob_client, alice)

    rows = AccessLog.objects.filter(link=link, kind="page").order_by("viewed_at", "pk")
    assert [row.scopes for row in rows] == [["checkins"], ["checkins", "journal"]]


def test_the_dashboard_tells_the_week_not_the_day_with_a_weekly_summary(
    bob_client, alice, bob, alices_checkins
):
    link = link_for(alice, bob, "checkins")
    html = html_of(bob_client, reverse("supporting:dashboard"))
    assert "Checked in this week." in html
    assert "Last checked in" not in html

    link.checkins_shown = EACH
    link.save()
    html = html_of(bob_client, reverse("supporting:dashboard"))
    assert "Last checked in on" in html


def test_the_dashboard_says_so_kindly_when_no_check_in_this_week_yet(frozen, client, alice, bob):
    link_for(alice, bob, "checkins")
    CheckInFactory(owner=alice, period_start=date(2026, 6, 2))
    client.force_login(bob)
    html = html_of(client, reverse("supporting:dashboard"))
    assert "No check-ins so far this week." in html
    assert "Checked in this week." not in html


def test_the_export_of_links_says_how_check_ins_were_shown(alice, bob, carol):
    link_for(alice, bob, "checkins")
    link_for(alice, carol, "checkins", checkins_shown=EACH)
    rows = links_export(alice)
    assert [row["checkins_shown"] for row in rows] == ["weekly summary", "each check-in"]


def test_the_export_leaves_the_choice_out_when_check_ins_are_not_shared(alice, bob):
    link_for(alice, bob, "plan")
    assert links_export(alice)[0]["checkins_shown"] is None


def test_the_migration_keeps_summaries_as_weekly_and_tells_the_person(alice, bob, carol):
    """Existing links said "summaries": they get the weekly summary (the default the
    new column brings) and a notice on the person's sharing page."""
    migration = importlib.import_module(
        "supporters.migrations.0005_support_checkins_choice_and_readiness"
    )
    from django.apps import apps

    told = link_for(alice, bob, "checkins")
    untouched = link_for(alice, carol, "plan")
    SupporterLink.objects.update(notice_pending=False)
    migration.tell_the_people_sharing(apps, None)

    told.refresh_from_db()
    untouched.refresh_from_db()
    assert (told.checkins_shown, told.notice_pending) == (WEEKLY, True)
    assert untouched.notice_pending is False


def test_the_weekly_summary_takes_as_many_queries_after_months_as_with_one_week(
    bob_client, alice, bob, alices_checkins
):
    link_for(alice, bob, "checkins")
    address = reverse("supporting:checkins", args=[alice.pk])
    one_week = queries_for(bob_client, address, expect=["Distress 40 on average"])
    for days in range(9, 200):
        CheckInFactory(owner=alice, period_start=date(2026, 6, 1) - timedelta(days=days))
    months = queries_for(bob_client, address, expect=["Distress 40 on average"])
    assert len(months) == len(one_week), sql_of(months)


@pytest.mark.parametrize("shown", [WEEKLY, EACH])
def test_the_weekly_email_tells_the_week_whichever_way_check_ins_are_shared(
    alice, bob, alices_checkins, shown
):
    link = link_for(alice, bob, "checkins", checkins_shown=shown)
    digest = digest_for(link=link, week_start=date(2026, 6, 7), week_end=date(2026, 6, 13))
    # The week's count and how it compares: nothing of a single day.
    assert digest.checkins == CheckinPart(count=3, trend="steady")
