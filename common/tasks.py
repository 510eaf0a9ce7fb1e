from celery import shared_task
from django.utils import timezone

from common.services import heartbeat_record


@shared_task
def heartbeat(name: str = "worker") -> str:
    return heartbeat_record(name=name, now=timezone.now()).seen_at.isoformat()
