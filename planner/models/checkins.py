from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from common.choices import Weekday
from common.fields import BlindIndexField, EncryptedCharField, EncryptedTextField

MAX_INTERACTIONS = 200
TAG_MAX_LENGTH = 40


class Rhythm(models.TextChoices):
    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Once a week"


class Tag(models.Model):
    """A word the person uses for what sets them off or a pattern they notice.

    One list per person, shared by check-ins and the journal: "crowds" is the same
    crowds wherever it is written down, so filtering by it finds both.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tags"
    )
    name = EncryptedCharField(max_length=TAG_MAX_LENGTH)
    # "Crowds" and "crowds" are one tag: found and kept unique by this keyed hash.
    name_index = BlindIndexField(source="name", normalise="casefold")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Names are encrypted, so lists sort them in Python (planner.selectors.checkins).
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name_index"], name="tag_name_once_per_owner"),
        ]

    def __str__(self):
        return self.name


class CheckInSettings(models.Model):
    """How often a person checks in, and when. Unsaved defaults apply until changed."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_settings"
    )
    rhythm = models.CharField(max_length=10, choices=Rhythm.choices, default=Rhythm.DAILY)
    # Only used by the weekly rhythm: the day the check-in is asked for.
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.SUNDAY)
    at = models.TimeField("time", default=time(20, 0))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "check-in settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rhythm__in=["daily", "weekly"]), name="checkin_rhythm_known"
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6), name="checkin_weekday_in_range"
            ),
        ]

    def __str__(self):
        return f"Check-in settings of {self.owner}"


class CheckIn(models.Model):
    """How the person was, once per rhythm period (a local day or a local week).

    `period_start` is the first local date of the period, so "one per period" is a
    database constraint and a second check-in the same period edits the first.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    rhythm = models.CharField(max_length=10, choices=Rhythm.choices)
    period_start = models.DateField()
    mood = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    distress = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    energy = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    interactions = models.PositiveSmallIntegerField(
        "meaningful interactions",
        validators=[MinValueValidator(0), MaxValueValidator(MAX_INTERACTIONS)],
    )
    note = EncryptedTextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="checkins")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-period_start", "-pk"]
        indexes = [models.Index(fields=["owner", "-period_start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "rhythm", "period_start"], name="checkin_once_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(mood__gte=1, mood__lte=5), name="checkin_mood_1_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(distress__gte=0, distress__lte=100),
                name="checkin_distress_0_to_100",
            ),
            models.CheckConstraint(
                condition=models.Q(energy__gte=1, energy__lte=5), name="checkin_energy_1_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(interactions__gte=0, interactions__lte=MAX_INTERACTIONS),
                name="checkin_interactions_in_range",
            ),
        ]

    def __str__(self):
        return f"Check-in {self.period_start}"
