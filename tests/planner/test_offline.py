"""The offline copy's server side: the manifest and the service worker are served to
anyone, from the site root, never stale; signing out tells the browser to drop any copy."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_manifest_is_served_signed_out_with_a_neutral_name(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Stepwise"
    # Nothing shown on a home screen or app switcher says what the app is for.
    shown = " ".join(manifest.get(key, "") for key in ("name", "short_name", "description"))
    for word in ("safety", "crisis", "trauma", "isolation"):
        assert word not in shown.lower()
    assert manifest["start_url"] == reverse("planner:safety_plan")
    assert manifest["scope"] == "/"
    assert manifest["icons"][0]["src"].endswith(".svg")


def test_the_service_worker_is_served_from_the_root_signed_out_and_never_stale(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    # It only ever answers for the two pages the person may keep, and static files.
    assert json.dumps(reverse("planner:safety_plan")) in body
    assert json.dumps(reverse("planner:grounding")) in body
    assert "/journal/" not in body


def test_the_service_worker_is_the_same_for_everyone(client, alice_client):
    assert client.get("/sw.js").content == alice_client.get("/sw.js").content


def test_signing_out_tells_the_browser_to_drop_any_offline_copy(alice_client):
    # Asking "Sign out?" clears nothing; signing out does.
    assert "Clear-Site-Data" not in alice_client.get(reverse("account_logout"))
    response = alice_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in alice_client.session


def test_the_policy_lets_our_own_worker_and_manifest_load(alice_client):
    policy = alice_client.get(reverse("planner:safety_plan"))["Content-Security-Policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy
