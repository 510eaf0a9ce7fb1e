"""A supporter named as a step's ally answers whether they will be there."""

from django.db import models


class AllyResponse(models.Model):
    """A supporter named as a step's ally answers: "I'll be there" or "can't make it"."""

    class Answer(models.TextChoices):
        COMING = "coming", "I'll be there"
        CANNOT = "cannot", "Can't make it"

    scheduled_step = models.ForeignKey(
        "planner.ScheduledStep", on_delete=models.CASCADE, related_name="ally_responses"
    )
    link = models.ForeignKey(
        "supporters.SupporterLink", on_delete=models.CASCADE, related_name="ally_responses"
    )
    answer = models.CharField(max_length=10, choices=Answer.choices)
    answered_at = models.DateTimeField()

    class Meta:
        # Moved here from planner without touching the table (see 0001_initial).
        db_table = "planner_allyresponse"
        constraints = [
            models.UniqueConstraint(
                fields=["scheduled_step", "link"], name="ally_response_once_per_step"
            ),
        ]

    def __str__(self):
        return f"{self.get_answer_display()} ({self.scheduled_step_id})"
