"""A password many people use is refused in calm words, keeping everything else typed."""

import pytest
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
COMMON = "football1"
CALM = (
    "That password is one many people use, so it&#x27;s easy to guess. "
    "Try a longer phrase only you would think of."
)


def test_the_example_really_is_on_djangos_list():
    assert COMMON in CommonPasswordValidator().passwords


def test_signing_up_with_a_common_password_says_why_and_keeps_what_was_typed(client):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Nora",
            "email": "nora@example.org",
            "password1": COMMON,
            "password2": COMMON,
            "timezone": "Australia/Adelaide",
        },
    )
    html = response.content.decode()
    assert CALM in html and "too common" not in html
    assert 'value="Nora"' in html and 'value="nora@example.org"' in html
    assert '<option value="Australia/Adelaide" selected>' in html
    assert not User.objects.exists()


def test_changing_to_a_common_password_says_why_and_changes_nothing(alice_client, alice):
    response = alice_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": COMMON, "password2": COMMON},
    )
    html = response.content.decode()
    assert response.status_code == 200 and CALM in html and "too common" not in html
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


@pytest.mark.parametrize("password", ["Stepwise2026!", "my step-wise life", "PlannerPlanner9"])
def test_a_password_built_on_this_apps_words_is_refused_calmly(client, password):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Nora",
            "email": "nora@example.org",
            "password1": password,
            "password2": password,
            "timezone": "Australia/Adelaide",
        },
    )
    html = response.content.decode()
    assert "uses a word from this app" in html
    assert 'value="nora@example.org"' in html
    assert not User.objects.exists()
