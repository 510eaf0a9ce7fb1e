import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from planner.models import SafetyPlan, SafetyPlanLink, Step, TrustedContact
from planner.models.contacts import contacts_sorted

pytestmark = pytest.mark.django_db


def test_the_demo_has_contacts_a_filled_plan_with_history_and_a_private_link(client):
    call_command("seed_demo")
    call_command("seed_demo")
    maya = User.objects.get(email="maya@demo.stepwise.localhost")

    # Names are encrypted: compared here, not by the database.
    contacts = contacts_sorted(TrustedContact.objects.filter(owner=maya))
    by_name = {c.name: c for c in contacts}
    # Sam, her supporter, is a contact too (supporters.demo): he comes along as an ally.
    assert len(contacts) == 4
    assert [c.name for c in contacts if c.can_be_ally] == ["Aoife", "Sam"]
    assert Step.objects.filter(goal__owner=maya, ally=by_name["Aoife"]).exists()
    # Aoife knows she's on the plan; Daniel hasn't been asked yet.
    assert by_name["Aoife"].knows_about_plan
    assert not by_name["Daniel"].knows_about_plan

    plan = SafetyPlan.objects.get(owner=maya)
    assert all(plan.data[key] for key in plan.data if key != "crisis-lines")
    assert plan.data["what-matters"]["values"]
    assert plan.versions.count() == 7
    assert plan.review_every_days == 60
    assert SafetyPlanLink.objects.filter(plan=plan, revoked_at__isnull=True).count() == 1

    client.force_login(maya)
    html = client.get(reverse("planner:safety_plan")).content.decode()
    # Maya lives in Dublin: Ireland's numbers, and her steps' own ways out.
    assert 'href="tel:112"' in html and 'href="tel:116123"' in html
    assert "For “" in html
    assert "Sunday evenings on my own" in html
    assert "Knows they're on my plan" in html and "Ask if they're happy to be on it" in html
