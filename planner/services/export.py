"""Export and import of what a person owns, topic by topic.

Each topic has a name (its key in the file), an exporter (person -> JSON-ready
list) and an importer (person, that list -> how many rows it brought in); TOPICS,
at the bottom, lists them all. `export_build` gathers every topic into one
document; `export_import` reads one back, all or nothing. A new topic is a line
in TOPICS.

Topics import in the order TOPICS lists them, so a topic that others point at
(contacts, values, goals, steps, the week, attempts) is in before them; rows point
at each other by export-local refs ("goal-3"), see export_format.

Importing is safe to repeat, and never deletes: a row whose natural key is already
in the account is matched, not added (a check-in replaces the one of the same
period; a journal entry, thought record, measure, win or worksheet written at the
same moment as one already there is skipped; plan rows match by title or date and
moment of creation). Single rows (profile, settings, the safety plan) are replaced
by the file's. So bringing in the same file twice changes nothing.

Ids and the export's own moment differ between two exports of the same data;
refs, every row's content and every stored moment are the same.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import batched

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError
from django.utils import timezone

from accounts.models import User
from common import versioning
from planner.models import CheckIn, JournalEntry, ThoughtRecord
from planner.services import (
    export_account,
    export_parts,
    export_plan,
    export_safety,
    import_runs,
    progress_export,
)
from planner.services.checkins import tags_ensure
from planner.services.export_format import (
    csv_safe,
    parse_when,
    ref_find,
    refs_collecting,
    rows_import,
)
from planner.services.import_batches import RunTakenOver, UndoJournal
from planner.services.import_limits import BATCH_ROWS, ImportProblem
from reminders.sync import reminders_replan

FORMAT = "stepwise-export"
VERSION = 2


@dataclass(frozen=True)
class Topic:
    name: str  # its key in the file
    export: Callable[[User], list]
    import_: Callable[[User, list], int]
    said: str  # how it is named to the person when its rows can't be read


def export_build(*, owner: User, now: datetime) -> dict:
    # Parts other apps own (reminder preferences; links, notes and logs as records).
    parts, records = export_parts.parts_export(owner)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "topics": {topic.name: topic.export(owner) for topic in TOPICS} | parts,
        "records": records,
    }


def export_import(*, owner: User, data) -> dict[str, int]:
    """Bring a document from `export_build` into `owner`'s account; nothing changes on error.

    Written in short transactions, each with its undo journal and the run's
    heartbeat; on error the journal is played back at once, and if the process
    dies a sweep plays it back (planner.services.import_batches says why).
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportProblem("This doesn't look like a Stepwise export file.")
    if data.get("version") != VERSION:
        raise ImportProblem("This export comes from a different version of Stepwise.")
    topics = data.get("topics")
    if not isinstance(topics, dict):
        raise ImportProblem("This export file has no data in it.")
    # An earlier import of theirs whose process died is put back before this one begins.
    import_runs.imports_sweep(now=timezone.now(), owner=owner)
    run = import_runs.import_run_start(owner=owner, now=timezone.now())
    counts = {}
    journal = UndoJournal(run)
    with refs_collecting(), journal.watching():
        try:
            for topic in TOPICS:
                rows = topics.get(topic.name, [])
                counts[topic.name] = _topic_import(owner, topic, rows, journal)
            # Parts other apps own that an import restores (export_parts); never the records.
            for part in export_parts.restored():
                rows = topics.get(part.name, [])
                counts[part.name] = _topic_import(owner, part, rows, journal)
            # Imported plans get their reminders like any other plan; the run ends with them.
            with journal.batch(now=timezone.now(), last=True):
                reminders_replan(owner=owner, now=timezone.now())
                versioning.bump(owner)  # the imported history shows on the next view
        except RunTakenOver as error:
            # Paused so long that a sweep judged it gone: the sweep puts it all back.
            raise ImportProblem(TAKEN_OVER) from error
        except BaseException:
            import_runs.import_run_put_back(run=run, now=timezone.now(), swept=False)
            raise
    return counts


TAKEN_OVER = (
    "Bringing in that file paused for too long, so we put everything back as it was. "
    "Please try again."
)


def _topic_import(owner: User, topic: Topic, rows, journal: UndoJournal) -> int:
    if not isinstance(rows, list):
        raise ImportProblem(f"The {topic.said} in this file can't be read.")
    try:
        added = 0
        # Each batch is its own transaction, so no write lock is held for long.
        for batch in batched(rows, BATCH_ROWS):
            with journal.batch(now=timezone.now()):
                added += topic.import_(owner, list(batch))
        return added
    # An IntegrityError is caught too: the batch is rolled back as the ImportProblem
    # leaves it, and the journal puts back the batches before it.
    except (
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        ValidationError,
        IntegrityError,
        DataError,  # e.g. a NUL character, which PostgreSQL's text refuses
        OverflowError,  # a date or number past what Python or the database holds
    ) as error:
        if isinstance(error, ImportProblem):
            raise
        raise ImportProblem(
            f"Some of the {topic.said} in this file can't be read, so nothing was brought in."
        ) from error


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


def checkins_csv(owner: User, rows: list | None = None) -> str:
    """Check-ins as a spreadsheet; `rows` from an already-built export saves the queries."""
    header = ["period_start", *CHECKIN_FIELDS, "tags", "created_at"]
    table = [header]
    for row in checkins_export(owner) if rows is None else rows:
        values = [row[name] for name in header]
        values[header.index("tags")] = "; ".join(row["tags"])
        table.append(values)
    return csv_text(table)


def csv_text(table: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for values in table:
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
    written = JournalEntry.objects.filter(owner=owner).values_list("created_at", flat=True)
    return rows_import(
        rows,
        have=dict.fromkeys(written),
        key=lambda row: parse_when(row["created_at"]),
        build=lambda row: JournalEntry(
            owner=owner,
            title=str(row["title"]),
            text=str(row.get("text", "")),
            created_at=parse_when(row["created_at"]),
            updated_at=parse_when(row["updated_at"]),
        ),
        saved=lambda entry, row: _tags_set(owner, entry, row),
    )


def _tags_set(owner: User, obj, row: dict) -> None:
    obj.tags.set(tags_ensure(owner=owner, names=row.get("tags", [])))


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
    rows = ThoughtRecord.objects.filter(owner=owner).prefetch_related("cited_attempts")
    attempts = export_plan.attempt_refs(owner)
    return [
        {
            **{name: getattr(row, name) for name in THOUGHT_FIELDS},
            "cited_attempts": sorted(attempts[a.pk] for a in row.cited_attempts.all()),
            "created_at": row.created_at.isoformat(),
            "updated_at": row.updated_at.isoformat(),
        }
        for row in rows.order_by("created_at", "pk")
    ]


def thought_records_import(owner: User, rows: list) -> int:
    def build(row):
        record = ThoughtRecord(
            owner=owner,
            created_at=parse_when(row["created_at"]),
            updated_at=parse_when(row["updated_at"]),
        )
        defaults = {"traps": [], "intensity_after": None}
        for name in THOUGHT_FIELDS:
            setattr(record, name, row.get(name, defaults.get(name, "")))
        if not isinstance(record.traps, list):
            raise ValueError("traps must be a list")
        return record

    def saved(record, row):
        # Attempts import first, so every cited ref is known; an unknown one is a broken file.
        record.cited_attempts.set([ref_find(ref) for ref in row.get("cited_attempts", [])])

    written = ThoughtRecord.objects.filter(owner=owner).values_list("created_at", flat=True)
    return rows_import(
        rows,
        have=dict.fromkeys(written),
        key=lambda row: parse_when(row["created_at"]),
        build=build,
        saved=saved,
    )


# --- Everything, in the order it imports ---------------------------------------------------
#
# A topic others point at comes before them: contacts and values before the steps
# and the safety plan, the plan before attempts, attempts and check-ins before
# thought records and wins.
TOPICS = (
    Topic(
        "profile",
        export_account.profile_export,
        export_account.profile_import,
        "profile details",
    ),
    Topic(
        "contacts", export_safety.contacts_export, export_safety.contacts_import, "trusted contacts"
    ),
    Topic("values", export_plan.values_export, export_plan.values_import, "values"),
    Topic("goals", export_plan.goals_export, export_plan.goals_import, "goals"),
    Topic("steps", export_plan.steps_export, export_plan.steps_import, "ladder steps"),
    Topic(
        "plan_settings",
        export_plan.plan_settings_export,
        export_plan.plan_settings_import,
        "plan settings",
    ),
    Topic("rest_days", export_plan.rest_days_export, export_plan.rest_days_import, "rest days"),
    Topic(
        "scheduled_steps",
        export_plan.scheduled_steps_export,
        export_plan.scheduled_steps_import,
        "steps in your week",
    ),
    Topic("attempts", export_plan.attempts_export, export_plan.attempts_import, "attempts"),
    Topic("checkins", checkins_export, checkins_import, "check-ins"),
    Topic(
        "checkin_settings",
        export_account.checkin_settings_export,
        export_account.checkin_settings_import,
        "check-in settings",
    ),
    Topic("journal", journal_export, journal_import, "journal"),
    Topic("thought_records", thought_records_export, thought_records_import, "thought records"),
    Topic("measures", progress_export.measures_export, progress_export.measures_import, "measures"),
    Topic("wins", export_account.wins_export, export_account.wins_import, "wins"),
    Topic(
        "problems",
        export_account.problems_export,
        export_account.problems_import,
        "problem-solving worksheets",
    ),
    Topic(
        "lesson_reads",
        export_account.lesson_reads_export,
        export_account.lesson_reads_import,
        "lessons read",
    ),
    Topic(
        "safety_plan",
        export_safety.safety_plan_export,
        export_safety.safety_plan_import,
        "safety plan",
    ),
)
