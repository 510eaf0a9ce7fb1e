import re
from datetime import timedelta

import pytest
from django.utils import timezone

from common.models import Heartbeat

pytestmark = pytest.mark.django_db


def healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    return response.json()


def test_it_answers_signed_out_so_a_load_balancer_can_ask(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    # A cached "ok" would hide an outage from the load balancer.
    assert "no-cache" in response["Cache-Control"]


def test_it_says_the_worker_was_never_seen_before_the_first_heartbeat(client):
    assert healthz(client) == {"database": "ok", "worker": "never seen"}


def test_it_says_ok_when_the_worker_beat_recently(client):
    Heartbeat.objects.create(name="worker", seen_at=timezone.now() - timedelta(minutes=2))

    assert healthz(client) == {"database": "ok", "worker": "ok"}


def test_it_says_how_long_the_worker_has_been_quiet_once_it_goes_stale(client):
    Heartbeat.objects.create(name="worker", seen_at=timezone.now() - timedelta(minutes=10))

    report = healthz(client)

    assert report["database"] == "ok"
    quiet = re.fullmatch(r"quiet for (\d+)s", report["worker"])
    assert quiet, report["worker"]
    assert 600 <= int(quiet[1]) < 660


def test_it_ignores_heartbeats_from_other_processes(client):
    Heartbeat.objects.create(name="beat", seen_at=timezone.now())

    assert healthz(client)["worker"] == "never seen"
