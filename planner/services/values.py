"""Writes for values: what a person cares about, and how much."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from common import versioning
from planner import catalog
from planner.models import Value
from planner.models.goals import values_sorted


@dataclass(frozen=True)
class OwnValue:
    name: str
    description: str
    importance: int


@versioning.bumps("owner")
def value_from_catalog(*, owner: User, key: str, importance: int = 3) -> Value:
    """The owner's value for a catalog entry, added at `importance` if not chosen yet.

    Choosing an entry twice (two tabs, a double tap) gives the same row back.
    """
    entry = catalog.BY_KEY.get(key)
    if entry is None:
        raise ValidationError("That value isn't in the list.")
    value, _ = Value.objects.get_or_create(
        owner=owner,
        catalog_key=key,
        defaults={"name": entry.name, "description": entry.description, "importance": importance},
    )
    return value


@versioning.bumps("value.owner_id")
def value_update(*, value: Value, name: str, description: str, importance: int) -> Value:
    value.name, value.description, value.importance = name, description, importance
    value.full_clean()
    value.save(update_fields=["name", "name_index", "description", "importance"])
    return value


@versioning.bumps("owner")
def values_choose(
    *,
    owner: User,
    catalog_importance: dict[str, int | None],
    own_importance: dict[int, int | None],
    new_own: OwnValue | None = None,
) -> list[Value]:
    """Make the owner's values match one sitting of the values page.

    1. Catalog entries with an importance are added or re-rated; those with None go.
    2. The owner's own values (by id) are re-rated, or go when None.
    3. A new value of their own is added.
    A value that goals still serve is never removed: the goal would lose its reason.
    Ids that are not the owner's are ignored, so a tampered form changes nothing of
    anyone else's. All or nothing: one refusal leaves every value as it was.
    """
    with transaction.atomic():
        current = {value.pk: value for value in Value.objects.filter(owner=owner)}
        by_key = {value.catalog_key: value for value in current.values() if value.catalog_key}
        wanted: dict[int, int | None] = dict(own_importance)
        for key, importance in catalog_importance.items():
            if key not in catalog.BY_KEY:
                continue
            if key in by_key:
                wanted[by_key[key].pk] = importance
            elif importance is not None:
                value_from_catalog(owner=owner, key=key, importance=importance)

        to_remove = [
            pk for pk, importance in wanted.items() if importance is None and pk in current
        ]
        served = set(
            Value.objects.filter(pk__in=to_remove, goals__isnull=False).values_list("pk", flat=True)
        )
        if served:
            names = ", ".join(sorted(current[pk].name for pk in served))
            raise ValidationError(
                f"{names}: a goal still serves this, so it stays. Move the goal to another value first."
            )
        Value.objects.filter(pk__in=to_remove).delete()

        for pk, importance in wanted.items():
            value = current.get(pk)
            if value is not None and importance is not None and value.importance != importance:
                value.importance = importance
                value.full_clean()
                value.save(update_fields=["importance"])

        if new_own is not None:
            value = Value(
                owner=owner,
                name=new_own.name,
                description=new_own.description,
                importance=new_own.importance,
            )
            value.full_clean()
            value.save()
    return values_sorted(Value.objects.filter(owner=owner))
