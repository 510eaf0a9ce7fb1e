"""Writes to the safety plan: sections, reviews, versions and the private link."""

import copy
import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from common import versioning
from planner.models import SafetyPlan, SafetyPlanLink, SafetyPlanVersion, Value
from planner.models.safety import (
    LINE_SECTIONS,
    MAX_CRISIS_LINES,
    MAX_ITEM_LENGTH,
    MAX_ITEMS,
    Change,
    Section,
    content_json,
    hash_token,
)
from reminders.sync import reminders_sync_recurring

CRISIS_FIELDS = ("name", "phone", "text", "text_body", "note")


@versioning.bumps("owner")
def safety_plan_get_or_create(*, owner: User) -> SafetyPlan:
    plan, _created = SafetyPlan.objects.get_or_create(owner=owner)
    return plan


def _check_lines(value) -> list[str]:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise ValidationError(f"A section holds up to {MAX_ITEMS} lines.")
    if not all(isinstance(line, str) and 0 < len(line) <= MAX_ITEM_LENGTH for line in value):
        raise ValidationError(f"Each line holds 1 to {MAX_ITEM_LENGTH} characters.")
    return value


def _check_ids(value, allowed) -> list[int]:
    if (
        not isinstance(value, list)
        or not set(value) <= set(allowed)
        or len(set(value)) < len(value)
    ):
        raise ValidationError("Please pick from your own list.")
    return value


def _checked(owner: User, section: Section, value):
    """The section's new value, or a ValidationError: forms check first, this holds the line."""
    if section in LINE_SECTIONS:
        return _check_lines(value)
    if section == Section.HELPERS:
        return _check_ids(value, owner.trusted_contacts.values_list("pk", flat=True))
    if section == Section.MATTERS:
        if not isinstance(value, dict) or set(value) != {"values", "items"}:
            raise ValidationError("What matters holds values and lines.")
        _check_ids(value["values"], Value.objects.filter(owner=owner).values_list("pk", flat=True))
        _check_lines(value["items"])
        return value
    if section == Section.CRISIS:
        if value is None:  # back to the lines for the person's country
            return None
        if not isinstance(value, list) or len(value) > MAX_CRISIS_LINES:
            raise ValidationError(f"Up to {MAX_CRISIS_LINES} lines.")
        for line in value:
            if set(line) != set(CRISIS_FIELDS) or not line["name"]:
                raise ValidationError("Each line needs a name.")
            if not (line["phone"] or line["text"]):
                raise ValidationError("Each line needs a number to call or to text.")
        return value
    raise ValidationError("Unknown section.")


def _keep_version(plan: SafetyPlan, *, now: datetime) -> None:
    # An empty plan has nothing worth restoring.
    if plan.changed_at is not None and not plan.is_empty:
        SafetyPlanVersion.objects.create(
            plan=plan,
            content=plan.content,
            saved_at=plan.changed_at,
            change=plan.change,
            restored_from=plan.restored_from,
            replaced_at=now,
        )


@versioning.bumps("owner")
def safety_section_save(*, owner: User, section: Section, value, now: datetime) -> SafetyPlan:
    """Save one section, keeping the plan as it was as a version.

    1. Check the new value (shape, limits, and that ids are the person's own).
    2. Lock the plan row, so two saves at once each keep the version before them.
    3. Nothing changed (a second tap on Save): count it as a review, keep no version.
    4. Otherwise keep the previous plan as a version and write the new one.
    """
    value = _checked(owner, Section(section), value)
    with transaction.atomic():
        safety_plan_get_or_create(owner=owner)
        plan = SafetyPlan.objects.select_for_update().get(owner=owner)
        content = copy.deepcopy(plan.data)
        content[section] = value
        if content_json(content) != content_json(plan.data):
            _keep_version(plan, now=now)
            plan.set_data(content)
            plan.changed_at, plan.change, plan.restored_from = now, Change(section), None
        # Writing a section means the person looked the plan over.
        plan.reviewed_at = now
        plan.save()
        reminders_sync_recurring(owner=owner, now=now)
    return plan


@versioning.bumps("owner")
def safety_plan_review(*, owner: User, now: datetime) -> SafetyPlan:
    """The person read their plan through and it still fits: the review prompt rests.

    The waiting review reminder goes with it, in the same transaction; the next
    one is planned the chosen number of days on.
    """
    with transaction.atomic():
        plan = safety_plan_get_or_create(owner=owner)
        plan.reviewed_at = now
        plan.save(update_fields=["reviewed_at"])
        reminders_sync_recurring(owner=owner, now=now)
    return plan


@versioning.bumps("owner")
def safety_review_interval_set(*, owner: User, days: int, now: datetime) -> SafetyPlan:
    """How often to ask the person to look their plan over: 30, 60 or 90 days.

    It is not a review itself (the last look-over still counts); the waiting
    review reminder moves to the new day in the same transaction.
    """
    with transaction.atomic():
        plan = safety_plan_get_or_create(owner=owner)
        plan.review_every_days = days
        plan.full_clean(exclude=["owner", "content"])
        plan.save(update_fields=["review_every_days"])
        reminders_sync_recurring(owner=owner, now=now)
    return plan


@versioning.bumps("version.plan.owner_id")
def safety_version_restore(*, version: SafetyPlanVersion, now: datetime) -> SafetyPlan:
    """Bring an earlier version back; the plan as it is now is kept as a version too."""
    with transaction.atomic():
        plan = SafetyPlan.objects.select_for_update().get(pk=version.plan_id)
        if content_json(version.data) != content_json(plan.data):
            _keep_version(plan, now=now)
            plan.set_data(version.data)
            plan.changed_at, plan.change, plan.restored_from = (
                now,
                Change.RESTORED,
                version.saved_at,
            )
        plan.reviewed_at = now
        plan.save()
        reminders_sync_recurring(owner=plan.owner, now=now)
    return plan


@versioning.bumps("owner")
def safety_link_create(*, owner: User, now: datetime) -> tuple[SafetyPlanLink, str]:
    """Make a new private link, ending any earlier one; return it with its token.

    The token is shown once, right now: only its hash is kept.
    """
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        plan = safety_plan_get_or_create(owner=owner)
        plan.links.filter(revoked_at__isnull=True).update(revoked_at=now)
        link = SafetyPlanLink.objects.create(
            plan=plan, token_hash=hash_token(token), created_at=now
        )
    return link, token


@versioning.bumps("owner")
def safety_link_revoke(*, owner: User, now: datetime) -> int:
    """End the private link at once; the next request to it finds nothing."""
    return SafetyPlanLink.objects.filter(plan__owner=owner, revoked_at__isnull=True).update(
        revoked_at=now
    )


def safety_link_open(*, token: str, now: datetime) -> SafetyPlanLink | None:
    """The active link for `token` (noting that it was opened), or None."""
    link = (
        SafetyPlanLink.objects.select_related("plan", "plan__owner")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if link is not None:
        # The person sees when their link was last opened, so use by someone
        # else would not go unnoticed.
        SafetyPlanLink.objects.filter(pk=link.pk).update(last_opened_at=now)
        link.last_opened_at = now
    return link
