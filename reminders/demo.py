"""Maya's reminders: her choices, a confirmed demo phone, what comes next, what was sent.

Runs after the week and supporters seeders, so the pending reminders follow this
week's steps (and Sam's "I'll be there"). Safe to run again: the preferences are
set, the past weeks' log is rebuilt, and the calendar feed is made only once.
With the default console SMS backend, texts print in the worker's output.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from planner import rules
from planner.models import ScheduledStep
from reminders.models import CalendarFeed, Outbox, ReminderKind, ReminderPreferences
from reminders.rules import stale_reason
from reminders.services.calendar import calendar_feed_create
from reminders.services.schedule import reminders_replan

# A valid Irish mobile number for the demo; the console backend never sends to it.
DEMO_PHONE = "+353865550142"
HISTORY_WEEKS = 3
Channel, Status = Outbox.Channel, Outbox.Status


def _row(person, kind, channel, due: datetime, *, scheduled=None, **fields) -> Outbox:
    subject = scheduled.pk if scheduled else person.pk
    fields.setdefault("status", Status.SENT)
    if fields["status"] == Status.SENT:
        fields.setdefault("sent_at", due + timedelta(seconds=20))
        fields.setdefault("sent_to", person.email if channel == Channel.EMAIL else DEMO_PHONE)
        fields.setdefault("provider_message_id", f"demo-{kind}-{subject}-{channel}")
    return Outbox(
        recipient=person,
        kind=kind,
        channel=channel,
        scheduled_step=scheduled,
        due_at=due,
        attempts=fields.pop("attempts", 1),
        dedupe_key=f"{kind}:{subject}:{channel}:demo-{due:%Y-%m-%dT%H:%MZ}",
        **fields,
    )


def _history(maya: User, *, now: datetime) -> list[Outbox]:
    """Sunday planning prompts, check-in texts and step reminders from the past weeks."""
    zone = maya.zone
    today = rules.local_date(now, zone)
    rows = []
    for weeks in range(1, HISTORY_WEEKS + 1):
        sunday = today - timedelta(days=(today.weekday() + 1) % 7 + 7 * (weeks - 1))
        due = rules.local_to_utc(sunday, time(18, 0), zone)
        if due < now:
            rows.append(_row(maya, ReminderKind.PLANNING, Channel.EMAIL, due))
        for day in range(1, 7, 2):
            due = rules.local_to_utc(sunday - timedelta(days=day), time(20, 0), zone)
            rows.append(_row(maya, ReminderKind.CHECKIN, Channel.SMS, due))
    done = ScheduledStep.objects.filter(
        owner=maya,
        status=ScheduledStep.Status.DONE,
        starts_at__lt=now,
        starts_at__gte=now - timedelta(weeks=HISTORY_WEEKS),
    ).order_by("starts_at")
    for n, scheduled in enumerate(done):
        evening = rules.local_to_utc(
            rules.local_date(scheduled.starts_at, zone) - timedelta(days=1), time(19, 0), zone
        )
        rows.append(_row(maya, ReminderKind.STEP, Channel.EMAIL, evening, scheduled=scheduled))
        before = scheduled.starts_at - timedelta(hours=1)
        if n == 0:
            # The outage story: the worker was down until after the step began.
            reason = stale_reason(
                now=scheduled.starts_at + timedelta(minutes=5),
                due_at=before,
                expires_at=scheduled.starts_at,
                step_starts_at=scheduled.starts_at,
            )
            rows.append(
                _row(
                    maya,
                    ReminderKind.STEP,
                    Channel.SMS,
                    before,
                    scheduled=scheduled,
                    status=Status.SKIPPED,
                    skip_reason=reason,
                    attempts=0,
                )
            )
        elif n == 1:
            rows.append(
                _row(
                    maya,
                    ReminderKind.STEP,
                    Channel.SMS,
                    before,
                    scheduled=scheduled,
                    status=Status.FAILED,
                    attempts=5,
                    last_error="The text provider did not answer after 5 tries.",
                )
            )
        else:
            rows.append(_row(maya, ReminderKind.STEP, Channel.SMS, before, scheduled=scheduled))
    return rows


def seed(people: dict[str, User]) -> None:
    maya = people["maya"]
    now = timezone.now()
    with transaction.atomic():
        # Maya picked her reminders when she finished getting started; Sam, who
        # only supports, picked none: he gets the weekly summary he opted into.
        ReminderPreferences.objects.update_or_create(
            owner=maya,
            defaults={
                "planning_enabled": True,
                "step_enabled": True,
                "checkin_enabled": True,
                "safety_review_enabled": True,
                "email_enabled": True,
                "sms_enabled": True,
                "phone": DEMO_PHONE,
                "phone_verified_at": now - timedelta(weeks=6),
                "paused_at": None,
                "paused_until": None,
            },
        )
        for person in people.values():
            # Everyone else (Sam) chose none of their own: a saved row says so.
            ReminderPreferences.objects.get_or_create(owner=person)
        # The log is history: rebuilt each run so it stays "the past few weeks".
        Outbox.objects.filter(recipient=maya, dedupe_key__contains=":demo-").delete()
        Outbox.objects.bulk_create(_history(maya, now=now))
        for person in people.values():
            reminders_replan(owner=person, now=now)
        if not CalendarFeed.objects.filter(owner=maya, revoked_at__isnull=True).exists():
            feed, _token = calendar_feed_create(
                owner=maya, include_exit_strategy=False, now=now - timedelta(weeks=2)
            )
            CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now - timedelta(hours=3))


SEEDERS = (seed,)  # reminder choices, a confirmed phone, what comes next, a log
