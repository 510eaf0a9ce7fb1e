"""Services behind the sharing page: scopes, digest, notes, contacts, revoke and leave."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reminders.models import Outbox
from supporters.models import Invitation
from supporters.services.invitations import invitation_accept, invitation_withdraw
from supporters.services.links import (
    supporter_contact_set,
    supporter_digest_set,
    supporter_link_leave,
    supporter_link_revoke,
    supporter_notes_mute,
    supporter_scopes_set,
)
from tests.factories import ScheduledStepFactory, StepFactory, TrustedContactFactory
from tests.supporters.sharing_support import invite, link_for, outbox_row

pytestmark = pytest.mark.django_db


def test_scopes_change_only_the_ones_named(alice, bob):
    link = link_for(alice, bob, "plan", "practice")
    supporter_scopes_set(link=link, scopes={"practice": False, "safety": True})
    link.refresh_from_db()
    assert [scope.value for scope in link.granted_scopes] == ["plan", "safety"]


def test_the_journal_needs_a_confirmed_yes(alice, bob):
    link = link_for(alice, bob)
    with pytest.raises(ValidationError):
        supporter_scopes_set(link=link, scopes={"journal": True})
    link.refresh_from_db()
    assert not link.scope_journal
    supporter_scopes_set(link=link, scopes={"journal": True}, journal_confirmed=True)
    link.refresh_from_db()
    assert link.scope_journal
    # Turning it off never asks.
    supporter_scopes_set(link=link, scopes={"journal": False})
    link.refresh_from_db()
    assert not link.scope_journal


def test_unknown_scopes_and_ended_links_are_refused(alice, bob):
    link = link_for(alice, bob)
    with pytest.raises(ValidationError):
        supporter_scopes_set(link=link, scopes={"everything": True})
    supporter_link_revoke(link=link, now=timezone.now())
    with pytest.raises(ValidationError):
        supporter_scopes_set(link=link, scopes={"plan": True})


@pytest.mark.parametrize("end", [supporter_link_revoke, supporter_link_leave])
def test_ending_a_link_cancels_its_waiting_messages_and_unlinks_the_contact(alice, bob, carol, end):
    link = link_for(alice, bob, "plan")
    other = link_for(alice, carol, "plan")
    contact = TrustedContactFactory(owner=alice, supporter_link=link)
    waiting = outbox_row(bob, link=link, kind="digest")
    ally = outbox_row(bob, link=link, kind="ally_step", n=1)
    sent = outbox_row(bob, link=link, status="sent")
    carols = outbox_row(carol, link=other)

    end(link=link, now=timezone.now())

    statuses = dict(Outbox.objects.values_list("pk", "status"))
    assert statuses[waiting.pk] == statuses[ally.pk] == "cancelled"
    assert statuses[sent.pk] == "sent" and statuses[carols.pk] == "pending"
    contact.refresh_from_db()
    assert contact.supporter_link is None
    link.refresh_from_db()
    assert not link.is_active
    assert link.ended_by == ("owner" if end is supporter_link_revoke else "supporter")


def test_ending_twice_keeps_the_first_ending(alice, bob):
    link = link_for(alice, bob)
    first = supporter_link_leave(link=link, now=timezone.now()).ended_at
    supporter_link_revoke(link=link, now=timezone.now())
    link.refresh_from_db()
    assert (link.ended_at, link.ended_by) == (first, "supporter")


def test_turning_the_digest_off_cancels_a_waiting_one(alice, bob, carol):
    link = link_for(alice, bob, "plan")
    supporter_digest_set(link=link, enabled=True, now=timezone.now())
    link.refresh_from_db()
    assert link.digest_enabled
    waiting = outbox_row(bob, link=link, kind="digest")
    carols = outbox_row(carol, link=link_for(alice, carol), kind="digest")
    supporter_digest_set(link=link, enabled=False, now=timezone.now())
    assert Outbox.objects.get(pk=waiting.pk).status == "cancelled"
    assert Outbox.objects.get(pk=carols.pk).status == "pending"


def test_muting_notes(alice, bob):
    link = link_for(alice, bob)
    supporter_notes_mute(link=link, muted=True)
    link.refresh_from_db()
    assert link.notes_muted


def test_a_supporter_is_one_contact_of_the_owners_own(alice, bob, carol):
    link = link_for(alice, bob)
    first = TrustedContactFactory(owner=alice)
    second = TrustedContactFactory(owner=alice)
    supporter_contact_set(link=link, contact=first)
    supporter_contact_set(link=link, contact=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.supporter_link is None and second.supporter_link == link
    with pytest.raises(ValidationError):
        supporter_contact_set(link=link, contact=TrustedContactFactory(owner=carol))
    supporter_contact_set(link=link, contact=None)
    second.refresh_from_db()
    assert second.supporter_link is None


def test_withdrawing_twice_or_after_acceptance_changes_nothing(alice):
    now = timezone.now()
    invitation = Invitation.objects.create(
        owner=alice,
        email="bob@example.org",
        relationship="friend",
        nonce="n1",
        created_at=now,
        expires_at=now,
        status="accepted",
    )
    invitation_withdraw(invitation=invitation, now=now)
    invitation.refresh_from_db()
    assert invitation.status == "accepted"


def test_a_supporter_linked_to_an_ally_contact_gets_that_steps_reminders_until_revoked(
    alice, bob, django_capture_on_commit_callbacks
):
    contact = TrustedContactFactory(owner=alice, email="bob@example.org", can_be_ally=True)
    step = StepFactory(goal__owner=alice, ally=contact)
    ScheduledStepFactory(step=step, starts_at=timezone.now() + timedelta(days=3))
    invitation, _ = invite(alice, "bob@example.org", capture=django_capture_on_commit_callbacks)

    link = invitation_accept(invitation=invitation, user=bob, now=timezone.now())
    allies = Outbox.objects.filter(recipient=bob, kind="ally_step")
    assert allies.filter(status="pending", supporter_link=link).exists()

    supporter_link_revoke(link=link, now=timezone.now())
    assert not allies.filter(status="pending").exists()
