"""Searching the journal (issue 16, item 9).

The text is encrypted at rest, so the database cannot search it: the person's own
newest entries are decrypted and matched in Python, up to a cap that is said out loud.
"""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from planner.models import JournalEntry
from planner.selectors import journal as selectors
from tests.factories import JournalEntryFactory, TagFactory
from tests.planner.checkins_support import HTMX, queries_for

pytestmark = pytest.mark.django_db


def search(q: str, **extra) -> str:
    return "/journal/?" + urlencode({"q": q, **extra})


def entries(owner, count: int, *, text: str = "An ordinary day.", start: int = 1) -> None:
    now = timezone.now()
    JournalEntry.objects.bulk_create(
        JournalEntry(
            owner=owner,
            title=f"Day {n}",
            text=text,
            created_at=now - timedelta(days=n),
            updated_at=now,
        )
        for n in range(start, start + count)
    )


def test_the_journal_page_offers_a_search(alice_client):
    html = alice_client.get("/journal/").content.decode()
    assert '<form role="search" method="get" action="/journal/"' in html
    assert "Search your journal" in html and 'name="q"' in html


def test_it_finds_an_entry_by_a_word_in_its_text(alice, alice_client):
    JournalEntryFactory(owner=alice, title="Tuesday", text="Walked past the bakery and waved.")
    JournalEntryFactory(owner=alice, title="Wednesday", text="Stayed in and read.")
    html = alice_client.get(search("bakery")).content.decode()
    assert "Tuesday" in html and "Wednesday" not in html
    assert "Walked past the <mark>bakery</mark> and waved." in html
    assert "1 entry with “bakery”" in html


def test_it_ignores_case_and_accents(alice, alice_client):
    JournalEntryFactory(owner=alice, title="Coffee", text="Met Zoë at the Café Noir.")
    for query in ("cafe", "CAFÉ", "zoe noir", "Zoë"):
        html = alice_client.get(search(query)).content.decode()
        assert ">Coffee</a>" in html, query
    html = alice_client.get(search("cafe")).content.decode()
    assert "Met Zoë at the <mark>Café</mark> Noir." in html  # marked as written


def test_every_word_must_be_there(alice, alice_client):
    entry = JournalEntryFactory(owner=alice, title="Park", text="A walk in the park with Sam.")
    link = f'href="/journal/{entry.pk}/"'
    html = alice_client.get(search("sam park")).content.decode()
    assert link in html and '"><mark>Park</mark></a>' in html
    html = alice_client.get(search("sam bakery")).content.decode()
    assert link not in html and "Nothing in your journal matches “sam bakery”" in html


def test_past_the_cap_it_says_how_far_it_looked(alice, alice_client, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_CAP", 3)
    entries(alice, 5)
    JournalEntryFactory(
        owner=alice,
        title="Long ago",
        text="The lighthouse trip.",
        created_at=timezone.now() - timedelta(days=400),
    )
    html = alice_client.get(search("lighthouse")).content.decode()
    assert "Long ago" not in html
    assert "Searched your newest 3 entries." in html
    assert "Older ones are still there" in html


def test_under_the_cap_there_is_no_cap_message(alice, alice_client):
    entries(alice, 3)
    assert "Searched your newest" not in alice_client.get(search("ordinary")).content.decode()


def test_the_cap_is_two_thousand_entries():
    assert selectors.SEARCH_CAP == 2000


def test_the_search_never_asks_the_database_about_the_words(alice, alice_client):
    JournalEntryFactory(owner=alice, title="Tuesday", text="Walked past the bakery.")
    with CaptureQueriesContext(connection) as captured:
        alice_client.get(search("bakery"))
    sql = " ".join(q["sql"] for q in captured.captured_queries).lower()
    assert "bakery" not in sql and " like " not in sql


def test_the_queries_do_not_grow_with_the_number_of_entries_or_matches(alice, alice_client):
    entries(alice, 3)
    tag = TagFactory(owner=alice, name="calm")
    for entry in JournalEntry.objects.all():
        entry.tags.add(tag)
    few = queries_for(alice_client, search("ordinary"), expect=["3 entries with"])
    entries(alice, 300, start=10)
    many = queries_for(
        alice_client, search("ordinary", page=2), expect=["303 entries with", "Page 2 of 16"]
    )
    assert len(many) == len(few), "\n".join(many)


def test_results_page_by_page_keep_the_search(alice, alice_client):
    entries(alice, 25)
    html = alice_client.get(search("ordinary")).content.decode()
    assert 'href="?q=ordinary&amp;page=2"' in html


def test_html_in_the_search_and_the_entry_is_shown_as_text(alice, alice_client):
    JournalEntryFactory(owner=alice, title="<b>Bold</b> day", text="<script>x()</script> brave")
    html = alice_client.get(search('<img src=x onerror="alert(1)"> brave')).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    html = alice_client.get(search("brave")).content.decode()
    assert "<script>x()</script>" not in html and "<b>Bold</b>" not in html
    assert "&lt;script&gt;x()&lt;/script&gt; <mark>brave</mark>" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; day" in html


def test_a_search_too_long_is_explained_and_kept(alice_client):
    typed = "word " * 30
    html = alice_client.get(search(typed)).content.decode()
    assert "Please keep the search to 100 characters or fewer: it has 149." in html
    assert f'value="{typed.strip()}"' in html or f'value="{typed}"' in html


def test_the_search_with_htmx_returns_only_the_results(alice, alice_client):
    JournalEntryFactory(owner=alice, title="Tuesday", text="The bakery.")
    html = alice_client.get(search("bakery"), **HTMX).content.decode()
    assert html.lstrip().startswith('<section id="entries"') and "<mark>bakery</mark>" in html


def test_carol_finds_nothing_of_alices(alice, client, carol):
    JournalEntryFactory(owner=alice, title="Tuesday", text="The bakery.")
    client.force_login(carol)
    html = client.get(search("bakery")).content.decode()
    assert "Tuesday" not in html and "Nothing in your journal matches" in html
