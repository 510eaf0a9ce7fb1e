from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planner.models import SafetyPlan
from planner.models.safety import Section, add_months
from planner.services.safety import safety_section_save

PLAN = reverse("planner:safety_plan")
PROMPT = "A moment to look it over?"


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (datetime(2026, 1, 15, 8, tzinfo=UTC), datetime(2026, 2, 15, 8, tzinfo=UTC)),
        (datetime(2026, 1, 31, 8, tzinfo=UTC), datetime(2026, 2, 28, 8, tzinfo=UTC)),
        (datetime(2028, 1, 31, 8, tzinfo=UTC), datetime(2028, 2, 29, 8, tzinfo=UTC)),
        (datetime(2026, 12, 10, 8, tzinfo=UTC), datetime(2027, 1, 10, 8, tzinfo=UTC)),
    ],
)
def test_a_month_later_is_the_same_day_or_the_end_of_a_shorter_month(start, expected):
    assert add_months(start, 1) == expected


def test_an_empty_or_unsaved_plan_is_never_due_a_review():
    now = datetime(2026, 5, 1, tzinfo=UTC)
    assert not SafetyPlan().review_due(now)


@pytest.mark.django_db
def test_a_plan_is_due_a_review_a_month_after_it_was_last_looked_over(alice):
    written = datetime(2026, 3, 10, 12, tzinfo=UTC)
    plan = safety_section_save(
        owner=alice, section=Section.WARNING_SIGNS, value=["Not sleeping"], now=written
    )
    assert plan.reviewed_at == written
    assert not plan.review_due(written + timedelta(days=30))
    assert plan.review_due(datetime(2026, 4, 10, 12, tzinfo=UTC))


@pytest.mark.django_db
def test_the_page_asks_calmly_and_one_tap_says_it_still_fits(alice_client, alice):
    long_ago = timezone.now() - timedelta(days=40)
    safety_section_save(owner=alice, section=Section.COPING, value=["Tea"], now=long_ago)
    assert PROMPT in alice_client.get(PLAN).content.decode()

    response = alice_client.post(reverse("planner:safety_reviewed"), follow=True)

    html = response.content.decode()
    assert PROMPT not in html
    assert "Thank you for looking it over" in html
    assert SafetyPlan.objects.get(owner=alice).reviewed_at > long_ago
    # Looking it over is not a change: no version is kept for it.
    assert SafetyPlan.objects.get(owner=alice).versions.count() == 0


@pytest.mark.django_db
def test_the_page_shows_when_the_plan_was_last_changed_and_reviewed(alice_client, alice):
    safety_section_save(
        owner=alice,
        section=Section.COPING,
        value=["Tea"],
        now=datetime(2026, 2, 3, 15, tzinfo=UTC),
    )
    html = alice_client.get(PLAN).content.decode()
    assert "Last changed 3 February 2026." in html
    assert "Last reviewed 3 February 2026." in html


@pytest.mark.django_db
def test_marking_reviewed_needs_a_post(alice_client):
    assert alice_client.get(reverse("planner:safety_reviewed")).status_code == 405
