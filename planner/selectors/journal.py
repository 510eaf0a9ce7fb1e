"""Reads for the journal and thought records, each page a fixed handful of queries."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accounts.models import User
from planner import text_search
from planner.models import Attempt, JournalEntry, Tag, ThoughtRecord

PAGE_SIZE = 20
# How many of the newest entries a search decrypts and reads. The text is encrypted,
# so every search reads them in Python; past this the page says how far it looked.
SEARCH_CAP = 2000
# How many recent attempts the evidence picker offers (plus any already cited).
PICKER_SIZE = 30


def journal_entries(*, owner: User, tag: Tag | None = None) -> QuerySet:
    entries = JournalEntry.objects.filter(owner=owner).prefetch_related("tags")
    if tag is not None:
        entries = entries.filter(tags=tag)
    return entries.order_by("-created_at", "-pk")


@dataclass
class SearchResult:
    entries: list[JournalEntry]  # each with .title_marked and .snippet, ready to show
    searched: int
    capped: bool  # older entries exist that were not read


def journal_search(*, owner: User, query: str) -> SearchResult:
    """The person's own entries whose title or text holds every word of `query`.

    1. One query: the newest SEARCH_CAP entries (one more, to know if any are left out),
       decrypted as they load. Never a database filter on the words: the database only
       holds ciphertext, and no plain-text index of the journal is kept anywhere.
    2. Matched in Python, case and accents folded (planner.text_search).
    The caller fetches tags for the page it shows only.
    """
    cap = SEARCH_CAP
    rows = list(
        JournalEntry.objects.filter(owner=owner)
        .only("pk", "title", "text", "created_at")
        .order_by("-created_at", "-pk")[: cap + 1]
    )
    capped = len(rows) > cap
    rows = rows[:cap]
    words = text_search.terms(query)
    found = []
    for entry in rows:
        if text_search.matches(f"{entry.title}\n{entry.text}", words):
            entry.title_marked = text_search.marked(entry.title, words)
            entry.snippet = text_search.marked(entry.text, words, around=text_search.CONTEXT)
            found.append(entry)
    return SearchResult(entries=found, searched=len(rows), capped=capped)


def journal_tags(owner: User) -> list[Tag]:
    """The tags the person has used in the journal, for the filter links."""
    tags = Tag.objects.filter(owner=owner, journal_entries__isnull=False).distinct()
    # Sorted here: names are encrypted, so the database cannot order them.
    return sorted(tags, key=lambda tag: (tag.name.casefold(), tag.pk))


def thought_records(*, owner: User) -> QuerySet:
    return ThoughtRecord.objects.filter(owner=owner).order_by("-created_at", "-pk")


def citable_attempts(*, owner: User, record: ThoughtRecord | None = None) -> QuerySet:
    """The person's most recent logged attempts, and any the record already cites.

    Only the owner's attempts with an outcome: a forecast alone is no evidence yet,
    and another person's attempt is never offered nor accepted.
    """
    logged = Attempt.objects.filter(owner=owner, happened_at__isnull=False)
    recent = logged.order_by("-happened_at", "-pk").values_list("pk", flat=True)[:PICKER_SIZE]
    wanted = Q(pk__in=list(recent))
    if record is not None and record.pk:
        wanted |= Q(thought_records=record)
    return logged.filter(wanted).select_related("step").order_by("-happened_at", "-pk").distinct()


def attempt_citation(attempt: Attempt) -> str:
    """ "Coffee with Sam: predicted 70, felt 35" — the person's own numbers as evidence."""
    return f"{attempt.step.title}: predicted {attempt.predicted_peak}, felt {attempt.suds_peak}"
