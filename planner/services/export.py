"""Export and import of what a person owns, topic by topic.

Each topic registers an exporter (person -> JSON-ready list) and an importer
(person, that list -> how many rows it brought in) under a key. `export_build`
gathers every registered topic into one document; `export_import` reads one back,
all or nothing. Other topics extend this by calling `register(...)` at import time
of their own module, or by adding a line at the bottom of this one.

Importing is safe to repeat: a check-in replaces the one of the same period, and a
journal entry or thought record written at the same moment as one already there is
skipped, so bringing in the same file twice changes nothing.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from planner.models import Attempt, CheckIn, JournalEntry, ThoughtRecord
from planner.services.checkins import tags_ensure
from planner.services.export_format import csv_safe, parse_when

FORMAT = "stepwise-export"
VERSION = 1


class ImportProblem(ValueError):
    """The file can't be brought in; the message is for the person."""


@dataclass(frozen=True)
class Topic:
    export: Callable[[User], list]
    import_: Callable[[User, list], int]


REGISTRY: dict[str, Topic] = {}


def register(key: str, *, export: Callable[[User], list], import_: Callable[[User, list], int]):
    REGISTRY[key] = Topic(export=export, import_=import_)


def export_build(*, owner: User, now: datetime) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "topics": {key: topic.export(owner) for key, topic in REGISTRY.items()},
    }


@transaction.atomic
def export_import(*, owner: User, data) -> dict[str, int]:
    """Bring a document from `export_build` into `owner`'s account; nothing changes on error."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportProblem("This doesn't look like a Stepwise export file.")
    if data.get("version") != VERSION:
        raise ImportProblem("This export comes from a different version of Stepwise.")
    topics = data.get("topics")
    if not isinstance(topics, dict):
        raise ImportProblem("This export file has no data in it.")
    counts = {}
    for key, topic in REGISTRY.items():
        rows = topics.get(key, [])
        if not isinstance(rows, list):
            raise ImportProblem(f"The {key.replace('_', ' ')} in this file can't be read.")
        try:
            counts[key] = topic.import_(owner, rows)
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            if isinstance(error, ImportProblem):
                raise
            raise ImportProblem(
                f"Some of the {key.replace('_', ' ')} in this file can't be read, "
                "so nothing was brought in."
            ) from error
    return counts


# --- Helpers ------------------------------------------------------------------------


def _tag_names(obj) -> list[str]:
    return sorted(tag.name for tag in obj.tags.all())


# --- Check-ins ------------------------------------------------------------------------

CHECKIN_FIELDS = ("rhythm", "mood", "distress", "energy", "interactions", "note")


def checkins_export(owner: User) -> list:
    rows = (
        CheckIn.objects.filter(owner=owner)
        .prefetch_related("tags")
        .order_by("period_start", "rhythm")
    )
    return [
        {
            "period_start": row.period_start.isoformat(),
            **{name: getattr(row, name) for name in CHECKIN_FIELDS},
            "tags": _tag_names(row),
            "created_at": row.created_at.isoformat(),
            "updated_at": row.updated_at.isoformat(),
        }
        for row in rows
    ]


def checkins_import(owner: User, rows: list) -> int:
    for row in rows:
        values = {name: row[name] for name in CHECKIN_FIELDS}
        checkin = CheckIn.objects.filter(
            owner=owner, rhythm=row["rhythm"], period_start=date.fromisoformat(row["period_start"])
        ).first() or CheckIn(
            owner=owner, rhythm=row["rhythm"], period_start=date.fromisoformat(row["period_start"])
        )
        for name, value in values.items():
            setattr(checkin, name, value)
        checkin.created_at, checkin.updated_at = (
            parse_when(row["created_at"]),
            parse_when(row["updated_at"]),
        )
        checkin.full_clean(validate_unique=False)
        checkin.save()
        checkin.tags.set(tags_ensure(owner=owner, names=row.get("tags", [])))
    return len(rows)


def checkins_csv(owner: User) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["period_start", *CHECKIN_FIELDS, "tags", "created_at"]
    writer.writerow(header)
    for row in checkins_export(owner):
        values = [row[name] for name in header]
        values[header.index("tags")] = "; ".join(row["tags"])
        # A note starting with = + - @ would run as a formula in a spreadsheet.
        writer.writerow([csv_safe(value) for value in values])
    return out.getvalue()


# --- Journal --------------------------------------------------------------------------


def journal_export(owner: User) -> list:
    rows = (
        JournalEntry.objects.filter(owner=owner)
        .prefetch_related("tags")
        .order_by("created_at", "pk")
    )
    return [
        {
            "title": row.title,
            "text": row.text,
            "tags": _tag_names(row),
            "created_at": row.created_at.isoformat(),
            "updated_at": row.updated_at.isoformat(),
        }
        for row in rows
    ]


def journal_import(owner: User, rows: list) -> int:
    seen = set(JournalEntry.objects.filter(owner=owner).values_list("created_at", flat=True))
    brought = 0
    for row in rows:
        created_at = parse_when(row["created_at"])
        if created_at in seen:
            continue
        entry = JournalEntry(
            owner=owner,
            title=str(row["title"]),
            text=str(row.get("text", "")),
            created_at=created_at,
            updated_at=parse_when(row["updated_at"]),
        )
        entry.full_clean()
        entry.save()
        entry.tags.set(tags_ensure(owner=owner, names=row.get("tags", [])))
        seen.add(created_at)
        brought += 1
    return brought


# --- Thought records --------------------------------------------------------------------

THOUGHT_FIELDS = (
    "situation",
    "automatic_thought",
    "emotion",
    "intensity_before",
    "traps",
    "evidence_for",
    "evidence_against",
    "balanced_thought",
    "intensity_after",
)


def thought_records_export(owner: User) -> list:
    rows = ThoughtRecord.objects.filter(owner=owner).prefetch_related("cited_attempts__step")
    return [
        {
            **{name: getattr(row, name) for name in THOUGHT_FIELDS},
            # Cited by the moment the attempt happened: ids mean nothing in another
            # account, while the practice log's own export keeps that moment.
            "cited_attempts": sorted(
                (
                    {"happened_at": a.happened_at.isoformat(), "step": a.step.title}
                    for a in row.cited_attempts.all()
                ),
                key=lambda cited: cited["happened_at"],
            ),
            "created_at": row.created_at.isoformat(),
            "updated_at": row.updated_at.isoformat(),
        }
        for row in rows.order_by("created_at", "pk")
    ]


def thought_records_import(owner: User, rows: list) -> int:
    seen = set(ThoughtRecord.objects.filter(owner=owner).values_list("created_at", flat=True))
    attempts = {
        a.happened_at: a
        for a in Attempt.objects.filter(owner=owner, happened_at__isnull=False).only("happened_at")
    }
    brought = 0
    for row in rows:
        created_at = parse_when(row["created_at"])
        if created_at in seen:
            continue
        record = ThoughtRecord(
            owner=owner, created_at=created_at, updated_at=parse_when(row["updated_at"])
        )
        defaults = {"traps": [], "intensity_after": None}
        for name in THOUGHT_FIELDS:
            setattr(record, name, row.get(name, defaults.get(name, "")))
        if not isinstance(record.traps, list):
            raise ValueError("traps must be a list")
        record.full_clean()
        record.save()
        # Citations whose attempt isn't in this account are left out, never guessed.
        cited = [attempts.get(parse_when(c["happened_at"])) for c in row.get("cited_attempts", [])]
        record.cited_attempts.set([a for a in cited if a is not None])
        seen.add(created_at)
        brought += 1
    return brought


register("checkins", export=checkins_export, import_=checkins_import)
register("journal", export=journal_export, import_=journal_import)
register("thought_records", export=thought_records_export, import_=thought_records_import)

# Measures, wins and worksheets live in their own module; imported here, at the end,
# so every topic is registered whenever the export is used.
from planner.services import progress_export  # noqa: E402

register(
    "measures", export=progress_export.measures_export, import_=progress_export.measures_import
)
register("wins", export=progress_export.wins_export, import_=progress_export.wins_import)
register(
    "problems", export=progress_export.problems_export, import_=progress_export.problems_import
)
