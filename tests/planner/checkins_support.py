"""Shared helpers for the check-in, journal and thought record tests."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from planner import rules
from planner.models import CheckIn
from tests.pages import assert_shows

HTMX = {"HTTP_HX_REQUEST": "true"}


def queries_for(client, url, *, expect=()) -> list[str]:
    """The SQL of one GET, which must answer 200 and show each text in `expect`."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert_shows(response, *expect)
    return [q["sql"] for q in captured.captured_queries]


def years_of_checkins(owner, *, days: int = 3 * 365) -> None:
    """A daily check-in for each of the last `days` days, in one insert."""
    now = timezone.now()
    today = rules.local_date(now, owner.zone)
    CheckIn.objects.bulk_create(
        CheckIn(
            owner=owner,
            rhythm="daily",
            period_start=today - timedelta(days=n),
            mood=1 + n % 5,
            distress=n % 101,
            energy=1 + n % 5,
            interactions=n % 4,
            note=f"day {n}",
            created_at=now - timedelta(days=n),
            updated_at=now - timedelta(days=n),
        )
        for n in range(1, days + 1)
    )
