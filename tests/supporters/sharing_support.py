"""Helpers for the sharing tests: supporter links, invitations and outbox rows."""

import re
from datetime import datetime

from django.core import mail
from django.utils import timezone

from accounts.models import User
from reminders.models import Outbox
from supporters.models import Scope, SupporterLink
from supporters.models.links import SCOPE_FIELDS
from supporters.services.invitations import invitation_create


def link_for(owner: User, supporter: User, *scopes: str, **fields) -> SupporterLink:
    """A live link granting exactly `scopes` (pass ended_at=... for an ended one)."""
    values = {SCOPE_FIELDS[Scope(scope)]: True for scope in scopes}
    fields.setdefault("created_at", timezone.now())
    fields.setdefault("relationship", "friend")
    return SupporterLink.objects.create(owner=owner, supporter=supporter, **values, **fields)


def invite(
    owner: User,
    email: str,
    *,
    capture,
    scopes=("plan",),
    now: datetime | None = None,
    relationship="friend",
    **extra,
):
    """Invite through the service, run its after-commit email, return (invitation, path)."""
    with capture(execute=True):
        invitation = invitation_create(
            owner=owner,
            email=email,
            relationship=relationship,
            scopes=list(scopes),
            now=now or timezone.now(),
            **extra,
        )
    return invitation, path_in(mail.outbox[-1])


def path_in(message) -> str:
    """The invitation link in an email, as a path the test client can request."""
    match = re.search(r"https?://[^/\s]+(/invitations/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def outbox_row(recipient: User, *, link=None, kind="digest", status="pending", n=0) -> Outbox:
    return Outbox.objects.create(
        recipient=recipient,
        kind=kind,
        channel="email",
        supporter_link=link,
        due_at=timezone.now(),
        status=status,
        dedupe_key=f"test:{kind}:{recipient.pk}:{status}:{n}",
    )
