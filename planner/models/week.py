from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from common.fields import EncryptedTextField
from planner import rules

MAX_WEEKLY_CAPACITY = 14
MAX_PER_DAY = 3


class PlanSettings(models.Model):
    """How much a person wants in a week, and whether they have paused everything.

    Created on first change; until then the defaults below apply (an unsaved
    instance), so a new person's pages cost no extra write.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_settings"
    )
    weekly_capacity = models.PositiveSmallIntegerField(
        "steps a week",
        default=rules.DEFAULT_WEEKLY_CAPACITY,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEKLY_CAPACITY)],
    )
    max_per_day = models.PositiveSmallIntegerField(
        "steps a day at most",
        default=rules.DEFAULT_MAX_PER_DAY,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PER_DAY)],
    )
    paused_at = models.DateTimeField(null=True, blank=True)
    # Which goals "pause everything" paused, so resuming wakes exactly those and
    # leaves alone any goal the person had paused on its own.
    paused_goals = models.ManyToManyField("planner.Goal", blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "plan settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    weekly_capacity__gte=1, weekly_capacity__lte=MAX_WEEKLY_CAPACITY
                ),
                name="plan_weekly_capacity_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(max_per_day__gte=1, max_per_day__lte=MAX_PER_DAY),
                name="plan_max_per_day_in_range",
            ),
        ]

    def __str__(self):
        return f"Plan settings of {self.owner}"

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class ScheduledStep(models.Model):
    """A step put into the week at a moment (stored in UTC) for a number of minutes."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Not this time"
        PAUSED = "paused", "Paused"

    # The owner is the step's goal's owner, kept here so the week is one indexed
    # range scan and every lookup can be scoped to the person without a join.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scheduled_steps"
    )
    step = models.ForeignKey("planner.Step", on_delete=models.CASCADE, related_name="scheduled")
    starts_at = models.DateTimeField()
    planned_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    # What the person shares with the step's ally: where to meet, what to expect.
    ally_note = EncryptedTextField("a note for your ally", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["owner", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_minutes__gte=1, planned_minutes__lte=24 * 60),
                name="scheduled_minutes_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["planned", "done", "cancelled", "paused"]),
                name="scheduled_status_known",
            ),
        ]

    def __str__(self):
        return f"{self.step} at {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def counts_toward_capacity(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def can_be_not_this_time(self) -> bool:
        """Only a planned (or paused) step can become "not this time": a done one stays done."""
        return self.status in {self.Status.PLANNED, self.Status.PAUSED}

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.planned_minutes)


class RestDay(models.Model):
    """A day the person keeps free on purpose: a choice, not a gap."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rest_days"
    )
    day = models.DateField(help_text="A date in the person's own time zone.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "day"], name="rest_day_once_per_owner"),
        ]

    def __str__(self):
        return f"Rest day {self.day}"
