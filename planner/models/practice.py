from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from common.fields import EncryptedTextField

SUDS_RANGE = [MinValueValidator(0), MaxValueValidator(100)]
MAX_MINUTES = 24 * 60


def _suds(name: str) -> models.Q:
    return models.Q(**{f"{name}__isnull": True}) | models.Q(
        **{f"{name}__gte": 0, f"{name}__lte": 100}
    )


class Attempt(models.Model):
    """One go at a step: the forecast made before, then what happened.

    The prediction is written first (`predicted_at`), the outcome later; an
    attempt with a forecast and no outcome yet is open. That order is what lets
    forecast and outcome be compared honestly. `happened_at` (set with the
    outcome) is when the attempt took place: the scheduled time, or the moment
    of logging if that came first or nothing was scheduled. Attempts are put in
    order by it, so a step logged two days late still sits where it happened.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    step = models.ForeignKey("planner.Step", on_delete=models.CASCADE, related_name="attempts")
    # One attempt per scheduled step, so a second tap on "save" edits, never duplicates.
    scheduled_step = models.OneToOneField(
        "planner.ScheduledStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attempt",
    )
    predicted_peak = models.PositiveSmallIntegerField(validators=SUDS_RANGE)
    predicted_at = models.DateTimeField()
    suds_before = models.PositiveSmallIntegerField(null=True, blank=True, validators=SUDS_RANGE)
    suds_peak = models.PositiveSmallIntegerField(null=True, blank=True, validators=SUDS_RANGE)
    suds_after = models.PositiveSmallIntegerField(null=True, blank=True, validators=SUDS_RANGE)
    minutes_stayed = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(MAX_MINUTES)]
    )
    used_exit_strategy = models.BooleanField(default=False)
    what_helped = EncryptedTextField(blank=True)
    note = EncryptedTextField(blank=True)
    happened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["happened_at", "pk"]
        indexes = [
            models.Index(fields=["step", "happened_at"]),
            models.Index(fields=["owner", "happened_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(predicted_peak__gte=0, predicted_peak__lte=100),
                name="attempt_predicted_peak_0_to_100",
            ),
            models.CheckConstraint(condition=_suds("suds_before"), name="attempt_before_0_to_100"),
            models.CheckConstraint(condition=_suds("suds_peak"), name="attempt_peak_0_to_100"),
            models.CheckConstraint(condition=_suds("suds_after"), name="attempt_after_0_to_100"),
            models.CheckConstraint(
                condition=models.Q(minutes_stayed__isnull=True)
                | models.Q(minutes_stayed__gte=0, minutes_stayed__lte=MAX_MINUTES),
                name="attempt_minutes_in_range",
            ),
            # A logged outcome is whole: never a peak without the rest.
            models.CheckConstraint(
                condition=models.Q(happened_at__isnull=True)
                | models.Q(
                    suds_before__isnull=False,
                    suds_peak__isnull=False,
                    suds_after__isnull=False,
                    minutes_stayed__isnull=False,
                ),
                name="attempt_logged_is_complete",
            ),
        ]

    def __str__(self):
        return f"Attempt at {self.step}"

    @property
    def is_logged(self) -> bool:
        return self.happened_at is not None

    @property
    def peak_below_forecast(self) -> bool:
        return self.is_logged and self.suds_peak < self.predicted_peak
