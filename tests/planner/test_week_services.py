"""Writes to the week: pause everything and resume exactly, and the rows' own limits."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from planner.models import Goal, PlanSettings, ScheduledStep
from planner.services import week as services
from tests.factories import GoalFactory, ScheduledStepFactory, StepFactory

pytestmark = pytest.mark.django_db


def status(obj) -> str:
    obj.refresh_from_db()
    return obj.status


def test_resuming_restores_exactly_what_was_active_before(alice):
    now = timezone.now()
    active = GoalFactory(owner=alice)
    paused_on_its_own = GoalFactory(owner=alice, status=Goal.Status.PAUSED)
    achieved = GoalFactory(owner=alice, status=Goal.Status.ACHIEVED)
    step = StepFactory(goal=active)
    upcoming = ScheduledStepFactory(step=step, starts_at=now + timedelta(days=1))
    past = ScheduledStepFactory(step=step, starts_at=now - timedelta(days=1))
    cancelled = ScheduledStepFactory(
        step=step, starts_at=now + timedelta(days=2), status=ScheduledStep.Status.CANCELLED
    )

    services.plan_pause(owner=alice, now=now)
    assert status(active) == Goal.Status.PAUSED
    assert status(upcoming) == ScheduledStep.Status.PAUSED
    assert status(past) == ScheduledStep.Status.PLANNED
    assert status(cancelled) == ScheduledStep.Status.CANCELLED

    services.plan_resume(owner=alice, now=now + timedelta(hours=1))
    assert status(active) == Goal.Status.ACTIVE
    assert status(paused_on_its_own) == Goal.Status.PAUSED
    assert status(achieved) == Goal.Status.ACHIEVED
    assert status(upcoming) == ScheduledStep.Status.PLANNED
    assert status(cancelled) == ScheduledStep.Status.CANCELLED
    settings = PlanSettings.objects.get(owner=alice)
    assert not settings.is_paused
    assert not settings.paused_goals.exists()


def test_pausing_twice_remembers_the_first_pause(alice):
    goal = GoalFactory(owner=alice)
    first = timezone.now()
    services.plan_pause(owner=alice, now=first)
    services.plan_pause(owner=alice, now=first + timedelta(hours=1))
    settings = PlanSettings.objects.get(owner=alice)
    assert settings.paused_at == first
    assert list(settings.paused_goals.all()) == [goal]


def test_resuming_when_nothing_is_paused_changes_nothing(alice):
    goal = GoalFactory(owner=alice, status=Goal.Status.PAUSED)
    services.plan_resume(owner=alice, now=timezone.now())
    assert status(goal) == Goal.Status.PAUSED


def test_pausing_touches_no_one_elses_plan(alice, carol):
    carols = ScheduledStepFactory(step__goal__owner=carol)
    services.plan_pause(owner=alice, now=timezone.now())
    assert status(carols) == ScheduledStep.Status.PLANNED
    assert status(carols.step.goal) == Goal.Status.ACTIVE


def test_no_one_schedules_someone_elses_step(alice, carol):
    step = StepFactory(goal__owner=alice)
    with pytest.raises(ValidationError):
        services.scheduled_step_create(
            owner=carol, step=step, starts_at=timezone.now(), planned_minutes=10
        )


def test_moving_a_step_back_from_not_this_time_plans_it_again(alice):
    scheduled = ScheduledStepFactory(step__goal__owner=alice, status=ScheduledStep.Status.CANCELLED)
    services.scheduled_step_reschedule(
        scheduled=scheduled, starts_at=timezone.now() + timedelta(days=3), planned_minutes=20
    )
    assert status(scheduled) == ScheduledStep.Status.PLANNED


@pytest.mark.parametrize(
    "fields", [{"weekly_capacity": 0}, {"weekly_capacity": 15}, {"max_per_day": 4}]
)
def test_the_database_refuses_capacity_out_of_range(alice, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanSettings.objects.create(owner=alice, **fields)


@pytest.mark.parametrize("fields", [{"planned_minutes": 0}, {"status": "missed"}])
def test_the_database_refuses_a_scheduled_step_out_of_range(alice, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledStepFactory(step__goal__owner=alice, **fields)
