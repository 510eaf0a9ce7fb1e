"""The weekly summary for a supporter: only the shared scopes, only when turned on, once."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner import rules
from planner.models import ScheduledStep
from planner.services.safety import safety_plan_review
from reminders.messages import supporters
from reminders.messages.supporters import digest_message
from reminders.models import Outbox, ReminderKind
from reminders.services.dispatch import outbox_claim, outbox_deliver
from reminders.services.schedule import reminders_materialise
from reminders.unsubscribe import unsubscribe_url
from supporters.selectors.digest import digest_for
from supporters.services.links import supporter_link_revoke
from tests.factories import (
    AttemptFactory,
    CheckInFactory,
    JournalEntryFactory,
    ScheduledStepFactory,
    StepFactory,
    prefs_replace,
)
from tests.services import postgresql_only
from tests.supporters.supporters_support import link_for

pytestmark = pytest.mark.django_db

# Monday to Sunday; Alice lives in New York.
MONDAY = date(2026, 11, 23)
SUNDAY = date(2026, 11, 29)
CHECKIN_NOTE = "Could not face the phone call with Mum."
ATTEMPT_NOTE = "Felt my hands shake at the counter."
JOURNAL_TEXT = "The anniversary is next week and I dread it."


def at(person, day: date, hour: int) -> datetime:
    return rules.local_to_utc(day, time(hour), person.zone)


@pytest.fixture
def week(alice):
    """Alice's week: three steps planned (one done, one not this time), two attempts,
    check-ins lighter than the week before, her safety plan reviewed, a journal entry."""
    step = StepFactory(goal__owner=alice, title="Coffee at the corner café", predicted_suds=60)
    other = StepFactory(goal__owner=alice, title="Call my sister")
    done = ScheduledStepFactory(
        step=step, starts_at=at(alice, MONDAY, 10), status=ScheduledStep.Status.DONE
    )
    ScheduledStepFactory(step=other, starts_at=at(alice, MONDAY + timedelta(days=3), 18))
    # 23:00 on Sunday in New York is already Monday in UTC: still her week.
    ScheduledStepFactory(step=other, starts_at=at(alice, SUNDAY, 23))
    ScheduledStepFactory(
        step=other, starts_at=at(alice, SUNDAY, 9), status=ScheduledStep.Status.CANCELLED
    )
    # The Monday after belongs to next week's summary.
    ScheduledStepFactory(step=other, starts_at=at(alice, SUNDAY + timedelta(days=1), 9))
    AttemptFactory(
        step=step,
        scheduled_step=done,
        predicted_peak=60,
        suds_peak=35,
        happened_at=done.starts_at,
        note=ATTEMPT_NOTE,
    )
    AttemptFactory(step=other, predicted_peak=50, suds_peak=70, happened_at=at(alice, SUNDAY, 20))
    for offset, mood in ((1, 2), (2, 2)):
        CheckInFactory(owner=alice, period_start=MONDAY - timedelta(days=offset), mood=mood)
    for offset, mood in ((0, 4), (2, 3), (4, 4)):
        CheckInFactory(
            owner=alice, period_start=MONDAY + timedelta(days=offset), mood=mood, note=CHECKIN_NOTE
        )
    safety_plan_review(owner=alice, now=at(alice, MONDAY + timedelta(days=2), 12))
    JournalEntryFactory(owner=alice, text=JOURNAL_TEXT, created_at=at(alice, MONDAY, 21))


def summary(link):
    return digest_for(link=link, week_start=MONDAY, week_end=SUNDAY)


def test_every_shared_part_tells_the_week_in_the_persons_own_zone(alice, bob, week):
    link = link_for(alice, bob, "plan", "practice", "checkins", "safety")
    digest = summary(link)

    assert digest.plan.planned == 3
    assert [(s.title, s.day, s.done) for s in digest.plan.steps] == [
        ("Coffee at the corner café", MONDAY, True),
        ("Call my sister", MONDAY + timedelta(days=3), False),
        ("Call my sister", SUNDAY, False),
    ]
    assert (digest.practice.showed_up, digest.practice.steps_practised) == (2, 2)
    assert digest.practice.calmer_than_expected == 1
    assert (digest.checkins.count, digest.checkins.trend) == (3, "lighter")
    assert digest.safety_reviewed is True
    assert not digest.is_quiet


@pytest.mark.parametrize(
    ("missing", "part"),
    [("plan", "plan"), ("practice", "practice"), ("checkins", "checkins"), ("safety", "safety")],
)
def test_a_scope_that_is_not_shared_leaves_its_part_out(alice, bob, week, missing, part):
    scopes = {"plan", "practice", "checkins", "safety"} - {missing}
    digest = summary(link_for(alice, bob, *scopes))

    parts = {
        "plan": digest.plan,
        "practice": digest.practice,
        "checkins": digest.checkins,
        "safety": digest.safety_reviewed,
    }
    assert parts.pop(part) is None
    assert all(value is not None for value in parts.values())


def test_a_link_with_no_scopes_or_an_ended_one_tells_nothing(alice, bob, week, carol):
    bare = summary(link_for(alice, bob))
    ended = link_for(alice, carol, "plan", "practice", "checkins", "safety")
    ended.ended_at = timezone.now()
    ended.save()

    for digest in (bare, summary(ended)):
        assert (digest.plan, digest.practice, digest.checkins, digest.safety_reviewed) == (
            None,
            None,
            None,
            None,
        )
        assert digest.is_quiet


def test_a_week_with_nothing_in_it_is_quiet_not_empty_of_words(alice, bob):
    digest = summary(link_for(alice, bob, "plan", "practice", "checkins"))

    assert digest.is_quiet
    assert digest.plan.planned == 0
    assert digest.checkins.trend is None


def test_the_summary_costs_the_same_few_queries_whatever_the_history(alice, bob, week):
    link = link_for(alice, bob, "plan", "practice", "checkins", "safety")
    with CaptureQueriesContext(connection) as small:
        summary(link)
    step = StepFactory(goal__owner=alice)
    for n in range(30):
        ScheduledStepFactory(step=step, starts_at=at(alice, MONDAY - timedelta(days=n + 1), 9))
        CheckInFactory(owner=alice, period_start=MONDAY - timedelta(days=n + 3))
    with CaptureQueriesContext(connection) as large:
        digest = summary(link)

    assert len(large) == len(small) <= 4, "\n".join(q["sql"] for q in large.captured_queries)
    # Still the real summary of her week: the older history neither joins it nor hides it.
    assert (digest.plan.planned, digest.checkins.count, digest.practice.showed_up) == (3, 3, 2)


def digest_row(link, *, due_at=None, channel="email") -> Outbox:
    return Outbox.objects.create(
        recipient=link.supporter,
        kind=ReminderKind.DIGEST,
        channel=channel,
        supporter_link=link,
        due_at=due_at or at(link.owner, SUNDAY + timedelta(days=1), 9),
        dedupe_key=f"digest:{link.pk}:{channel}:{SUNDAY}",
    )


def sunday_evening(person) -> datetime:
    """When the digest falls due: Sunday 17:00 in the supporter's own zone."""
    return at(person, SUNDAY, 17)


# --- The email itself -------------------------------------------------------------------
def test_the_email_tells_the_shared_week_and_says_why_it_came_and_how_to_stop(alice, bob, week):
    link = link_for(alice, bob, "plan", "practice", "checkins", "safety", "journal")
    row = digest_row(link, due_at=sunday_evening(bob))
    message = digest_message(row, "bob@example.org")

    assert message.to == "bob@example.org"
    assert message.subject == "Alice's week on Stepwise"
    for body in (message.text, message.html):
        assert "Planned: 3 steps" in body
        assert "Coffee at the corner café" in body
        assert "Showed up: 2 times" in body
        assert "Check-ins: 3" in body
        assert "lighter than the week before" in body
        assert "looked over their safety plan" in body
        assert "Alice turned on a weekly summary for you" in body
        assert unsubscribe_url(bob, ReminderKind.DIGEST, issued=row.due_at) in body
        assert reverse("sharing:leave", kwargs={"pk": link.pk}) in body
        # Even with the journal shared, private words never travel by email.
        for private in (CHECKIN_NOTE, ATTEMPT_NOTE, JOURNAL_TEXT):
            assert private not in body
        assert "failed" not in body.lower() and "missed" not in body.lower()


def test_without_the_practice_scope_the_email_says_nothing_about_practice(alice, bob, week):
    link = link_for(alice, bob, "plan", "checkins")
    message = digest_message(digest_row(link, due_at=sunday_evening(bob)), "bob@example.org")

    assert "Planned: 3 steps" in message.text
    assert "Showed up" not in message.text and "Showed up" not in message.html
    assert "easier than" not in message.text
    assert "safety plan" not in message.text


def test_a_quiet_week_is_told_kindly_and_a_text_stays_short(alice, bob):
    link = link_for(alice, bob, "plan")
    email = digest_message(digest_row(link, due_at=sunday_evening(bob)), "bob@example.org")
    text = digest_message(
        digest_row(link, due_at=sunday_evening(bob), channel="sms"), "+353861234567"
    )

    assert "A quiet week" in email.text
    assert text.subject == "" and text.html == ""
    assert text.text.startswith("Stepwise: Alice's week was a quiet one")
    assert "Reply STOP" in text.text and len(text.text) <= 320


def test_nothing_is_sent_once_the_person_stopped_sharing(alice, bob, week):
    link = link_for(alice, bob, "plan", "practice")
    row = digest_row(link, due_at=sunday_evening(bob))
    supporter_link_revoke(link=link, now=timezone.now())

    assert digest_message(row, "bob@example.org") is None
    assert supporters.why_not(row) == "The sharing this was about has ended."


# --- Opt-in and never twice -------------------------------------------------------------
def materialise_before(person) -> datetime:
    return sunday_evening(person) - timedelta(days=2)


def test_only_a_link_with_the_digest_turned_on_gets_one(alice, bob, carol, week):
    on = link_for(alice, bob, "plan", digest_enabled=True)
    link_for(alice, carol, "plan", "practice", "checkins")

    reminders_materialise(now=materialise_before(bob))
    reminders_materialise(now=materialise_before(bob) + timedelta(hours=1))

    rows = Outbox.objects.filter(kind=ReminderKind.DIGEST)
    assert [(row.recipient, row.supporter_link, row.channel) for row in rows] == [
        (bob, on, "email")
    ]


def test_the_digest_keeps_to_the_supporters_quiet_hours(alice, bob, week):
    # Bob keeps 16:00 to 09:00 quiet: Sunday's 17:00 summary comes just before instead.
    prefs_replace(owner=bob, quiet_start=time(16), quiet_end=time(9))
    link_for(alice, bob, "plan", digest_enabled=True)

    reminders_materialise(now=materialise_before(bob))

    row = Outbox.objects.get(kind=ReminderKind.DIGEST)
    assert row.due_at == at(bob, SUNDAY, 15) + timedelta(minutes=59)


def deliver_all(claimed, *, now) -> list[str]:
    return [outbox_deliver(outbox_id=pk, lease=lease, now=now) for pk, lease in claimed]


def test_two_dispatchers_one_after_the_other_send_one_email(alice, bob, week, mailoutbox):
    link_for(alice, bob, "plan", "practice", digest_enabled=True)
    reminders_materialise(now=materialise_before(bob))
    # Alice's own reminders were planned too; only the digest is the point here.
    Outbox.objects.exclude(kind=ReminderKind.DIGEST).delete()
    due = Outbox.objects.get(kind=ReminderKind.DIGEST).due_at + timedelta(minutes=1)

    first, second = outbox_claim(now=due, limit=10), outbox_claim(now=due, limit=10)
    results = deliver_all(first, now=due) + deliver_all(second, now=due)
    # A redelivered task with the first lease is a no-op too.
    results += deliver_all(first, now=due)

    assert results.count("sent") == 1 and second == []
    (email,) = mailoutbox
    assert email.to == ["bob@example.org"] and email.subject == "Alice's week on Stepwise"
    assert Outbox.objects.get(kind=ReminderKind.DIGEST).status == Outbox.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_the_same_moment_send_one_email(alice, bob, week, mailoutbox):
    postgresql_only("concurrent claims need PostgreSQL's row locks (SQLite serialises writers)")
    link_for(alice, bob, "plan", "practice", digest_enabled=True)
    reminders_materialise(now=materialise_before(bob))
    # Alice's own reminders were planned too; only the digest is the point here.
    Outbox.objects.exclude(kind=ReminderKind.DIGEST).delete()
    due = Outbox.objects.get(kind=ReminderKind.DIGEST).due_at + timedelta(minutes=1)
    start = threading.Barrier(2)

    def dispatcher():
        try:
            start.wait()
            return deliver_all(outbox_claim(now=due, limit=10), now=due)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = [r for f in [pool.submit(dispatcher) for _ in range(2)] for r in f.result()]

    assert results == ["sent"]
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["bob@example.org"]
