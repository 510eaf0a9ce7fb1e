"""Supporter models, one module per topic; imported here so Django finds them."""

from supporters.models.ally import AllyResponse
from supporters.models.links import (
    AccessLog,
    Encouragement,
    Invitation,
    Relationship,
    Scope,
    SupporterLink,
)

__all__ = [
    "AccessLog",
    "AllyResponse",
    "Encouragement",
    "Invitation",
    "Relationship",
    "Scope",
    "SupporterLink",
]
