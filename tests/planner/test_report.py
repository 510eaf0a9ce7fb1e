"""The report a person prints or takes to a clinician: what it holds, for which days,
and who may make it (issue 16, item 8). The PDF's own tests are in test_report_pdf.py."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner import rules
from planner.demo.progress import years_of_history
from planner.models import CheckIn, Win
from tests.accounts.reauth_support import STALE, is_reauth_redirect, later
from tests.factories import (
    AttemptFactory,
    CheckInFactory,
    GoalFactory,
    JournalEntryFactory,
    MeasureResponseFactory,
    StepFactory,
    WinFactory,
)
from tests.pages import assert_shows
from tests.planner.safety_support import fill_plan

pytestmark = pytest.mark.django_db
VIEW = reverse("planner:report_view")
FORM = reverse("planner:report")
EVERYTHING = ["ladders", "forecasts", "checkins", "measures", "wins", "safety"]
# What each section shows of May's history (below), and nothing else does.
SHOWS = {
    "ladders": '<th scope="row">Hum along at the back</th><td>60</td><td>2</td>',
    "forecasts": "<td>70</td><td>35</td>",
    "checkins": "Check-in averages",
    "measures": "Published cut-off: under 12",
    "wins": "Stayed for the whole rehearsal",
    "safety": "Staying in bed past noon",
}


def at(day: date, hour: int, zone="America/New_York") -> datetime:
    return rules.local_to_utc(day, datetime.min.time().replace(hour=hour), zone)


@pytest.fixture
def may(alice, frozen):
    """Alice's May (she lives in New York): a step tried twice, a check-in, an LSNS-6
    under its cut-off, a win and a safety plan; and a journal entry that no report shows."""
    step = StepFactory(
        goal=GoalFactory(owner=alice, title="Join the choir"),
        title="Hum along at the back",
        predicted_suds=60,
    )
    AttemptFactory(
        step=step, predicted_peak=70, suds_peak=35, happened_at=at(date(2026, 5, 12), 19)
    )
    AttemptFactory(
        step=step, predicted_peak=65, suds_peak=25, happened_at=at(date(2026, 5, 19), 19)
    )
    CheckInFactory(owner=alice, period_start=date(2026, 5, 13), mood=4, distress=33, interactions=3)
    MeasureResponseFactory(
        owner=alice, kind="lsns6", answers=[2, 2, 2, 2, 1, 1], taken_at=at(date(2026, 5, 2), 10)
    )
    WinFactory(
        owner=alice, text="Stayed for the whole rehearsal", happened_at=at(date(2026, 5, 19), 21)
    )
    fill_plan(alice)
    JournalEntryFactory(owner=alice, text="Journal words no report shows")
    return step


def query(include, start="2026-05-01", end="2026-05-31") -> dict:
    return {"start": start, "end": end, "include": include}


def test_every_ticked_section_shows_its_part_of_the_range(alice_client, may):
    html = assert_shows(alice_client.get(VIEW, query(EVERYTHING)), *SHOWS.values())

    assert "Alice’s report, 1 May 2026 to 31 May 2026" in html
    # Forecast against outcome, row by row, and summed up in words.
    assert "2 steps logged, 2 felt easier than expected" in html
    assert "<td>70</td><td>35</td>" in html
    # The check-in's week (of May 11) with its averages; the measure under its cut-off.
    assert '<th scope="row">May 11</th><td>1</td><td>4.0</td><td>33</td><td>3</td>' in html
    assert "10 (under the cut-off)" in html
    assert "Lubben et al. (2006)" in html
    assert "Journal words no report shows" not in html


@pytest.mark.parametrize("section", EVERYTHING)
def test_an_unticked_section_is_left_out(alice_client, may, section):
    html = assert_shows(alice_client.get(VIEW, query([section])), SHOWS[section])

    others = [words for key, words in SHOWS.items() if key != section]
    assert [words for words in others if words in html] == []


def test_only_the_chosen_days_count_in_the_persons_own_zone(alice_client, alice, may):
    # 23:30 on 30 April and 00:30 on 1 June in New York: in UTC the first is already
    # May and the second still May, so a report that used UTC days would show them.
    step = StepFactory(goal=may.goal, title="Sing a line alone", predicted_suds=80)
    for moment in (at(date(2026, 4, 30), 23) + timedelta(minutes=30), at(date(2026, 6, 1), 0)):
        AttemptFactory(step=step, predicted_peak=90, suds_peak=88, happened_at=moment)
        WinFactory(owner=alice, text=f"Outside win {moment:%m-%d}", happened_at=moment)
    MeasureResponseFactory(
        owner=alice, kind="lsns6", answers=[5] * 6, taken_at=at(date(2026, 6, 1), 1)
    )
    # The check-in of 30 April falls in the week of 27 April, as does 1 May's.
    CheckInFactory(owner=alice, period_start=date(2026, 4, 30), mood=1, distress=97, interactions=0)
    CheckInFactory(owner=alice, period_start=date(2026, 5, 1), mood=5, distress=11, interactions=2)

    html = assert_shows(alice_client.get(VIEW, query(EVERYTHING)), "Hum along at the back")

    assert "<td>90</td><td>88</td>" not in html
    assert "Outside win" not in html
    assert "1 Jun 2026" not in html and "30 Apr 2026" not in html
    assert '<th scope="row">Apr 27</th><td>1</td><td>5.0</td><td>11</td><td>2</td>' in html
    # A cell, not the bare digits: a CSRF token or a nonce can hold "97" by chance.
    assert "<td>97</td>" not in html
    # The ladder still lists the step, tried no times in May.
    assert '<th scope="row">Sing a line alone</th><td>80</td><td>0</td>' in html


def test_it_starts_with_the_last_three_months_and_everything_but_the_safety_plan(
    alice_client, frozen
):
    html = assert_shows(alice_client.get(FORM), "A report to print or share")

    assert 'name="start" value="2026-03-11"' in html and 'name="end" value="2026-06-10"' in html
    checked = {key for key in EVERYTHING if f'value="{key}"' in html and _checked(html, key)}
    assert checked == set(EVERYTHING) - {"safety"}


def _checked(html: str, key: str) -> bool:
    tag = html[html.index(f'value="{key}"') :]
    return "checked" in tag[: tag.index(">")]


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        ("2026-05-31", "2026-05-01", "The last day comes before the first"),
        ("2024-01-01", "2026-05-01", "A report covers up to two years"),
        ("2026-07-01", "2026-07-31", "The first day is still to come"),
        ("31/05/2026", "2026-05-01", "Please give the first day as a date"),
        ("", "2026-05-01", "Please choose the first day"),
    ],
)
def test_a_range_that_cannot_be_made_is_explained_and_kept(alice_client, may, start, end, said):
    response = alice_client.get(VIEW, query(["wins"], start=start, end=end))

    html = assert_shows(response, said, "Make the report")
    assert f'value="{end}"' in html
    assert "Stayed for the whole rehearsal" not in html


def test_nothing_ticked_is_explained(alice_client, may):
    response = alice_client.get(VIEW, {"start": "2026-05-01", "end": "2026-05-31"})

    assert_shows(response, "Please tick at least one thing to include.")


def test_ten_years_cost_the_same_queries_as_one_month(alice_client, alice, may):
    url_query = query(EVERYTHING, start="2024-06-11", end="2026-06-10")
    with CaptureQueriesContext(connection) as small:
        assert_shows(alice_client.get(VIEW, url_query))
    today = rules.local_date(timezone.now(), alice.zone)
    CheckIn.objects.filter(owner=alice).delete()  # the history brings one a day
    years_of_history(alice, years=3, today=today)
    Win.objects.bulk_create(
        Win(owner=alice, text=f"Win {n}", happened_at=timezone.now() - timedelta(days=n))
        for n in range(400)
    )
    with CaptureQueriesContext(connection) as veteran:
        html = assert_shows(alice_client.get(VIEW, url_query), "Win 3", "Hum along at the back")

    assert "The latest 40 are shown." in html
    assert len(veteran) == len(small), "\n".join(q["sql"] for q in veteran.captured_queries)


def test_the_safety_plan_asks_for_the_password_again_and_the_rest_does_not(client, alice, may):
    client.force_login(alice)
    with later(STALE):
        without = client.get(VIEW, query(["ladders", "wins"]))
        with_plan = client.get(VIEW, query(["ladders", "safety"]))

    assert_shows(without, "Stayed for the whole rehearsal")
    assert is_reauth_redirect(with_plan)
    assert "Staying in bed past noon" not in with_plan.content.decode()


def test_the_pdf_always_asks_for_the_password_again(client, alice, may):
    client.force_login(alice)
    with later(STALE):
        response = client.get(reverse("planner:report_pdf"), query(["wins"]))

    assert is_reauth_redirect(response)


@pytest.mark.parametrize("name", ["planner:report", "planner:report_view"])
def test_no_cache_keeps_a_copy(alice_client, may, name):
    response = alice_client.get(reverse(name), query(EVERYTHING))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_stranger_cannot_make_anyone_elses_report(client, carol, may):
    client.force_login(carol)
    html = assert_shows(client.get(VIEW, query(["ladders", "forecasts", "wins"])), "Carol’s report")

    assert "Hum along at the back" not in html
    assert "Stayed for the whole rehearsal" not in html


def test_a_datetime_in_utc_is_shown_on_the_persons_own_day(alice_client, alice, may):
    # 02:00 UTC on 20 May is still the evening of 19 May in New York.
    WinFactory(
        owner=alice, text="Late call with Mum", happened_at=datetime(2026, 5, 20, 2, tzinfo=UTC)
    )

    html = assert_shows(alice_client.get(VIEW, query(["wins"])), "Late call with Mum")

    assert "19 May 2026:</span> Late call with Mum" in html
