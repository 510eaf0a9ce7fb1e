from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from planner.models import SafetyPlan, SafetyPlanVersion
from planner.models.safety import Change, Section
from planner.services.safety import safety_section_save, safety_version_restore
from tests.pages import assert_shows
from tests.planner.safety_support import fill_plan

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HISTORY = reverse("planner:safety_history")


def save(owner, lines, *, minutes, section=Section.WARNING_SIGNS):
    return safety_section_save(
        owner=owner, section=section, value=lines, now=T0 + timedelta(minutes=minutes)
    )


def test_every_save_keeps_the_plan_as_it_was_before(alice):
    save(alice, ["First"], minutes=0)
    save(alice, ["Second"], minutes=5)
    plan = save(alice, ["Third"], minutes=10)

    versions = list(plan.versions.all())
    assert [v.data["warning-signs"] for v in versions] == [["Second"], ["First"]]
    newest = versions[0]
    assert newest.saved_at == T0 + timedelta(minutes=5)
    assert newest.replaced_at == T0 + timedelta(minutes=10)
    assert newest.change == Change.WARNING_SIGNS
    assert plan.data["warning-signs"] == ["Third"]
    assert plan.changed_at == T0 + timedelta(minutes=10)


def test_the_very_first_save_keeps_no_empty_version(alice):
    plan = save(alice, ["First"], minutes=0)
    assert plan.versions.count() == 0


def test_restoring_brings_an_earlier_version_back_and_keeps_the_current_one(alice):
    save(alice, ["First"], minutes=0)
    save(alice, ["Second"], minutes=5)
    first = SafetyPlanVersion.objects.get(plan__owner=alice)

    plan = safety_version_restore(version=first, now=T0 + timedelta(minutes=20))

    assert plan.data["warning-signs"] == ["First"]
    assert plan.change == Change.RESTORED
    assert plan.restored_from == T0
    assert [v.data["warning-signs"] for v in plan.versions.all()] == [["Second"], ["First"]]


def test_restoring_the_version_already_in_use_changes_nothing(alice):
    save(alice, ["Same"], minutes=0)
    save(alice, ["Other"], minutes=1)
    save(alice, ["Same"], minutes=2)
    same = SafetyPlanVersion.objects.filter(plan__owner=alice).last()
    count = SafetyPlanVersion.objects.count()
    safety_version_restore(version=same, now=T0 + timedelta(minutes=3))
    assert SafetyPlanVersion.objects.count() == count


def test_the_history_page_says_when_the_plan_changed_and_what_changed(alice_client, alice):
    save(alice, ["First"], minutes=0)
    save(alice, ["Walk"], minutes=5, section=Section.COPING)
    html = alice_client.get(HISTORY).content.decode()
    # Alice reads times in New York: 09:05 UTC is 04:05 there.
    assert "Changed 2 March 2026, 04:05: changed “Things I can do on my own”" in html
    assert "Saved 2 March 2026, 04:00" in html
    assert "changed “Warning signs and triggers”" in html


def test_the_history_page_is_calm_with_nothing_to_show(alice_client):
    html = alice_client.get(HISTORY).content.decode()
    assert "No earlier versions yet" in html


def test_reading_an_earlier_version_then_restoring_it_in_the_browser(alice_client, alice):
    save(alice, ["First"], minutes=0)
    save(alice, ["Second"], minutes=5)
    version = SafetyPlanVersion.objects.get(plan__owner=alice)

    page = alice_client.get(reverse("planner:safety_version", args=[version.pk]))
    assert "First" in page.content.decode() and "Second" not in page.content.decode()

    response = alice_client.post(reverse("planner:safety_version_restore", args=[version.pk]))
    assert response.url == reverse("planner:safety_plan")
    assert SafetyPlan.objects.get(owner=alice).data["warning-signs"] == ["First"]
    assert "Restored." in alice_client.get(response.url).content.decode()
    assert "brought back the version from 2 March 2026, 04:00" in (
        alice_client.get(HISTORY).content.decode()
    )


def test_restoring_needs_a_post(alice_client, alice):
    save(alice, ["First"], minutes=0)
    save(alice, ["Second"], minutes=5)
    version = SafetyPlanVersion.objects.get(plan__owner=alice)
    url = reverse("planner:safety_version_restore", args=[version.pk])
    assert alice_client.get(url).status_code == 405


@pytest.mark.parametrize(
    ("name", "method"),
    [("planner:safety_version", "get"), ("planner:safety_version_restore", "post")],
)
def test_carol_gets_404_for_alices_versions(client, alice, carol, name, method):
    save(alice, ["First"], minutes=0)
    save(alice, ["Second"], minutes=5)
    version = SafetyPlanVersion.objects.get(plan__owner=alice)
    client.force_login(carol)
    assert getattr(client, method)(reverse(name, args=[version.pk])).status_code == 404
    assert SafetyPlan.objects.get(owner=alice).data["warning-signs"] == ["Second"]


def test_history_pages_in_twenties_without_growing_queries(
    alice_client, alice, django_assert_max_num_queries
):
    fill_plan(alice)
    for n in range(45):
        save(alice, [f"Sign {n}"], minutes=100 + n)
    html = alice_client.get(HISTORY).content.decode()
    assert html.count('class="version"') == 20
    assert "Page 1 of 3" in html
    # Session, user, the import guard (supporters.middleware), plan, count, one page.
    with django_assert_max_num_queries(6):
        response = alice_client.get(HISTORY + "?page=3")
    assert_shows(response, "Page 3 of 3", "Read this version")
