"""Security events from Django's and allauth's own signals (connected in AccountsConfig.ready).

Each receiver only records; the flows themselves stay allauth's.
"""

from allauth.account import signals as account_signals
from django.apps import apps
from django.contrib.auth import signals as auth_signals
from django.utils import timezone

from accounts.models import SecurityEvent, User
from accounts.services.security_events import record

Kind = SecurityEvent.Kind
# allauth.mfa's Authenticator.Type values, in the words the activity page uses.
AUTHENTICATOR_WORDS = {
    "totp": "an authenticator app",
    "webauthn": "a passkey",
    "recovery_codes": "recovery codes",
}


def _signed_in(sender, request, user, **kwargs):
    record(user=user, kind=Kind.SIGNED_IN, request=request, now=timezone.now())


def _sign_in_refused(sender, credentials, request=None, **kwargs):
    # Only for an account that exists: an unknown address has no one to tell.
    email = credentials.get("email") or credentials.get("username") or ""
    user = User.objects.filter(email__iexact=email.strip()).first() if email else None
    if user is None:
        return
    signed_in_as = getattr(request, "user", None)
    # allauth's "confirm it's you" asks a signed-in person for their password again;
    # a slip there is theirs, not a stranger's.
    confirming = signed_in_as is not None and signed_in_as.pk == user.pk
    kind = Kind.CONFIRM_REFUSED if confirming else Kind.SIGN_IN_REFUSED
    record(user=user, kind=kind, request=request, now=timezone.now())


def _password_changed(sender, request, user, **kwargs):
    record(user=user, kind=Kind.PASSWORD_CHANGED, request=request, now=timezone.now())


def _password_reset(sender, request, user, **kwargs):
    record(user=user, kind=Kind.PASSWORD_RESET, request=request, now=timezone.now())


def _email_added(sender, request, user, email_address, **kwargs):
    record(
        user=user,
        kind=Kind.EMAIL_ADDED,
        request=request,
        now=timezone.now(),
        detail=email_address.email,
    )


def _email_changed(sender, request, user, to_email_address, **kwargs):
    record(
        user=user,
        kind=Kind.EMAIL_CHANGED,
        request=request,
        now=timezone.now(),
        detail=to_email_address.email,
    )


def _two_factor(kind):
    def receiver(sender, request, user, authenticator, **kwargs):
        words = AUTHENTICATOR_WORDS.get(str(authenticator.type), "a way to sign in")
        record(user=user, kind=kind, request=request, now=timezone.now(), what=words)

    return receiver


_two_factor_added = _two_factor(Kind.TWO_FACTOR_ADDED)
_two_factor_removed = _two_factor(Kind.TWO_FACTOR_REMOVED)
_two_factor_reset = _two_factor(Kind.TWO_FACTOR_RESET)


def connect() -> None:
    uid = "accounts.security_events"
    auth_signals.user_logged_in.connect(_signed_in, dispatch_uid=f"{uid}.in")
    auth_signals.user_login_failed.connect(_sign_in_refused, dispatch_uid=f"{uid}.refused")
    account_signals.password_changed.connect(_password_changed, dispatch_uid=f"{uid}.pw")
    account_signals.password_reset.connect(_password_reset, dispatch_uid=f"{uid}.reset")
    account_signals.email_added.connect(_email_added, dispatch_uid=f"{uid}.email_added")
    account_signals.email_changed.connect(_email_changed, dispatch_uid=f"{uid}.email")
    # allauth.mfa's signals module imports its models, which refuse to load unless
    # the app is installed.
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa import signals as mfa_signals

        mfa_signals.authenticator_added.connect(_two_factor_added, dispatch_uid=f"{uid}.2fa+")
        mfa_signals.authenticator_removed.connect(_two_factor_removed, dispatch_uid=f"{uid}.2fa-")
        mfa_signals.authenticator_reset.connect(_two_factor_reset, dispatch_uid=f"{uid}.2fa0")
