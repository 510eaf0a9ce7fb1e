import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "display_name": "Nora",
    "email": "Nora@Example.org",
    "password1": "quiet-harbour-lights-9",
    "password2": "quiet-harbour-lights-9",
    "timezone": "Australia/Adelaide",
}


def _link_in(message) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0)


def test_a_new_person_signs_up_verifies_signs_in_sets_timezone_and_signs_out(client):
    response = client.post(reverse("account_signup"), SIGNUP, follow=True)
    assert "Check your inbox" in response.content.decode()
    user = User.objects.get()
    assert (user.email, user.display_name, user.timezone) == (
        "nora@example.org",
        "Nora",
        "Australia/Adelaide",
    )

    # Unverified: signing in is not enough yet.
    assert client.get(reverse("planner:home")).status_code == 302

    (message,) = mail.outbox
    assert message.to == ["nora@example.org"]
    confirm_url = _link_in(message)
    page = client.get(confirm_url)
    assert "Yes, confirm my email" in page.content.decode()
    response = client.post(confirm_url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("planner:home")
    assert "Welcome, Nora" in response.content.decode()

    client.post(reverse("account_logout"))
    assert client.get(reverse("planner:home")).status_code == 302

    response = client.post(
        reverse("account_login"),
        {"login": "nora@example.org", "password": SIGNUP["password1"]},
        follow=True,
    )
    assert "Welcome, Nora" in response.content.decode()
    # A first sign-in is no return: "Welcome back" waits for a real absence.
    assert "Welcome back" not in response.content.decode()
    assert "Hello, Nora. Good to see you." in response.content.decode()

    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Nora B", "timezone": "Asia/Kathmandu", "locale": "en-AU"},
        follow=True,
    )
    assert "Saved" in response.content.decode()
    user.refresh_from_db()
    assert (user.display_name, user.timezone, user.locale) == ("Nora B", "Asia/Kathmandu", "en-AU")

    client.post(reverse("account_logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_confirming_a_link_by_get_alone_does_not_verify(client):
    # Mail scanners open links; only the button press confirms.
    client.post(reverse("account_signup"), SIGNUP)
    client.get(_link_in(mail.outbox[0]))
    assert not User.objects.get().emailaddress_set.get().verified


def test_signup_keeps_what_was_typed_when_passwords_differ(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "password2": "something-else-7"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Nora"' in html
    assert 'value="Nora@Example.org"' in html
    assert '<option value="Australia/Adelaide" selected>' in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.exists()


def test_signup_refuses_an_unknown_timezone_kindly(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "timezone": "Mars/Olympus_Mons"})
    assert "We don&#x27;t know that time zone" in response.content.decode()
    assert not User.objects.exists()


def test_signing_up_twice_with_one_address_in_another_case_makes_one_account(client, alice):
    client.post(reverse("account_signup"), {**SIGNUP, "email": "ALICE@example.org"})
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1


def test_a_wrong_password_gets_a_clear_message_and_keeps_the_email(client, alice):
    response = client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": "not-it"}
    )
    html = response.content.decode()
    assert "That email and password don&#x27;t match an account" in html
    assert 'value="alice@example.org"' in html
    assert "_auth_user_id" not in client.session


def test_sign_in_rests_after_repeated_failures_even_with_the_right_password(client, alice):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "alice@example.org", "password": "nope"})
    response = client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": "calm-river-stones-42"}
    )
    assert "Too many tries for now." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_mail_leads_to_a_new_password(client, alice):
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    (message,) = mail.outbox
    reset_url = _link_in(message)
    form_page = client.get(reset_url, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_url
    response = client.post(
        action,
        {"password1": "new-gentle-path-31", "password2": "new-gentle-path-31"},
        follow=True,
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.check_password("new-gentle-path-31")


def test_password_change_needs_the_current_password(alice_client, alice):
    response = alice_client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "wrong",
            "password1": "new-gentle-path-31",
            "password2": "new-gentle-path-31",
        },
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.check_password("calm-river-stones-42")
