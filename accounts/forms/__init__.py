"""Accounts forms, one module per topic. allauth's settings name the sign-up ones here."""

from accounts.forms.signup import DiscreetForm, LoginForm, ProfileForm, SignupExtraForm

__all__ = ["DiscreetForm", "LoginForm", "ProfileForm", "SignupExtraForm"]
