"""The reminders page as a test posts it."""

from django.urls import reverse
from django.utils import timezone

from planner import rules
from reminders.models import Outbox

PAGE = reverse("reminders:page")
PAUSE = reverse("reminders:pause")
RESUME = reverse("reminders:resume")
HTMX = {"HX-Request": "true"}


def choices(**changes) -> dict:
    """The form as the page posts it with the defaults, changed by `changes`."""
    data = {
        "email_enabled": "on",
        "planning_enabled": "on",
        "planning_weekday": "6",
        "planning_at": "18:00",
        "step_enabled": "on",
        "step_evening_before": "on",
        "step_evening_at": "19:00",
        "step_lead_minutes": "60",
        "checkin_enabled": "on",
        "safety_review_enabled": "on",
        "quiet_start": "21:00",
        "quiet_end": "08:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def today_for(person):
    return rules.local_date(timezone.now(), person.zone)


def pending(person):
    return set(
        Outbox.objects.filter(recipient=person, status="pending").values_list(
            "dedupe_key", "due_at"
        )
    )
