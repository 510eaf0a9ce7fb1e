"""Writes for the journal and thought records."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from accounts.models import User
from common import versioning
from planner.models import Attempt, JournalEntry, ThoughtRecord
from planner.services.checkins import tags_ensure


@transaction.atomic
@versioning.bumps("owner")
def journal_entry_save(
    *,
    owner: User,
    now: datetime,
    title: str,
    text: str,
    tags: Iterable[str] = (),
    entry: JournalEntry | None = None,
) -> JournalEntry:
    """Write a new entry (entry=None) or rewrite one; the tags replace the old ones."""
    if entry is None:
        entry = JournalEntry(owner=owner, created_at=now)
    elif entry.owner_id != owner.pk:
        raise PermissionError("Not this person's entry")
    entry.title, entry.text, entry.updated_at = title.strip(), text.strip(), now
    entry.full_clean()
    entry.save()
    entry.tags.set(tags_ensure(owner=owner, names=tags))
    return entry


@versioning.bumps("owner")
def journal_entry_delete(*, owner: User, entry: JournalEntry) -> None:
    if entry.owner_id != owner.pk:
        raise PermissionError("Not this person's entry")
    entry.delete()


@transaction.atomic
@versioning.bumps("owner")
def thought_record_save(
    *,
    owner: User,
    now: datetime,
    situation: str,
    automatic_thought: str,
    emotion: str,
    intensity_before: int,
    traps: list[str],
    evidence_for: str = "",
    evidence_against: str = "",
    cited_attempts: Iterable[Attempt] = (),
    balanced_thought: str = "",
    intensity_after: int | None = None,
    record: ThoughtRecord | None = None,
) -> ThoughtRecord:
    """Write a new thought record or rewrite one. Only the owner's logged attempts can be cited."""
    cited = list(cited_attempts)
    if any(a.owner_id != owner.pk or a.happened_at is None for a in cited):
        raise PermissionError("Only your own logged attempts can be cited")
    if record is None:
        record = ThoughtRecord(owner=owner, created_at=now)
    elif record.owner_id != owner.pk:
        raise PermissionError("Not this person's thought record")
    record.situation = situation.strip()
    record.automatic_thought = automatic_thought.strip()
    record.emotion = emotion.strip()
    record.intensity_before, record.intensity_after = intensity_before, intensity_after
    record.traps = list(traps)
    record.evidence_for, record.evidence_against = evidence_for.strip(), evidence_against.strip()
    record.balanced_thought, record.updated_at = balanced_thought.strip(), now
    record.full_clean()
    record.save()
    record.cited_attempts.set(cited)
    return record


@versioning.bumps("owner")
def thought_record_delete(*, owner: User, record: ThoughtRecord) -> None:
    if record.owner_id != owner.pk:
        raise PermissionError("Not this person's thought record")
    record.delete()
