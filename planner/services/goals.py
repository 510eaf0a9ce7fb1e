"""Writes for goals. A goal is never deleted here: pausing and archiving keep history."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from common import versioning
from planner.models import Goal, Value
from planner.services.values import value_from_catalog
from reminders.sync import reminders_sync_steps_of


def _resolve_value(owner: User, value: Value | str) -> Value:
    # A catalog key means "a value I haven't chosen yet": choosing it here adds it,
    # so writing a first goal never sends the person back to the values page.
    if isinstance(value, str):
        return value_from_catalog(owner=owner, key=value)
    return value


@versioning.bumps("owner")
def goal_create(
    *,
    owner: User,
    value: Value | str,
    title: str,
    area: str,
    why: str = "",
    target_month: date | None = None,
) -> Goal:
    with transaction.atomic():
        goal = Goal(
            owner=owner,
            value=_resolve_value(owner, value),
            title=title,
            area=area,
            why=why,
            target_month=target_month,
        )
        goal.full_clean()
        goal.save()
    return goal


@versioning.bumps("goal.owner_id")
def goal_update(
    *,
    goal: Goal,
    value: Value | str,
    title: str,
    area: str,
    why: str,
    target_month: date | None,
) -> Goal:
    with transaction.atomic():
        goal.value = _resolve_value(goal.owner, value)
        goal.title, goal.area, goal.why, goal.target_month = title, area, why, target_month
        goal.full_clean()
        goal.save()
    return goal


@versioning.bumps("goal.owner_id")
def goal_set_status(*, goal: Goal, status: str, now: datetime | None = None) -> Goal:
    """Pause, resume, mark achieved or archive: one click, nothing deleted.

    Setting the status it already has is a no-op, so a double tap changes nothing.
    """
    if goal.status == status:
        return goal
    now = now or timezone.now()
    goal.status = status
    goal.status_changed_at = now
    goal.full_clean(exclude=["value", "owner"])
    with transaction.atomic():
        goal.save(update_fields=["status", "status_changed_at", "updated_at"])
        # Its planned steps stay in the week, but their reminders follow the goal.
        reminders_sync_steps_of(goal=goal, now=now)
    return goal
