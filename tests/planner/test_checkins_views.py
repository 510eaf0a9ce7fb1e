"""Logging a check-in: in place with htmx or as a page, once per period."""

import re
from datetime import UTC, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from planner import rules
from planner.models import CheckIn, CheckInSettings, Tag
from planner.services import checkins as services
from tests.factories import CheckInFactory
from tests.pages import assert_shows
from tests.planner.checkins_support import HTMX, queries_for, years_of_checkins

pytestmark = pytest.mark.django_db
URL = "/check-in/"
GOOD = {
    "mood": "4",
    "distress": "3",  # the tap scale, 0 (calm) to 10 (very hard): stored as 30
    "energy": "3",
    "interactions": "2",
    "tags": ["crowds"],
    "new_tags": "Bus stop, crowds",
    "note": "Chatted with the baker.",
}


def _today(owner):
    return rules.local_date(timezone.now(), owner.zone)


def log(owner, now, **extra):
    values = {"mood": 3, "distress": 20, "energy": 3, "interactions": 1, **extra}
    return services.checkin_log(owner=owner, now=now, **values)


def test_the_url_is_check_in():
    assert reverse("planner:checkin") == URL


def test_the_page_offers_moods_as_words_and_faces_and_the_suggested_tags(alice_client):
    html = alice_client.get(URL).content.decode()
    for word in ("Very low", "Low", "Okay", "Good", "Very good"):
        assert word in html
    assert html.count('<svg class="face"') == 5  # a drawn face beside each word
    for tag in ("crowds", "noise", "conflict", "being watched", "anniversaries"):
        assert tag in html
    assert "<html" in html


def test_a_check_in_logged_with_htmx_comes_back_in_place_and_is_saved(alice, alice_client):
    response = alice_client.post(URL, GOOD, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="checkin-panel"' in html
    assert "Thank you for checking in." in html
    checkin = CheckIn.objects.get(owner=alice)
    assert (checkin.mood, checkin.distress, checkin.energy, checkin.interactions) == (4, 30, 3, 2)
    assert checkin.note == "Chatted with the baker."
    assert sorted(t.name for t in checkin.tags.all()) == ["Bus stop", "crowds"]


def test_without_javascript_a_check_in_saves_and_returns_to_the_page(alice, alice_client):
    response = alice_client.post(URL, GOOD)
    assert response.status_code == 302
    assert response.url == URL
    assert "Thank you for checking in." in alice_client.get(URL).content.decode()


def test_a_second_check_in_the_same_day_edits_the_first(alice, alice_client):
    alice_client.post(URL, GOOD, **HTMX)
    html = alice_client.post(URL, {**GOOD, "mood": "2", "note": ""}, **HTMX).content.decode()
    assert "Updated this check-in." in html
    assert CheckIn.objects.filter(owner=alice).count() == 1
    assert CheckIn.objects.get(owner=alice).mood == 2


def test_the_page_shows_this_periods_check_in_ready_to_edit(alice, alice_client):
    alice_client.post(URL, GOOD)
    html = alice_client.get(URL).content.decode()
    assert "you've checked in" in html
    assert "Save changes" in html
    assert 'id="checkin_mood_3" checked' in html  # "Good", the saved mood


@pytest.mark.parametrize("chip", ["11", "55", "-1", "three", "3.5"])
def test_a_distress_chip_outside_0_to_10_is_refused_kindly_and_keeps_the_rest(alice_client, chip):
    typed = {**GOOD, "distress": chip, "interactions": "4", "note": "Kept <b>this</b> note"}
    html = alice_client.post(URL, typed, **HTMX).content.decode()
    assert "Please tap one of the numbers from 0 (calm) to 10 (very hard)." in html
    assert 'aria-invalid="true"' in html
    assert "Kept &lt;b&gt;this&lt;/b&gt; note" in html
    assert 'id="checkin_mood_3" checked' in html  # "Good" stays picked
    assert 'value="4"' in html  # the stepper keeps its number
    assert not CheckIn.objects.exists()
    assert not Tag.objects.exists()


def test_distress_is_a_tap_scale_of_eleven_chips_in_a_named_group(alice_client):
    html = alice_client.get(URL).content.decode()
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>How much distress right now\?", html)
    chips = re.findall(r'<input type="radio" name="distress" value="(\d+)"', html)
    assert chips == [str(n) for n in range(11)]
    # The words at the ends are part of the first and last chips' names.
    assert re.search(r'value="0"[^>]*>\s*0 <span class="visually-hidden">\(calm\)</span>', html)
    assert re.search(
        r'value="10"[^>]*>\s*10 <span class="visually-hidden">\(very hard\)</span>', html
    )


def test_a_tapped_chip_is_stored_on_the_0_to_100_distress_scale(alice, alice_client):
    alice_client.post(URL, {**GOOD, "distress": "10"}, **HTMX)
    assert CheckIn.objects.get(owner=alice).distress == 100
    alice_client.post(URL, {**GOOD, "distress": "0"}, **HTMX)
    assert CheckIn.objects.get(owner=alice).distress == 0


def test_an_older_check_in_shows_its_distress_on_the_nearest_chip(alice, alice_client):
    CheckInFactory(owner=alice, distress=35, period_start=_today(alice))
    html = alice_client.get(URL).content.decode()
    assert re.search(r'value="4"[^>]*checked', html)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-1", "Please give 0 or more."),
        ("201", "Please give a number up to 200."),
        ("", "Please give a number; 0 is a fine answer."),
        ("two", "Please give a whole number, like 2."),
    ],
)
def test_the_people_stepper_keeps_to_its_bounds_and_keeps_what_was_typed(
    alice_client, typed, message
):
    html = alice_client.post(URL, {**GOOD, "interactions": typed}, **HTMX).content.decode()
    assert message in html
    assert f'name="interactions" value="{typed}"' in html or typed == ""
    assert not CheckIn.objects.exists()


def test_the_stepper_is_a_number_field_that_works_without_javascript(alice_client):
    html = alice_client.get(URL).content.decode()
    field = re.search(r'<input type="number" name="interactions"[^>]*>', html).group()
    assert 'min="0"' in field and 'max="200"' in field
    # The − and + buttons only do anything with JavaScript, so they start hidden.
    buttons = re.findall(r"<button type=\"button\"[^>]*data-stepper-step[^>]*>", html)
    assert len(buttons) == 2 and all(" hidden" in b for b in buttons)
    assert "<script>" not in html  # static files only: the CSP allows no inline script


def test_save_comes_right_after_the_four_questions_and_the_extras_fold_away(alice_client):
    html = alice_client.get(URL).content.decode()
    save = html.index("Save check-in")
    for core in ('name="mood"', 'name="distress"', 'name="energy"', 'name="interactions"'):
        assert html.index(core) < save
    more = re.search(r"<details class=\"checkin-more\">\s*<summary>Add more", html)
    assert more and save < more.start()
    for extra in ('name="tags"', 'name="new_tags"', 'name="note"'):
        assert html.index(extra) > more.start()


def test_a_problem_in_the_extras_opens_them_so_the_message_is_seen(alice_client):
    html = alice_client.post(URL, {**GOOD, "note": "x" * 2001}, **HTMX).content.decode()
    assert re.search(r'<details class="checkin-more"[^>]*open', html)
    assert "Please keep it to 2000 characters" in html


def test_a_missing_mood_asks_kindly(alice_client):
    html = alice_client.post(URL, {**GOOD, "mood": ""}).content.decode()
    assert "Please pick the mood closest to how you are." in html


def test_a_new_tag_joins_the_persons_own_list_once_whatever_its_case(alice):
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    log(alice, now, tags=["Noise", "noise", " NOISE "])
    assert list(Tag.objects.filter(owner=alice).values_list("name", flat=True)) == ["Noise"]


def test_check_ins_either_side_of_local_midnight_on_the_spring_night_are_two(alice):
    # Alice is in New York: clocks go forward at 02:00 on 8 March 2026.
    log(alice, datetime(2026, 3, 8, 4, 30, tzinfo=UTC))  # 23:30 on the 7th
    log(alice, datetime(2026, 3, 8, 5, 30, tzinfo=UTC))  # 00:30 on the 8th
    log(alice, datetime(2026, 3, 9, 3, 30, tzinfo=UTC))  # 23:30 EDT, still the 8th
    days = list(CheckIn.objects.order_by("period_start").values_list("period_start", flat=True))
    assert [str(d) for d in days] == ["2026-03-07", "2026-03-08"]


def test_a_weekly_rhythm_keeps_one_check_in_for_the_whole_week(alice):
    services.checkin_settings_update(owner=alice, rhythm="weekly", weekday=6, at=time(19))
    log(alice, datetime(2026, 3, 9, 15, tzinfo=UTC), mood=2)
    _, created = log(alice, datetime(2026, 3, 14, 15, tzinfo=UTC), mood=4)
    assert not created
    assert CheckIn.objects.get(owner=alice).mood == 4


def test_the_settings_page_changes_the_rhythm(alice, alice_client):
    response = alice_client.post(
        "/check-in/settings/", {"rhythm": "weekly", "weekday": "4", "at": "18:30"}
    )
    assert response.status_code == 302
    settings = CheckInSettings.objects.get(owner=alice)
    assert (settings.rhythm, settings.weekday, settings.at) == ("weekly", 4, time(18, 30))
    html = alice_client.get(URL).content.decode()
    assert "once a week, on Fridays" in html


def test_the_settings_page_keeps_a_bad_time_and_says_why(alice, alice_client):
    html = alice_client.post(
        "/check-in/settings/", {"rhythm": "daily", "weekday": "6", "at": "half eight"}
    ).content.decode()
    assert "Please give a time like 20:00." in html
    assert 'value="half eight"' in html
    assert not CheckInSettings.objects.exists()


def test_the_settings_page_shows_the_current_choice(alice_client):
    html = alice_client.get("/check-in/settings/").content.decode()
    assert 'value="20:00"' in html


def test_carol_never_sees_alices_check_ins(alice, carol, client):
    CheckInFactory(owner=alice, note="Alice's private note")
    client.force_login(carol)
    html = client.get(URL).content.decode()
    assert "Alice's private note" not in html


def test_the_note_is_encrypted_at_rest(alice):
    from django.db import connection

    log(alice, datetime(2026, 5, 1, 12, tzinfo=UTC), note="Felt brave today")
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM planner_checkin")
        (raw,) = cursor.fetchone()
    assert "brave" not in raw


def test_three_years_of_daily_check_ins_do_not_change_the_pages_query_count(alice, alice_client):
    CheckInFactory(owner=alice)
    few = queries_for(alice_client, URL)
    years_of_checkins(alice)
    many = queries_for(alice_client, URL, expect=['class="checkin-item__note">day 2<'])
    assert len(many) == len(few), "\n".join(many)


def test_a_logged_check_in_costs_the_same_queries_with_three_years_behind_it(alice, alice_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alice_client.post(URL, GOOD, **HTMX)
    with CaptureQueriesContext(connection) as few:
        assert_shows(alice_client.post(URL, GOOD, **HTMX))
    years_of_checkins(alice)
    with CaptureQueriesContext(connection) as many:
        response = alice_client.post(URL, GOOD, **HTMX)
    assert_shows(response, "Updated this check-in.", 'class="checkin-item__note">day 2<')
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


def test_once_checked_in_the_page_points_to_the_next_periods_prompt(alice):
    from planner.selectors.checkins import checkin_page

    now = datetime(2026, 5, 1, 14, tzinfo=UTC)  # 10:00 in New York
    assert checkin_page(owner=alice, now=now).next_prompt == datetime(2026, 5, 2, 0, tzinfo=UTC)
    log(alice, now)
    page = checkin_page(owner=alice, now=now)
    assert page.next_prompt == datetime(2026, 5, 3, 0, tzinfo=UTC)  # tomorrow, 20:00 EDT
    assert not page.due
