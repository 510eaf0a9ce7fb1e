from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from common.fields import EncryptedTextField

INTENSITY = [MinValueValidator(0), MaxValueValidator(100)]


class JournalEntry(models.Model):
    """Private writing. The title is encrypted too: it can say as much as the text."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    title = EncryptedTextField()
    text = EncryptedTextField(blank=True)
    tags = models.ManyToManyField("planner.Tag", blank=True, related_name="journal_entries")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "journal entries"
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self):
        return f"Journal entry {self.pk}"


class ThoughtRecord(models.Model):
    """A hard thought looked at slowly: what happened, the evidence, a fairer view."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thought_records"
    )
    situation = EncryptedTextField()
    automatic_thought = EncryptedTextField()
    emotion = EncryptedTextField()
    intensity_before = models.PositiveSmallIntegerField(validators=INTENSITY)
    # Slugs from planner.thinking_traps; a list, so the catalogue can grow freely.
    traps = models.JSONField(default=list, blank=True)
    evidence_for = EncryptedTextField(blank=True)
    evidence_against = EncryptedTextField(blank=True)
    cited_attempts = models.ManyToManyField(
        "planner.Attempt", blank=True, related_name="thought_records"
    )
    balanced_thought = EncryptedTextField(blank=True)
    intensity_after = models.PositiveSmallIntegerField(null=True, blank=True, validators=INTENSITY)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(intensity_before__gte=0, intensity_before__lte=100),
                name="thought_before_0_to_100",
            ),
            models.CheckConstraint(
                condition=models.Q(intensity_after__isnull=True)
                | models.Q(intensity_after__gte=0, intensity_after__lte=100),
                name="thought_after_0_to_100",
            ),
        ]

    def __str__(self):
        return f"Thought record {self.pk}"

    @property
    def intensity_change(self) -> int | None:
        """How far the feeling moved: negative when it eased."""
        if self.intensity_after is None:
            return None
        return self.intensity_after - self.intensity_before
