from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planner.models import SafetyPlan
from planner.models.safety import Section, add_months
from planner.services.safety import safety_review_interval_set, safety_section_save

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
def test_a_plan_is_due_a_review_30_days_after_it_was_last_looked_over(alice):
    written = datetime(2026, 3, 10, 12, tzinfo=UTC)
    plan = safety_section_save(
        owner=alice, section=Section.WARNING_SIGNS, value=["Not sleeping"], now=written
    )
    assert plan.reviewed_at == written
    assert plan.review_every_days == 30
    assert not plan.review_due(written + timedelta(days=29, hours=23))
    assert plan.review_due(written + timedelta(days=30))


@pytest.mark.django_db
@pytest.mark.parametrize("days", [30, 60, 90])
def test_the_review_comes_due_after_the_days_the_person_chose(alice, days, now):
    safety_section_save(owner=alice, section=Section.COPING, value=["Tea"], now=now)
    plan = safety_review_interval_set(owner=alice, days=days, now=now)
    # Choosing how often is not a review: the last look-over still counts from before.
    assert plan.reviewed_at == now
    assert plan.next_review_at == now + timedelta(days=days)
    assert not plan.review_due(now + timedelta(days=days) - timedelta(minutes=1))
    assert plan.review_due(now + timedelta(days=days))


@pytest.mark.django_db
def test_the_person_chooses_how_often_on_the_plan_page(frozen, alice_client, alice):
    safety_section_save(
        owner=alice, section=Section.COPING, value=["Tea"], now=frozen - timedelta(days=40)
    )
    html = alice_client.get(PLAN).content.decode()
    assert PROMPT in html and "about a month" in html
    assert '<option value="30" selected>' in html

    response = alice_client.post(
        reverse("planner:safety_review_every"), {"days": "60"}, follow=True
    )

    html = response.content.decode()
    assert SafetyPlan.objects.get(owner=alice).review_every_days == 60
    assert "ask you to look it over every 60 days." in html
    assert '<option value="60" selected>' in html
    # Forty days on, a 60-day rhythm is not due yet.
    assert PROMPT not in html


@pytest.mark.django_db
def test_an_unknown_interval_is_explained_kindly_and_changes_nothing(frozen, alice_client, alice):
    safety_section_save(owner=alice, section=Section.COPING, value=["Tea"], now=frozen)
    response = alice_client.post(reverse("planner:safety_review_every"), {"days": "45"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please choose every 30, 60 or 90 days." in html
    assert SafetyPlan.objects.get(owner=alice).review_every_days == 30


@pytest.mark.django_db
def test_the_prompt_says_how_long_it_has_been_in_the_persons_rhythm(frozen, alice_client, alice):
    safety_section_save(
        owner=alice, section=Section.COPING, value=["Tea"], now=frozen - timedelta(days=95)
    )
    safety_review_interval_set(owner=alice, days=90, now=frozen)
    html = alice_client.get(PLAN).content.decode()
    assert PROMPT in html and "about three months" in html


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
def test_marking_reviewed_and_choosing_how_often_need_a_post(alice_client):
    assert alice_client.get(reverse("planner:safety_reviewed")).status_code == 405
    assert alice_client.get(reverse("planner:safety_review_every")).status_code == 405
