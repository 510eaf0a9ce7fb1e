"""Export and import of the plan: values, goals, ladder steps, the week and attempts.

Rows refer to each other by export-local refs (see export_format). Importing is
safe to repeat: a row whose natural key is already in the account (a value's
name, a goal's or step's title and moment of creation, a scheduled step's step
and start, an attempt's step and moment of forecast, a rest day's date) is
matched and left as it is, so bringing in the same file twice adds nothing.
Settings are replaced by the file's.
"""

from datetime import date

from accounts.models import User
from planner.models import (
    Attempt,
    Goal,
    PlanSettings,
    RestDay,
    ScheduledStep,
    Step,
    TrustedContact,
    Value,
)
from planner.services.export_format import (
    created_at_restore,
    parse_optional,
    parse_when,
    ref_find,
    ref_map,
    rows_import,
    when,
)

# Each topic's export order; refs are numbered in it, so other topics share it.


def _values(owner):
    return Value.objects.filter(owner=owner).order_by("created_at", "pk")


def _goals(owner):
    return Goal.objects.filter(owner=owner).order_by("created_at", "pk")


def _steps(owner):
    return Step.objects.filter(goal__owner=owner).order_by(
        "goal__created_at", "goal_id", "position", "pk"
    )


def _scheduled(owner):
    return ScheduledStep.objects.filter(owner=owner).order_by("starts_at", "pk")


def _attempts(owner):
    return Attempt.objects.filter(owner=owner).order_by("predicted_at", "pk")


def contacts_ordered(owner):
    return TrustedContact.objects.filter(owner=owner).order_by("created_at", "pk")


def contact_refs(owner) -> dict[int, str]:
    return ref_map(contacts_ordered(owner).values_list("pk", flat=True), "contact")


def value_refs(owner) -> dict[int, str]:
    return ref_map(_values(owner).values_list("pk", flat=True), "value")


def goal_refs(owner) -> dict[int, str]:
    return ref_map(_goals(owner).values_list("pk", flat=True), "goal")


def step_refs(owner) -> dict[int, str]:
    return ref_map(_steps(owner).values_list("pk", flat=True), "step")


def scheduled_refs(owner) -> dict[int, str]:
    return ref_map(_scheduled(owner).values_list("pk", flat=True), "scheduled")


def attempt_refs(owner) -> dict[int, str]:
    return ref_map(_attempts(owner).values_list("pk", flat=True), "attempt")


# --- Values -------------------------------------------------------------------------------


def values_export(owner: User) -> list:
    refs = value_refs(owner)
    return [
        {
            "ref": refs[v.pk],
            "catalog_key": v.catalog_key,
            "name": v.name,
            "description": v.description,
            "importance": v.importance,
            "created_at": when(v.created_at),
        }
        for v in _values(owner)
    ]


def values_import(owner: User, rows: list) -> int:
    by_name = {v.name.lower(): v for v in Value.objects.filter(owner=owner)}
    # A value from the catalog is the same value under another name (renamed here).
    catalog = {v.catalog_key: name for name, v in by_name.items() if v.catalog_key}

    def key(row):
        name = str(row["name"]).lower()
        return name if name in by_name else catalog.get(str(row.get("catalog_key", "")), name)

    def saved(value, row):
        created_at_restore(value, row)
        if value.catalog_key:
            catalog[value.catalog_key] = value.name.lower()

    return rows_import(
        rows,
        have=by_name,
        key=key,
        build=lambda row: Value(
            owner=owner,
            catalog_key=str(row.get("catalog_key", "")),
            name=row["name"],
            description=row.get("description", ""),
            importance=row["importance"],
        ),
        saved=saved,
        refs=True,
    )


# --- Goals --------------------------------------------------------------------------------


def goals_export(owner: User) -> list:
    refs, values = goal_refs(owner), value_refs(owner)
    return [
        {
            "ref": refs[g.pk],
            "value": values[g.value_id],
            "title": g.title,
            "area": g.area,
            "why": g.why,
            "target_month": when(g.target_month),
            "status": g.status,
            "status_changed_at": when(g.status_changed_at),
            "created_at": when(g.created_at),
        }
        for g in _goals(owner)
    ]


def goals_import(owner: User, rows: list) -> int:
    def build(row):
        month = row.get("target_month")
        return Goal(
            owner=owner,
            value=ref_find(row["value"]),
            title=row["title"],
            area=row["area"],
            why=row.get("why", ""),
            target_month=date.fromisoformat(month) if month else None,
            status=row["status"],
            status_changed_at=parse_optional(row.get("status_changed_at")),
        )

    return rows_import(
        rows,
        have={(g.title, g.created_at): g for g in Goal.objects.filter(owner=owner)},
        key=lambda row: (row["title"], parse_when(row["created_at"])),
        build=build,
        saved=created_at_restore,
        refs=True,
    )


# --- Ladder steps -------------------------------------------------------------------------

STEP_FIELDS = (
    "position",
    "title",
    "description",
    "predicted_suds",
    "mode",
    "planned_minutes",
    "accommodations",
    "accommodations_other",
    "exit_strategy",
)


def steps_export(owner: User) -> list:
    refs, goals, allies = step_refs(owner), goal_refs(owner), contact_refs(owner)
    return [
        {
            "ref": refs[s.pk],
            "goal": goals[s.goal_id],
            **{name: getattr(s, name) for name in STEP_FIELDS},
            "ally": allies.get(s.ally_id),
            "created_at": when(s.created_at),
        }
        for s in _steps(owner)
    ]


def steps_import(owner: User, rows: list) -> int:
    def build(row):
        step = Step(goal=ref_find(row["goal"]), ally=ref_find(row.get("ally"), required=False))
        for name in STEP_FIELDS:
            setattr(step, name, row[name])
        if not isinstance(step.accommodations, list):
            raise ValueError("accommodations must be a list")
        return step

    return rows_import(
        rows,
        have={
            (s.goal_id, s.title, s.created_at): s for s in Step.objects.filter(goal__owner=owner)
        },
        key=lambda row: (ref_find(row["goal"]).pk, row["title"], parse_when(row["created_at"])),
        build=build,
        saved=created_at_restore,
        refs=True,
    )


# --- Plan settings, rest days and the week ------------------------------------------------


def plan_settings_export(owner: User) -> list:
    found = PlanSettings.objects.filter(owner=owner).prefetch_related("paused_goals").first()
    if found is None:
        return []  # never changed: the defaults apply, in the new account too
    goals = goal_refs(owner)
    return [
        {
            "weekly_capacity": found.weekly_capacity,
            "max_per_day": found.max_per_day,
            "paused_at": when(found.paused_at),
            "paused_goals": sorted(goals[g.pk] for g in found.paused_goals.all()),
        }
    ]


def plan_settings_import(owner: User, rows: list) -> int:
    for row in rows[:1]:
        found = PlanSettings.objects.filter(owner=owner).first() or PlanSettings(owner=owner)
        found.weekly_capacity = row["weekly_capacity"]
        found.max_per_day = row["max_per_day"]
        found.paused_at = parse_optional(row.get("paused_at"))
        found.full_clean()
        found.save()
        found.paused_goals.set([ref_find(ref) for ref in row.get("paused_goals", [])])
    return len(rows[:1])


def rest_days_export(owner: User) -> list:
    days = RestDay.objects.filter(owner=owner).order_by("day")
    return [{"day": d.day.isoformat()} for d in days]


def rest_days_import(owner: User, rows: list) -> int:
    seen = set(RestDay.objects.filter(owner=owner).values_list("day", flat=True))
    new = {date.fromisoformat(row["day"]) for row in rows} - seen
    RestDay.objects.bulk_create(RestDay(owner=owner, day=day) for day in sorted(new))
    return len(new)


def scheduled_steps_export(owner: User) -> list:
    refs, steps = scheduled_refs(owner), step_refs(owner)
    return [
        {
            "ref": refs[s.pk],
            "step": steps[s.step_id],
            "starts_at": when(s.starts_at),
            "planned_minutes": s.planned_minutes,
            "status": s.status,
            "created_at": when(s.created_at),
        }
        for s in _scheduled(owner)
    ]


def scheduled_steps_import(owner: User, rows: list) -> int:
    return rows_import(
        rows,
        have={(s.step_id, s.starts_at): s for s in ScheduledStep.objects.filter(owner=owner)},
        key=lambda row: (ref_find(row["step"]).pk, parse_when(row["starts_at"])),
        build=lambda row: ScheduledStep(
            owner=owner,
            step=ref_find(row["step"]),
            starts_at=parse_when(row["starts_at"]),
            planned_minutes=row["planned_minutes"],
            status=row["status"],
        ),
        saved=created_at_restore,
        refs=True,
    )


# --- Attempts -----------------------------------------------------------------------------

OUTCOME_FIELDS = (
    "suds_before",
    "suds_peak",
    "suds_after",
    "minutes_stayed",
    "used_exit_strategy",
    "what_helped",
    "note",
)


def attempts_export(owner: User) -> list:
    refs, steps, scheduled = attempt_refs(owner), step_refs(owner), scheduled_refs(owner)
    return [
        {
            "ref": refs[a.pk],
            "step": steps[a.step_id],
            "scheduled_step": scheduled.get(a.scheduled_step_id),
            "predicted_peak": a.predicted_peak,
            "predicted_at": when(a.predicted_at),
            **{name: getattr(a, name) for name in OUTCOME_FIELDS},
            "happened_at": when(a.happened_at),
        }
        for a in _attempts(owner)
    ]


def attempts_import(owner: User, rows: list) -> int:
    def build(row):
        attempt = Attempt(
            owner=owner,
            step=ref_find(row["step"]),
            scheduled_step=ref_find(row.get("scheduled_step"), required=False),
            predicted_peak=row["predicted_peak"],
            predicted_at=parse_when(row["predicted_at"]),
            happened_at=parse_optional(row.get("happened_at")),
            **{name: row.get(name) for name in OUTCOME_FIELDS},
        )
        for text in ("what_helped", "note"):
            setattr(attempt, text, getattr(attempt, text) or "")
        attempt.used_exit_strategy = bool(attempt.used_exit_strategy)
        return attempt

    return rows_import(
        rows,
        have={(a.step_id, a.predicted_at): a for a in Attempt.objects.filter(owner=owner)},
        key=lambda row: (ref_find(row["step"]).pk, parse_when(row["predicted_at"])),
        build=build,
        refs=True,
    )


def attempts_csv_rows(data: dict) -> list[list]:
    """Attempts as spreadsheet rows, read from an already-built export (no queries)."""
    steps = {s["ref"]: s for s in data["topics"]["steps"]}
    goals = {g["ref"]: g["title"] for g in data["topics"]["goals"]}
    header = ["goal", "step", "predicted_at", "predicted_peak", "happened_at"]
    rows = [[*header, *OUTCOME_FIELDS]]
    for a in data["topics"]["attempts"]:
        step = steps[a["step"]]
        rows.append(
            [goals[step["goal"]], step["title"]]
            + [a[name] for name in header[2:]]
            + [a[name] for name in OUTCOME_FIELDS]
        )
    return rows
