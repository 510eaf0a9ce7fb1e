"""Tasks travel through a real broker to a separate worker process, never eagerly."""

import json
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import sessions_clear
from common.models import Heartbeat
from common.tasks import heartbeat
from tests.services import redis_url
from tests.workers import Broker, CeleryWorker, sending_through


def heartbeat_through_a_worker(broker: Broker) -> None:
    with sending_through(broker), CeleryWorker(broker) as worker:
        result = heartbeat.delay()
        seen_at = result.get(timeout=10)
        # The worker's own log names the task, so it ran there and not in this process.
        worker.wait_for(f"common.tasks.heartbeat[{result.id}] succeeded")

    assert Heartbeat.objects.get(name="worker").seen_at.isoformat() == seen_at


@pytest.mark.worker
def test_it_runs_a_task_on_a_worker_through_the_embedded_filesystem_broker(
    transactional_db, tmp_path
):
    heartbeat_through_a_worker(Broker.filesystem(tmp_path))


@pytest.mark.worker
@pytest.mark.redis
def test_it_runs_a_task_on_a_worker_through_redis(transactional_db):
    heartbeat_through_a_worker(Broker.redis(redis_url()))


def test_it_deletes_only_expired_sessions(db):
    now = timezone.now()
    for key, expires in [
        ("expired-yesterday", now - timedelta(days=1)),
        ("expired-a-second-ago", now - timedelta(seconds=1)),
        ("still-signed-in", now + timedelta(hours=1)),
    ]:
        Session.objects.create(session_key=key, session_data="", expire_date=expires)

    assert sessions_clear() == 2
    assert list(Session.objects.values_list("session_key", flat=True)) == ["still-signed-in"]


def test_every_beat_entry_names_a_task_a_fresh_worker_knows():
    # A fresh interpreter, as a worker starts: only autodiscovery registers tasks
    # there, so a renamed or undiscovered task shows up as missing.
    registered = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from config import celery_app as app;"
            "app.loader.import_default_modules(); print(json.dumps(sorted(app.tasks)))",
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert registered.returncode == 0, registered.stderr
    known = set(json.loads(registered.stdout.splitlines()[-1]))

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled, "the beat schedule is empty"
    missing = scheduled - known
    assert not missing, f"beat would send tasks no worker knows: {sorted(missing)}"
