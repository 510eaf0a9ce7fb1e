"""When each kind of reminder would next come, were the person to choose it.

For the choice itself (onboarding's "You're set" screen, the reminders page): a
reminder is easier to pick when you can see what it means for your week.
"""

import copy
from datetime import datetime, timedelta

from accounts.models import User
from planner.models import SafetyPlan
from planner.selectors.week import next_scheduled
from reminders.models import ReminderKind
from reminders.selectors import plan

# The switch on ReminderPreferences for each kind a person chooses for themselves.
SWITCHES = {
    ReminderKind.CHECKIN: "checkin_enabled",
    ReminderKind.STEP: "step_enabled",
    ReminderKind.PLANNING: "planning_enabled",
    ReminderKind.SAFETY_REVIEW: "safety_review_enabled",
}
LOOK_AHEAD = timedelta(days=8)  # a weekly prompt always falls inside it


def next_times(*, owner: User, now: datetime) -> dict[str, datetime]:
    """The first local time of each kind in the next week, as if all were chosen.

    A kind with nothing in that week (no step planned, a safety plan review not
    yet due) is left out. Reads only; the person's own choices are untouched.
    """
    prefs = copy.copy(plan.prefs_of(owner))  # never change the shared defaults
    for field in SWITCHES.values():
        setattr(prefs, field, True)
    wanted = plan.wanted_recurring(
        owner,
        prefs=prefs,
        checkins=plan.checkins_of(owner),
        plan=SafetyPlan.objects.filter(owner=owner).first(),
        since=now,
        until=now + LOOK_AHEAD,
    )
    upcoming = next_scheduled(owner=owner, now=now)
    if upcoming is not None:
        wanted += plan.wanted_for_step(upcoming, owner=owner, prefs=prefs, now=now)
    first: dict[str, datetime] = {}
    for item in sorted(wanted, key=lambda item: item.due_at):
        first.setdefault(item.kind, item.due_local)
    return first
