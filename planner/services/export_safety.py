"""Export and import of trusted contacts and the safety plan (with its versions).

The plan's "people I can ask" and "what matters" sections hold contact and value
ids; in the file they are refs, and on import they become the new account's ids.
Importing is safe to repeat: a contact with the same name and moment of creation
is matched, not added; a version already kept (same moment it was replaced) is
not added twice. The current plan is replaced by the file's, and a different
plan that was already here is kept as an earlier version, so nothing is lost.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from planner.models import SafetyPlan, SafetyPlanVersion, TrustedContact
from planner.models.safety import ReviewEvery, Section, content_json, normalized_content
from planner.services import safety
from planner.services.export_format import (
    created_at_restore,
    parse_optional,
    parse_when,
    ref_find,
    rows_import,
    when,
)
from planner.services.export_plan import contact_refs, contacts_ordered, value_refs

CONTACT_FIELDS = ("name", "relationship", "phone", "email", "notes", "can_be_ally")


def contacts_export(owner: User) -> list:
    refs = contact_refs(owner)
    return [
        {
            "ref": refs[c.pk],
            **{name: getattr(c, name) for name in CONTACT_FIELDS},
            "agreed_at": when(c.agreed_at),
            "created_at": when(c.created_at),
        }
        for c in contacts_ordered(owner)
    ]


def contacts_import(owner: User, rows: list) -> int:
    def build(row):
        contact = TrustedContact(owner=owner)
        for name in CONTACT_FIELDS:
            setattr(contact, name, row.get(name, ""))
        contact.can_be_ally = bool(row.get("can_be_ally"))
        contact.agreed_at = parse_optional(row.get("agreed_at"))
        return contact

    return rows_import(
        rows,
        have={(c.name, c.created_at): c for c in TrustedContact.objects.filter(owner=owner)},
        key=lambda row: (row["name"], parse_when(row["created_at"])),
        build=build,
        saved=created_at_restore,
        refs=True,
    )


# --- The safety plan ----------------------------------------------------------------------


def _to_refs(content: dict, contacts: dict, values: dict) -> dict:
    # A contact or value removed since keeps dropping out, as it does on screen.
    helpers = content[Section.HELPERS.value]
    matters = content[Section.MATTERS.value]
    return {
        **content,
        Section.HELPERS.value: [contacts[pk] for pk in helpers if pk in contacts],
        Section.MATTERS.value: {
            "values": [values[pk] for pk in matters["values"] if pk in values],
            "items": matters["items"],
        },
    }


def _from_refs(owner: User, content) -> str:
    if not isinstance(content, dict):
        raise ValueError("a plan is a set of sections")
    plan = normalized_content(content_json(content))
    plan[Section.HELPERS.value] = [ref_find(ref).pk for ref in plan[Section.HELPERS.value]]
    matters = plan[Section.MATTERS.value]
    if isinstance(matters, dict):
        matters["values"] = [ref_find(ref).pk for ref in matters.get("values", [])]
    for section in Section:
        if section == Section.CRISIS and plan[section.value] is None:
            continue  # not edited yet: the lines of the person's country apply
        # The plan's own checks, so an import holds the same line as the editor.
        safety._checked(owner, section, plan[section.value])
    return content_json(plan)


def safety_plan_export(owner: User) -> list:
    plan = SafetyPlan.objects.filter(owner=owner).prefetch_related("versions").first()
    if plan is None:
        return []
    contacts, values = contact_refs(owner), value_refs(owner)
    return [
        {
            "content": _to_refs(plan.data, contacts, values),
            "changed_at": when(plan.changed_at),
            "change": plan.change,
            "restored_from": when(plan.restored_from),
            "reviewed_at": when(plan.reviewed_at),
            "review_every_days": plan.review_every_days,
            "versions": [
                {
                    "content": _to_refs(v.data, contacts, values),
                    "saved_at": when(v.saved_at),
                    "change": v.change,
                    "restored_from": when(v.restored_from),
                    "replaced_at": when(v.replaced_at),
                }
                for v in sorted(plan.versions.all(), key=lambda v: (v.replaced_at, v.pk))
            ],
        }
    ]


def _moment(value, default: datetime) -> datetime:
    return parse_when(value) if value else default


def safety_plan_import(owner: User, rows: list) -> int:
    if not rows:
        return 0
    row, now = rows[0], timezone.now()
    try:
        content = _from_refs(owner, row["content"])
        versions = [(v, _from_refs(owner, v["content"])) for v in row.get("versions", [])]
    except ValidationError as error:
        raise ValueError("the safety plan can't be read") from error
    plan = SafetyPlan.objects.filter(owner=owner).first() or SafetyPlan(owner=owner)
    if plan.pk and not plan.is_empty and content_json(plan.data) != content:
        SafetyPlanVersion.objects.create(
            plan=plan,
            content=plan.content,
            saved_at=plan.changed_at or plan.created_at,
            change=plan.change,
            restored_from=plan.restored_from,
            replaced_at=now,
        )
    plan.content = content
    plan.__dict__.pop("data", None)
    plan.changed_at = parse_optional(row.get("changed_at"))
    plan.change = row.get("change", "")
    plan.restored_from = parse_optional(row.get("restored_from"))
    plan.reviewed_at = parse_optional(row.get("reviewed_at"))
    plan.review_every_days = row.get("review_every_days") or ReviewEvery.MONTH
    plan.full_clean(exclude=["owner"])
    plan.save()
    kept = set(plan.versions.values_list("replaced_at", flat=True))
    for version, version_content in versions:
        replaced_at = _moment(version.get("replaced_at"), now)
        if replaced_at in kept:
            continue
        SafetyPlanVersion.objects.create(
            plan=plan,
            content=version_content,
            saved_at=_moment(version.get("saved_at"), replaced_at),
            change=version.get("change", ""),
            restored_from=parse_optional(version.get("restored_from")),
            replaced_at=replaced_at,
        )
        kept.add(replaced_at)
    return 1
