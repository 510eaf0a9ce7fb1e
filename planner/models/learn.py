from django.conf import settings
from django.db import models


class LessonRead(models.Model):
    """That a person marked a lesson as read.

    Lessons are data in planner/lessons.py, so this keeps the slug rather than a key;
    a retired lesson leaves a harmless row that no page shows.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_reads"
    )
    slug = models.SlugField(max_length=60)
    read_at = models.DateTimeField()

    class Meta:
        ordering = ["-read_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "slug"], name="lesson_read_once_per_owner"),
        ]

    def __str__(self):
        return f"{self.slug} read by {self.owner}"
