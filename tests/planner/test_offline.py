"""The offline copy's server side: the manifest and the service worker are served to
anyone, from the site root, never stale; signing out tells the browser to drop any copy."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
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
    assert any(icon["src"].endswith(".svg") for icon in manifest["icons"])


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


# --- The installed app's name and icons: discreet mode reaches the home screen too -------
def _png_size(path) -> tuple[int, int]:
    """Width and height from a PNG's header, read without an image library."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _icons_are_real_pngs(manifest: dict) -> set[str]:
    from django.contrib.staticfiles import finders

    sizes = set()
    for icon in manifest["icons"]:
        if icon["type"] != "image/png":
            continue
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL).lstrip("/"))
        assert path, f"{icon['src']} is not among the static files"
        width, height = _png_size(Path(path))
        assert icon["sizes"] == f"{width}x{height}"
        sizes.add(icon["sizes"])
    return sizes


@pytest.mark.parametrize("name", ["planner:manifest", "planner:manifest_plain"])
def test_both_manifests_carry_the_png_icons_chromium_needs_to_install(client, name):
    manifest = client.get(reverse(name)).json()
    assert {"192x192", "512x512"} <= _icons_are_real_pngs(manifest)


def test_the_plain_manifest_names_the_app_planner_with_plain_icons(client):
    response = client.get(reverse("planner:manifest_plain"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == manifest["short_name"] == "Planner"
    assert "Stepwise" not in response.content.decode()
    assert all("plain" in icon["src"] for icon in manifest["icons"])
    assert manifest["start_url"] == reverse("planner:safety_plan")


def _manifest_link(client) -> str:
    page = client.get(reverse("planner:home")).content.decode()
    match = re.search(r'<link rel="manifest" href="([^"]+)"', page)
    assert match, "no manifest link"
    return match.group(1)


def test_a_discreet_persons_pages_link_the_plain_manifest(alice_client, alice):
    assert _manifest_link(alice_client) == reverse("planner:manifest")
    alice.discreet = True
    alice.save(update_fields=["discreet"])
    assert _manifest_link(alice_client) == reverse("planner:manifest_plain")
