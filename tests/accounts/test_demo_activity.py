"""The demo shows what account activity looks like: Maya's phone, her laptop, a slip."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import MAYA_EVENTS
from accounts.models import User
from tests.pages import assert_shows

pytestmark = pytest.mark.django_db


def test_maya_has_a_few_believable_events_once_however_often_the_demo_runs(frozen, client):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    maya = User.objects.get(email="maya@demo.stepwise.localhost")
    # Hers, and the one that says what Sam may see; written the first time only.
    assert maya.security_events.count() == len(MAYA_EVENTS) + 1
    client.force_login(maya)
    assert_shows(
        client.get(reverse("accounts:activity")),
        "Signed in on Safari on an iPhone",
        "Someone tried to sign in with a wrong password",
        "Sam can now see your plan, how your steps went and your check-ins",
    )
