from django.conf import settings
from django.db import models

from common.fields import EncryptedTextField


class ProblemWorksheet(models.Model):
    """A practical obstacle in the way of a step, worked through one part at a time.

    Every part but the problem may stay empty: the person fills in what they can
    now and comes back for the rest. All free text is encrypted at rest.
    """

    class Outcome(models.TextChoices):
        HELPED = "helped", "It helped"
        PARTLY = "partly", "It helped a bit"
        NOT_YET = "not_yet", "Not this time"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="problem_worksheets"
    )
    step = models.ForeignKey(
        "planner.Step",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problem_worksheets",
    )
    problem = EncryptedTextField()
    chosen = models.ForeignKey(
        "planner.ProblemOption", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_move = EncryptedTextField(blank=True)
    first_move_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    review = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=["", "helped", "partly", "not_yet"]),
                name="problem_outcome_known",
            ),
        ]

    def __str__(self):
        return f"Problem worksheet {self.pk}"


class ProblemOption(models.Model):
    """One idea for the problem, written down without judging, then weighed."""

    worksheet = models.ForeignKey(
        ProblemWorksheet, on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField()
    text = EncryptedTextField()
    pros = EncryptedTextField(blank=True)
    cons = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"Option {self.position}"
