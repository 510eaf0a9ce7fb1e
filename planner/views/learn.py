from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from planner.lessons import LESSONS, Lesson, lesson_for
from planner.models import LessonRead
from planner.services import learn as services

LESSON = "planner/learn/lesson.html"


def _lesson_or_404(slug: str) -> Lesson:
    lesson = lesson_for(slug)
    if lesson is None:
        raise Http404("No such lesson")
    return lesson


def _read_slugs(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(LessonRead.objects.filter(owner=user).values_list("slug", flat=True))


@login_not_required
@require_safe
def learn(request):
    """The lessons, each saying in words whether this person has read it."""
    read = _read_slugs(request.user)
    rows = [{"lesson": lesson, "read": lesson.slug in read} for lesson in LESSONS]
    context = {"rows": rows, "read_count": sum(row["read"] for row in rows)}
    return render(request, "planner/learn/index.html", context)


def _lesson_page(request, lesson: Lesson, *, announce: str = ""):
    read = None
    if request.user.is_authenticated:
        read = LessonRead.objects.filter(owner=request.user, slug=lesson.slug).first()
    position = LESSONS.index(lesson)
    context = {
        "lesson": lesson,
        "read": read,
        "announce": announce,
        "next_lesson": LESSONS[position + 1] if position + 1 < len(LESSONS) else None,
    }
    template = f"{LESSON}#read" if request.htmx else LESSON
    return render(request, template, context)


@login_not_required
@require_safe
def lesson(request, slug: str):
    # Open to everyone, like grounding: a lesson holds nothing personal, and someone
    # may be sent one before they have an account. Only marking it needs sign-in.
    return _lesson_page(request, _lesson_or_404(slug))


def _done(request, lesson: Lesson, message: str):
    if request.htmx:
        return _lesson_page(request, lesson, announce=message)
    messages.success(request, message)
    return redirect("planner:lesson", slug=lesson.slug)


@require_POST
def lesson_read(request, slug: str):
    lesson = _lesson_or_404(slug)
    services.lesson_read_mark(owner=request.user, lesson=lesson, now=timezone.now())
    return _done(request, lesson, f"“{lesson.title}” is marked as read.")


@require_POST
def lesson_unread(request, slug: str):
    lesson = _lesson_or_404(slug)
    services.lesson_read_unmark(owner=request.user, lesson=lesson)
    return _done(request, lesson, f"“{lesson.title}” is no longer marked as read.")
