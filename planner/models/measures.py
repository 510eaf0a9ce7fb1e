from django.conf import settings
from django.db import models

from planner import measures


class MeasureResponse(models.Model):
    """One set of answers to a monthly measure, with its total.

    The answers are kept (not just the total) so the person can look back at
    what they said, and so a scoring fix could be replayed. The total is stored
    to let the progress page chart it with one query.
    """

    class Kind(models.TextChoices):
        UCLA3 = measures.UCLA3, "Feeling connected (UCLA 3-item loneliness scale)"
        LSNS6 = measures.LSNS6, "People to turn to (Lubben Social Network Scale, LSNS-6)"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measure_responses"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    answers = models.JSONField()
    score = models.PositiveSmallIntegerField()
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ["taken_at", "pk"]
        indexes = [models.Index(fields=["owner", "kind", "taken_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind=measures.UCLA3,
                    score__gte=measures.UCLA3_MIN,
                    score__lte=measures.UCLA3_MAX,
                )
                | models.Q(
                    kind=measures.LSNS6,
                    score__gte=measures.LSNS6_MIN,
                    score__lte=measures.LSNS6_MAX,
                ),
                name="measure_score_in_range_for_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.score}"

    @property
    def marks_isolation_risk(self) -> bool:
        return self.kind == measures.LSNS6 and measures.lsns6_marks_isolation_risk(self.score)
