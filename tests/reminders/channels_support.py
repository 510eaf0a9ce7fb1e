"""People with reminder preferences, outbox rows, and a step full of private detail.

prefs = with_phone(alice)                  # SMS on, verified number
row = reminder_row(alice, ReminderKind.STEP, channel="sms", scheduled=scheduled)
scheduled = private_step(alice)            # SUDS, notes, exit strategy, goal "why"
"""

import itertools
from datetime import timedelta

from django.utils import timezone

from reminders.models import Outbox, ReminderPreferences
from tests.factories import GoalFactory, ScheduledStepFactory, StepFactory

PHONE = "+14155550123"
# Words that must never reach a message: each is planted in a private field.
SECRETS = {
    "suds": "87",
    "description": "shaking-hands-secret",
    "exit_strategy": "pretend-a-phone-call-secret",
    "goal_why": "since-the-assault-secret",
    "goal_title": "face-the-crowd-secret",
    "ally_note": "meet-by-the-clock-secret",
}
_keys = itertools.count()


def with_phone(person, phone: str = PHONE, **fields) -> ReminderPreferences:
    prefs, _ = ReminderPreferences.objects.get_or_create(owner=person)
    prefs.phone, prefs.phone_verified_at, prefs.sms_enabled = phone, timezone.now(), True
    for name, value in fields.items():
        setattr(prefs, name, value)
    prefs.save()
    return prefs


def private_step(person, *, title: str = "Say hello at the café", **fields):
    goal = GoalFactory(owner=person, title=SECRETS["goal_title"], why=SECRETS["goal_why"])
    step = StepFactory(
        goal=goal,
        title=title,
        predicted_suds=int(SECRETS["suds"]),
        description=SECRETS["description"],
        exit_strategy=SECRETS["exit_strategy"],
    )
    fields.setdefault("starts_at", timezone.now() + timedelta(days=1))
    return ScheduledStepFactory(step=step, ally_note=SECRETS["ally_note"], **fields)


def reminder_row(person, kind, *, channel="email", scheduled=None, **fields) -> Outbox:
    fields.setdefault("due_at", timezone.now())
    return Outbox.objects.create(
        recipient=person,
        kind=kind,
        channel=channel,
        scheduled_step=scheduled,
        dedupe_key=f"{kind}:r3-{next(_keys)}:{channel}:{fields['due_at']:%Y-%m-%dT%H:%M}",
        **fields,
    )
