"""Accounts models: identity only; imported here so Django finds them."""

from accounts.models.users import User, UserManager

__all__ = ["User", "UserManager"]
