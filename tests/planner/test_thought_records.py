"""Thought records: traps from our catalogue, evidence citing the person's own attempts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from planner import thinking_traps
from planner.models import ThoughtRecord
from tests.factories import AttemptFactory, StepFactory, ThoughtRecordFactory
from tests.planner.checkins_support import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def coffee(alice):
    step = StepFactory(goal__owner=alice, title="Coffee with Sam", predicted_suds=70)
    return AttemptFactory(step=step, predicted_peak=70, suds_peak=35)


FORM = {
    "situation": "Sam asked me to the cinema.",
    "automatic_thought": "I'll panic and ruin it.",
    "emotion": "dread",
    "intensity_before": "80",
    "traps": ["fortune-telling", "catastrophising"],
    "evidence_for": "I left early once.",
    "evidence_against": "Coffee went better than I feared.",
    "balanced_thought": "It may be hard, and I have managed hard before.",
    "intensity_after": "45",
}


def test_the_catalogue_has_at_least_ten_traps_each_with_a_plain_description():
    assert len(thinking_traps.TRAPS) >= 10
    assert len({trap.slug for trap in thinking_traps.TRAPS}) == len(thinking_traps.TRAPS)
    for trap in thinking_traps.TRAPS:
        assert trap.name and trap.description.endswith(".")
        assert len(trap.description) < 100


def test_the_form_lists_every_trap_with_its_description(alice_client):
    html = alice_client.get("/thoughts/new/").content.decode()
    for trap in thinking_traps.TRAPS:
        assert trap.description in html


def test_the_picker_offers_the_persons_attempts_in_their_own_numbers(alice_client, coffee):
    html = alice_client.get("/thoughts/new/").content.decode()
    assert "Coffee with Sam: predicted 70, felt 35" in html


def test_an_attempt_without_an_outcome_is_not_offered(alice, alice_client, coffee):
    open_step = StepFactory(goal__owner=alice, title="Phone my aunt")
    AttemptFactory(step=open_step, happened_at=None, suds_before=None, suds_peak=None,
                   suds_after=None, minutes_stayed=None)  # fmt: skip
    assert "Phone my aunt" not in alice_client.get("/thoughts/new/").content.decode()


def test_a_record_citing_an_attempt_shows_it_and_the_change_in_intensity(
    alice, alice_client, coffee
):
    response = alice_client.post("/thoughts/new/", {**FORM, "cited_attempts": [coffee.pk]})
    record = ThoughtRecord.objects.get(owner=alice)
    assert response.url == f"/thoughts/{record.pk}/"
    assert list(record.cited_attempts.all()) == [coffee]
    assert record.traps == ["fortune-telling", "catastrophising"]
    html = alice_client.get(response.url).content.decode()
    assert "Coffee with Sam: predicted 70, felt 35" in html
    assert "Dread: 80 at first, 45 now." in html
    assert "It eased by 35 points." in html
    assert "Jumping to the worst outcome" in html


def test_citing_another_persons_attempt_is_refused_and_keeps_the_typing(
    alice_client, coffee, carol
):
    theirs = AttemptFactory(step=StepFactory(goal__owner=carol, title="Carol's step"))
    html = alice_client.post(
        "/thoughts/new/", {**FORM, "cited_attempts": [coffee.pk, theirs.pk]}
    ).content.decode()
    assert "That attempt isn&#x27;t one of yours to cite" in html
    assert "Sam asked me to the cinema." in html
    assert "Carol&#x27;s step" not in html
    assert not ThoughtRecord.objects.exists()


def test_an_intensity_out_of_range_is_explained_beside_the_field(alice_client):
    html = alice_client.post("/thoughts/new/", {**FORM, "intensity_after": "-5"}).content.decode()
    assert "Please give a number from 0 to 100." in html
    assert 'value="-5"' in html
    assert not ThoughtRecord.objects.exists()


def test_an_unknown_trap_is_refused(alice_client):
    html = alice_client.post("/thoughts/new/", {**FORM, "traps": ["doom"]}).content.decode()
    assert "Please pick from the traps listed." in html
    assert not ThoughtRecord.objects.exists()


def test_editing_keeps_the_citation_and_changes_the_words(alice, alice_client, coffee):
    record = ThoughtRecordFactory(owner=alice)
    record.cited_attempts.set([coffee])
    page = alice_client.get(f"/thoughts/{record.pk}/edit/").content.decode()
    assert f'value="{coffee.pk}" id="id_cited_attempts_0" checked' in page
    alice_client.post(
        f"/thoughts/{record.pk}/edit/",
        {**FORM, "balanced_thought": "Some people might look; most won't.", "cited_attempts": [coffee.pk]},
    )  # fmt: skip
    record.refresh_from_db()
    assert record.balanced_thought == "Some people might look; most won't."
    assert list(record.cited_attempts.all()) == [coffee]


def test_delete_asks_once(alice, alice_client):
    record = ThoughtRecordFactory(owner=alice)
    assert (
        "Delete this thought record?"
        in alice_client.get(f"/thoughts/{record.pk}/delete/").content.decode()
    )
    assert ThoughtRecord.objects.exists()
    alice_client.post(f"/thoughts/{record.pk}/delete/")
    assert not ThoughtRecord.objects.exists()


def test_the_list_shows_the_thought_and_how_the_feeling_moved(alice, alice_client):
    ThoughtRecordFactory(owner=alice, intensity_after=50)
    html = alice_client.get("/thoughts/").content.decode()
    assert "Everyone will stare at me." in html
    assert "anxious: 80 → 50" in html


@pytest.mark.parametrize("path", ["", "edit/", "delete/"])
def test_carol_gets_404_for_alices_thought_record(client, carol, alice, path):
    record = ThoughtRecordFactory(owner=alice)
    client.force_login(carol)
    assert client.get(f"/thoughts/{record.pk}/{path}").status_code == 404
    assert client.post(f"/thoughts/{record.pk}/{path}", FORM).status_code in {404, 405}
    assert ThoughtRecord.objects.filter(pk=record.pk, automatic_thought__isnull=False).exists()


def test_all_free_text_is_encrypted_at_rest(alice):
    ThoughtRecordFactory(owner=alice, balanced_thought="Most people are busy with themselves.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT situation, automatic_thought, emotion, balanced_thought FROM planner_thoughtrecord"
        )
        row = " ".join(cursor.fetchone())
    for word in ("café", "stare", "anxious", "busy"):
        assert word not in row


def test_pages_cost_the_same_queries_with_years_of_attempts_and_records(
    alice, alice_client, coffee
):
    record = ThoughtRecordFactory(owner=alice)
    record.cited_attempts.set([coffee])
    urls = [
        "/thoughts/",
        "/thoughts/new/",
        f"/thoughts/{record.pk}/",
        f"/thoughts/{record.pk}/edit/",
    ]
    few = [queries_for(alice_client, url) for url in urls]
    now = timezone.now()
    for n in range(1, 200):
        AttemptFactory(step=coffee.step, happened_at=now - timedelta(days=n))
    for n in range(1, 300):
        ThoughtRecordFactory(owner=alice, created_at=now - timedelta(days=n))
    # The list pages through the grown records; the forms offer the grown attempts as
    # evidence; the record shows only the attempt it cites.
    shows = [["Page 1 of 15"], ["felt 50"], ["predicted 70, felt 35"], ["felt 50"]]
    many = [
        queries_for(alice_client, url, expect=seen) for url, seen in zip(urls, shows, strict=True)
    ]
    for url, before, after in zip(urls, few, many, strict=True):
        assert len(after) == len(before), url + "\n" + "\n".join(after)
