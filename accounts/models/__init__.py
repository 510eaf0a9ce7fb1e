"""Accounts models, one module per topic; imported here so Django finds them."""

from accounts.models.preferences import PhoneVerification, ReminderKind, ReminderPreferences
from accounts.models.supporters import (
    AccessLog,
    Encouragement,
    Invitation,
    Relationship,
    Scope,
    SupporterLink,
)
from accounts.models.users import User, UserManager

__all__ = [
    "AccessLog",
    "Encouragement",
    "Invitation",
    "PhoneVerification",
    "Relationship",
    "ReminderKind",
    "ReminderPreferences",
    "Scope",
    "SupporterLink",
    "User",
    "UserManager",
]
