from datetime import timedelta

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner.models import MeasureResponse
from tests.factories import MeasureResponseFactory
from tests.pages import assert_shows

LIST = reverse("planner:measures")
UCLA = reverse("planner:measure_take", args=["ucla3"])
LSNS = reverse("planner:measure_take", args=["lsns6"])
LSNS_11 = {
    "family_contact": "2",
    "family_private": "1",
    "family_help": "1",
    "friends_contact": "3",
    "friends_private": "2",
    "friends_help": "2",
}


def test_the_questions_are_shown_with_their_published_answers(alice_client):
    html = alice_client.get(UCLA).content.decode()
    assert "How often do you feel that you lack companionship?" in html
    assert "Hardly ever" in html and "Some of the time" in html and "Often" in html
    assert "Not now" in html


def test_answering_the_loneliness_questions_keeps_the_total(alice_client, alice):
    response = alice_client.post(
        UCLA, {"companionship": "3", "left_out": "2", "isolated": "1"}, follow=True
    )
    saved = MeasureResponse.objects.get(owner=alice)
    assert (saved.kind, saved.answers, saved.score) == ("ucla3", [3, 2, 1], 6)
    assert "Your answers are saved" in response.content.decode()


def test_a_network_score_of_11_is_described_gently_not_as_a_grade(alice_client, alice):
    alice_client.post(LSNS, LSNS_11)
    assert MeasureResponse.objects.get(owner=alice).score == 11
    html = alice_client.get(LIST).content.decode()
    assert "fewer people to lean on right now" in html
    assert "fail" not in html.lower()


def test_a_missing_answer_is_marked_beside_the_question_and_keeps_the_others(alice_client, alice):
    answers = {**LSNS_11, "friends_help": ""}
    response = alice_client.post(LSNS, answers)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please choose the answer closest to how it is for you." in html
    assert 'name="family_contact" value="2" required id="id_family_contact_2" checked' in html
    assert not MeasureResponse.objects.filter(owner=alice).exists()


def test_an_answer_off_the_scale_changes_nothing(alice_client, alice):
    alice_client.post(UCLA, {"companionship": "4", "left_out": "2", "isolated": "1"})
    assert not MeasureResponse.objects.exists()


def test_htmx_gets_the_form_back_in_place_and_a_redirect_when_saved(alice_client):
    headers = {"HX-Request": "true"}
    html = alice_client.post(UCLA, {"companionship": "1"}, headers=headers).content.decode()
    assert html.lstrip().startswith('<form id="measure-form"') and "<html" not in html
    response = alice_client.post(
        UCLA, {"companionship": "1", "left_out": "1", "isolated": "1"}, headers=headers
    )
    assert response["HX-Redirect"] == LIST


def test_an_unknown_measure_is_404(alice_client):
    assert alice_client.get(reverse("planner:measure_take", args=["phq9"])).status_code == 404


def test_the_monthly_offer_shows_again_after_about_a_month(alice_client, alice):
    MeasureResponseFactory(owner=alice, taken_at=timezone.now() - timedelta(days=3))
    MeasureResponseFactory(owner=alice, kind="lsns6", taken_at=timezone.now() - timedelta(days=3))
    assert (
        "A few questions, if you'd like"
        not in alice_client.get(reverse("planner:progress")).content.decode()
    )
    # The clock, not the rows, moves on: the answers are what they were.
    with time_machine.travel(timezone.now() + timedelta(days=27)):
        alice_client.force_login(alice)
        assert (
            "A few questions, if you'd like"
            in alice_client.get(reverse("planner:progress")).content.decode()
        )


def test_carol_sees_none_of_alices_answers(client, carol, alice):
    MeasureResponseFactory(owner=alice, answers=[3, 3, 3], score=9)
    client.force_login(carol)
    html = client.get(LIST).content.decode()
    assert "Answer the questions" in html and "Answer again" not in html


def test_the_measures_page_costs_the_same_queries_after_years_of_answers(alice_client, alice):
    MeasureResponseFactory(owner=alice)
    with CaptureQueriesContext(connection) as few:
        assert_shows(alice_client.get(LIST))
    MeasureResponse.objects.bulk_create(
        MeasureResponse(
            owner=alice,
            kind="lsns6",
            answers=[2] * 6,
            score=12,
            taken_at=timezone.now() - timedelta(days=30 * n),
        )
        for n in range(1, 60)
    )
    cache.clear()  # bulk_create bumps no version: both visits read afresh
    with CaptureQueriesContext(connection) as many:
        response = alice_client.get(LIST)
    assert_shows(response, "Your social network score", "About the same as last time.")
    assert len(many) == len(few)


def test_not_now_quiets_the_monthly_offer_for_a_week(alice_client):
    progress = reverse("planner:progress")
    assert "A few questions, if you'd like" in alice_client.get(progress).content.decode()
    response = alice_client.post(reverse("planner:measures_later"), {"next": progress}, follow=True)
    html = response.content.decode()
    assert "The questions are here whenever you want them." in html
    assert "A few questions, if you'd like" not in html


def test_not_now_in_place_replaces_just_the_offer_and_never_leaves_the_site(alice_client):
    later = reverse("planner:measures_later")
    response = alice_client.post(later, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.content.decode().strip().startswith('<p id="measures-due"')
    response = alice_client.post(later, {"next": "https://elsewhere.example/"})
    assert response["Location"] == reverse("planner:progress")


def test_not_now_in_place_answers_with_a_line_that_takes_focus(alice_client):
    # An empty answer removed the offer and left keyboard focus on the page body.
    html = alice_client.post(
        reverse("planner:measures_later"), headers={"HX-Request": "true"}
    ).content.decode()
    assert '<p id="measures-due"' in html and "data-focus-after-swap" in html
    assert "The questions are here whenever you want them." in html
