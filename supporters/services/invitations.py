"""Inviting a supporter: create (and email), withdraw, accept.

An invitation carries the scopes the person chose; accepting turns it into a
SupporterLink with exactly those. The emailed link is signed (supporters.invitations).
"""

import logging
import secrets
from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from accounts.selectors.emails import EmailHeld, email_held, email_normalise
from common import ratelimit, versioning
from common.blind_index import matching
from planner.models import TrustedContact
from supporters.invitations import VALID_FOR, Refusal, invitation_token
from supporters.models import Invitation, Relationship, Scope, SupporterLink
from supporters.models.links import SCOPE_FIELDS
from supporters.services.links import ally_steps_resync
from supporters.services.security import scopes_changed_record

log = logging.getLogger(__name__)

# Each invitation sends an email to an address the person typed: a cap keeps the
# form from being used to send mail to strangers in bulk.
RATE_LIMIT = 10
RATE_WINDOW = 24 * 60 * 60


class TooManyInvitations(Exception):
    """The person has sent RATE_LIMIT invitations today; nothing was sent."""


class InvitationUnavailable(Exception):
    def __init__(self, refusal: Refusal | str):
        super().__init__(str(refusal))
        self.refusal = refusal


def _clean_scopes(scopes, *, journal_confirmed: bool) -> list[str]:
    try:
        chosen = {Scope(scope) for scope in scopes}
    except ValueError as error:
        raise ValidationError({"scopes": "Please choose from the list."}) from error
    if Scope.JOURNAL in chosen and not journal_confirmed:
        raise ValidationError(
            {"scopes": "Sharing your journal needs a yes from you first: please confirm it."}
        )
    # In the list's own order, so the email and the page read the same way.
    return [scope.value for scope in Scope if scope in chosen]


@versioning.bumps("owner")
def invitation_create(
    *,
    owner: User,
    email: str,
    relationship: str,
    scopes,
    now: datetime,
    journal_confirmed: bool = False,
) -> Invitation:
    """Invite `email` to support `owner`; the email goes out once the invitation is saved.

    1. Validate: a real relationship and scopes, not the person's own address, not
       someone who already supports them (the journal needs `journal_confirmed`).
    2. Count it against the daily limit (only invitations that would send count).
    3. Replace any earlier pending invitation to the same address, so one link works.
    4. Save, and send the email after commit (a rolled-back invitation sends nothing).
    """
    email = email_normalise(email)
    if relationship not in Relationship.values:
        raise ValidationError({"relationship": "Please choose how you know them."})
    clean_scopes = _clean_scopes(scopes, journal_confirmed=journal_confirmed)
    if email == email_normalise(owner.email):
        raise ValidationError(
            {"email": "That's your own address. Please give the address of the person to invite."}
        )
    if SupporterLink.objects.filter(
        owner=owner, supporter__email__iexact=email, ended_at__isnull=True
    ).exists():
        raise ValidationError(
            {"email": "They already support you. You can change what they see below."}
        )
    limit = {"limit": RATE_LIMIT, "window": RATE_WINDOW, "now": now.timestamp()}
    if not ratelimit.hit("invitation", str(owner.pk), **limit):
        raise TooManyInvitations
    invitation = Invitation(
        owner=owner,
        email=email,
        relationship=relationship,
        scopes=clean_scopes,
        nonce=secrets.token_urlsafe(24),
        created_at=now,
        expires_at=now + VALID_FOR,
    )
    invitation.full_clean()
    with transaction.atomic():
        Invitation.objects.filter(
            matching(Invitation, "email", email), owner=owner, status=Invitation.Status.PENDING
        ).update(status=Invitation.Status.WITHDRAWN, answered_at=now)
        invitation.save()
        # robust: a mail server that is down must not turn a saved invitation
        # into an error page; the person can withdraw it and send another.
        transaction.on_commit(partial(invitation_email_send, invitation.pk), robust=True)
    return invitation


def _absolute(path: str) -> str:
    return f"{settings.PUBLIC_URL}{path}"


def _guide_url() -> str:
    try:
        return _absolute(reverse("supporting:guide"))
    except NoReverseMatch:  # the guide page is not part of this build
        return ""


def invitation_email_send(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("owner").filter(pk=invitation_id).first()
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        return
    context = {
        "invitation": invitation,
        "owner_name": invitation.owner.get_short_name(),
        "scopes": [Scope(scope).label for scope in invitation.scopes],
        "accept_url": _absolute(
            reverse("sharing:invitation_accept", args=[invitation_token(invitation)])
        ),
        "guide_url": _guide_url(),
    }
    subject = render_to_string("supporters/sharing/email/invitation_subject.txt", context)
    body = render_to_string("supporters/sharing/email/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])
    log.info("invitation %s emailed", invitation.pk)


@versioning.bumps("invitation.owner_id")
def invitation_withdraw(*, invitation: Invitation, now: datetime) -> Invitation:
    # Withdrawing twice, or after it was accepted, changes nothing.
    updated = Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.WITHDRAWN, answered_at=now
    )
    if updated:
        invitation.status = Invitation.Status.WITHDRAWN
        invitation.answered_at = now
    return invitation


def invitation_refusal_for(*, invitation: Invitation, user: User) -> Refusal | None:
    """Why `user` may not accept `invitation` though it is open, or None if they may."""
    held = email_held(user=user, address=invitation.email)
    if held == EmailHeld.UNCONFIRMED:
        return Refusal.UNCONFIRMED
    if held == EmailHeld.ABSENT:
        return Refusal.SOMEONE_ELSE
    return None


@versioning.bumps("invitation.owner_id")
def invitation_accept(*, invitation: Invitation, user: User, now: datetime) -> SupporterLink:
    """Turn a pending invitation into `user`'s link to its owner, once.

    1. Lock the invitation: two tabs accepting at once make one link.
    2. Refuse it unless it is still pending and in date, not the owner's own, and
       `user` has confirmed the address it was sent to (a forwarded or leaked link
       makes nobody else a supporter).
    3. Create the link with exactly the invited scopes (or, when `user` already
       supports the owner, set that link to them: the owner's latest choice).
    4. Link the owner's trusted contact with this address, so naming them as a
       step's ally reaches them, and plan the reminders for those steps.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.status == Invitation.Status.WITHDRAWN:
            raise InvitationUnavailable(Refusal.WITHDRAWN)
        if locked.status == Invitation.Status.ACCEPTED:
            raise InvitationUnavailable(Refusal.USED)
        if now >= locked.expires_at:
            raise InvitationUnavailable(Refusal.EXPIRED)
        if user.pk == locked.owner_id:
            raise InvitationUnavailable("own")
        refusal = invitation_refusal_for(invitation=locked, user=user)
        if refusal is not None:
            raise InvitationUnavailable(refusal)
        scopes = {SCOPE_FIELDS[Scope(s)]: s in locked.scopes for s in Scope.values}
        link = (
            SupporterLink.objects.select_for_update()
            .filter(owner_id=locked.owner_id, supporter=user, ended_at__isnull=True)
            .first()
        )
        before = set(link.granted_scopes) if link else set()
        if link is None:
            link = SupporterLink(
                owner_id=locked.owner_id,
                supporter=user,
                relationship=locked.relationship,
                created_at=now,
                **scopes,
            )
            link.full_clean()
            link.save()
        else:
            for field, value in scopes.items():
                setattr(link, field, value)
            link.relationship = locked.relationship
            link.save(update_fields=[*scopes, "relationship"])
        locked.status = Invitation.Status.ACCEPTED
        locked.answered_at = now
        locked.accepted_by = user
        locked.link = link
        locked.save(update_fields=["status", "answered_at", "accepted_by", "link"])
        _contacts_link(link=link, emails={locked.email, email_normalise(user.email)}, now=now)
        after = set(link.granted_scopes)
        scopes_changed_record(link=link, granted=after - before, removed=before - after, now=now)
    invitation.status, invitation.link = locked.status, link
    return link


def _contacts_link(*, link: SupporterLink, emails: set[str], now: datetime) -> None:

    matches = matching(TrustedContact, "email", *emails)
    contacts = list(
        TrustedContact.objects.filter(matches, owner_id=link.owner_id).filter(
            Q(supporter_link__isnull=True) | Q(supporter_link__ended_at__isnull=False)
        )
    )
    if contacts:
        TrustedContact.objects.filter(pk__in=[c.pk for c in contacts]).update(supporter_link=link)
        ally_steps_resync(contact_ids=[c.pk for c in contacts], now=now)
