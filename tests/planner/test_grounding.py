import pytest
from django.urls import reverse

from tests.pages import assert_shows

pytestmark = pytest.mark.django_db

URL = reverse("planner:grounding")


def test_the_tools_open_for_anyone_even_signed_out(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    for heading in (
        "Paced breathing",
        "5-4-3-2-1: come back to right here",
        "Letting go of tension",
    ):
        assert heading in html


def test_the_breathing_counts_read_in_words_without_javascript(client):
    html = client.get(URL).content.decode()
    assert 'through your nose for a count of <span data-count="inhale">4</span>.' in html
    assert 'through your mouth for <span data-count="exhale">6</span>' in html
    # The moving pacer waits for its script; sound waits to be asked for.
    assert 'data-pacer data-inhale="4" data-hold="0" data-exhale="6" hidden' in html
    assert 'type="checkbox" data-pacer-sound>' in html


def test_the_pacer_starts_without_a_breath_hold(client):
    """Holding the breath can feel like panic to someone who has had panic attacks: it
    is an option to choose, never where the pacer starts."""
    html = client.get(URL).content.decode()
    assert "<li data-hold-step hidden>Hold it softly" in html
    assert 'name="with_hold" id="id_with_hold">' in html  # unticked
    assert "Add a short hold after breathing in" in html


def test_a_hold_is_there_when_chosen(client):
    html = client.get(URL, {"inhale": "4", "with_hold": "on", "hold": "3", "exhale": "6"})
    html = html.content.decode()
    assert 'data-inhale="4" data-hold="3" data-exhale="6"' in html
    assert '<li data-hold-step>Hold it softly for <span data-count="hold">3</span>.' in html


def test_a_hold_count_without_the_box_ticked_is_no_hold(client):
    html = client.get(URL, {"inhale": "4", "hold": "3", "exhale": "6"}).content.decode()
    assert 'data-inhale="4" data-hold="0" data-exhale="6"' in html


def test_the_pacer_speaks_only_when_asked(client):
    html = client.get(URL).content.decode()
    assert 'data-pacer-phase aria-live="off"' in html
    assert '<input type="checkbox" data-pacer-speak> Speak the counts' in html


def test_the_person_can_set_their_own_counts(client):
    html = client.get(URL, {"inhale": "5", "hold": "2", "exhale": "8"}).content.decode()
    assert 'for a count of <span data-count="inhale">5</span>.' in html
    assert "<li data-hold-step hidden>Hold it softly" in html
    assert 'for <span data-count="exhale">8</span>, as if cooling a warm drink' in html
    assert 'data-inhale="5" data-hold="0" data-exhale="8"' in html


def test_counts_out_of_range_are_explained_and_the_gentle_defaults_stay(client):
    html = client.get(URL, {"inhale": "50", "hold": "x", "exhale": "6"}).content.decode()
    assert "Please pick a count from 2 to 10 seconds." in html
    assert 'value="50"' in html
    assert 'data-inhale="4" data-hold="0" data-exhale="6"' in html


def test_the_safety_plan_links_to_the_tools(alice_client):
    assert f'href="{URL}"' in alice_client.get(reverse("planner:safety_plan")).content.decode()


def test_the_tools_need_no_database_beyond_the_session(alice_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = alice_client.get(URL)
    assert_shows(response, 'data-pacer data-inhale="4" data-hold="0" data-exhale="6"')
