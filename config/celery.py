"""The Celery app. Settings come from Django's, under the CELERY_ prefix."""

import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("stepwise")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _mask_worker_logs(logger, **kwargs):
    """Celery replaces the root logger's handlers with its own: mask those too (issue 14)."""
    from common.logmask import LogMaskFilter

    for handler in logger.handlers:
        handler.addFilter(LogMaskFilter())
