"""Learn: short lessons anyone can read, and a per-person "read" mark."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.management.commands.seed_demo import demo_modules
from planner.demo import learn as learn_demo
from planner.lessons import LESSONS, lesson_for
from planner.models import LessonRead
from planner.services.learn import lesson_read_mark
from tests.factories import GoalFactory, StepFactory, ThoughtRecordFactory
from tests.pages import assert_shows

INDEX = reverse("planner:learn")
SLUG = "graded-steps"
PAGE = reverse("planner:lesson", args=[SLUG])
READ = reverse("planner:lesson_read", args=[SLUG])
UNREAD = reverse("planner:lesson_unread", args=[SLUG])
HTMX = {"HX-Request": "true"}


def _mark(person, *slugs):
    for slug in slugs:
        lesson_read_mark(owner=person, lesson=lesson_for(slug), now=timezone.now())


def _text(lesson) -> str:
    parts = [lesson.title, lesson.summary]
    for section in lesson.sections:
        parts.append(section.heading)
        for block in section.blocks:
            parts.extend(block if isinstance(block, tuple) else [block])
    return " ".join(parts)


# The lessons themselves


def test_there_are_six_to_eight_lessons_with_unique_slugs():
    assert 6 <= len(LESSONS) <= 8
    assert len({lesson.slug for lesson in LESSONS}) == len(LESSONS)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_each_lesson_reads_in_about_three_minutes(lesson):
    assert 300 <= lesson.words <= 600
    assert lesson.minutes == 3 and lesson.summary and len(lesson.sections) >= 3


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_no_lesson_uses_words_that_keep_score(lesson):
    words = set(re.findall(r"[a-z]+", _text(lesson).lower()))
    assert not words & {"failed", "failure", "fail", "missed", "streak", "streaks"}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_lesson_data_holds_no_markup(lesson):
    assert "<" not in _text(lesson) and ">" not in _text(lesson)


def test_the_promised_topics_are_all_there():
    slugs = {lesson.slug for lesson in LESSONS}
    assert {
        "isolation-loop",
        "graded-steps",
        "why-distress-falls",
        "thinking-traps",
        "grounding",
        "asking-for-support",
        "slips-and-pauses",
        "after-a-hard-day",
    } <= slugs


# Pages


def test_the_index_lists_every_lesson_with_its_summary_and_time(alice_client):
    html = alice_client.get(INDEX).content.decode()
    for lesson in LESSONS:
        assert reverse("planner:lesson", args=[lesson.slug]) in html
        assert lesson.summary.replace("'", "&#x27;") in html
    assert "About 3 minutes" in html and "You've read 0 of" in html


def test_the_index_says_in_words_which_lessons_are_read(alice_client, alice):
    _mark(alice, SLUG, "grounding")
    html = alice_client.get(INDEX).content.decode()
    assert f"You've read 2 of {len(LESSONS)}." in html
    assert html.count('<span class="learn__read">Read</span>') == 2


def test_a_lesson_page_shows_its_headed_sections_and_lists(alice_client):
    lesson = lesson_for(SLUG)
    html = alice_client.get(PAGE).content.decode()
    assert f'<h1 id="lesson-title">{lesson.title}</h1>' in html
    for section in lesson.sections:
        assert section.heading in html
    assert "<li>Walk the route on your own at a quiet time.</li>" in html
    assert "Mark as read" in html and "Next: Why distress falls with practice" in html


def test_lessons_are_open_without_signing_in_but_marking_asks_to_sign_in(client, db):
    assert client.get(INDEX).status_code == 200
    html = client.get(PAGE).content.decode()
    assert "Sign in</a> to mark lessons as read." in html and "Mark as read" not in html
    response = client.post(READ)
    assert response.status_code == 302 and "/accounts/" in response.url
    assert not LessonRead.objects.exists()


def test_an_unknown_lesson_answers_404(alice_client):
    assert alice_client.get(reverse("planner:lesson", args=["no-such-lesson"])).status_code == 404
    url = reverse("planner:lesson_read", args=["no-such-lesson"])
    assert alice_client.post(url).status_code == 404
    assert not LessonRead.objects.exists()


def test_marking_as_read_needs_a_post(alice_client):
    assert alice_client.get(READ).status_code == 405


# Marking as read


def test_marking_as_read_shows_on_the_lesson_and_can_be_undone(alice_client, alice):
    response = alice_client.post(READ, follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(PAGE, 302)]
    assert "“How graded steps work” is marked as read." in html
    assert "Mark as not read" in html and "Mark as read<" not in html
    html = alice_client.post(UNREAD, follow=True).content.decode()
    assert "is no longer marked as read." in html and "Mark as read" in html
    assert not LessonRead.objects.filter(owner=alice).exists()


def test_marking_twice_keeps_one_mark_and_the_first_date(alice_client, alice):
    alice_client.post(READ)
    first = LessonRead.objects.get(owner=alice).read_at
    alice_client.post(READ)
    assert LessonRead.objects.get(owner=alice).read_at == first


def test_htmx_swaps_just_the_read_region(alice_client, alice):
    html = alice_client.post(READ, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<div id="lesson-read"') and "<html" not in html
    assert "is marked as read." in html and "Mark as not read" in html
    assert LessonRead.objects.filter(owner=alice, slug=SLUG).exists()
    html = alice_client.post(UNREAD, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<div id="lesson-read"') and "Mark as read" in html


def test_the_read_button_also_works_without_javascript(alice_client):
    html = alice_client.get(PAGE).content.decode()
    assert f'<form method="post" action="{READ}" hx-post="{READ}"' in html


def test_carols_reads_do_not_show_for_alice(alice_client, alice, carol):
    _mark(carol, SLUG, "grounding", "thinking-traps")
    assert "You've read 0 of" in alice_client.get(INDEX).content.decode()
    assert "Mark as read" in alice_client.get(PAGE).content.decode()


def test_unmarking_leaves_other_peoples_marks_alone(alice_client, alice, carol):
    _mark(carol, SLUG)
    _mark(alice, SLUG)
    alice_client.post(UNREAD)
    assert LessonRead.objects.filter(owner=carol, slug=SLUG).exists()
    assert not LessonRead.objects.filter(owner=alice).exists()


def test_pages_take_a_fixed_number_of_queries_as_reads_grow(alice_client, alice):
    def count(url, *shows):
        with CaptureQueriesContext(connection) as ctx:
            response = alice_client.get(url)
        assert_shows(response, *shows)
        return len(ctx.captured_queries), "\n".join(q["sql"] for q in ctx.captured_queries)

    before = {url: count(url) for url in (INDEX, PAGE)}
    _mark(alice, *[lesson.slug for lesson in LESSONS])
    # Both pages show the marks that grew.
    shows = {INDEX: [f"You've read {len(LESSONS)} of {len(LESSONS)}."], PAGE: ["Mark as not read"]}
    for url, (queries, sql) in before.items():
        after, after_sql = count(url, *shows[url])
        assert after == queries, f"{url}: {queries} -> {after}\n{sql}\n---\n{after_sql}"


# Links from the pages where a lesson helps


def _lesson_href(slug):
    return f'href="{reverse("planner:lesson", args=[slug])}"'


def test_onboarding_links_to_isolation_and_graded_steps(alice_client, alice):
    html = alice_client.get(reverse("planner:onboarding_values")).content.decode()
    assert _lesson_href("isolation-loop") in html
    goal = GoalFactory(owner=alice)
    url = reverse("planner:onboarding_ladder", args=[goal.pk])
    assert _lesson_href("graded-steps") in alice_client.get(url).content.decode()


def test_the_step_page_links_to_why_distress_falls_and_to_grounding(alice_client, alice):
    step = StepFactory(goal__owner=alice)
    html = alice_client.get(reverse("planner:step_practice", args=[step.pk])).content.decode()
    assert _lesson_href("why-distress-falls") in html
    assert f'href="{reverse("planner:grounding")}">Try a grounding exercise' in html
    url = reverse("planner:step_attempt_log", args=[step.pk])
    assert "Try a grounding exercise" in alice_client.get(url).content.decode()


def test_the_thought_record_form_links_to_thinking_traps(alice_client, alice):
    html = alice_client.get(reverse("planner:thought_new")).content.decode()
    assert _lesson_href("thinking-traps") in html
    record = ThoughtRecordFactory(owner=alice)
    url = reverse("planner:thought_edit", args=[record.pk])
    assert _lesson_href("thinking-traps") in alice_client.get(url).content.decode()


def test_grounding_and_welcome_back_link_to_their_lessons(alice_client):
    assert (
        _lesson_href("grounding") in alice_client.get(reverse("planner:grounding")).content.decode()
    )
    html = alice_client.get(reverse("planner:welcome_back")).content.decode()
    assert _lesson_href("slips-and-pauses") in html


# Demo


def test_the_demo_has_maya_reading_three_lessons_once_however_often_it_runs(alice, bob):
    assert learn_demo.seed in [s for module in demo_modules() for s in module.SEEDERS]
    learn_demo.seed({"maya": alice, "sam": bob})
    learn_demo.seed({"maya": alice, "sam": bob})
    slugs = set(LessonRead.objects.filter(owner=alice).values_list("slug", flat=True))
    assert len(slugs) == 3 and all(lesson_for(slug) for slug in slugs)
