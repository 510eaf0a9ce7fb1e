"""Celery entry points for planner: thin, each calling one service."""

from celery import shared_task
from django.utils import timezone

from planner.services.import_runs import imports_sweep as imports_sweep_service


@shared_task
def imports_sweep() -> int:
    """Every minute (CELERY_BEAT_SCHEDULE): put back imports whose process died."""
    return imports_sweep_service(now=timezone.now())
