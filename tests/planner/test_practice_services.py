"""The practice log's writes: the forecast before, the outcome after, and the rows'
own limits in the database."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from planner.models import Attempt, ScheduledStep
from planner.services.practice import attempt_log, attempt_predict
from tests.factories import AttemptFactory, ScheduledStepFactory, StepFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(alice):
    return ScheduledStepFactory(step__goal__owner=alice, step__predicted_suds=70)


OUTCOME = {
    "suds_before": 40,
    "suds_peak": 35,
    "suds_after": 10,
    "minutes_stayed": 30,
    "used_exit_strategy": False,
}


def log(scheduled, *, now=None, predicted_peak=None, **changes):
    return attempt_log(
        owner=scheduled.owner,
        step=scheduled.step,
        scheduled=scheduled,
        predicted_peak=predicted_peak,
        now=now or timezone.now(),
        **(OUTCOME | changes),
    )


def test_a_forecast_is_recorded_before_and_the_outcome_joins_it_after(scheduled):
    before = timezone.now() - timedelta(hours=2)
    forecast = attempt_predict(scheduled=scheduled, predicted_peak=70, now=before)
    assert not forecast.is_logged

    attempt = log(scheduled, what_helped="Slow breaths", note="Felt shaky at first")
    assert attempt.pk == forecast.pk
    assert attempt.predicted_peak == 70 and attempt.predicted_at == before
    assert attempt.is_logged and attempt.peak_below_forecast
    scheduled.refresh_from_db()
    assert scheduled.status == ScheduledStep.Status.DONE


def test_changing_ones_mind_before_going_rewrites_the_forecast(scheduled):
    attempt_predict(scheduled=scheduled, predicted_peak=70, now=timezone.now())
    attempt_predict(scheduled=scheduled, predicted_peak=55, now=timezone.now())
    assert Attempt.objects.get().predicted_peak == 55


def test_a_forecast_is_never_rewritten_after_the_outcome(scheduled):
    attempt_predict(scheduled=scheduled, predicted_peak=70, now=timezone.now())
    log(scheduled)
    attempt_predict(scheduled=scheduled, predicted_peak=20, now=timezone.now())
    log(scheduled, predicted_peak=10)
    assert Attempt.objects.get().predicted_peak == 70


def test_logging_without_a_forecast_before_takes_the_one_given_now(scheduled):
    attempt = log(scheduled, predicted_peak=65)
    assert attempt.predicted_peak == 65


def test_logging_with_no_forecast_at_all_is_refused(scheduled):
    with pytest.raises(ValidationError):
        log(scheduled)
    assert not Attempt.objects.exists()


def test_logging_twice_edits_the_one_attempt(scheduled):
    log(scheduled, predicted_peak=70)
    log(scheduled, predicted_peak=70, suds_peak=45)
    assert Attempt.objects.get().suds_peak == 45


def test_an_attempt_happened_at_its_scheduled_time_even_when_logged_later(scheduled):
    later = scheduled.starts_at + timedelta(days=2)
    assert log(scheduled, predicted_peak=70, now=later).happened_at == scheduled.starts_at


def test_an_attempt_logged_before_its_scheduled_time_happened_when_logged(scheduled):
    earlier = scheduled.starts_at - timedelta(hours=5)
    assert log(scheduled, predicted_peak=70, now=earlier).happened_at == earlier


def test_a_double_tap_on_an_unscheduled_log_makes_one_attempt(alice):
    step = StepFactory(goal__owner=alice)
    now = timezone.now()
    for _ in range(2):
        attempt_log(owner=alice, step=step, predicted_peak=60, now=now, **OUTCOME)
    assert Attempt.objects.count() == 1
    attempt_log(owner=alice, step=step, predicted_peak=60, now=now + timedelta(hours=1), **OUTCOME)
    assert Attempt.objects.count() == 2


def test_no_one_logs_on_someone_elses_step(alice, carol):
    step = StepFactory(goal__owner=alice)
    with pytest.raises(ValidationError):
        attempt_log(owner=carol, step=step, predicted_peak=50, now=timezone.now(), **OUTCOME)


def test_the_private_note_is_stored_encrypted(scheduled):
    log(scheduled, predicted_peak=70, note="My sister came with me", what_helped="Her jokes")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT note, what_helped FROM planner_attempt")
        note, helped = cursor.fetchone()
    assert "sister" not in note and "jokes" not in helped
    assert Attempt.objects.get().note == "My sister came with me"


@pytest.mark.parametrize(
    "changes",
    [
        {"suds_peak": 101},
        {"suds_before": 150},
        {"predicted_peak": 101},
        {"minutes_stayed": 24 * 60 + 1},
        {"happened_at": timezone.now(), "suds_after": None},
    ],
)
def test_the_database_refuses_out_of_range_or_half_logged_attempts(alice, changes):
    step = StepFactory(goal__owner=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        AttemptFactory(step=step, **changes)


def test_suds_of_zero_is_a_fine_answer(scheduled):
    attempt = log(scheduled, predicted_peak=0, suds_before=0, suds_peak=0, suds_after=0)
    assert (attempt.suds_peak, attempt.predicted_peak) == (0, 0)
    assert not attempt.peak_below_forecast
