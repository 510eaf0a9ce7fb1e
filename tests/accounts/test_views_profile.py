import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_profile_asks_a_signed_out_visitor_to_sign_in(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_profile_shows_the_persons_own_settings(alice_client):
    html = alice_client.get(reverse("accounts:profile")).content.decode()
    assert 'value="Alice"' in html
    assert '<option value="America/New_York" selected>' in html
    assert "alice@example.org" in html


def test_a_too_long_name_is_refused_kindly_and_nothing_changes(alice_client, alice):
    response = alice_client.post(
        reverse("accounts:profile"),
        {"display_name": "A" * 10_000, "timezone": "Europe/Paris", "locale": "en-GB"},
    )
    html = response.content.decode()
    assert "Please keep it to 80 characters (you have 10000)" in html
    # What was typed stays in the form, so nothing has to be typed again.
    assert '<option value="Europe/Paris" selected>' in html
    alice.refresh_from_db()
    assert (alice.display_name, alice.timezone, alice.locale) == (
        "Alice",
        "America/New_York",
        "en-US",
    )


def test_an_unknown_timezone_is_refused_and_the_typed_name_is_kept(alice_client, alice):
    response = alice_client.post(
        reverse("accounts:profile"),
        {"display_name": "Ally", "timezone": "Europe/Atlantis", "locale": "en-US"},
    )
    html = response.content.decode()
    assert "We don&#x27;t know that time zone" in html
    assert 'value="Ally"' in html
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_markup_in_a_name_is_shown_as_text(alice_client, alice):
    alice.display_name = "<script>alert(1)</script>"
    alice.save()
    html = alice_client.get(reverse("planner:home")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_every_page_carries_a_strict_content_security_policy(alice_client):
    csp = alice_client.get(reverse("planner:home")).headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_htmx_requests_carry_the_csrf_token_from_the_body(alice_client):
    html = alice_client.get(reverse("planner:home")).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
    assert "/static/vendor/htmx.min.js" in html
