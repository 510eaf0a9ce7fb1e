"""Export and import of the profile, check-in settings, lessons read, and the links of wins and worksheets.

The profile and settings are single rows: importing replaces them with the file's
(name, time zone, language and region; the email address and password never travel).
Wins and problem worksheets are written by planner/services/progress_export.py;
this module adds what they point at (an attempt, a check-in, a contact, a step) as
refs, and links them again after progress_export has brought the rows in.
"""

from datetime import date, time

from accounts.models import User
from planner.models import CheckIn, CheckInSettings, LessonRead, ProblemWorksheet, Win
from planner.services import progress_export
from planner.services.export_format import parse_when, ref_find, rows_import
from planner.services.export_plan import attempt_refs, contact_refs, step_refs

PROFILE_FIELDS = ("display_name", "timezone", "locale")


def profile_export(owner: User) -> list:
    return [{name: getattr(owner, name) for name in PROFILE_FIELDS}]


def profile_import(owner: User, rows: list) -> int:
    for row in rows[:1]:
        for name in PROFILE_FIELDS:
            setattr(owner, name, row[name])
        owner.full_clean(exclude=["password", "email"])
        owner.save(update_fields=list(PROFILE_FIELDS))
    return len(rows[:1])


def checkin_settings_export(owner: User) -> list:
    found = CheckInSettings.objects.filter(owner=owner).first()
    if found is None:
        return []  # never changed: the defaults apply
    return [{"rhythm": found.rhythm, "weekday": found.weekday, "at": found.at.isoformat()}]


def checkin_settings_import(owner: User, rows: list) -> int:
    for row in rows[:1]:
        found = CheckInSettings.objects.filter(owner=owner).first() or CheckInSettings(owner=owner)
        found.rhythm, found.weekday = row["rhythm"], row["weekday"]
        found.at = time.fromisoformat(row["at"])
        found.full_clean(exclude=["owner"])
        found.save()
    return len(rows[:1])


# --- Lessons read ---------------------------------------------------------------------------


def lesson_reads_export(owner: User) -> list:
    reads = LessonRead.objects.filter(owner=owner).order_by("read_at", "slug")
    return [{"slug": r.slug, "read_at": r.read_at.isoformat()} for r in reads]


def lesson_reads_import(owner: User, rows: list) -> int:
    """A lesson already marked read keeps its own moment; it is read once per person."""
    return rows_import(
        rows,
        have=dict.fromkeys(LessonRead.objects.filter(owner=owner).values_list("slug", flat=True)),
        key=lambda row: row["slug"],
        build=lambda row: LessonRead(
            owner=owner, slug=row["slug"], read_at=parse_when(row["read_at"])
        ),
    )


# --- Wins, with what they came from ---------------------------------------------------------


def _checkin_key(checkin: CheckIn) -> dict:
    # Check-ins are one per rhythm and period, so that pair is their natural key.
    return {"rhythm": checkin.rhythm, "period_start": checkin.period_start.isoformat()}


def wins_export(owner: User) -> list:
    rows = progress_export.wins_export(owner)
    # Same order as progress_export (happened_at, pk), so the links zip onto the rows.
    links = Win.objects.filter(owner=owner).select_related("checkin").order_by("happened_at", "pk")
    attempts, contacts = attempt_refs(owner), contact_refs(owner)
    for row, win in zip(rows, links, strict=True):
        row["attempt"] = attempts.get(win.attempt_id)
        row["checkin"] = _checkin_key(win.checkin) if win.checkin else None
        row["contact"] = contacts.get(win.contact_id)
    return rows


def wins_import(owner: User, rows: list) -> int:
    added = progress_export.wins_import(owner, rows)
    wins = {w.happened_at: w for w in Win.objects.filter(owner=owner)}
    for row in rows:
        win = wins[parse_when(row["happened_at"])]
        attempt = ref_find(row.get("attempt"), required=False)
        contact = ref_find(row.get("contact"), required=False)
        checkin = None
        if row.get("checkin"):
            key = row["checkin"]
            checkin = CheckIn.objects.filter(
                owner=owner,
                rhythm=key["rhythm"],
                period_start=date.fromisoformat(key["period_start"]),
            ).first()
        # Only fill in a missing link: a win already here keeps what it points at.
        win.attempt = win.attempt or attempt
        win.contact = win.contact or contact
        win.checkin = win.checkin or checkin
        win.full_clean()
        win.save(update_fields=["attempt", "contact", "checkin"])
    return added


# --- Problem worksheets, with their step ------------------------------------------------------


def problems_export(owner: User) -> list:
    rows = progress_export.problems_export(owner)
    sheets = ProblemWorksheet.objects.filter(owner=owner).order_by("created_at", "pk")
    steps = step_refs(owner)
    for row, step_id in zip(rows, sheets.values_list("step_id", flat=True), strict=True):
        row["step"] = steps.get(step_id)
    return rows


def problems_import(owner: User, rows: list) -> int:
    added = progress_export.problems_import(owner, rows)
    sheets = {s.created_at: s for s in ProblemWorksheet.objects.filter(owner=owner)}
    for row in rows:
        sheet = sheets[parse_when(row["created_at"])]
        step = ref_find(row.get("step"), required=False)
        if sheet.step_id is None and step is not None:
            sheet.step = step
            sheet.save(update_fields=["step"])
    return added
