import pytest
from django.core.management import CommandError, call_command
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


def test_seed_demo_refuses_a_production_server_unless_told_it_is_a_demo(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="the demo accounts' password is public"):
        call_command("seed_demo")
    assert not User.objects.exists()

    call_command("seed_demo", "--allow-production")
    assert User.objects.filter(email="maya@demo.stepwise.localhost").exists()
