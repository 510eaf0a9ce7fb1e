"""A large import written in short transactions, and still all or nothing for the person.

One transaction for a whole import held SQLite's write lock for as long as the
import ran (22.7 s for 20,000 rows), stalling every other person's save. So rows
are written `BATCH_ROWS` at a time, each batch its own transaction.

All or nothing, by mark and sweep rather than stage then swap: staging would need
a shadow copy of every planner table (and every importer rewritten to write into
it), while marking needs nothing of the importers. Django's model signals tell an
undo journal, for the importing thread only, what each batch writes:

- each row it creates (deleted on undo; their own links go with them by cascade),
- each existing row it changes: the fields it changes, as they were (put back),
- each link it adds to or takes from an existing row (taken away or added back).

Tags and rest days are written with bulk_create, which sends no signal: the run
remembers the highest id of each when it began (ImportRun.bulk_marks), and the
person's rows past it are the run's.

The journal is not kept in memory but committed as an ImportJournal row in the
same transaction as the batch it describes (its body encrypted, since it holds
earlier values of private text), with the run's heartbeat. So whatever happens
to the process, the database holds exactly what is needed to undo what it holds:
an import that goes wrong plays its journal back at once, and one whose process
died (OOM, a restart, kill -9) is played back by a sweep (import_runs).

Play-back goes newest batch first, each batch undone and its journal row deleted
in one transaction, so a play-back stopped part-way carries on where it stopped.
"""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.db.models.signals import m2m_changed, post_save, pre_save

from planner.models import ImportJournal, ImportRun, RestDay, Tag

# Models written with bulk_create during an import: known by their ids beforehand.
BULK_WRITTEN = (Tag, RestDay)
_OWN = (ImportRun, ImportJournal)


class RunTakenOver(Exception):
    """A sweep judged the run dead and is putting it back: the import must stop."""


def bulk_marks() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.aggregate(top=Max("pk"))["top"] or 0
        for model in BULK_WRITTEN
    }


class _Exact(DjangoJSONEncoder):
    # DjangoJSONEncoder keeps only milliseconds of a moment; putting back needs all of it.
    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _empty() -> dict:
    return {"created": [], "before": [], "links": []}


class UndoJournal:
    def __init__(self, run: ImportRun):
        self.run = run
        self._pending = _empty()
        self._created: set[tuple[str, int]] = set()
        self._recorded: dict[tuple[str, int], set[str]] = {}
        # Signals are global: other requests' threads in this process save rows too.
        self._thread = threading.get_ident()

    def _mine(self, sender) -> bool:
        return threading.get_ident() == self._thread and sender not in _OWN

    def on_pre_save(self, sender, instance, raw=False, **kwargs):
        if not self._mine(sender) or instance.pk is None or instance._state.adding:
            return
        key = (sender._meta.label, instance.pk)
        if key in self._created:
            return
        stored = sender._base_manager.filter(pk=instance.pk).values().first()
        if stored is None:
            return
        done = self._recorded.setdefault(key, set())
        changed = {
            name: value
            for name, value in stored.items()
            if name not in done and getattr(instance, name, value) != value
        }
        if changed:
            done.update(changed)
            self._pending["before"].append([*key, changed])

    def on_post_save(self, sender, instance, created, **kwargs):
        if created and self._mine(sender):
            key = (sender._meta.label, instance.pk)
            self._created.add(key)
            self._pending["created"].append(list(key))

    def on_m2m(self, sender, instance, action, reverse, pk_set, **kwargs):
        if action not in ("post_add", "post_remove") or not pk_set or reverse:
            return
        if not self._mine(type(instance)):
            return
        key = (type(instance)._meta.label, instance.pk)
        if key in self._created:
            return
        for field in type(instance)._meta.many_to_many:
            if field.remote_field.through is sender:
                self._pending["links"].append([*key, field.name, action, sorted(pk_set)])

    @contextmanager
    def watching(self) -> Iterator["UndoJournal"]:
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

    @contextmanager
    def batch(self, *, now: datetime, last: bool = False) -> Iterator[None]:
        """One short transaction: the writes, their journal row and the heartbeat.

        With `last`, the run ends in it too: its journal goes, as nothing is left to undo.
        """
        try:
            with transaction.atomic():
                yield
                if last:
                    ended = ImportRun.objects.filter(pk=self.run.pk, state=ImportRun.State.RUNNING)
                    if not ended.delete()[0]:
                        raise RunTakenOver
                    return
                beat = ImportRun.objects.filter(pk=self.run.pk, state=ImportRun.State.RUNNING)
                if not beat.update(heartbeat_at=now):
                    raise RunTakenOver
                if any(self._pending.values()):
                    body = json.dumps(self._pending, cls=_Exact)
                    ImportJournal.objects.create(run=self.run, body=body)
        finally:
            # Written with the batch, or rolled back with it: either way not pending.
            self._pending = _empty()


def _decoded(model, values: dict) -> dict:
    # JSON gave strings for moments, dates and decimals: each field reads its own back.
    return {name: model._meta.get_field(name).to_python(value) for name, value in values.items()}


def journal_play_back(entry: ImportJournal) -> None:
    """Undo one batch (the caller's transaction): links, then earlier values, then new rows."""
    body = json.loads(entry.body)
    for label, pk, name, action, pks in reversed(body["links"]):
        instance = apps.get_model(label)._base_manager.filter(pk=pk).first()
        if instance is not None:
            manager = getattr(instance, name)
            (manager.remove if action == "post_add" else manager.add)(*pks)
    for label, pk, values in body["before"]:
        model = apps.get_model(label)
        model._base_manager.filter(pk=pk).update(**_decoded(model, values))
    for label, pk in reversed(body["created"]):
        apps.get_model(label)._base_manager.filter(pk=pk).delete()


def bulk_play_back(run: ImportRun) -> None:
    for label, top in run.bulk_marks.items():
        apps.get_model(label)._base_manager.filter(owner=run.owner_id, pk__gt=top).delete()
