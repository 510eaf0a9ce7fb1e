"""Reads for the journal and thought records, each page a fixed handful of queries."""

from django.db.models import Q, QuerySet

from accounts.models import User
from planner.models import Attempt, JournalEntry, Tag, ThoughtRecord

PAGE_SIZE = 20
# How many recent attempts the evidence picker offers (plus any already cited).
PICKER_SIZE = 30


def journal_entries(*, owner: User, tag: Tag | None = None) -> QuerySet:
    entries = JournalEntry.objects.filter(owner=owner).prefetch_related("tags")
    if tag is not None:
        entries = entries.filter(tags=tag)
    return entries.order_by("-created_at", "-pk")


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
