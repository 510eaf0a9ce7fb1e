"""The demo's supporter: Sam sees what Maya shares, comes along to a step, sends notes."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from planner import rules
from planner.models import ScheduledStep, TrustedContact
from planner.selectors.week import week_start_for
from supporters.models import (
    AccessLog,
    AllyResponse,
    Encouragement,
    Invitation,
    Scope,
    SupporterLink,
)
from supporters.permissions import can_view

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(frozen):
    # Mid-week: "a step to come this week" leaves no room to check it in the last
    # seconds of a Sunday (planner.demo.week is tested at both ends of a week).
    call_command("seed_demo")
    call_command("seed_demo")
    return User.objects.get(display_name="Maya"), User.objects.get(display_name="Sam")


def test_sam_sees_plan_practice_and_check_ins_but_never_the_journal(demo):
    maya, sam = demo
    (link,) = SupporterLink.objects.filter(owner=maya, supporter=sam)

    assert link.is_active and link.digest_enabled and not link.notes_muted
    assert link.relationship == "friend"
    shared = {scope for scope in Scope if can_view(sam, maya, scope)}
    assert shared == {Scope.PLAN, Scope.PRACTICE, Scope.CHECKINS}


def test_sam_is_coming_along_to_a_step_in_mayas_week(demo):
    maya, sam = demo
    contact = TrustedContact.objects.get(owner=maya, supporter_link__supporter=sam)
    now = timezone.now()
    monday = week_start_for(maya, rules.local_date(now, maya.zone))
    # The next Monday's midnight: seven days after this one's, unless the clocks change.
    week_ends = rules.local_midnight(monday + timedelta(days=7), maya.zone)

    (answer,) = AllyResponse.objects.filter(link__supporter=sam)
    scheduled = answer.scheduled_step
    assert answer.answer == AllyResponse.Answer.COMING
    assert scheduled.owner == maya and scheduled.step.ally == contact
    assert scheduled.status == ScheduledStep.Status.PLANNED
    assert now < scheduled.starts_at < week_ends
    assert scheduled.ally_note
    # Aoife still comes along on a step of her own.
    # Names are encrypted: found here, not by the database.
    (aoife,) = [c for c in maya.trusted_contacts.all() if c.name == "Aoife"]
    assert aoife.ally_steps.exists()


def test_notes_views_and_a_pending_invitation_are_there_once(demo):
    maya, sam = demo

    assert Encouragement.objects.filter(owner=maya, link__supporter=sam).count() == 3
    views = AccessLog.objects.filter(owner=maya, viewer=sam)
    assert views.count() == 5
    assert {v.scope for v in views} <= {Scope.PLAN, Scope.PRACTICE, Scope.CHECKINS}
    (invitation,) = Invitation.objects.filter(owner=maya)
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.email not in {maya.email, sam.email}
    assert invitation.expires_at > timezone.now()


def test_sam_finds_maya_on_his_supporting_page(demo, client):
    maya, sam = demo
    client.force_login(sam)

    html = client.get("/supporting/").content.decode()
    assert "Maya" in html
    assert client.get(f"/supporting/{maya.pk}/plan/").status_code == 200
    assert client.get(f"/supporting/{maya.pk}/journal/").status_code == 404


def test_sams_link_shows_the_new_choices_and_he_lands_on_the_people_he_supports(demo, client):
    maya, sam = demo
    (link,) = SupporterLink.objects.filter(owner=maya, supporter=sam)
    # Maya chose a weekly summary of her check-ins and keeps "looks ready" to herself.
    assert link.checkins_shown == SupporterLink.CheckinsShown.WEEKLY
    assert link.share_readiness is False and link.notice_pending is False

    client.force_login(sam)
    assert client.get("/").url == "/supporting/"
    person = client.get(f"/supporting/{maya.pk}/").content.decode()
    assert "Not shared with you: " in person
    assert "each check-in (you see a weekly summary)" in person
    journal = client.get(f"/supporting/{maya.pk}/journal/")
    assert journal.status_code == 404
    assert "Maya isn't sharing this with you right now" in journal.content.decode()
