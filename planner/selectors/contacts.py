"""Reads of trusted contacts."""

from django.db.models import Count, QuerySet

from accounts.models import User
from planner.models import TrustedContact


def contacts_for(owner: User) -> QuerySet[TrustedContact]:
    """The person's contacts, each with how many steps name them as the ally."""
    return TrustedContact.objects.filter(owner=owner).annotate(ally_step_count=Count("ally_steps"))


def contact_allies(owner: User) -> QuerySet[TrustedContact]:
    """Contacts who can be asked to come along on a step (the ladder's ally picker)."""
    return TrustedContact.objects.filter(owner=owner, can_be_ally=True)
