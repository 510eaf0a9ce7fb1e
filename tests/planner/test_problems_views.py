from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planner.models import ProblemOption, ProblemWorksheet
from tests.factories import ProblemWorksheetFactory, StepFactory
from tests.pages import assert_shows

NEW = reverse("planner:problem_new")


def _post(**extra) -> dict:
    data = {
        "problem": "The bus is packed at 9.",
        "options-TOTAL_FORMS": "5",
        "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "5",
        "options-MAX_NUM_FORMS": "5",
        "options-0-text": "Earlier bus",
        "options-0-pros": "Quiet",
        "options-0-cons": "Early start",
        "options-1-text": "Walk",
        "chosen": "1",
        "first_move": "Check the timetable tonight",
        "first_move_on": "",
        "outcome": "",
        "review": "",
    }
    return {**data, **extra}


def test_a_worksheet_opened_from_a_step_is_saved_encrypted_with_its_options(alice_client, alice):
    step = StepFactory(goal__owner=alice, title="Community garden")
    assert "Community garden" in alice_client.get(f"{NEW}?step={step.pk}").content.decode()
    response = alice_client.post(NEW, _post(step=str(step.pk)), follow=True)
    worksheet = ProblemWorksheet.objects.get(owner=alice)
    assert worksheet.step == step and worksheet.chosen.text == "Earlier bus"
    assert [o.text for o in worksheet.options.all()] == ["Earlier bus", "Walk"]
    assert "Saved. Come back to it whenever you like." in response.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT problem FROM planner_problemworksheet")
        assert "bus" not in cursor.fetchone()[0]


def test_reviewing_it_later_keeps_the_rest(alice_client, alice):
    alice_client.post(NEW, _post())
    worksheet = ProblemWorksheet.objects.get()
    alice_client.post(
        reverse("planner:problem", args=[worksheet.pk]),
        _post(outcome="partly", review="Better than I feared"),
    )
    worksheet.refresh_from_db()
    assert worksheet.get_outcome_display() == "It helped a bit"
    assert worksheet.review == "Better than I feared" and worksheet.options.count() == 2


def test_an_empty_problem_keeps_every_idea_typed_and_saves_nothing(alice_client):
    html = alice_client.post(NEW, _post(problem="")).content.decode()
    assert "Please write a few words about the problem to start." in html
    assert "Earlier bus" in html and "Check the timetable tonight" in html
    assert not ProblemWorksheet.objects.exists()


def test_choosing_an_empty_option_is_explained_beside_the_choice(alice_client):
    html = alice_client.post(NEW, _post(chosen="4")).content.decode()
    assert "That option is still empty" in html
    assert not ProblemWorksheet.objects.exists()


def test_pros_without_an_idea_ask_for_the_idea(alice_client):
    html = alice_client.post(NEW, _post(**{"options-2-pros": "Cheap"})).content.decode()
    assert "Please name the idea these thoughts belong to." in html and "Cheap" in html


def test_typed_text_is_shown_escaped(alice_client):
    alice_client.post(NEW, _post(problem="<script>x</script>"))
    html = alice_client.get(reverse("planner:problems")).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html


def test_htmx_gets_the_form_in_place_and_a_redirect_when_saved(alice_client):
    headers = {"HX-Request": "true"}
    html = alice_client.post(NEW, _post(problem=""), headers=headers).content.decode()
    assert html.lstrip().startswith('<form id="worksheet-form"') and "<html" not in html
    response = alice_client.post(NEW, _post(), headers=headers)
    assert response["HX-Redirect"] == reverse(
        "planner:problem", args=[ProblemWorksheet.objects.get().pk]
    )


def test_deleting_asks_once_then_removes_it_and_its_options(alice_client, alice):
    alice_client.post(NEW, _post())
    worksheet = ProblemWorksheet.objects.get()
    url = reverse("planner:problem_remove", args=[worksheet.pk])
    assert "Delete this worksheet?" in alice_client.get(url).content.decode()
    alice_client.post(url)
    assert not ProblemWorksheet.objects.exists() and not ProblemOption.objects.exists()


def test_carol_gets_404_for_alices_worksheet_and_cannot_link_her_step(client, carol, alice):
    worksheet = ProblemWorksheetFactory(owner=alice)
    step = StepFactory(goal__owner=alice, title="Alice's step")
    client.force_login(carol)
    assert client.get(reverse("planner:problem", args=[worksheet.pk])).status_code == 404
    assert client.post(reverse("planner:problem", args=[worksheet.pk]), _post()).status_code == 404
    assert client.post(reverse("planner:problem_remove", args=[worksheet.pk])).status_code == 404
    assert "Alice's step" not in client.get(f"{NEW}?step={step.pk}").content.decode()
    client.post(NEW, _post(step=str(step.pk)))
    assert ProblemWorksheet.objects.get(owner=carol).step is None


def test_the_worksheet_list_costs_the_same_queries_with_many_worksheets(alice_client, alice):
    ProblemWorksheetFactory(owner=alice, step=StepFactory(goal__owner=alice))
    with CaptureQueriesContext(connection) as few:
        assert_shows(alice_client.get(reverse("planner:problems")))
    for _ in range(20):
        newest = ProblemWorksheetFactory(owner=alice, step=StepFactory(goal__owner=alice))
    with CaptureQueriesContext(connection) as many:
        response = alice_client.get(reverse("planner:problems"))
    assert_shows(response, newest.step.title)
    assert len(many) == len(few)
