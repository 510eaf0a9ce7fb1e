"""A large import written in short transactions, and still all or nothing for the person.

One transaction for a whole import held SQLite's write lock for as long as the
import ran (22.7 s for 20,000 rows), stalling every other person's save. So rows
are written `BATCH_ROWS` at a time, each batch its own transaction, and while the
import runs an undo journal (Django's model signals, so every importer is covered
without knowing of it) remembers:

- each row it creates (deleted on undo; their own links go with them by cascade),
- each existing row it changes, as it was before its first change (put back),
- each link it adds to or takes from an existing row (taken away or added back),
- the ids of the person's tags and rest days before it began, since those are
  written with bulk_create, which sends no signal (new ones are deleted).

If anything goes wrong, the journal is played back, also in short transactions,
so the person's data is exactly what it was. Left undone: while an import runs
(seconds), other pages may see its first batches, and a process killed mid-import
leaves them in place (the journal lives in memory).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import batched

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_save

from accounts.models import User
from planner.models import RestDay, Tag

# Models written with bulk_create during an import: known by their ids beforehand.
_BULK_WRITTEN = (Tag, RestDay)


class UndoJournal:
    def __init__(self, owner: User):
        self.owner = owner
        self.created: list[tuple[type, int]] = []
        self.before: dict[tuple[type, int], dict] = {}
        self.links: list[tuple[object, str, str, set]] = []
        self.bulk_before = {
            model: set(model.objects.filter(owner=owner).values_list("pk", flat=True))
            for model in _BULK_WRITTEN
        }

    def _is_new(self, obj) -> bool:
        return (type(obj), obj.pk) in self._created_set

    def on_pre_save(self, sender, instance, raw=False, **kwargs):
        if instance.pk is None or instance._state.adding:
            return
        key = (sender, instance.pk)
        if key not in self.before and key not in self._created_set:
            self.before[key] = sender._base_manager.filter(pk=instance.pk).values().first()

    def on_post_save(self, sender, instance, created, **kwargs):
        if created:
            self.created.append((sender, instance.pk))
            self._created_set.add((sender, instance.pk))

    def on_m2m(self, sender, instance, action, reverse, pk_set, **kwargs):
        if action not in ("post_add", "post_remove") or not pk_set or self._is_new(instance):
            return
        for field in type(instance)._meta.many_to_many:
            if field.remote_field.through is sender and not reverse:
                self.links.append((instance, field.name, action, set(pk_set)))

    @contextmanager
    def watching(self) -> Iterator["UndoJournal"]:
        self._created_set: set = set()
        uid = f"import-undo-{id(self)}"
        post_save.connect(self.on_post_save, dispatch_uid=uid, weak=False)
        pre_save.connect(self.on_pre_save, dispatch_uid=uid, weak=False)
        m2m_changed.connect(self.on_m2m, dispatch_uid=uid, weak=False)
        try:
            yield self
        finally:
            post_save.disconnect(dispatch_uid=uid)
            pre_save.disconnect(dispatch_uid=uid)
            m2m_changed.disconnect(dispatch_uid=uid)

    def play_back(self, batch: int) -> None:
        """Put everything back, newest first, `batch` rows per transaction."""
        for links in batched(reversed(self.links), batch):
            with transaction.atomic():
                for instance, name, action, pks in links:
                    manager = getattr(instance, name)
                    (manager.remove if action == "post_add" else manager.add)(*pks)
        for rows in batched(self.before.items(), batch):
            with transaction.atomic():
                for (model, pk), values in rows:
                    if values is not None:
                        model._base_manager.filter(pk=pk).update(**values)
        for rows in batched(reversed(self.created), batch):
            with transaction.atomic():
                for model, pk in rows:
                    model._base_manager.filter(pk=pk).delete()
        with transaction.atomic():
            for model, kept in self.bulk_before.items():
                model.objects.filter(owner=self.owner).exclude(pk__in=kept).delete()
