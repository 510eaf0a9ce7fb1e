from datetime import datetime

from accounts.models import User
from common import versioning
from planner.lessons import Lesson
from planner.models import LessonRead


@versioning.bumps("owner")
def lesson_read_mark(*, owner: User, lesson: Lesson, now: datetime) -> LessonRead:
    """Mark a lesson as read; a second tap keeps the first date rather than adding a row."""
    read, _ = LessonRead.objects.get_or_create(
        owner=owner, slug=lesson.slug, defaults={"read_at": now}
    )
    return read


@versioning.bumps("owner")
def lesson_read_unmark(*, owner: User, lesson: Lesson) -> None:
    """Take the mark off again; unmarking something not marked changes nothing."""
    LessonRead.objects.filter(owner=owner, slug=lesson.slug).delete()
