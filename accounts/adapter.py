from allauth.account.adapter import DefaultAccountAdapter
from django.utils.encoding import force_str

from accounts.models import User
from common.mail import neutral_sender


class AccountAdapter(DefaultAccountAdapter):
    """Our words for allauth's messages; the flows themselves are allauth's.

    allauth makes one adapter per mail (get_adapter), so what send_mail learns about
    the recipient holds for that mail's subject and sender below it.
    """

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
    discreet = False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Discreet mode: someone may read this inbox over the person's shoulder, so the
        # sender, subject and body (account/email/base_message.txt) leave Stepwise out.
        self.discreet = _is_discreet(context.get("user"), email)
        super().send_mail(template_prefix, email, {**context, "discreet": self.discreet})

    def format_email_subject(self, subject: str) -> str:
        if self.discreet:
            return force_str(subject)
        return super().format_email_subject(subject)

    def get_from_email(self) -> str:
        return neutral_sender() if self.discreet else super().get_from_email()


def _is_discreet(user, email: str) -> bool:
    # A mail about an address (confirming a new one) may come without the user.
    if isinstance(user, User):
        return user.discreet
    return User.objects.filter(email__iexact=email, discreet=True).exists()
