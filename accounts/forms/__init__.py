"""Accounts forms, one module per topic. allauth's settings name the sign-up ones here."""

from accounts.forms.signup import LoginForm, ProfileForm, SignupExtraForm

__all__ = ["LoginForm", "ProfileForm", "SignupExtraForm"]
