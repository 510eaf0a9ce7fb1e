"""Account activity is kept a year: a daily beat task forgets what is older."""

from datetime import timedelta

import pytest
from django.conf import settings

from accounts import tasks
from accounts.models import SecurityEvent
from accounts.services import security_events
from accounts.services.security_events import security_events_prune

pytestmark = pytest.mark.django_db


def _event(user, at):
    return SecurityEvent.objects.create(user=user, kind=SecurityEvent.Kind.SIGNED_IN, at=at)


def test_events_older_than_a_year_go_and_the_rest_stay(alice, bob, now):
    kept = [_event(alice, now - timedelta(days=364)), _event(bob, now - timedelta(days=365))]
    for person in (alice, bob):
        _event(person, now - timedelta(days=365, seconds=1))
        _event(person, now - timedelta(days=900))
    assert security_events_prune(now=now) == 4
    assert set(SecurityEvent.objects.values_list("pk", flat=True)) == {e.pk for e in kept}


def test_a_long_history_goes_in_batches_and_all_of_it_goes(alice, now, monkeypatch):
    monkeypatch.setattr(security_events, "PRUNE_BATCH", 7)
    SecurityEvent.objects.bulk_create(
        SecurityEvent(user=alice, kind="signed_in", at=now - timedelta(days=400, hours=n))
        for n in range(50)
    )
    recent = _event(alice, now - timedelta(days=1))
    assert security_events_prune(now=now) == 50
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_daily_task_prunes_with_the_clock_of_the_day(alice, frozen):
    _event(alice, frozen - timedelta(days=500))
    assert tasks.security_events_prune() == 1
    assert not SecurityEvent.objects.exists()


def test_beat_runs_the_prune_once_a_day():
    (entry,) = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "accounts.tasks.security_events_prune"
    ]
    schedule = entry["schedule"]
    assert (len(schedule.hour), len(schedule.minute)) == (1, 1)
    assert len(schedule.day_of_week) == 7
