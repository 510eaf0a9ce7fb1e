"""One version stamp per person: what their cached fragments are keyed by.

Every service that changes what a person's pages show calls `bump(owner)` in the
same transaction as its write (tests/common/test_versioning_writers.py finds any
that forgets). A page then renders a fragment once per change, and the first view
after a change misses the cache and renders it anew.
"""

import functools

from django.db import transaction
from django.db.models import F


def bump(owner) -> None:
    """Mark `owner`'s data as changed: one UPDATE, rolled back with the write it marks.

    `owner` is a User or its primary key; the in-memory object is left alone (a
    view that renders after a write reads the stamp afresh: common.fragments).
    """
    if owner is None:
        return
    from django.contrib.auth import get_user_model  # common sits below accounts

    pk = getattr(owner, "pk", owner)
    get_user_model().objects.filter(pk=pk).update(data_version=F("data_version") + 1)


def bump_many(owner_ids) -> None:
    """The same for several people at once (a supporter's change seen by many)."""
    from django.contrib.auth import get_user_model

    ids = [pk for pk in owner_ids if pk is not None]
    if ids:
        get_user_model().objects.filter(pk__in=ids).update(data_version=F("data_version") + 1)


def bumps(path: str):
    """A service decorator: run it in one transaction and bump the owner it names at its end.

    `path` names the owner from the service's keyword arguments ("owner",
    "step.goal.owner_id", "link.owner_id") or from what it returned
    ("return.owner_id"); an owner of None (nothing was found) bumps nothing.
    """
    name, *attrs = path.split(".")

    def decorate(service):
        @functools.wraps(service)
        def wrapper(*args, **kwargs):
            with transaction.atomic():
                result = service(*args, **kwargs)
                target = result if name == "return" else kwargs.get(name)
                for attr in attrs:
                    target = getattr(target, attr, None)
                bump(target)
            return result

        wrapper.bumps = path
        return wrapper

    return decorate
