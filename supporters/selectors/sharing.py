"""Reads for the owner's sharing page and access log: a fixed number of queries each."""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator

from accounts.models import User
from planner.models import TrustedContact
from supporters.models import AccessLog, Invitation, SupporterLink
from supporters.services.access import RETENTION

ACCESS_LOG_PER_PAGE = 50


@dataclass
class Sharing:
    links: list[SupporterLink]
    pending: list[Invitation]
    contacts: list[TrustedContact]


def sharing_for(*, owner: User, now: datetime) -> Sharing:
    """Who supports the person, who is invited, and the contacts a supporter can be."""
    links = list(
        SupporterLink.objects.select_related("supporter").filter(owner=owner, ended_at__isnull=True)
    )
    pending = list(
        Invitation.objects.filter(owner=owner, status=Invitation.Status.PENDING, expires_at__gt=now)
    )
    return Sharing(links=links, pending=pending, contacts=supporter_contacts(owner=owner))


def supporter_contacts(*, owner: User) -> list[TrustedContact]:
    return list(TrustedContact.objects.filter(owner=owner).only("pk", "name", "supporter_link"))


def access_log_page(*, owner: User, now: datetime, number) -> Page:
    """One page of the last year's supporter views, newest first (count + rows: 2 queries)."""
    views = (
        AccessLog.objects.filter(owner=owner, viewed_at__gte=now - RETENTION)
        .select_related("viewer")
        .only(
            "kind", "scope", "scopes", "viewed_at", "path", "viewer__display_name", "viewer__email"
        )
    )
    return Paginator(views, ACCESS_LOG_PER_PAGE).get_page(number)
