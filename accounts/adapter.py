from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from common.http import client_ip


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
    }

    def get_client_ip(self, request) -> str:
        # One reading of the client's address for allauth's limits and sessions and
        # for ours: common.http.client_ip honours TRUSTED_PROXY_COUNT. allauth's own
        # ALLAUTH_TRUSTED_PROXY_COUNT is left unset, as nothing reads it past here.
        ip = client_ip(request)
        if ip is None:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
