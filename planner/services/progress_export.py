"""Export and import for measures, small wins and problem-solving worksheets.

Plain functions in the shape planner/services/export.py lists in TOPICS (person ->
JSON-ready list, and person, list -> rows brought in). Importing is safe to
repeat: a row taken or written at the same moment as one already there is
skipped, the same rule the journal uses.
"""

import csv
import io
from datetime import date

from django.db import transaction

from accounts.models import User
from planner import measures
from planner.models import MeasureResponse, ProblemOption, ProblemWorksheet, Win
from planner.services.export_format import created_at_restore, csv_safe, parse_when, rows_import

# --- Measures ---------------------------------------------------------------------------


def measures_export(owner: User) -> list:
    return [
        {"kind": m.kind, "answers": m.answers, "score": m.score, "taken_at": m.taken_at.isoformat()}
        for m in MeasureResponse.objects.filter(owner=owner).order_by("taken_at", "pk")
    ]


def measures_import(owner: User, rows: list) -> int:
    """The score is worked out again from the answers, never trusted from the file."""

    def build(row):
        answers = [int(a) for a in row["answers"]]
        return MeasureResponse(
            owner=owner,
            kind=row["kind"],
            answers=answers,
            score=measures.score(row["kind"], answers),
            taken_at=parse_when(row["taken_at"]),
        )

    taken = MeasureResponse.objects.filter(owner=owner).values_list("kind", "taken_at")
    return rows_import(
        rows,
        have=dict.fromkeys(taken),
        key=lambda row: (row["kind"], parse_when(row["taken_at"])),
        build=build,
    )


def measures_csv(owner: User) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["measure", "taken_at", "score", "answers"])
    for row in measures_export(owner):
        answers = " ".join(map(str, row["answers"]))
        writer.writerow(
            [csv_safe(v) for v in (row["kind"], row["taken_at"], row["score"], answers)]
        )
    return out.getvalue()


# --- Small wins -------------------------------------------------------------------------


def wins_export(owner: User) -> list:
    return [
        {"kind": w.kind, "text": w.text, "happened_at": w.happened_at.isoformat()}
        for w in Win.objects.filter(owner=owner).order_by("happened_at", "pk")
    ]


def wins_import(owner: User, rows: list) -> int:
    """Wins come back as the person's own words: the attempt or contact a win pointed
    at belongs to the old account, so the link is not carried over."""
    return rows_import(
        rows,
        have=dict.fromkeys(Win.objects.filter(owner=owner).values_list("happened_at", flat=True)),
        key=lambda row: parse_when(row["happened_at"]),
        build=lambda row: Win(
            owner=owner,
            kind=row["kind"],
            text=row["text"],
            happened_at=parse_when(row["happened_at"]),
        ),
    )


# --- Problem-solving worksheets ---------------------------------------------------------


def problems_export(owner: User) -> list:
    sheets = (
        ProblemWorksheet.objects.filter(owner=owner)
        .select_related("chosen")
        .prefetch_related("options")
        .order_by("created_at", "pk")
    )
    return [
        {
            "problem": s.problem,
            "options": [{"text": o.text, "pros": o.pros, "cons": o.cons} for o in s.options.all()],
            "chosen": s.chosen.position if s.chosen else None,
            "first_move": s.first_move,
            "first_move_on": s.first_move_on.isoformat() if s.first_move_on else None,
            "outcome": s.outcome,
            "review": s.review,
            "created_at": s.created_at.isoformat(),
        }
        for s in sheets
    ]


@transaction.atomic
def problems_import(owner: User, rows: list) -> int:
    """Worksheets come back without their link to a step (steps are their own topic)."""

    def saved(sheet, row):
        created_at_restore(sheet, row)
        options = ProblemOption.objects.bulk_create(
            ProblemOption(
                worksheet=sheet,
                position=n,
                text=o["text"],
                pros=o.get("pros", ""),
                cons=o.get("cons", ""),
            )
            for n, o in enumerate(row.get("options", []), start=1)
        )
        chosen = int(row.get("chosen") or 0)
        if 1 <= chosen <= len(options):
            sheet.chosen = options[chosen - 1]
            sheet.save(update_fields=["chosen"])

    made = ProblemWorksheet.objects.filter(owner=owner).values_list("created_at", flat=True)
    return rows_import(
        rows,
        have=dict.fromkeys(made),
        key=lambda row: parse_when(row["created_at"]),
        build=lambda row: ProblemWorksheet(
            owner=owner,
            problem=row["problem"],
            first_move=row.get("first_move", ""),
            first_move_on=date.fromisoformat(row["first_move_on"])
            if row.get("first_move_on")
            else None,
            outcome=row.get("outcome", ""),
            review=row.get("review", ""),
        ),
        saved=saved,
    )
