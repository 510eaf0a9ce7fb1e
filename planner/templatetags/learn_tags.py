from django import template

from planner.lessons import Lesson, lesson_for

register = template.Library()


@register.simple_tag
def lesson_by_slug(slug: str) -> Lesson | None:
    """The lesson for a link partial, so pages name a slug rather than repeat its title."""
    return lesson_for(slug)
