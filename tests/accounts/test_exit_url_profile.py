"""A person may choose where Exit this page takes them, from their profile."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROFILE = {"display_name": "Alice", "timezone": "America/New_York", "locale": "en-US"}


def test_a_person_chooses_their_own_neutral_page(alice_client, alice):
    response = alice_client.post(
        reverse("accounts:profile"), {**PROFILE, "exit_url": "https://recipes.example/soup"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.exit_url == "https://recipes.example/soup"


def test_leaving_it_empty_uses_the_usual_page(alice_client, alice):
    alice.exit_url = "https://recipes.example/soup"
    alice.save()
    alice_client.post(reverse("accounts:profile"), {**PROFILE, "exit_url": ""})
    alice.refresh_from_db()
    assert alice.exit_url == ""


@pytest.mark.parametrize(
    "typed", ["javascript:alert(1)", "ftp://files.example/", "not a web address"]
)
def test_only_a_web_address_is_kept_and_the_typed_text_stays(alice_client, alice, typed):
    response = alice_client.post(reverse("accounts:profile"), {**PROFILE, "exit_url": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert "a web address that starts with https://" in html
    # What was typed stays in the box, so it can be fixed rather than typed again.
    assert 'value="{}"'.format(typed.replace("'", "&#x27;")) in html
    alice.refresh_from_db()
    assert alice.exit_url == ""


def test_the_profile_says_what_the_setting_does(alice_client):
    html = alice_client.get(reverse("accounts:profile")).content.decode()
    assert "Exit this page" in html
    assert f'href="{reverse("planner:exit_help")}"' in html
