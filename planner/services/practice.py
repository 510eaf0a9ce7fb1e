"""Writes to the practice log: the forecast before an attempt, the outcome after."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from common import versioning
from planner.models import Attempt, ScheduledStep, Step

# Two identical unscheduled logs this close together are one tap too many.
DOUBLE_TAP = timedelta(minutes=2)


def _check_owner(owner: User, step: Step) -> None:
    if step.goal.owner_id != owner.pk:
        raise ValidationError({"step": "Please pick one of your own steps."})


def _locked(scheduled: ScheduledStep) -> tuple[ScheduledStep, Attempt | None]:
    """Lock the scheduled step, so two taps at once make one attempt, and fetch its attempt."""
    scheduled = ScheduledStep.objects.select_for_update().get(pk=scheduled.pk)
    return scheduled, Attempt.objects.filter(scheduled_step=scheduled).first()


@versioning.bumps("scheduled.owner_id")
def attempt_predict(*, scheduled: ScheduledStep, predicted_peak: int, now: datetime) -> Attempt:
    """Record how hard the person expects a scheduled step to be, before they go.

    Changing one's mind before going is fine; once the outcome is in, the forecast
    stays as it was, or the comparison would mean nothing.
    """
    with transaction.atomic():
        scheduled, attempt = _locked(scheduled)
        if attempt is None:
            attempt = Attempt(owner=scheduled.owner, step=scheduled.step, scheduled_step=scheduled)
        elif attempt.is_logged:
            return attempt
        attempt.predicted_peak = predicted_peak
        attempt.predicted_at = now
        attempt.full_clean()
        attempt.save()
    return attempt


@versioning.bumps("owner")
def attempt_log(
    *,
    owner: User,
    step: Step,
    scheduled: ScheduledStep | None = None,
    predicted_peak: int | None,
    suds_before: int,
    suds_peak: int,
    suds_after: int,
    minutes_stayed: int,
    used_exit_strategy: bool,
    what_helped: str = "",
    note: str = "",
    now: datetime,
) -> Attempt:
    """Log what happened on an attempt; logging it again edits the same attempt.

    1. With a scheduled step: lock it, reuse the attempt holding the forecast
       made before (or start one with `predicted_peak`), and mark the step done.
    2. Without one: a new attempt, unless the very same outcome was logged for
       this step a moment ago (a second tap).
    3. A forecast made before the attempt is never rewritten afterwards.
    """
    _check_owner(owner, step)
    outcome = {
        "suds_before": suds_before,
        "suds_peak": suds_peak,
        "suds_after": suds_after,
        "minutes_stayed": minutes_stayed,
        "used_exit_strategy": used_exit_strategy,
    }
    with transaction.atomic():
        attempt = None
        if scheduled is not None:
            if scheduled.step_id != step.pk:
                raise ValidationError({"step": "This attempt belongs to another step."})
            scheduled, attempt = _locked(scheduled)
        else:
            attempt = (
                Attempt.objects.filter(
                    step=step, scheduled_step=None, happened_at__gte=now - DOUBLE_TAP, **outcome
                )
                .order_by("-happened_at")
                .first()
            )
            if attempt is not None:
                return attempt
        if attempt is None:
            if predicted_peak is None:
                raise ValidationError(
                    {"predicted_peak": "Please say how hard you expected it to be."}
                )
            attempt = Attempt(
                owner=owner,
                step=step,
                scheduled_step=scheduled,
                predicted_peak=predicted_peak,
                predicted_at=now,
            )
        for name, value in outcome.items():
            setattr(attempt, name, value)
        attempt.what_helped = what_helped
        attempt.note = note
        if attempt.happened_at is None:
            attempt.happened_at = min(scheduled.starts_at, now) if scheduled else now
        attempt.full_clean()
        attempt.save()
        if scheduled is not None and scheduled.status != ScheduledStep.Status.DONE:
            scheduled.status = ScheduledStep.Status.DONE
            scheduled.save(update_fields=["status", "updated_at"])
    return attempt
