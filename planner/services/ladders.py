"""Writes for a goal's ladder of steps, and the pure rules about its order.

Positions are always 0..n-1 in ladder order. Every write that moves steps locks the
goal row first, so two tabs adding or moving steps at once cannot leave two steps
on one rung.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from common import versioning
from planner.ladder_templates import LadderTemplate
from planner.models import Goal, Mode, Step, TrustedContact
from reminders.sync import reminders_cancel_for_steps, reminders_sync_steps_of


@dataclass(frozen=True)
class StepDraft:
    """A step as typed or suggested, before it belongs to a ladder."""

    title: str
    predicted_suds: int
    planned_minutes: int
    mode: str = Mode.OFFLINE
    ally: TrustedContact | None = None
    description: str = ""
    accommodations: Sequence[str] = field(default_factory=tuple)
    accommodations_other: str = ""
    exit_strategy: str = ""


def drafts_from_template(template: LadderTemplate) -> list[StepDraft]:
    # No ally is filled in: the template cannot know who, and the person chooses.
    return [
        StepDraft(
            title=step.title,
            description=step.description,
            predicted_suds=step.suds,
            planned_minutes=step.minutes,
            mode=step.mode,
            accommodations=tuple(step.accommodations),
            exit_strategy=step.exit_strategy,
        )
        for step in template.steps
    ]


# --- Pure rules ----------------------------------------------------------------------


def fitting_position(suds_in_order: Sequence[int], suds: int) -> int:
    """Where a new step keeps the ladder rising: just before the first harder step."""
    for index, existing in enumerate(suds_in_order):
        if existing > suds:
            return index
    return len(suds_in_order)


def ladder_dips(suds_in_order: Sequence[int]) -> list[int]:
    """Indexes of steps predicted to feel easier than the step before them."""
    return [i for i in range(1, len(suds_in_order)) if suds_in_order[i] < suds_in_order[i - 1]]


# --- Writes ----------------------------------------------------------------------------


def _locked_steps(goal: Goal) -> list[Step]:
    Goal.objects.select_for_update().filter(pk=goal.pk).first()
    return list(goal.steps.order_by("position", "pk"))


def _save_order(steps: Sequence[Step]) -> None:
    changed = []
    for position, step in enumerate(steps):
        if step.position != position:
            step.position = position
            changed.append(step)
    Step.objects.bulk_update(changed, ["position"])


def _apply(step: Step, draft: StepDraft) -> None:
    step.title = draft.title
    step.description = draft.description
    step.predicted_suds = draft.predicted_suds
    step.planned_minutes = draft.planned_minutes
    step.mode = draft.mode
    step.ally = draft.ally
    step.accommodations = list(draft.accommodations)
    step.accommodations_other = draft.accommodations_other
    step.exit_strategy = draft.exit_strategy


@versioning.bumps("goal.owner_id")
def ladder_extend(*, goal: Goal, drafts: Sequence[StepDraft]) -> list[Step]:
    """Add steps after the ones the goal already has, in the order given."""
    with transaction.atomic():
        start = len(_locked_steps(goal))
        steps = []
        for offset, draft in enumerate(drafts):
            step = Step(goal=goal, position=start + offset)
            _apply(step, draft)
            step.full_clean()
            steps.append(step)
        return Step.objects.bulk_create(steps)


@versioning.bumps("goal.owner_id")
def step_add(*, goal: Goal, draft: StepDraft, position: int | None = None) -> Step:
    """Add one step at `position` (0 is the top, None is where its SUDS fits)."""
    with transaction.atomic():
        steps = _locked_steps(goal)
        if position is None:
            position = fitting_position([s.predicted_suds for s in steps], draft.predicted_suds)
        position = max(0, min(position, len(steps)))
        step = Step(goal=goal, position=len(steps))
        _apply(step, draft)
        step.full_clean()
        step.save()
        steps.insert(position, step)
        _save_order(steps)
    return step


@versioning.bumps("step.goal.owner_id")
def step_update(*, step: Step, draft: StepDraft, now: datetime | None = None) -> Step:
    ally_before = step.ally_id
    _apply(step, draft)
    step.full_clean()
    with transaction.atomic():
        step.save()
        if step.ally_id != ally_before:
            # A new (or no) ally: their reminders for the planned times follow at once.
            reminders_sync_steps_of(step=step, now=now or timezone.now())
    return step


@versioning.bumps("step.goal.owner_id")
def step_move(*, step: Step, offset: int) -> Step:
    """Move a step up (offset -1) or down (+1); at either end it stays put."""
    with transaction.atomic():
        steps = _locked_steps(step.goal)
        index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
        target = max(0, min(index + offset, len(steps) - 1))
        steps.insert(target, steps.pop(index))
        _save_order(steps)
        step.position = target
    return step


@versioning.bumps("goal.owner_id")
def ladder_reorder(*, goal: Goal, step_ids: Sequence[int]) -> list[Step]:
    """Put the ladder in the order of `step_ids`, which must name each step once.

    Anything else (a step from another ladder, one removed in another tab, a
    repeat) is refused whole, so the ladder is never left half reordered.
    """
    with transaction.atomic():
        steps = _locked_steps(goal)
        by_id = {step.pk: step for step in steps}
        if len(step_ids) != len(steps) or set(step_ids) != set(by_id):
            raise ValidationError(
                "That order doesn't match the steps on this ladder, so nothing moved. "
                "Here is the ladder as it is now."
            )
        ordered = [by_id[pk] for pk in step_ids]
        _save_order(ordered)
    return ordered


@versioning.bumps("step.goal.owner_id")
def step_remove(*, step: Step, now: datetime | None = None) -> None:
    """Take a step off the ladder and close the gap it leaves.

    A step with practice already logged against it is kept (history is never thrown
    away by tidying a ladder); the person hears why. Plans for it in the week go
    with it.
    """
    kept = ValidationError(
        "You've already practised this step, so it stays to keep that history. "
        "You can edit it, or pause the goal instead."
    )
    with transaction.atomic():
        steps = _locked_steps(step.goal)
        if step.attempts.exists():
            raise kept
        removed_pk = step.pk  # delete() clears it
        # Its planned times go with it; their waiting reminders must not outlive them
        # (the outbox keeps the rows, without the step, for the delivery log).
        reminders_cancel_for_steps(
            scheduled_ids=step.scheduled.values_list("pk", flat=True), now=now or timezone.now()
        )
        try:
            step.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise kept from exc
        _save_order([s for s in steps if s.pk != removed_pk])
