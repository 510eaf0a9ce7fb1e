import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from reminders.models import CalendarFeed, Outbox, ReminderPreferences

pytestmark = pytest.mark.django_db


def test_the_demo_has_reminder_choices_what_comes_next_a_log_and_a_calendar(client, frozen):
    # Mid-week: late on a Sunday her steps still to come this week fall in her quiet
    # hours, and so would any reminder of them, so none is planned (rightly).
    call_command("seed_demo")
    maya = User.objects.get(email="maya@demo.stepwise.localhost")
    first_log = set(
        Outbox.objects.filter(recipient=maya)
        .exclude(status="pending")
        .values_list("status", "kind")
    )
    call_command("seed_demo")

    prefs = ReminderPreferences.objects.get(owner=maya)
    assert prefs.email_enabled and prefs.sms_enabled and prefs.phone_verified
    assert prefs.phone.startswith("+35386")
    waiting = Outbox.objects.filter(recipient=maya, status="pending")
    assert waiting.filter(channel="email").exists() and waiting.filter(channel="sms").exists()
    assert waiting.filter(kind="step").exists(), "this week's steps have their reminders"
    log = Outbox.objects.filter(recipient=maya).exclude(status__in=["pending", "cancelled"])
    assert log.filter(status="sent", channel="email").exists()
    assert log.filter(status="sent", channel="sms").exists()
    assert (
        log.filter(status="skipped", skip_reason__startswith="The step had already begun").count()
        == 1
    )
    assert log.filter(status="failed").count() == 1
    assert set(log.values_list("status", "kind")) == first_log, "a second run keeps one copy"
    assert CalendarFeed.objects.filter(owner=maya, revoked_at__isnull=True).count() == 1

    client.force_login(maya)
    html = client.get(reverse("reminders:page")).content.decode()
    assert "Texts go to +353865550142" in html
    assert "Could not send" in html and "The step had already begun" in html
    assert "Your calendar last looked" in html
    assert "email and text message" in html
