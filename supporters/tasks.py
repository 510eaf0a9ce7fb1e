"""Celery entry points for supporters: thin, each calling one service."""

from celery import shared_task
from django.utils import timezone

from supporters.services.access import access_log_prune as access_log_prune_service


@shared_task
def access_log_prune() -> int:
    """Daily: drop supporter access-log entries past their retention."""
    return access_log_prune_service(now=timezone.now())
