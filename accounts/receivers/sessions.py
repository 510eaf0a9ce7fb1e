"""What accounts does on sign-in, and when a password or a second factor changed.

Connected in AccountsConfig.ready(). Each change ends every other session of the
person, so whoever held one of their devices has to sign in again with what is
now true. The device that made the change stays signed in.
"""

from allauth.account import signals as account_signals
from django.apps import apps
from django.contrib.auth.signals import user_logged_in
from django.utils import timezone

from accounts.services.sessions import end_other_sessions, session_signed_in


def _end_other_sessions(sender, request, user, **kwargs) -> None:
    end_other_sessions(user, request.session.session_key)


def _signed_in(sender, request, user, **kwargs) -> None:
    session_signed_in(request.session, now=timezone.now())


def connect() -> None:
    # Django's signal, not allauth's: every way in (a form, a reset link, a test's
    # force_login) starts the idle clock.
    user_logged_in.connect(_signed_in)
    signals = [
        account_signals.password_changed,
        account_signals.password_set,
        # A reset is usually made signed out, so every session ends; the reset then
        # signs in here (ACCOUNT_LOGIN_ON_PASSWORD_RESET) with a new one.
        account_signals.password_reset,
    ]
    # allauth.mfa's signals module imports its models, which refuse to load unless
    # the app is installed.
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa import signals as mfa_signals

        signals += [
            mfa_signals.authenticator_added,
            mfa_signals.authenticator_removed,
            mfa_signals.authenticator_reset,
        ]
    for signal in signals:
        signal.connect(_end_other_sessions)
