"""What happened to a person's account, shown to them on their profile. Kept a year."""

from django.conf import settings
from django.db import models

from common.fields import EncryptedTextField


class SecurityEvent(models.Model):
    """One sign-in, change or ending the person may want to know about.

    `detail` names a person or an address (a supporter, the new email), so it is
    encrypted; `what` is never more than words like "your safety plan".
    """

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_REFUSED = "sign_in_refused", "A sign-in with a wrong password"
        CONFIRM_REFUSED = "confirm_refused", "A wrong password when confirming it was you"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET = "password_reset", "Password reset"
        EMAIL_ADDED = "email_added", "New email address asked for"
        EMAIL_CHANGED = "email_changed", "Email address changed"
        TWO_FACTOR_ADDED = "two_factor_added", "Two-factor sign-in added"
        TWO_FACTOR_REMOVED = "two_factor_removed", "Two-factor sign-in removed"
        TWO_FACTOR_RESET = "two_factor_reset", "New recovery codes"
        EXPORTED = "exported", "Data downloaded"
        IMPORTED = "imported", "Data brought in"
        SESSIONS_ENDED = "sessions_ended", "Signed out elsewhere"
        SCOPES_GRANTED = "scopes_granted", "Sharing added"
        SCOPES_REMOVED = "scopes_removed", "Sharing taken away"
        LINK_REVOKED = "link_revoked", "Supporter's access ended"
        SUPPORTER_LEFT = "supporter_left", "Supporter stepped back"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security_events"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    at = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    # "Firefox on Windows": enough to recognise one's own device, no more.
    device = models.CharField(max_length=100, blank=True)
    detail = EncryptedTextField(blank=True)
    what = models.CharField(max_length=200, blank=True)
    # The other person an event names (a supporter). When they delete their account
    # their name leaves this person's activity too (accounts.services.deletion).
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            # The profile and the activity page: one person's newest first.
            models.Index(fields=["user", "-at", "-id"], name="securityevent_user_at"),
            # The daily prune: everything older than a year, whoever it belongs to.
            models.Index(fields=["at"], name="securityevent_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"
