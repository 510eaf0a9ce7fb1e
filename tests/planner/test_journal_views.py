"""The journal: private entries with tags; list, filter by tag, edit, delete."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from planner.models import JournalEntry, Tag
from tests.factories import CheckInFactory, JournalEntryFactory, TagFactory
from tests.planner.checkins_support import HTMX, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(alice):
    entry = JournalEntryFactory(owner=alice, title="After the market", text="It was loud.")
    entry.tags.set([TagFactory(owner=alice, name="noise")])
    return entry


def test_writing_an_entry_saves_it_with_its_tags(alice, alice_client):
    response = alice_client.post(
        "/journal/new/",
        {"title": "Bus ride", "text": "Sat near the front.", "tags": "crowds, being watched"},
    )
    entry = JournalEntry.objects.get(owner=alice)
    assert response.status_code == 302
    assert response.url == f"/journal/{entry.pk}/"
    assert (entry.title, entry.text) == ("Bus ride", "Sat near the front.")
    assert sorted(t.name for t in entry.tags.all()) == ["being watched", "crowds"]


def test_tags_are_shared_with_check_ins(alice, alice_client):
    checkin = CheckInFactory(owner=alice)
    checkin.tags.set([TagFactory(owner=alice, name="Crowds")])
    alice_client.post("/journal/new/", {"title": "Market", "text": "", "tags": "crowds"})
    assert Tag.objects.filter(owner=alice).count() == 1
    assert Tag.objects.get(owner=alice).journal_entries.count() == 1


def test_a_missing_title_keeps_the_text_and_saves_nothing(alice_client):
    html = alice_client.post(
        "/journal/new/", {"title": "", "text": "Words I <typed>", "tags": "noise"}
    ).content.decode()
    assert "Please give it a title, even one word." in html
    assert "Words I &lt;typed&gt;" in html
    assert 'value="noise"' in html
    assert not JournalEntry.objects.exists()
    assert not Tag.objects.exists()


def test_the_list_shows_entries_newest_first_and_escapes_titles(alice, alice_client):
    JournalEntryFactory(owner=alice, title="<b>old</b>", created_at=timezone.now() - timedelta(1))
    JournalEntryFactory(owner=alice, title="new")
    html = alice_client.get("/journal/").content.decode()
    assert html.index("new") < html.index("&lt;b&gt;old&lt;/b&gt;")


def test_filtering_by_tag_shows_only_those_entries(alice, alice_client, entry):
    JournalEntryFactory(owner=alice, title="Untagged thoughts")
    tag = entry.tags.get()
    html = alice_client.get(f"/journal/?tag={tag.pk}").content.decode()
    assert "After the market" in html
    assert "Untagged thoughts" not in html
    assert "Entries tagged “noise”" in html


def test_the_tag_filter_with_htmx_returns_only_the_list(alice_client, entry):
    tag = entry.tags.get()
    html = alice_client.get(f"/journal/?tag={tag.pk}", **HTMX).content.decode()
    assert "<html" not in html
    assert 'id="entries"' in html
    assert "After the market" in html


def test_editing_an_entry_keeps_one_entry_with_the_new_words(alice_client, entry):
    alice_client.post(
        f"/journal/{entry.pk}/edit/",
        {"title": "After the market", "text": "Calmer now.", "tags": ""},
    )
    entry.refresh_from_db()
    assert entry.text == "Calmer now."
    assert not entry.tags.exists()


def test_the_edit_page_is_filled_in(alice_client, entry):
    html = alice_client.get(f"/journal/{entry.pk}/edit/").content.decode()
    assert 'value="After the market"' in html
    assert 'value="noise"' in html


def test_delete_asks_once_and_only_a_post_deletes(alice_client, entry):
    page = alice_client.get(f"/journal/{entry.pk}/delete/").content.decode()
    assert "Delete “After the market”?" in page
    assert JournalEntry.objects.filter(pk=entry.pk).exists()
    response = alice_client.post(f"/journal/{entry.pk}/delete/")
    assert response.url == "/journal/"
    assert not JournalEntry.objects.filter(pk=entry.pk).exists()


def test_the_entry_page_shows_the_text(alice_client, entry):
    html = alice_client.get(f"/journal/{entry.pk}/").content.decode()
    assert "It was loud." in html


@pytest.mark.parametrize("path", ["", "edit/", "delete/"])
def test_carol_gets_404_for_alices_entry(client, carol, entry, path):
    client.force_login(carol)
    assert client.get(f"/journal/{entry.pk}/{path}").status_code == 404


def test_carol_gets_404_posting_to_alices_entry(client, carol, entry):
    client.force_login(carol)
    assert client.post(f"/journal/{entry.pk}/delete/").status_code == 404
    assert client.post(f"/journal/{entry.pk}/edit/", {"title": "mine"}).status_code == 404
    entry.refresh_from_db()
    assert entry.title == "After the market"


def test_carol_gets_404_filtering_by_alices_tag(client, carol, entry):
    client.force_login(carol)
    assert client.get(f"/journal/?tag={entry.tags.get().pk}").status_code == 404


def test_the_title_and_text_are_encrypted_at_rest(entry):
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, text FROM planner_journalentry")
        title, text = cursor.fetchone()
    assert "market" not in title and "loud" not in text


def test_the_list_costs_the_same_queries_with_three_years_of_entries(alice, alice_client, entry):
    few = queries_for(alice_client, "/journal/")
    now = timezone.now()
    tag = entry.tags.get()
    rows = JournalEntry.objects.bulk_create(
        JournalEntry(owner=alice, title=f"Day {n}", created_at=now - timedelta(n), updated_at=now)
        for n in range(1, 3 * 365)
    )
    JournalEntry.tags.through.objects.bulk_create(
        JournalEntry.tags.through(journalentry_id=row.pk, tag_id=tag.pk) for row in rows
    )
    many = queries_for(alice_client, "/journal/", expect=[">Day 1<", "Page 1 of 55"])
    assert len(many) == len(few), "\n".join(many)
    tagged = queries_for(alice_client, f"/journal/?tag={tag.pk}&page=3", expect=["Page 3 of 55"])
    assert len(tagged) == len(few) + 1
