from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from common.fields import BlindIndexField, EncryptedCharField, EncryptedTextField

MAX_MINUTES = 24 * 60


class Value(models.Model):
    """Something the person cares about; goals serve one value each.

    `catalog_key` names an entry of planner.catalog.VALUES; empty for the person's own.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="values"
    )
    catalog_key = models.SlugField(max_length=40, blank=True)
    name = EncryptedCharField(max_length=60)
    # "Family" and "family" are one value to a person: kept unique by this keyed hash.
    name_index = BlindIndexField(source="name", normalise="casefold")
    description = EncryptedCharField(max_length=200, blank=True)
    importance = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Names are encrypted: within an importance, the order they were added.
        ordering = ["-importance", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(importance__gte=1, importance__lte=5),
                name="value_importance_1_to_5",
            ),
            models.UniqueConstraint(
                fields=["owner", "catalog_key"],
                condition=~models.Q(catalog_key=""),
                name="value_catalog_once_per_owner",
            ),
            # "Family" and "family" are one value to a person; two would split goals.
            models.UniqueConstraint(
                fields=["owner", "name_index"],
                name="value_name_once_per_owner",
                violation_error_message="You already have a value with this name.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # Before the uniqueness check, which compares the hash, not the text.
        self.name_index = self._meta.get_field("name_index").compute(self)


def values_sorted(values) -> list[Value]:
    """Most important first, then by name (sorted here: names are encrypted)."""
    return sorted(values, key=lambda value: (-value.importance, value.name.casefold(), value.pk))


class Area(models.TextChoices):
    SOCIAL_SKILLS = "social_skills", "Social skills"
    TECHNOLOGY = "technology", "Technology as a bridge"
    COMMUNITY = "community", "Community and volunteering"
    RELATIONSHIPS = "relationships", "Existing relationships"


class GoalStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ACHIEVED = "achieved", "Achieved"
    ARCHIVED = "archived", "Archived"


class Goal(models.Model):
    Status = GoalStatus

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals"
    )
    # RESTRICT, not PROTECT: a value serving a goal cannot be removed on its own, but
    # both go when their owner deletes the account (PROTECT would refuse that too).
    value = models.ForeignKey(Value, on_delete=models.RESTRICT, related_name="goals")
    title = EncryptedCharField(max_length=140)
    area = models.CharField(max_length=20, choices=Area.choices)
    why = EncryptedTextField("why it matters", blank=True)
    target_month = models.DateField(null=True, blank=True, help_text="First day of the month.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # When the status last changed, so "paused since March" needs no history table.
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Lists order by status meaningfully in planner.selectors.goals; here, newest first.
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=GoalStatus.values),
                name="goal_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(area__in=Area.values), name="goal_area_known"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        # A goal serves one of its owner's own values, never someone else's.
        if self.value_id and self.owner_id and self.value.owner_id != self.owner_id:
            raise ValidationError({"value": "Choose one of your own values."})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Mode(models.TextChoices):
    ONLINE = "online", "Online"
    OFFLINE = "offline", "In person"
    BLENDED = "blended", "A mix of both"


class Accommodation(models.TextChoices):
    QUIET_PLACE = "quiet_place", "A quiet place"
    LEAVE_ANY_TIME = "leave_any_time", "I can leave any time"
    BREAKS = "breaks", "Breaks"
    SENSORY_FRIENDLY = "sensory_friendly", "Sensory-friendly"
    ACCESSIBLE_VENUE = "accessible_venue", "Accessible venue"
    SMALL_GROUP = "small_group", "A small group"


class Step(models.Model):
    """One rung of a goal's ladder, from easiest (position 0) to hardest."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField()
    title = EncryptedCharField(max_length=140)
    description = EncryptedTextField(blank=True)
    predicted_suds = models.PositiveSmallIntegerField(
        "how hard it feels it will be (0-100)",
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.OFFLINE)
    ally = models.ForeignKey(
        "planner.TrustedContact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ally_steps",
        help_text="Leave empty to go alone.",
    )
    planned_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)]
    )
    accommodations = models.JSONField(default=list, blank=True)
    accommodations_other = EncryptedCharField(max_length=200, blank=True)
    exit_strategy = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Positions are kept 0..n-1 by planner.services.ladders; no unique constraint,
        # because a swap would have to pass through a duplicate on SQLite.
        ordering = ["goal", "position", "pk"]
        indexes = [models.Index(fields=["goal", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(predicted_suds__lte=100), name="step_predicted_suds_0_to_100"
            ),
            models.CheckConstraint(
                condition=models.Q(planned_minutes__gte=1, planned_minutes__lte=MAX_MINUTES),
                name="step_planned_minutes_1_to_a_day",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        unknown = set(self.accommodations or []) - set(Accommodation.values)
        if unknown:
            raise ValidationError({"accommodations": "Choose from the listed accommodations."})
        # An ally is one of the goal owner's own contacts, never someone else's.
        if self.ally_id and self.goal_id and self.ally.owner_id != self.goal.owner_id:
            raise ValidationError({"ally": "Choose one of your own trusted contacts."})

    @property
    def accommodation_labels(self) -> list[str]:
        labels = [Accommodation(key).label for key in self.accommodations or []]
        if self.accommodations_other:
            labels.append(self.accommodations_other)
        return labels
