"""The next reminders a person will get, and the log of what was sent."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.services import week
from planner.services.safety import safety_review_interval_set, safety_section_save
from reminders.models import Outbox
from reminders.selectors.preview import delivery_log, reminders_preview
from reminders.services import schedule as reminders
from supporters.models import SupporterLink
from tests.factories import StepFactory
from tests.reminders.reminders_support import (
    MONDAY,
    ally_for,
    due_rows_create,
    local,
    prefs_set,
    verified_phone,
)

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def at(offset_days, hour, minute=0):
    return datetime.combine(MONDAY + offset_days * DAY, time(hour, minute))


def shown(items):
    return [(item.due_local.replace(tzinfo=None), item.kind) for item in items]


@pytest.fixture
def now(alice):
    return local(alice, MONDAY, 12)


def plan_step(owner, day_offset, hour, now, **step_fields):
    step = StepFactory(goal__owner=owner, **step_fields)
    return week.scheduled_step_create(
        owner=owner,
        step=step,
        starts_at=local(owner, MONDAY + day_offset * DAY, hour),
        planned_minutes=30,
        now=now,
    )


def test_the_preview_lists_the_next_ten_at_exact_local_times(alice, now):
    plan_step(alice, 2, 15, now, title="Coffee with Sam")
    items = reminders_preview(owner=alice, now=now)
    assert shown(items) == [
        (at(0, 20), "checkin"),
        (at(1, 19), "step"),
        (at(1, 20), "checkin"),
        (at(2, 14), "step"),
        (at(2, 20), "checkin"),
        (at(3, 20), "checkin"),  # beyond the three days the outbox holds
        (at(4, 20), "checkin"),
        (at(5, 20), "checkin"),
        (at(6, 18), "planning"),
        (at(6, 20), "checkin"),
    ]
    step = items[1]
    assert step.kind_label == "Step reminders"
    assert step.channel == "Email"
    assert step.about == "\u201cCoffee with Sam\u201d, Wed 15:00"
    assert str(step.due_local.tzinfo) == "America/New_York"


def test_materialised_reminders_are_not_shown_twice(alice, now):
    before = shown(reminders_preview(owner=alice, now=now))
    reminders.reminders_materialise(now=now)
    assert Outbox.objects.filter(recipient=alice).count() == 3
    assert shown(reminders_preview(owner=alice, now=now)) == before


def test_a_text_and_an_email_are_one_line(alice, now):
    verified_phone(alice, sms_enabled=True)
    item = reminders_preview(owner=alice, now=now)[0]
    assert (item.channel, item.channels) == ("Email and text message", ("email", "sms"))


def test_the_preview_shows_times_after_quiet_hours(alice, now):
    prefs_set(alice, quiet_start=time(19, 30), planning_enabled=False)
    items = reminders_preview(owner=alice, now=now, limit=2)
    assert shown(items) == [(at(0, 19, 29), "checkin"), (at(1, 19, 29), "checkin")]


def test_a_pause_shows_nothing_until_it_ends(alice, now):
    prefs_set(alice, paused_at=now, paused_until=MONDAY + 5 * DAY, checkin_enabled=False)
    assert shown(reminders_preview(owner=alice, now=now, limit=1)) == [(at(6, 18), "planning")]
    prefs_set(alice, paused_until=None)
    assert reminders_preview(owner=alice, now=now) == []


def test_an_ally_and_a_supporter_see_what_they_will_get(alice, bob, now):
    link, contact = ally_for(alice, bob, now=now, digest_enabled=True)
    prefs_set(bob, checkin_enabled=False, planning_enabled=False)
    plan_step(alice, 2, 15, now, title="Coffee with Sam", ally=contact)
    items = reminders_preview(owner=bob, now=now, limit=3)
    assert [item.kind for item in items] == ["ally_step", "ally_step", "digest"]
    assert items[0].about.startswith("Alice's step \u201cCoffee with Sam\u201d")
    assert items[2].about == "This week's summary for Alice"


def _grow(owner, now, n):
    for offset in range(n):
        plan_step(owner, 1 + offset % 5, 9 + offset % 10, now)
    due_rows_create(
        recipient_ids=[owner.pk], due_at=now - timedelta(days=3), per_person=n * 5, key_prefix="old"
    )
    Outbox.objects.filter(recipient=owner, due_at__lt=now).update(status="sent")


def test_the_preview_and_log_cost_the_same_queries_however_long_the_history(alice, bob, now):
    link, _ = ally_for(alice, bob, now=now, digest_enabled=True)
    SupporterLink.objects.create(
        owner=bob, supporter=alice, relationship="friend", created_at=now, digest_enabled=True
    )
    _grow(alice, now, 1)
    with CaptureQueriesContext(connection) as small:
        reminders_preview(owner=alice, now=now)
        delivery_log(owner=alice)
    _grow(alice, now, 20)
    with CaptureQueriesContext(connection) as large:
        assert len(reminders_preview(owner=alice, now=now)) == 10
        assert len(delivery_log(owner=alice)) == 50
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)


def test_the_delivery_log_shows_what_happened_newest_first(alice, now):
    due_rows_create(recipient_ids=[alice.pk], due_at=now - DAY, per_person=3, key_prefix="log")
    first, second, third = Outbox.objects.order_by("pk")
    Outbox.objects.filter(pk=first.pk).update(status="sent", due_at=now - 3 * DAY)
    Outbox.objects.filter(pk=second.pk).update(status="failed", last_error="HTTP 500")
    Outbox.objects.filter(pk=third.pk).update(status="cancelled")
    due_rows_create(recipient_ids=[alice.pk], due_at=now + DAY, key_prefix="later")
    log = delivery_log(owner=alice)
    assert [(row.pk, row.get_status_display()) for row in log] == [
        (second.pk, "Could not send"),
        (first.pk, "Sent"),
    ]


def test_the_delivery_log_keeps_to_the_last_fifty(alice, now):
    due_rows_create(recipient_ids=[alice.pk], due_at=now - DAY, per_person=60, key_prefix="many")
    Outbox.objects.update(status="sent")
    assert len(delivery_log(owner=alice)) == 50
    assert len(delivery_log(owner=alice, limit=5)) == 5


@pytest.mark.parametrize("days", [30, 60, 90])
def test_the_preview_always_shows_the_next_safety_plan_review(alice, now, days):
    # Daily check-ins fill the ten lines, and a 60 or 90 day review lies far beyond
    # them: the person still sees when it comes, not only the next ten days.
    safety_section_save(owner=alice, section="warning-signs", value=["Not sleeping"], now=now)
    safety_review_interval_set(owner=alice, days=days, now=now)

    items = reminders_preview(owner=alice, now=now)

    reviews = [item for item in items if item.kind == "safety_review"]
    assert len(reviews) == 1
    assert reviews[0].due_local.replace(tzinfo=None) == at(days, 18)
    assert reviews[0].about == "Look over your safety plan"
    assert [item.kind for item in items[:10]].count("checkin") >= 7  # the ten as before


def test_the_review_is_not_shown_twice_when_it_falls_among_the_next_ten(alice, now):
    safety_section_save(
        owner=alice, section="warning-signs", value=["Not sleeping"], now=now - timedelta(days=29)
    )
    items = reminders_preview(owner=alice, now=now)
    assert len(items) == 10
    assert [item.kind for item in items].count("safety_review") == 1
