from allauth.usersessions.models import UserSession
from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.services.security_events import (
    security_events_prune as security_events_prune_service,
)


@shared_task
def sessions_clear() -> int:
    """Delete expired sessions (what `manage.py clearsessions` does), on beat's schedule,
    and the "where you're signed in" rows whose session has gone."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    UserSession.objects.exclude(session_key__in=Session.objects.values("session_key")).delete()
    return deleted


@shared_task
def security_events_prune() -> int:
    """Daily: drop account activity older than a year."""
    return security_events_prune_service(now=timezone.now())
