"""Outbox rows follow the plan, in the same transaction as the change that causes them."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planner.models import CheckInSettings, ScheduledStep
from planner.services import week
from planner.services.checkins import checkin_settings_update
from planner.services.goals import goal_set_status as set_goal_status
from planner.services.ladders import StepDraft, step_remove, step_update
from planner.services.safety import (
    safety_plan_review,
    safety_review_interval_set,
    safety_section_save,
)
from reminders import receivers
from reminders.models import Outbox
from reminders.services import schedule as reminders
from supporters.models import AllyResponse, SupporterLink
from tests.factories import StepFactory, UserFactory
from tests.reminders.reminders_support import (
    MONDAY,
    ally_for,
    local,
    pending,
    prefs_set,
    verified_phone,
    wall,
)

pytestmark = pytest.mark.django_db
TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute))


@pytest.fixture
def now(alice):
    return local(alice, MONDAY, 12)


@pytest.fixture
def scheduled(alice, now):
    step = StepFactory(goal__owner=alice, title="Coffee with Sam")
    return week.scheduled_step_create(
        owner=alice, step=step, starts_at=local(alice, WEDNESDAY, 15), planned_minutes=30, now=now
    )


def times(rows, person):
    return sorted((wall(person, row.due_at), row.channel) for row in rows)


def test_scheduling_a_step_plans_the_evening_before_and_an_hour_before(alice, scheduled):
    assert times(pending(alice, kind="step"), alice) == [
        (at(TUESDAY, 19), "email"),
        (at(WEDNESDAY, 14), "email"),
    ]
    row = pending(alice, kind="step")[0]
    assert row.scheduled_step == scheduled
    assert row.dedupe_key.startswith(f"step:{scheduled.pk}:email:")


def test_a_step_whose_reminders_cannot_be_written_is_not_saved(alice, now, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the outbox is unavailable")

    monkeypatch.setattr(week, "reminders_sync_scheduled_step", broken)
    step = StepFactory(goal__owner=alice)
    with pytest.raises(RuntimeError):
        week.scheduled_step_create(
            owner=alice, step=step, starts_at=local(alice, WEDNESDAY, 15), planned_minutes=30
        )
    assert not ScheduledStep.objects.filter(step=step).exists()


def test_moving_a_step_cancels_its_waiting_reminders_and_plans_new_ones(alice, scheduled, now):
    before = {row.dedupe_key for row in pending(alice)}
    week.scheduled_step_reschedule(
        scheduled=scheduled, starts_at=local(alice, WEDNESDAY, 18), planned_minutes=30, now=now
    )
    assert times(pending(alice), alice) == [
        (at(TUESDAY, 19), "email"),
        (at(WEDNESDAY, 17), "email"),
    ]
    cancelled = Outbox.objects.filter(status="cancelled")
    assert {row.dedupe_key for row in cancelled} == before
    assert not {row.dedupe_key for row in pending(alice)} & before


def test_moving_a_step_back_brings_the_same_reminders_back_without_duplicates(
    alice, scheduled, now
):
    week.scheduled_step_reschedule(
        scheduled=scheduled, starts_at=local(alice, WEDNESDAY, 18), planned_minutes=30, now=now
    )
    week.scheduled_step_reschedule(
        scheduled=scheduled, starts_at=local(alice, WEDNESDAY, 15), planned_minutes=30, now=now
    )
    assert times(pending(alice), alice) == [
        (at(TUESDAY, 19), "email"),
        (at(WEDNESDAY, 14), "email"),
    ]
    # The same two rows came back; the two planned for 18:00 stay cancelled.
    assert Outbox.objects.count() == 4
    assert Outbox.objects.filter(status="cancelled").count() == 2


def test_a_reminder_already_sent_or_being_sent_is_left_alone(alice, scheduled, now):
    evening, hour_before = sorted(pending(alice), key=lambda row: row.due_at)
    Outbox.objects.filter(pk=evening.pk).update(status="sent")
    Outbox.objects.filter(pk=hour_before.pk).update(status="claimed", lease="abc")
    week.scheduled_step_cancel(scheduled=scheduled, now=now)
    assert set(Outbox.objects.values_list("status", flat=True)) == {"sent", "claimed"}
    # Moving it back does not send the evening one twice.
    week.scheduled_step_reschedule(
        scheduled=scheduled, starts_at=local(alice, WEDNESDAY, 15), planned_minutes=30, now=now
    )
    assert pending(alice) == []


def test_cancelling_a_step_cancels_its_reminders(alice, scheduled, now):
    week.scheduled_step_cancel(scheduled=scheduled, now=now)
    assert pending(alice) == []
    assert Outbox.objects.filter(status="cancelled").count() == 2


def test_removing_a_step_from_the_ladder_cancels_its_reminders(alice, scheduled, now):
    step_remove(step=scheduled.step, now=now)
    assert Outbox.objects.count() == 2
    assert set(Outbox.objects.values_list("status", flat=True)) == {"cancelled"}


def test_pausing_everything_cancels_step_reminders_and_resuming_brings_them_back(
    alice, scheduled, now
):
    week.plan_pause(owner=alice, now=now)
    assert pending(alice) == []
    week.plan_resume(owner=alice, now=now + timedelta(hours=1))
    assert times(pending(alice), alice) == [
        (at(TUESDAY, 19), "email"),
        (at(WEDNESDAY, 14), "email"),
    ]


def test_pausing_one_goal_quiets_its_steps_and_waking_it_brings_them_back(alice, scheduled, now):
    goal = scheduled.step.goal
    set_goal_status(goal=goal, status="paused", now=now)
    assert pending(alice) == []
    set_goal_status(goal=goal, status="active", now=now + timedelta(hours=1))
    assert times(pending(alice), alice) == [
        (at(TUESDAY, 19), "email"),
        (at(WEDNESDAY, 14), "email"),
    ]


def test_a_verified_phone_adds_a_text_beside_each_email(alice, scheduled, now):
    verified_phone(alice, sms_enabled=True)
    reminders.reminders_replan(owner=alice, now=now)
    assert [channel for _, channel in times(pending(alice, kind="step"), alice)] == [
        "email",
        "sms",
        "email",
        "sms",
    ]


def test_an_unverified_phone_gets_no_texts_and_unsubscribed_email_kinds_stop(alice, scheduled, now):
    prefs_set(alice, phone="+12025550143", email_unsubscribed=["step"])
    reminders.reminders_replan(owner=alice, now=now)
    assert pending(alice, kind="step") == []
    assert pending(alice, kind="checkin")  # other kinds still come by email


def test_new_lead_times_move_the_waiting_reminders(alice, scheduled, now):
    prefs_set(alice, step_evening_before=False, step_lead_minutes=30)
    reminders.reminders_replan(owner=alice, now=now)
    assert times(pending(alice, kind="step"), alice) == [(at(WEDNESDAY, 14, 30), "email")]


def test_pausing_reminders_until_a_date_writes_nothing_before_it(alice, scheduled, now):
    prefs_set(alice, paused_at=now, paused_until=WEDNESDAY)
    reminders.reminders_replan(owner=alice, now=now)
    assert times(pending(alice, kind="step"), alice) == [(at(WEDNESDAY, 14), "email")]
    assert all(wall(alice, row.due_at).date() >= WEDNESDAY for row in pending(alice))
    prefs_set(alice, paused_until=None)
    reminders.reminders_replan(owner=alice, now=now)
    assert pending(alice) == []


def test_a_new_time_zone_replans_in_the_same_save(frozen, alice_client, alice, scheduled):
    # The profile view re-plans at the clock's now: set to this module's Monday first
    # (before signing in, or the session would have ended years before it).
    response = alice_client.post(
        reverse("accounts:profile"),
        {"display_name": "Alice", "timezone": "Asia/Kathmandu", "locale": "en-US"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    evening = [row for row in pending(alice, kind="step") if "evening" in row.dedupe_key]
    # The step keeps its moment; the evening-before reminder is 19:00 in Kathmandu now.
    step_day = scheduled.starts_at.astimezone(ZoneInfo("Asia/Kathmandu"))
    assert [wall(alice, row.due_at) for row in evening] == [
        at(step_day.date() - timedelta(days=1), 19)
    ]
    assert wall(alice, pending(alice, kind="checkin")[0].due_at).time().hour == 20


def test_check_in_reminders_follow_a_new_rhythm(alice, now):
    reminders.reminders_replan(owner=alice, now=now)
    assert [wall(alice, row.due_at) for row in pending(alice, kind="checkin")] == [
        at(MONDAY, 20),
        at(TUESDAY, 20),
        at(WEDNESDAY, 20),
    ]
    checkin_settings_update(owner=alice, rhythm="weekly", weekday=1, at=time(9, 30), now=now)
    assert CheckInSettings.objects.get(owner=alice).rhythm == "weekly"
    assert [wall(alice, row.due_at) for row in pending(alice, kind="checkin")] == [
        at(TUESDAY, 9, 30)
    ]


def test_an_ally_gets_their_own_reminder_by_their_own_lead_time_and_zone(alice, bob, now):
    bob.timezone = "Europe/Dublin"
    bob.save()
    prefs_set(bob, step_evening_before=False, step_lead_minutes=120)
    link, contact = ally_for(alice, bob, now=now)
    step = StepFactory(goal__owner=alice, ally=contact)
    scheduled = week.scheduled_step_create(
        owner=alice, step=step, starts_at=local(alice, WEDNESDAY, 15), planned_minutes=30, now=now
    )
    rows = pending(bob, kind="ally_step")
    assert [(row.due_at, row.supporter_link_id) for row in rows] == [
        (scheduled.starts_at - timedelta(hours=2), link.pk)
    ]
    # "Can't make it": their reminder goes, Alice's own stay.
    AllyResponse.objects.create(
        scheduled_step=scheduled, link=link, answer="cannot", answered_at=now
    )
    reminders.reminders_sync_scheduled_step(scheduled=scheduled, now=now)
    assert pending(bob) == []
    assert len(pending(alice, kind="step")) == 2


def test_an_ended_link_or_a_new_ally_reaches_no_one(alice, bob, now):
    link, contact = ally_for(alice, bob, now=now)
    step = StepFactory(goal__owner=alice, ally=contact)
    week.scheduled_step_create(
        owner=alice, step=step, starts_at=local(alice, WEDNESDAY, 15), planned_minutes=30, now=now
    )
    assert len(pending(bob)) == 2
    draft = StepDraft(title=step.title, predicted_suds=50, planned_minutes=30)
    step_update(step=step, draft=draft, now=now)
    assert pending(bob) == []
    SupporterLink.objects.filter(pk=link.pk).update(ended_at=now)
    step.ally = contact
    step.save()
    reminders.reminders_replan(owner=bob, now=now)
    assert pending(bob, kind="ally_step") == []


def test_reminders_are_planned_inside_the_callers_transaction(alice, now):
    step = StepFactory(goal__owner=alice)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        week.scheduled_step_create(
            owner=alice,
            step=step,
            starts_at=local(alice, WEDNESDAY, 15),
            planned_minutes=30,
            now=now,
        )
        assert len(pending(alice)) == 2
        1 / 0  # noqa: B018 - the change that caused them is undone
    assert Outbox.objects.count() == 0


def test_a_safety_review_reminder_goes_when_the_plan_is_reviewed(alice, now):
    safety_section_save(
        owner=alice, section="warning-signs", value=["Not sleeping"], now=now - timedelta(days=30)
    )
    reminders.reminders_materialise(now=now)
    review = pending(alice, kind="safety_review")
    assert [wall(alice, row.due_at) for row in review] == [at(MONDAY, 18)]
    safety_plan_review(owner=alice, now=now)
    assert pending(alice, kind="safety_review") == []


@pytest.mark.parametrize("days", [60, 90])
def test_the_safety_review_reminder_follows_the_chosen_interval(alice, now, days):
    safety_section_save(
        owner=alice, section="warning-signs", value=["Not sleeping"], now=now - timedelta(days=days)
    )
    safety_review_interval_set(owner=alice, days=days, now=now - timedelta(days=days))
    reminders.reminders_materialise(now=now)
    review = pending(alice, kind="safety_review")
    assert [wall(alice, row.due_at) for row in review] == [at(MONDAY, 18)]


def test_choosing_a_new_interval_replans_the_review_reminder_in_the_same_transaction(alice, now):
    # Looked over 58 days ago: on a monthly rhythm that was due long since, so
    # nothing waits; on a 60-day rhythm it comes due the day after tomorrow.
    safety_section_save(
        owner=alice, section="warning-signs", value=["Not sleeping"], now=now - timedelta(days=58)
    )
    assert pending(alice, kind="safety_review") == []
    safety_review_interval_set(owner=alice, days=60, now=now)
    review = pending(alice, kind="safety_review")
    assert [wall(alice, row.due_at) for row in review] == [at(WEDNESDAY, 18)]
    safety_review_interval_set(owner=alice, days=90, now=now)
    assert pending(alice, kind="safety_review") == []
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        safety_review_interval_set(owner=alice, days=60, now=now)
        assert len(pending(alice, kind="safety_review")) == 1
        1 / 0  # noqa: B018 - the change that caused it is undone
    assert pending(alice, kind="safety_review") == []


def test_people_without_a_safety_plan_get_no_review_reminder(alice, now):
    reminders.reminders_materialise(now=now)
    assert pending(alice, kind="safety_review") == []
    assert pending(alice, kind="planning") == []  # Sunday, beyond these three days


def test_materialising_twice_writes_nothing_new(alice, bob, now):
    first = reminders.reminders_materialise(now=now, days=7)
    assert first == Outbox.objects.count() > 0
    assert reminders.reminders_materialise(now=now, days=7) == 0
    assert reminders.reminders_materialise(now=now + timedelta(hours=1), days=7) == 0
    planning = pending(alice, kind="planning")
    assert [wall(alice, row.due_at) for row in planning] == [at(MONDAY + timedelta(days=6), 18)]


def test_materialising_reads_people_in_batches_with_a_flat_query_count(monkeypatch, now):
    monkeypatch.setattr(reminders, "BATCH", 10)
    UserFactory.create_batch(10)
    with CaptureQueriesContext(connection) as one_batch:
        reminders.reminders_materialise(now=now)
    UserFactory.create_batch(30)
    with CaptureQueriesContext(connection) as four_batches:
        written = reminders.reminders_materialise(now=now)
    assert written == 30 * 3  # three daily check-in reminders each, by email
    per_batch = (len(four_batches) - len(one_batch)) / 3
    # Reading and writing: 6. Wording the new rows ahead (reminders.messages.prepared):
    # the rows, preferences, check-in settings, check-ins, and one UPDATE: 5 more.
    assert per_batch <= 11, "\n".join(q["sql"] for q in four_batches.captured_queries)


def test_a_supporter_gets_the_weekly_summary_on_sunday_in_their_own_zone(alice, bob, now):
    bob.timezone = "Australia/Adelaide"
    bob.save()
    link = SupporterLink.objects.create(
        owner=alice, supporter=bob, relationship="family", created_at=now, digest_enabled=True
    )
    verified_phone(bob, sms_enabled=True)
    reminders.reminders_materialise(now=now, days=7)
    digests = pending(bob, kind="digest")
    assert [(wall(bob, row.due_at), row.channel) for row in digests] == [
        (at(date(2030, 6, 9), 17), "email")
    ]
    assert digests[0].supporter_link == link


def test_a_reminder_that_just_came_due_survives_a_replan_but_not_a_pause(alice, scheduled):
    # A minute after the hour-before reminder came due, before the dispatcher took it.
    just_after = local(alice, WEDNESDAY, 14, 1)
    reminders.reminders_replan(owner=alice, now=just_after)
    hour_before = [row for row in pending(alice, kind="step") if ":before:" in row.dedupe_key]
    assert [wall(alice, row.due_at) for row in hour_before] == [at(WEDNESDAY, 14)]
    prefs_set(alice, paused_at=just_after)
    reminders.reminders_replan(owner=alice, now=just_after)
    assert pending(alice) == []


def test_nothing_is_written_to_go_out_late(alice, now):
    # Scheduled at 14:30 for 15:00: the hour-before moment has passed, so no row.
    step = StepFactory(goal__owner=alice)
    week.scheduled_step_create(
        owner=alice,
        step=step,
        starts_at=local(alice, MONDAY, 15),
        planned_minutes=30,
        now=local(alice, MONDAY, 14, 30),
    )
    assert pending(alice, kind="step") == []


def test_a_time_zone_is_not_saved_if_its_reminders_cannot_be_replanned(
    alice_client, alice, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("the outbox is unavailable")

    monkeypatch.setattr(receivers, "reminders_replan", broken)
    with pytest.raises(RuntimeError):
        alice_client.post(
            reverse("accounts:profile"),
            {"display_name": "Alice", "timezone": "Asia/Kathmandu", "locale": "en-US"},
        )
    alice.refresh_from_db()
    assert alice.timezone == "America/New_York"
