from django.conf import settings
from django.db import models

from common.fields import EncryptedTextField


class Win(models.Model):
    """Something the person chose to keep as a small win, to revisit on a hard day.

    It may point at what it came from (a logged attempt, a new trusted contact);
    the text is the person's own words, or the attempt's step title by default.
    """

    class Kind(models.TextChoices):
        STEP = "step", "A step you took"
        CHECKIN = "checkin", "A good day"
        CONNECTION = "connection", "A new connection"
        OTHER = "other", "In your own words"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wins"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.OTHER)
    text = EncryptedTextField()
    attempt = models.OneToOneField(
        "planner.Attempt", on_delete=models.SET_NULL, null=True, blank=True, related_name="win"
    )
    checkin = models.OneToOneField(
        "planner.CheckIn", on_delete=models.SET_NULL, null=True, blank=True, related_name="win"
    )
    contact = models.OneToOneField(
        "planner.TrustedContact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="win",
    )
    happened_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_at", "-pk"]
        indexes = [models.Index(fields=["owner", "happened_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["step", "checkin", "connection", "other"]),
                name="win_kind_known",
            ),
        ]

    def __str__(self):
        return f"Win of {self.owner}"


class WelcomeBack(models.Model):
    """That the welcome-back screen was shown for the quiet spell after `last_log_at`.

    Keyed on the last log before the spell, so the screen shows once per return:
    the next quiet spell starts from a newer log and gets its own row.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="welcome_backs"
    )
    last_log_at = models.DateTimeField()
    shown_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "last_log_at"], name="welcome_back_once_per_spell"
            ),
        ]

    def __str__(self):
        return f"Welcome back {self.owner} at {self.shown_at:%Y-%m-%d}"
