"""Django's password validators, in our words (AUTH_PASSWORD_VALIDATORS names them)."""

from django.contrib.auth import password_validation


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's list of 20,000 common passwords; the words say why, without blame."""

    def get_error_message(self):
        return (
            "That password is one many people use, so it's easy to guess. "
            "Try a longer phrase only you would think of."
        )

    def get_help_text(self):
        return "Not one many people use: a longer phrase only you would think of is best."
