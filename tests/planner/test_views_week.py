"""The week view: days in the person's zone and locale, scheduling, moving, cancelling,
rest days, the capacity question and pausing everything."""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner import rules
from planner.demo.week import year_of_history
from planner.models import Goal, PlanSettings, RestDay, ScheduledStep
from tests.factories import ScheduledStepFactory, StepFactory
from tests.pages import assert_shows

# The pages read the clock: "this week", "within a year of today", the fixed dates of
# New York's clock changes in 2026. Frozen on a Wednesday in June 2026, they all hold.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
HTMX = {"HX-Request": "true"}


def today_for(person) -> date:
    return rules.local_date(timezone.now(), person.zone)


def at(person, day: date, hour: int, minute: int = 0):
    return rules.local_to_utc(day, time(hour, minute), person.zone)


def week_of(person, day: date) -> str:
    start = rules.week_start(day, sunday_first=person.week_starts_on_sunday)
    return reverse("planner:week_of", args=[start.year, start.month, start.day])


@pytest.fixture
def step(alice):
    return StepFactory(goal__owner=alice, title="Say hello to a neighbour", planned_minutes=15)


def schedule_data(step, day: date, hour="18:30", **extra):
    return {"step": step.pk, "day": day.isoformat(), "at": hour, "planned_minutes": "", **extra}


# --- The week itself ------------------------------------------------------------------
def test_the_week_starts_on_sunday_for_a_us_locale_and_monday_for_an_irish_one(alice_client, alice):
    html = alice_client.get(reverse("planner:week_of", args=[2026, 3, 4])).content.decode()
    assert html.index("Sunday, March 1") < html.index("Saturday, March 7")
    assert "Sunday, March 8" not in html

    alice.locale = "en-IE"
    alice.save()
    html = alice_client.get(reverse("planner:week_of", args=[2026, 3, 4])).content.decode()
    assert html.index("Monday 2 March") < html.index("Sunday 8 March")
    assert "Sunday 1 March" not in html


def test_a_step_shows_on_its_local_day_at_its_local_time(alice_client, alice, step):
    # 01:30 UTC on 5 March is 20:30 on 4 March in New York.
    ScheduledStepFactory(step=step, starts_at=at(alice, date(2026, 3, 4), 20, 30))
    html = alice_client.get(reverse("planner:week_of", args=[2026, 3, 4])).content.decode()
    wednesday = html[html.index("Wednesday, March 4") : html.index("Thursday, March 5")]
    assert "Say hello to a neighbour" in wednesday
    assert "8:30 PM" in wednesday


def test_this_week_is_the_default_and_links_to_the_weeks_either_side(alice_client, alice):
    html = alice_client.get(reverse("planner:week")).content.decode()
    assert "This week" in html
    start = rules.week_start(today_for(alice), sunday_first=True)
    for day in (start - timedelta(days=7), start + timedelta(days=7)):
        assert reverse("planner:week_of", args=[day.year, day.month, day.day]) in html


def test_any_day_of_a_week_shows_that_week(alice_client):
    html = alice_client.get(reverse("planner:week_of", args=[2026, 3, 6])).content.decode()
    assert "Week of Sunday, March 1" in html


def test_a_day_that_does_not_exist_is_not_found(alice_client):
    assert alice_client.get("/week/2026-2-30/").status_code == 404


def test_htmx_navigation_gets_only_the_week_region(alice_client):
    response = alice_client.get(reverse("planner:week_of", args=[2026, 3, 4]), headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="week"')
    assert "<html" not in html and "Week of Sunday, March 1" in html


def test_a_week_shows_planned_against_capacity(alice_client, alice, step):
    day = date(2026, 3, 4)
    ScheduledStepFactory(step=step, starts_at=at(alice, day, 18))
    ScheduledStepFactory(
        step=step, starts_at=at(alice, day, 19), status=ScheduledStep.Status.CANCELLED
    )
    html = alice_client.get(week_of(alice, day)).content.decode()
    assert "1 of 3 steps planned" in html
    assert "Not this time" in html


# --- Scheduling ---------------------------------------------------------------------------
def test_scheduling_stores_the_moment_in_utc_and_shows_it_in_its_week(alice_client, alice, step):
    day = today_for(alice) + timedelta(days=2)
    response = alice_client.post(
        reverse("planner:scheduled_step_create"), schedule_data(step, day, "18:30")
    )
    scheduled = ScheduledStep.objects.get()
    assert scheduled.starts_at == at(alice, day, 18, 30)
    assert scheduled.planned_minutes == 15  # the step's own length, left empty
    assert response.url == f"{week_of(alice, day)}#scheduled-{scheduled.pk}"
    assert "Planned: Say hello to a neighbour." in alice_client.get(response.url).content.decode()


def test_a_fourth_step_in_a_week_asks_first_and_keeps_it_when_confirmed(alice_client, alice, step):
    start = rules.week_start(today_for(alice) + timedelta(days=7), sunday_first=True)
    for n in range(3):
        ScheduledStepFactory(step=step, starts_at=at(alice, start + timedelta(days=n), 18))
    data = schedule_data(step, start + timedelta(days=4))

    html = alice_client.post(reverse("planner:scheduled_step_create"), data).content.decode()
    assert "This is more than you planned for; keep it?" in html
    assert "You chose 3 steps a week; this would make 4." in html
    assert ScheduledStep.objects.count() == 3

    response = alice_client.post(
        reverse("planner:scheduled_step_create"), data | {"confirmed": "true"}
    )
    assert response.status_code == 302
    assert ScheduledStep.objects.count() == 4


def test_choosing_to_change_it_brings_the_form_back_as_typed(alice_client, alice, step):
    day = today_for(alice) + timedelta(days=3)
    ScheduledStepFactory(step=step, starts_at=at(alice, day, 9))
    data = schedule_data(step, day, "17:45") | {"change": "1"}
    html = alice_client.post(reverse("planner:scheduled_step_create"), data).content.decode()
    assert 'value="17:45"' in html and f'value="{day.isoformat()}"' in html
    assert ScheduledStep.objects.count() == 1


def test_a_second_step_on_a_day_and_a_rest_day_both_ask_first(alice_client, alice, step):
    day = today_for(alice) + timedelta(days=3)
    ScheduledStepFactory(step=step, starts_at=at(alice, day, 9))
    html = alice_client.post(
        reverse("planner:scheduled_step_create"), schedule_data(step, day)
    ).content.decode()
    assert "You chose at most 1 step a day; this would make 2 that day." in html

    RestDay.objects.create(owner=alice, day=day + timedelta(days=1))
    html = alice_client.post(
        reverse("planner:scheduled_step_create"), schedule_data(step, day + timedelta(days=1))
    ).content.decode()
    assert "You marked that day as a rest day." in html
    assert ScheduledStep.objects.count() == 1


def test_a_time_the_clocks_skip_gets_a_message_beside_the_time(alice_client, step):
    # New York springs forward from 02:00 to 03:00 on 8 March 2026.
    data = schedule_data(step, date(2026, 3, 8), "02:30")
    response = alice_client.post(reverse("planner:scheduled_step_create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "the clocks in New York jump from 2:00 AM to 3:00 AM" in html
    assert "2:30 AM doesn&#x27;t happen" in html
    assert 'id="schedule_at_error"' in html and 'value="02:30"' in html
    assert not ScheduledStep.objects.exists()


def test_a_time_that_happens_twice_uses_the_first_and_says_so(alice_client, alice, step):
    data = schedule_data(step, date(2026, 11, 1), "01:30")
    response = alice_client.post(reverse("planner:scheduled_step_create"), data, follow=True)
    assert ScheduledStep.objects.get().starts_at.isoformat() == "2026-11-01T05:30:00+00:00"
    assert "we&#x27;ve kept the first one" in response.content.decode()


def test_another_persons_step_gets_a_message_and_changes_nothing(alice_client, carol, step):
    carols = StepFactory(goal__owner=carol)
    data = schedule_data(carols, date(2026, 3, 4))
    html = alice_client.post(reverse("planner:scheduled_step_create"), data).content.decode()
    assert "Please pick one of your own steps from the list." in html
    assert not ScheduledStep.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("planned_minutes", "-5", "Please plan at least 1 minute."),
        ("planned_minutes", "99999", "That is more than a day"),
        ("day", "2031-01-01", "Please pick a day within a year of today."),
        ("day", "not a day", "Please give the day as a date"),
        ("at", "25:99", "Please give the time as hours and minutes"),
    ],
)
def test_bad_input_keeps_what_was_typed_and_changes_nothing(
    alice_client, step, field, value, message
):
    data = schedule_data(step, today_for(step.goal.owner)) | {field: value}
    html = alice_client.post(reverse("planner:scheduled_step_create"), data).content.decode()
    assert message in html
    assert f'value="{value}"' in html
    assert not ScheduledStep.objects.exists()


def test_steps_of_paused_goals_are_not_offered(alice_client, alice, step):
    StepFactory(goal__owner=alice, goal__status=Goal.Status.PAUSED, title="Join the choir")
    html = alice_client.get(reverse("planner:scheduled_step_create")).content.decode()
    assert "Say hello to a neighbour" in html and "Join the choir" not in html


def test_a_link_can_prefill_a_smaller_version_of_a_step(alice_client, step):
    url = reverse("planner:scheduled_step_create") + f"?step={step.pk}&minutes=7"
    html = alice_client.get(url).content.decode()
    assert f'<option value="{step.pk}" selected>' in html
    assert 'name="planned_minutes" value="7"' in html


# --- Moving, cancelling, rest days --------------------------------------------------------
def test_moving_a_step_is_one_form_and_it_lands_on_the_new_day(alice_client, alice, step):
    day = today_for(alice) + timedelta(days=2)
    scheduled = ScheduledStepFactory(step=step, starts_at=at(alice, day, 18))
    url = reverse("planner:scheduled_step_reschedule", args=[scheduled.pk])
    html = alice_client.get(url).content.decode()
    assert 'value="18:00"' in html

    new_day = day + timedelta(days=1)
    data = {"day": new_day.isoformat(), "at": "10:15", "planned_minutes": "10"}
    response = alice_client.post(url, data)
    scheduled.refresh_from_db()
    assert scheduled.starts_at == at(alice, new_day, 10, 15)
    assert scheduled.planned_minutes == 10
    assert response.url == f"{week_of(alice, new_day)}#scheduled-{scheduled.pk}"


def test_moving_a_step_within_its_own_day_does_not_ask(alice_client, alice, step):
    day = today_for(alice) + timedelta(days=2)
    scheduled = ScheduledStepFactory(step=step, starts_at=at(alice, day, 18))
    url = reverse("planner:scheduled_step_reschedule", args=[scheduled.pk])
    data = {"day": day.isoformat(), "at": "19:00", "planned_minutes": "15"}
    assert alice_client.post(url, data).status_code == 302


def test_not_this_time_is_one_tap_and_a_second_tap_changes_nothing(alice_client, alice, step):
    scheduled = ScheduledStepFactory(step=step)
    url = reverse("planner:scheduled_step_cancel", args=[scheduled.pk])
    html = alice_client.post(url, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<div id="week"')
    assert "Not this time" in html and "0 of 3 steps planned" in html
    assert alice_client.post(url).status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.status == ScheduledStep.Status.CANCELLED


def test_a_step_already_done_stays_done_when_cancelled(alice_client, step):
    scheduled = ScheduledStepFactory(step=step, status=ScheduledStep.Status.DONE)
    alice_client.post(reverse("planner:scheduled_step_cancel", args=[scheduled.pk]))
    scheduled.refresh_from_db()
    assert scheduled.status == ScheduledStep.Status.DONE


def test_cancelling_needs_a_post(alice_client, step):
    scheduled = ScheduledStepFactory(step=step)
    assert (
        alice_client.get(reverse("planner:scheduled_step_cancel", args=[scheduled.pk])).status_code
        == 405
    )


def test_a_rest_day_is_marked_and_unmarked(alice_client, alice):
    day = date(2026, 3, 4)
    url = reverse("planner:rest_day_set")
    html = alice_client.post(
        url, {"day": "2026-03-04", "resting": "true"}, headers=HTMX
    ).content.decode()
    assert "A rest day. Resting is part of the plan." in html
    assert "1 rest day." in html
    alice_client.post(url, {"day": "2026-03-04", "resting": "true"})
    assert RestDay.objects.filter(owner=alice, day=day).count() == 1

    response = alice_client.post(url, {"day": "2026-03-04"})
    assert response.url == f"{week_of(alice, day)}#day-2026-03-04"
    assert not RestDay.objects.exists()


def test_a_rest_day_without_a_day_changes_nothing(alice_client):
    response = alice_client.post(reverse("planner:rest_day_set"), {"day": "soon"}, follow=True)
    assert "Nothing changed." in response.content.decode()
    assert not RestDay.objects.exists()


# --- Plan settings and pausing ------------------------------------------------------------
def test_the_person_can_change_their_weekly_capacity(alice_client, alice, step):
    url = reverse("planner:plan_settings")
    assert 'value="3"' in alice_client.get(url).content.decode()
    alice_client.post(url, {"weekly_capacity": "5", "max_per_day": "2"})
    assert alice.plan_settings.weekly_capacity == 5
    assert "0 of 5 steps planned" in alice_client.get(reverse("planner:week")).content.decode()


@pytest.mark.parametrize(
    ("capacity", "per_day", "message"),
    [
        ("0", "1", "To take a break, use “Pause everything”."),
        ("99", "1", "Please choose 14 or fewer"),
        ("3", "-1", "Please choose at least 1."),
        ("three", "1", "Please give a whole number, from 1 to 14."),
    ],
)
def test_capacity_out_of_range_is_explained_and_nothing_changes(
    alice_client, alice, capacity, per_day, message
):
    html = alice_client.post(
        reverse("planner:plan_settings"), {"weekly_capacity": capacity, "max_per_day": per_day}
    ).content.decode()
    assert message in html
    assert f'value="{capacity}"' in html
    assert not PlanSettings.objects.exists()


def test_pause_everything_and_resume_from_the_week(alice_client, alice, step):
    upcoming = ScheduledStepFactory(step=step)
    alice_client.post(reverse("planner:plan_pause"))
    html = alice_client.get(reverse("planner:week")).content.decode()
    assert "Everything is paused" in html and "Resume my plan" in html
    upcoming.refresh_from_db()
    assert upcoming.status == ScheduledStep.Status.PAUSED

    alice_client.post(reverse("planner:plan_resume"))
    upcoming.refresh_from_db()
    step.goal.refresh_from_db()
    assert upcoming.status == ScheduledStep.Status.PLANNED
    assert step.goal.status == Goal.Status.ACTIVE


# --- Other people's things ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("planner:scheduled_step_card", "get"),
        ("planner:scheduled_step_reschedule", "get"),
        ("planner:scheduled_step_reschedule", "post"),
        ("planner:scheduled_step_cancel", "post"),
    ],
)
def test_carol_gets_404_for_alices_scheduled_step(client, carol, step, name, method):
    scheduled = ScheduledStepFactory(step=step)
    client.force_login(carol)
    response = getattr(client, method)(reverse(name, args=[scheduled.pk]))
    assert response.status_code == 404
    scheduled.refresh_from_db()
    assert scheduled.status == ScheduledStep.Status.PLANNED


def test_carols_week_shows_nothing_of_alices(client, carol, step):
    ScheduledStepFactory(step=step)
    client.force_login(carol)
    assert "Say hello to a neighbour" not in client.get(reverse("planner:week")).content.decode()


def test_the_card_answers_htmx_with_itself_and_a_browser_with_its_week(alice_client, alice, step):
    scheduled = ScheduledStepFactory(step=step)
    url = reverse("planner:scheduled_step_card", args=[scheduled.pk])
    html = alice_client.get(url, headers=HTMX).content.decode()
    assert html.lstrip().startswith(
        f'<article class="step-card step-card--planned" id="scheduled-{scheduled.pk}"'
    )
    assert alice_client.get(url).url.endswith(f"#scheduled-{scheduled.pk}")


def test_typed_titles_are_shown_escaped(alice_client, alice):
    step = StepFactory(goal__owner=alice, title="<script>alert(1)</script>")
    ScheduledStepFactory(step=step)
    for headers in ({}, HTMX):
        html = alice_client.get(reverse("planner:week"), headers=headers).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Queries ------------------------------------------------------------------------------
def _count(client, url, *, shows=(), **kwargs) -> CaptureQueriesContext:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert_shows(response, *shows)
    return queries


@pytest.mark.parametrize("htmx", [False, True])
def test_the_week_takes_as_many_queries_after_a_year_of_daily_logs_as_on_day_one(
    alice_client, alice, htmx
):
    url = reverse("planner:week")
    headers = HTMX if htmx else {}
    new = _count(alice_client, url, headers=headers)

    year_of_history(alice, goals=20, today=today_for(alice))
    step = alice.goals.first().steps.first()
    for n in range(3):  # and a full week, so every card has its readiness and offers
        ScheduledStepFactory(step=step, starts_at=timezone.now() + timedelta(hours=n + 1))
    # Every grown step is called "Goal N, step M": whatever the day, some are in this
    # week (yesterday's, done, or the three planned just ahead).
    veteran = _count(alice_client, url, shows=[", step "], headers=headers)
    assert len(veteran) == len(new), "\n".join(q["sql"] for q in veteran.captured_queries)


def test_a_rest_day_set_in_place_says_so_for_the_live_region(alice_client):
    from django.urls import reverse

    html = alice_client.post(
        reverse("planner:rest_day_set"),
        {"day": "2026-05-02", "resting": "true"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "data-announce>Saturday 2 May is a rest day.</p>" in html
