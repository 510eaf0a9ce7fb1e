import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_can_run_twice_and_the_demo_people_can_sign_in(client):
    call_command("seed_demo")
    call_command("seed_demo")
    assert User.objects.count() == 2
    response = client.post(
        reverse("account_login"),
        {"login": "maya@demo.stepwise.localhost", "password": DEMO_PASSWORD},
        follow=True,
    )
    assert "Welcome, Maya" in response.content.decode()
