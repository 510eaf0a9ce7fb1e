"""Helpers for the supporter tests of S3 (digest, messages, demo, access matrix)."""

from django.utils import timezone

from supporters.models import Scope, SupporterLink

ALL_SCOPES = [scope.value for scope in Scope]


def link_for(owner, supporter, *scopes: str, **fields) -> SupporterLink:
    """A live link granting exactly `scopes` (plan, practice, checkins, safety, journal)."""
    granted = {f"scope_{scope}": scope in scopes for scope in ALL_SCOPES}
    return SupporterLink.objects.create(
        owner=owner,
        supporter=supporter,
        relationship=fields.pop("relationship", "friend"),
        created_at=fields.pop("created_at", timezone.now()),
        **granted,
        **fields,
    )
