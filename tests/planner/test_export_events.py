"""Downloading one's data, or bringing it in, shows on the account activity."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import SecurityEvent

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _events(user):
    return list(
        user.security_events.exclude(kind=Kind.SIGNED_IN)
        .order_by("at", "pk")
        .values_list("kind", "what", "device")
    )


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("planner:export_zip", "everything, as a ZIP file"),
        ("planner:export_json", "everything, as JSON"),
        ("planner:export_checkins_csv", "check-ins, as CSV"),
    ],
)
def test_each_download_is_recorded_with_the_device(alice_client, alice, name, what):
    assert alice_client.get(reverse(name), HTTP_USER_AGENT=FIREFOX).status_code == 200
    assert _events(alice) == [(Kind.EXPORTED, what, "Firefox on Windows")]


def test_bringing_in_an_export_is_recorded(alice_client, alice):
    data = alice_client.get(reverse("planner:export_json")).content
    upload = SimpleUploadedFile("stepwise.json", data, content_type="application/json")
    response = alice_client.post(reverse("planner:export"), {"file": upload})
    assert response.status_code == 302
    assert [kind for kind, *_ in _events(alice)] == [Kind.EXPORTED, Kind.IMPORTED]


def test_a_file_that_is_refused_records_nothing(alice_client, alice):
    upload = SimpleUploadedFile("stepwise.json", json.dumps({"nope": 1}).encode())
    response = alice_client.post(reverse("planner:export"), {"file": upload})
    assert response.status_code == 200
    assert _events(alice) == []
