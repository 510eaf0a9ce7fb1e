"""Small format rules every exporter shares, so all files read back the same way."""

from collections.abc import Callable, Hashable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.db.models import Model
from django.utils import timezone


def parse_when(value: str) -> datetime:
    """A time from an export; it must carry its offset, or "when" would be a guess."""
    parsed = datetime.fromisoformat(value)
    if timezone.is_naive(parsed):
        raise ValueError("times must carry their offset")
    return parsed


def csv_safe(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# --- References between topics ----------------------------------------------------------
#
# Rows point at each other with an export-local "ref" ("goal-3"), never a database id:
# ids mean nothing in another account. Refs are numbered in each topic's export order,
# so the same account always exports the same refs. During one import, every row
# brought in (or matched) is remembered under its ref, and later topics look it up.

_IMPORTED: ContextVar[dict] = ContextVar("export_imported")


def ref_map(pks: Iterable[int], kind: str) -> dict[int, str]:
    """Database id -> ref, for ids given in the topic's export order."""
    return {pk: f"{kind}-{n}" for n, pk in enumerate(pks, start=1)}


@contextmanager
def refs_collecting():
    token = _IMPORTED.set({})
    try:
        yield
    finally:
        _IMPORTED.reset(token)


def ref_remember(ref, obj) -> None:
    if not isinstance(ref, str) or not ref:
        raise ValueError("every row needs its ref")
    _IMPORTED.get()[ref] = obj


def ref_find(ref, *, required: bool = True):
    """What a ref pointed at in this import; a dangling ref is a broken file."""
    if ref in (None, "") and not required:
        return None
    found = _IMPORTED.get().get(ref)
    if found is None:
        raise ValueError(f"unknown reference {ref!r}")
    return found


def ref_known(ref) -> bool:
    return ref in _IMPORTED.get()


def when(value) -> str | None:
    return value.isoformat() if value is not None else None


def parse_optional(value) -> datetime | None:
    return parse_when(value) if value else None


# --- Bringing rows in ---------------------------------------------------------------------


def rows_import(
    rows: list,
    *,
    have: dict,
    key: Callable[[dict], Hashable],
    build: Callable[[dict], Model],
    saved: Callable[[Model, dict], None] | None = None,
    refs: bool = False,
) -> int:
    """The steps every topic's import repeats, row by row; returns how many were added.

    1. A row whose natural key, `key(row)`, is in `have` (natural key -> what the
       account holds) is matched: nothing is written.
    2. Otherwise `build(row)` makes it, unsaved; it is validated and saved, then
       `saved(obj, row)` adds what needs its id (tags, links, the original moment
       of creation), and it joins `have`, so a row the file repeats is matched too.
    3. With `refs`, each row is remembered under its ref for the topics after it.
    """
    added = 0
    for row in rows:
        natural = key(row)
        if natural not in have:
            made = build(row)
            made.full_clean()
            made.save()
            if saved is not None:
                saved(made, row)
            have[natural] = made
            added += 1
        if refs:
            ref_remember(row["ref"], have[natural])
    return added


def created_at_restore(obj: Model, row: dict) -> None:
    """A `saved` step: the row's own moment of creation, from the file."""
    # auto_now_add ignores a given value; the original moment is set afterwards.
    type(obj).objects.filter(pk=obj.pk).update(created_at=parse_when(row["created_at"]))
