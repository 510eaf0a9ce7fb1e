from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Our words for allauth's messages; the flows themselves are allauth's."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": (
            "That email and password don't match an account. Please check both and try again."
        ),
        "too_many_login_attempts": (
            "That's a few tries in a row, so sign-in is resting for a few minutes to keep "
            "your account safe. You can reset your password meanwhile if you're unsure of it."
        ),
        "email_taken": "An account already uses this email. You can sign in or reset the password.",
    }
