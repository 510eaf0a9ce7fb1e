"""Sam supports Maya: shared scopes, a step he is coming along to, notes, views, a digest.

Runs after the week seeder (which rebuilds this week's steps every time), so the
"coming" answer is put back on the café step each run. Safe to run again: one
link, one contact; allies, notes and views written only the first time; one
invitation kept pending and fresh.
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from common.blind_index import matching
from planner.models import ScheduledStep, Step, TrustedContact
from supporters.invitations import VALID_FOR
from supporters.models import (
    AccessLog,
    AllyResponse,
    Encouragement,
    Invitation,
    Scope,
    SupporterLink,
)
from supporters.services.security import scopes_changed_record

# Not journal and not the safety plan: Maya keeps those to herself for now. Her
# check-ins go to Sam as a weekly summary, and "a step looks ready" stays hers
# (so Sam's page lists those under "Not shared with you").
SCOPES = (Scope.PLAN, Scope.PRACTICE, Scope.CHECKINS)
CHOICES = {"checkins_shown": SupporterLink.CheckinsShown.WEEKLY, "share_readiness": False}
# The step in her week that says "with a friend": Sam is that friend.
ALLY_STEP = "Visit the café at a quiet time, with a friend"
ALLY_NOTE = "Meet me at the bench by the harbour at ten to six. If I go quiet, that's okay."
# Aoife still comes along, on the step that is about her and the kids.
AOIFE_STEP = "Take the kids to the park with Aoife"
NOTES = [
    (9, "Thinking of you this week. No pressure at all, just glad to be in your corner."),
    (4, "You went back to the café even after a hard day. That took real courage."),
    (1, "Looking forward to the café this week. No rush on the day; I'll wait."),
]
# (days ago, scope): Sam looks in a couple of times a week.
VIEWS = [
    (12, Scope.PLAN),
    (8, Scope.PRACTICE),
    (5, Scope.PLAN),
    (3, Scope.CHECKINS),
    (1, Scope.PLAN),
]
INVITED = "grace@demo.stepwise.localhost"


def seed(people: dict[str, User]) -> None:
    maya, sam = people["maya"], people["sam"]
    now = timezone.now()
    with transaction.atomic():
        link = _link(maya, sam, now)
        _ally(maya, link, now)
        if not link.notes.exists():
            Encouragement.objects.bulk_create(
                Encouragement(link=link, owner=maya, body=body, created_at=now - timedelta(days=d))
                for d, body in NOTES
            )
        if not link.views.exists():
            AccessLog.objects.bulk_create(
                AccessLog(
                    owner=maya,
                    link=link,
                    viewer=sam,
                    scope=scope,
                    scopes=[scope.value],
                    path=f"/supporting/{maya.pk}/{scope.value}/",
                    viewed_at=now - timedelta(days=d),
                )
                for d, scope in VIEWS
            )
            link.last_viewed_at = now - timedelta(days=VIEWS[-1][0])
            link.save(update_fields=["last_viewed_at"])
        _invitation(maya, now)


def _link(maya: User, sam: User, now) -> SupporterLink:
    link = SupporterLink.objects.filter(owner=maya, supporter=sam, ended_at__isnull=True).first()
    if link is None:
        link = SupporterLink.objects.create(
            owner=maya,
            supporter=sam,
            relationship="friend",
            created_at=now - timedelta(weeks=6),
            digest_enabled=True,
            **{f"scope_{scope.value}": True for scope in SCOPES},
            **CHOICES,
        )
        # As accepting the invitation would have: on Maya's account activity.
        scopes_changed_record(link=link, granted=SCOPES, removed=(), now=link.created_at)
    return link


def _ally(maya: User, link: SupporterLink, now) -> None:
    """Sam as Maya's contact, the café step's ally, and "I'll be there" for this week's visit."""
    sam = link.supporter
    # Names are encrypted: Maya's contacts are compared here, not in the database.
    by_name = {c.name: c for c in TrustedContact.objects.filter(owner=maya).order_by("pk")}
    contact, created = by_name.get(sam.display_name), False
    if contact is None:
        contact, created = (
            TrustedContact.objects.create(
                owner=maya,
                name=sam.display_name,
                relationship="friend",
                email=sam.email,
                can_be_ally=True,
                supporter_link=link,
            ),
            True,
        )
    if contact.supporter_link_id != link.pk:
        contact.supporter_link = link
        contact.save(update_fields=["supporter_link", "updated_at"])
    if created:  # only the first time: an ally Maya changed since stays changed
        steps = {s.title: s.pk for s in Step.objects.filter(goal__owner=maya).only("title")}
        Step.objects.filter(pk=steps.get(ALLY_STEP)).update(ally=contact)
        aoife = by_name.get("Aoife")
        if aoife is not None:
            Step.objects.filter(pk=steps.get(AOIFE_STEP)).update(ally=aoife)
    upcoming = (
        ScheduledStep.objects.filter(
            owner=maya,
            step__ally__supporter_link=link,
            status=ScheduledStep.Status.PLANNED,
            starts_at__gt=now,
        )
        .order_by("starts_at")
        .first()
    )
    if upcoming is None:
        return
    if not upcoming.ally_note:
        upcoming.ally_note = ALLY_NOTE
        upcoming.save(update_fields=["ally_note", "updated_at"])
    AllyResponse.objects.update_or_create(
        scheduled_step=upcoming,
        link=link,
        defaults={"answer": AllyResponse.Answer.COMING, "answered_at": now - timedelta(hours=5)},
    )


def _invitation(maya: User, now) -> None:
    """One invitation still waiting for an answer, kept within its seven days."""
    fresh = {
        "created_at": now - timedelta(days=1),
        "expires_at": now - timedelta(days=1) + VALID_FOR,
    }
    updated = Invitation.objects.filter(
        matching(Invitation, "email", INVITED), owner=maya, status=Invitation.Status.PENDING
    ).update(**fresh)
    if not updated:
        Invitation.objects.create(
            owner=maya,
            email=INVITED,
            relationship="peer_mentor",
            scopes=[Scope.PLAN.value],
            nonce=secrets.token_urlsafe(32),
            **fresh,
        )


SEEDERS = (seed,)  # Sam supports Maya: scopes, an ally step, notes, views, digest
