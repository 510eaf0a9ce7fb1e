"""Writes to the weekly plan: scheduling, moving, cancelling, rest days, pausing.

Capacity is never enforced here: going past it is the person's call, asked about
by the view (planner.rules.capacity_check) before it calls these.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from common import versioning
from planner.models import Goal, PlanSettings, RestDay, ScheduledStep, Step
from reminders.sync import reminders_cancel_for_steps, reminders_sync_scheduled_step


def _settings_for_update(owner: User) -> PlanSettings:
    settings, _ = PlanSettings.objects.select_for_update().get_or_create(owner=owner)
    return settings


@versioning.bumps("owner")
def plan_settings_update(*, owner: User, weekly_capacity: int, max_per_day: int) -> PlanSettings:
    with transaction.atomic():
        settings = _settings_for_update(owner)
        settings.weekly_capacity = weekly_capacity
        settings.max_per_day = max_per_day
        settings.full_clean()
        settings.save()
    return settings


# Each write to a scheduled step re-plans its reminders in the same transaction
# (reminders.services.schedule), so the outbox never disagrees with the week.
# `now` defaults to the clock for callers that have none to pass.


@versioning.bumps("owner")
def scheduled_step_create(
    *,
    owner: User,
    step: Step,
    starts_at: datetime,
    planned_minutes: int,
    ally_note: str = "",
    now: datetime | None = None,
) -> ScheduledStep:
    if step.goal.owner_id != owner.pk:
        # Forms only offer the person's own steps; this guards every other caller.
        raise ValidationError({"step": "Please pick one of your own steps."})
    scheduled = ScheduledStep(
        owner=owner,
        step=step,
        starts_at=starts_at,
        planned_minutes=planned_minutes,
        # Only a step with an ally has someone to read the note.
        ally_note=ally_note.strip() if step.ally_id else "",
    )
    scheduled.full_clean()
    with transaction.atomic():
        scheduled.save()
        reminders_sync_scheduled_step(scheduled=scheduled, now=now or timezone.now())
    return scheduled


@versioning.bumps("scheduled.owner_id")
def scheduled_step_reschedule(
    *,
    scheduled: ScheduledStep,
    starts_at: datetime,
    planned_minutes: int,
    ally_note: str | None = None,
    now: datetime | None = None,
) -> ScheduledStep:
    """Move a step to another moment. A step moved back from "not this time" is planned again.

    `ally_note` (None leaves it as it is) is what the step's ally reads with it.
    """
    scheduled.starts_at = starts_at
    scheduled.planned_minutes = planned_minutes
    fields = ["starts_at", "planned_minutes", "status", "updated_at"]
    if ally_note is not None:
        scheduled.ally_note = ally_note.strip()
        fields.append("ally_note")
    if scheduled.status == ScheduledStep.Status.CANCELLED:
        scheduled.status = ScheduledStep.Status.PLANNED
    scheduled.full_clean()
    with transaction.atomic():
        scheduled.save(update_fields=fields)
        reminders_sync_scheduled_step(scheduled=scheduled, now=now or timezone.now())
    return scheduled


@versioning.bumps("scheduled.owner_id")
def scheduled_step_cancel(
    *, scheduled: ScheduledStep, now: datetime | None = None
) -> ScheduledStep:
    # A person may tap twice, and a step already done stays done: only a planned
    # (or paused) step becomes "not this time".
    if scheduled.can_be_not_this_time:
        scheduled.status = ScheduledStep.Status.CANCELLED
        with transaction.atomic():
            scheduled.save(update_fields=["status", "updated_at"])
            reminders_sync_scheduled_step(scheduled=scheduled, now=now or timezone.now())
    return scheduled


@versioning.bumps("owner")
def rest_day_set(*, owner: User, day: date, resting: bool) -> None:
    """Mark or unmark a rest day. Explicit on/off, so a double tap changes nothing."""
    if resting:
        RestDay.objects.get_or_create(owner=owner, day=day)
    else:
        RestDay.objects.filter(owner=owner, day=day).delete()


@versioning.bumps("owner")
def plan_pause(*, owner: User, now: datetime) -> PlanSettings:
    """Pause every active goal and every upcoming planned step, remembering which.

    1. Lock the person's settings row, so two taps cannot pause twice.
    2. Note the goals that are active now, then pause them.
    3. Pause planned steps from now on (past ones stay as they were).
    """
    with transaction.atomic():
        settings = _settings_for_update(owner)
        if settings.is_paused:
            return settings
        active = Goal.objects.filter(owner=owner, status=Goal.Status.ACTIVE)
        settings.paused_goals.set(list(active.values_list("pk", flat=True)))
        active.update(status=Goal.Status.PAUSED, status_changed_at=now, updated_at=now)
        pausing = ScheduledStep.objects.filter(
            owner=owner, status=ScheduledStep.Status.PLANNED, starts_at__gte=now
        )
        # Paused steps remind no one: their waiting reminders (and their allies') go.
        reminders_cancel_for_steps(scheduled_ids=pausing.values_list("pk", flat=True), now=now)
        pausing.update(status=ScheduledStep.Status.PAUSED, updated_at=now)
        settings.paused_at = now
        settings.save(update_fields=["paused_at", "updated_at"])
    return settings


@versioning.bumps("owner")
def plan_resume(*, owner: User, now: datetime) -> PlanSettings:
    """Wake exactly what "pause everything" paused; anything paused on its own stays so."""
    with transaction.atomic():
        settings = _settings_for_update(owner)
        if not settings.is_paused:
            return settings
        Goal.objects.filter(
            owner=owner, status=Goal.Status.PAUSED, pk__in=settings.paused_goals.all()
        ).update(status=Goal.Status.ACTIVE, status_changed_at=now, updated_at=now)
        resuming = list(
            ScheduledStep.objects.filter(owner=owner, status=ScheduledStep.Status.PAUSED)
        )
        ScheduledStep.objects.filter(pk__in=[s.pk for s in resuming]).update(
            status=ScheduledStep.Status.PLANNED, updated_at=now
        )
        for scheduled in resuming:
            if scheduled.starts_at > now:
                reminders_sync_scheduled_step(scheduled=scheduled, now=now)
        settings.paused_goals.clear()
        settings.paused_at = None
        settings.save(update_fields=["paused_at", "updated_at"])
    return settings
