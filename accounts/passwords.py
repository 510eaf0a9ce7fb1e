"""Django's password validators, in our words (AUTH_PASSWORD_VALIDATORS names them)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's list of 20,000 common passwords; the words say why, without blame."""

    def get_error_message(self):
        return (
            "That password is one many people use, so it's easy to guess. "
            "Try a longer phrase only you would think of."
        )

    def get_help_text(self):
        return "Not one many people use: a longer phrase only you would think of is best."


class ContextWordsValidator:
    """No password built on the name of this service or the words around it.

    Someone guessing a Stepwise password tries "stepwise", "planner" and "safety plan"
    first (ASVS 5.0 V6.2.11). Compared without case, spaces or punctuation, so
    "Step-Wise 2026" is refused too. The person's own email and name are
    UserAttributeSimilarityValidator's part.
    """

    WORDS = ("stepwise", "planner", "safetyplan", "supporter")

    def validate(self, password, user=None):
        bare = "".join(ch for ch in password.casefold() if ch.isalnum())
        if any(word in bare for word in self.WORDS):
            raise ValidationError(self.get_error_message(), code="password_context_word")

    def get_error_message(self):
        return (
            "That password uses a word from this app (like “Stepwise” or “planner”), "
            "which is one of the first things someone would guess. Try a phrase of your own."
        )

    def get_help_text(self):
        return "Not built on this app's name or words."
