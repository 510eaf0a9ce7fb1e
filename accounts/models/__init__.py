"""Accounts models: identity only; imported here so Django finds them."""

from accounts.models.security import SecurityEvent
from accounts.models.users import User, UserManager

__all__ = ["SecurityEvent", "User", "UserManager"]
