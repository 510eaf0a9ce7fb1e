from datetime import datetime, timedelta
from email.utils import formataddr, parseaddr

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.services.email_undo import email_change_undo_token
from common.http import client_ip

# "Welcome back" is for a real return: a first sign-in, or one an hour after the
# last, is not one (a new account was greeted "Welcome back" on its first visit).
RETURN_AFTER = timedelta(days=1)


def is_return(*, previous_sign_in: datetime | None, now: datetime) -> bool:
    return previous_sign_in is not None and now - previous_sign_in >= RETURN_AFTER


class AccountAdapter(DefaultAccountAdapter):
    """Our words for allauth's messages; the flows themselves are allauth's."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": (
            "That email and password don't match an account. Please check both and try again."
        ),
        # templates/account/login.html adds a button to reset the password by email.
        "too_many_login_attempts": (
            "Too many tries for now. You can reset your password by email, "
            "or try again in a few minutes."
        ),
        "email_taken": "An account already uses this email. You can sign in or reset the password.",
        "incorrect_password": "That isn't the password for this account. Please try again.",
    }

    # allauth.mfa pauses wrong codes through this adapter's "too_many_login_attempts"
    # too, but at the second step a password reset is no way forward.
    second_step_resting = (
        "That's a few tries in a row, so this is resting for a few minutes to keep your "
        "account safe. You can use one of your recovery codes, or try again in a few minutes."
    )

    def validation_error(self, code, *args):
        request = context.request
        match = getattr(request, "resolver_match", None)
        if code == "too_many_login_attempts" and match and match.url_name.startswith("mfa_"):
            return ValidationError(self.second_step_resting, code=code)
        return super().validation_error(code, *args)

    def login(self, request, user):
        # Django's login() overwrites last_login; the greeting needs the one before.
        user.previous_sign_in = user.last_login
        super().login(request, user)

    def add_message(self, request, level, message_template=None, message_context=None, **kwargs):
        if message_template == "account/messages/logged_in.txt":
            user = (message_context or {}).get("user")
            previous = getattr(user, "previous_sign_in", None)
            returning = is_return(previous_sign_in=previous, now=timezone.now())
            message_context = {**(message_context or {}), "returning": returning}
        super().add_message(request, level, message_template, message_context, **kwargs)

    def get_client_ip(self, request) -> str:
        # One reading of the client's address for allauth's limits and sessions and
        # for ours: common.http.client_ip honours TRUSTED_PROXY_COUNT. allauth's own
        # ALLAUTH_TRUSTED_PROXY_COUNT is left unset, as nothing reads it past here.
        ip = client_ip(request)
        if ip is None:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    # --- Notices (ACCOUNT_EMAIL_NOTIFICATIONS): password and email changes ----------
    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        context = {**(context or {}), "user": user}
        if template_prefix == "account/email/email_changed":
            context["undo_url"] = self._email_undo_url(user, context)
        super().send_notification_mail(template_prefix, user, context, email)

    def _email_undo_url(self, user, context) -> str:
        # The old address learns of the change with a way to take it back (7 days).
        new_address = EmailAddress.objects.filter(user=user, email=context["to_email"]).first()
        if new_address is None:
            return ""
        token = email_change_undo_token(
            user=user, old_email=context["from_email"], new_address=new_address
        )
        return build_absolute_uri(self.request, reverse("accounts:email_undo", args=[token]))

    # --- Discreet mode: every account email reads like any app's -----------------
    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        context = {**context, "discreet": bool(getattr(user, "discreet", False))}
        super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers)
        if context.get("discreet"):
            # No "Stepwise" in the sender or subject someone else might glance at.
            prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
            message.subject = message.subject.removeprefix(prefix)
            message.from_email = formataddr(("Account", parseaddr(message.from_email)[1]))
        return message
