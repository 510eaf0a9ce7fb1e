"""Account activity as a person sees it, and the Permissions-Policy as Chromium reads it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import SecurityEvent
from tests.browser.conftest import NARROW, _axe

pytestmark = pytest.mark.browser
Kind = SecurityEvent.Kind


def _no_axe_violation_of_any_impact(page):
    violations = _axe.run(page).response["violations"]
    assert violations == [], [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]


@pytest.fixture
def history(alice):
    now = timezone.now()
    rows = [
        (Kind.SIGNED_IN, {"device": "Mobile Safari on iOS", "ip": "198.51.100.7"}),
        (Kind.SIGN_IN_REFUSED, {"device": "Firefox on Windows", "ip": "203.0.113.24"}),
        (Kind.SCOPES_GRANTED, {"detail": "Bob", "what": "your plan and your safety plan"}),
        (Kind.EXPORTED, {"what": "everything, as a ZIP file", "device": "Firefox on Windows"}),
    ]
    for n, (kind, fields) in enumerate(rows):
        SecurityEvent.objects.create(user=alice, kind=kind, at=now - timedelta(hours=n), **fields)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_account_activity_reads_well_on_a_small_phone(open_page, sign_in, alice, history, scheme):
    page = open_page(viewport=NARROW, color_scheme=scheme)
    sign_in(page, alice)
    page.goto("/profile/")
    section = page.get_by_role("region", name="Account activity")
    expect(section.get_by_text("Someone tried to sign in with a wrong password")).to_be_visible()
    _no_axe_violation_of_any_impact(page)
    section.get_by_role("link", name="All account activity from the last year").click()
    expect(page.get_by_role("heading", name="Account activity", level=1)).to_be_visible()
    expect(page.get_by_text("Bob can now see your plan and your safety plan")).to_be_visible()
    _no_axe_violation_of_any_impact(page)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= NARROW["width"]


def test_chromium_denies_the_camera_and_keeps_passkeys(open_page, sign_in, alice):
    page = open_page()
    complaints = []
    page.on("console", lambda message: complaints.append(message.text))
    sign_in(page, alice)
    page.goto("/profile/")
    allows = "feature => document.featurePolicy.allowsFeature(feature)"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert page.evaluate(allows, feature) is False, feature
    for feature in ("publickey-credentials-get", "publickey-credentials-create"):
        assert page.evaluate(allows, feature) is True, feature
    # Chromium names any feature it does not know, or a header it cannot parse.
    assert [text for text in complaints if "Permissions-Policy" in text] == []
