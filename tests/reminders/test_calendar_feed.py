from datetime import timedelta

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from planner.models import ScheduledStep
from planner.services.week import scheduled_step_cancel, scheduled_step_reschedule
from reminders.models import CalendarFeed
from reminders.services.calendar import calendar_feed_create, calendar_feed_revoke
from reminders.views.calendar import FEED_LIMIT
from supporters.models import AllyResponse, SupporterLink
from tests.factories import ScheduledStepFactory, StepFactory, UserFactory
from tests.reminders.reminders_ui_support import ally_step

pytestmark = pytest.mark.django_db


def feed_for(person, *, exit_strategy=False) -> str:
    _feed, token = calendar_feed_create(
        owner=person, include_exit_strategy=exit_strategy, now=timezone.now()
    )
    return reverse("reminders:calendar_feed", args=[token])


def fetch(url):
    response = Client().get(url)
    assert response.status_code == 200, response.content[:300]
    return response


def parse(response) -> icalendar.Calendar:
    cal = icalendar.Calendar.from_ical(response.content)
    assert cal.errors == []
    for event in cal.walk("VEVENT"):
        assert event.errors == []
    return cal


def events_of(url) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in parse(fetch(url)).walk("VEVENT")}


def scheduled_for(person, *, title="Walk to the library", **kwargs):
    step = StepFactory(goal__owner=person, title=title, exit_strategy="Say I need air and leave.")
    return ScheduledStepFactory(step=step, **kwargs)


# --- The writer ------------------------------------------------------------------------
def test_text_values_escape_commas_semicolons_backslashes_and_newlines(alice):
    scheduled_for(alice, title="tea, cake; a\\b\nthen home")

    raw = fetch(feed_for(alice)).content

    assert b"\r\nSUMMARY:tea\\, cake\\; a\\\\b\\nthen home\r\n" in raw


def test_long_lines_fold_at_75_octets_without_splitting_a_character(alice):
    # Shifted by 0-3 octets, so some 2- and 4-octet character meets a fold somewhere.
    titles = {pad + "Café with Siobhán 🌿 at the corner, " * 3 for pad in ("", "x", "xx", "xxx")}
    for title in titles:
        scheduled_for(alice, title=title)

    physical = fetch(feed_for(alice)).content.split(b"\r\n")

    assert physical[-1] == b""
    assert all(len(part) <= 75 for part in physical)
    # A character split across two lines would not decode on its own.
    lines = [part.decode() for part in physical[:-1]]
    logical = []
    for line in lines:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    summaries = {line for line in logical if line.startswith("SUMMARY:")}
    assert summaries == {"SUMMARY:" + title.replace(",", "\\,") for title in titles}
    assert len(lines) > len(logical), "the long titles should fold"


# --- The feed ---------------------------------------------------------------------------
def test_the_feed_is_valid_icalendar_with_the_persons_planned_steps(alice):
    title = "Café, then the market; say hello to Siobhán at the flower stall 🌷 " * 2
    scheduled = scheduled_for(alice, title=title.strip(), planned_minutes=45)

    response = fetch(feed_for(alice))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "no-store, private"
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines), "the long title should fold"
    for line in (b"CALSCALE:GREGORIAN", b"METHOD:PUBLISH"):
        assert line in lines
    (event,) = parse(response).walk("VEVENT")
    assert str(event["SUMMARY"]) == title.strip()
    assert event.decoded("DTSTART") == scheduled.starts_at.replace(microsecond=0)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=45)
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert str(event["UID"]) == f"scheduled-{scheduled.pk}@localhost"
    for needed in ("DTSTAMP", "LAST-MODIFIED", "SEQUENCE"):
        assert needed in event


def test_a_rescheduled_step_keeps_its_uid_with_a_later_sequence(alice):
    scheduled = scheduled_for(alice)
    # Planned yesterday, moved today (SEQUENCE counts seconds since it was planned).
    yesterday = timezone.now() - timedelta(days=1)
    ScheduledStep.objects.filter(pk=scheduled.pk).update(created_at=yesterday, updated_at=yesterday)
    scheduled.refresh_from_db()
    url = feed_for(alice)
    before = events_of(url)[f"scheduled-{scheduled.pk}@localhost"]

    moved_to = scheduled.starts_at + timedelta(days=1, hours=2)
    scheduled_step_reschedule(scheduled=scheduled, starts_at=moved_to, planned_minutes=20)

    after_all = events_of(url)
    assert len(after_all) == 1
    after = after_all[f"scheduled-{scheduled.pk}@localhost"]
    assert after.decoded("DTSTART") == moved_to.replace(microsecond=0)
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTAMP") >= before.decoded("DTSTAMP")


def test_steps_set_aside_leave_the_feed_and_done_ones_stay(alice):
    kept = scheduled_for(alice, title="Done already")
    kept.status = ScheduledStep.Status.DONE
    kept.save()
    cancelled = scheduled_for(alice, title="Not this time")
    scheduled_step_cancel(scheduled=cancelled)

    summaries = {str(e["SUMMARY"]) for e in events_of(feed_for(alice)).values()}
    assert summaries == {"Done already"}


def test_the_exit_strategy_is_in_the_description_only_when_the_person_chose_it(alice):
    scheduled_for(alice)
    (plain,) = events_of(feed_for(alice)).values()
    assert "DESCRIPTION" not in plain
    assert b"Say I need air" not in fetch(feed_for(alice)).content

    (with_exit,) = events_of(feed_for(alice, exit_strategy=True)).values()
    assert "Say I need air and leave." in str(with_exit["DESCRIPTION"])


def test_nobody_elses_steps_are_in_the_feed(alice, carol):
    scheduled_for(carol, title="Carol's own step")
    scheduled_for(alice, title="Alice's step")
    summaries = {str(e["SUMMARY"]) for e in events_of(feed_for(alice)).values()}
    assert summaries == {"Alice's step"}


def test_a_revoked_or_unknown_or_replaced_feed_answers_404(alice):
    scheduled_for(alice)
    old = feed_for(alice)
    new = feed_for(alice)
    assert Client().get(old).status_code == 404
    fetch(new)

    calendar_feed_revoke(owner=alice, now=timezone.now())

    assert Client().get(new).status_code == 404
    assert Client().get(reverse("reminders:calendar_feed", args=["x" * 43])).status_code == 404
    assert not CalendarFeed.objects.filter(owner=alice, revoked_at__isnull=True).exists()


def test_only_a_hash_of_the_token_is_kept(alice):
    url = feed_for(alice)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43
    assert not CalendarFeed.objects.filter(token_hash__contains=token).exists()


def test_each_fetch_is_noted_for_the_person(alice):
    url = feed_for(alice)
    fetch(url)
    assert CalendarFeed.objects.get(owner=alice).last_fetched_at is not None


def test_a_feed_fetched_far_too_often_rests_without_blocking_anyone_else(frozen, alice, carol):
    # Frozen: the limit counts in fixed windows of an hour, and one may begin mid-test.
    busy, other = feed_for(alice), feed_for(carol)
    client = Client()  # one address, as a calendar service fetching for many people
    for _ in range(FEED_LIMIT["limit"]):
        assert client.get(busy).status_code == 200
    assert client.get(busy).status_code == 429
    assert client.get(other).status_code == 200


# --- Steps the person comes along to as someone's ally ---------------------------------
def test_a_step_the_person_said_they_would_come_to_is_in_their_feed(alice, bob):
    scheduled, link = ally_step(alice, bob)

    events = events_of(feed_for(bob))

    event = events[f"ally-{scheduled.pk}-{link.pk}@localhost"]
    assert str(event["SUMMARY"]) == "Coming along: Coffee at the corner café with Alice"
    assert event.decoded("DTSTART") == scheduled.starts_at.replace(microsecond=0)
    # The owner's exit strategy is hers alone, whatever her own feed shows.
    assert "leave" not in str(event.get("DESCRIPTION", "")).lower()


@pytest.mark.parametrize("why", ["cannot", "no answer", "link ended", "contact unlinked"])
def test_an_ally_step_is_absent_without_a_live_link_and_a_coming_answer(alice, bob, why):
    scheduled, link = ally_step(alice, bob, answer=None if why == "no answer" else "coming")
    if why == "cannot":
        AllyResponse.objects.filter(link=link).update(answer="cannot")
    elif why == "link ended":
        SupporterLink.objects.filter(pk=link.pk).update(ended_at=timezone.now(), ended_by="owner")
    elif why == "contact unlinked":
        scheduled.step.ally.supporter_link = None
        scheduled.step.ally.save()

    assert events_of(feed_for(bob)) == {}


def test_a_supporter_who_is_not_the_ally_sees_nothing_of_the_step(alice, bob, carol):
    scheduled, _link = ally_step(alice, bob)
    # Carol supports Alice too, and even answered, but she is not the step's ally.
    carol_link = SupporterLink.objects.create(
        owner=alice, supporter=carol, relationship="friend", created_at=timezone.now()
    )
    AllyResponse.objects.create(
        scheduled_step=scheduled, link=carol_link, answer="coming", answered_at=timezone.now()
    )
    assert events_of(feed_for(carol)) == {}


# --- Queries ----------------------------------------------------------------------------
def test_the_feed_takes_the_same_queries_for_many_steps_as_for_one(
    alice, django_assert_num_queries
):
    url = feed_for(alice)
    scheduled_for(alice)
    supporter = UserFactory()
    ally_step(UserFactory(display_name="Dana"), supporter)

    # The feed with its owner, the fetch note, own steps, ally steps.
    with django_assert_num_queries(4):
        fetch(url)

    now = timezone.now()
    for n in range(40):
        scheduled_for(alice, title=f"Step {n}", starts_at=now + timedelta(hours=n))
    for n in range(5):
        ally_step(UserFactory(display_name=f"Friend {n}"), alice, title=f"Walk {n}")

    with django_assert_num_queries(4):
        response = fetch(url)
    assert len(parse(response).walk("VEVENT")) == 46
