"""An import's life as a row (planner.models.ImportRun): begun, put back, swept, told.

A run is claimed before anything acts on it, by a conditional update that must
touch exactly one row: the import's own batches move its heartbeat only while it
is `running`; whoever puts it back first turns it to `undoing`, and then keeps a
lease (its own heartbeat value), so two sweeps, or a sweep and the import that
just gave up, never play the same journal back twice.

A run that ends well is deleted in its last batch. One put back at once (the file
could not be read) is deleted too: the person saw why on the import page. One
that a sweep put back stays, `undone` and `to_tell`, until the person's next page
says so, once.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from common import versioning
from planner.models import ImportJournal, ImportRun
from planner.services.import_batches import bulk_marks, bulk_play_back, journal_play_back
from planner.services.import_limits import ImportProblem
from reminders.sync import reminders_replan

State = ImportRun.State
ALREADY = (
    "A file you brought in a moment ago is still being applied. Nothing was changed this "
    "time; please try again in a few seconds."
)


def import_run_start(*, owner: User, now: datetime) -> ImportRun:
    """A new running import for `owner`; ImportProblem if one is running already."""
    try:
        with transaction.atomic():
            return ImportRun.objects.create(
                owner=owner, started_at=now, heartbeat_at=now, bulk_marks=bulk_marks()
            )
    except IntegrityError as error:  # import_run_one_at_a_time
        raise ImportProblem(ALREADY) from error


def import_run_put_back(*, run: ImportRun, now: datetime, swept: bool) -> bool:
    """Undo everything `run` wrote; False if someone else is doing it already.

    1. Claim: a running run (or, for a sweep, a stale one) turns `undoing` under a
       lease of our own.
    2. Play the journal back newest batch first, a batch per transaction, each
       renewing the lease; a lost lease means another sweep took over: stop.
    3. Delete the bulk-written rows past the run's marks, re-plan the person's
       reminders to match the data as it is again, and end the run.
    """
    claimable = Q(state=State.RUNNING)
    if swept:
        claimable = Q(state__in=ImportRun.BUSY, heartbeat_at__lt=stale_before(now))
    lease = now
    if not ImportRun.objects.filter(claimable, pk=run.pk).update(
        state=State.UNDOING, heartbeat_at=lease
    ):
        return False
    entries = list(
        ImportJournal.objects.filter(run=run).order_by("-pk").values_list("pk", flat=True)
    )
    for pk in entries:
        lease, held = timezone.now(), lease
        with transaction.atomic():
            mine = ImportRun.objects.filter(pk=run.pk, state=State.UNDOING, heartbeat_at=held)
            if not mine.update(heartbeat_at=lease):
                return False
            entry = ImportJournal.objects.filter(pk=pk).first()
            if entry is not None:
                journal_play_back(entry)
                entry.delete()
    with transaction.atomic():
        held, lease = lease, timezone.now()
        mine = ImportRun.objects.filter(pk=run.pk, state=State.UNDOING, heartbeat_at=held)
        if not mine.update(heartbeat_at=lease):
            return False
        mine = ImportRun.objects.filter(pk=run.pk)
        bulk_play_back(run)
        reminders_replan(owner=run.owner, now=timezone.now())
        # Cached pages were rendered before the run (it kept them waiting since): a
        # new version is cheap insurance that none outlives the put-back.
        versioning.bump(run.owner)
        if swept:
            mine.update(state=State.UNDONE, to_tell=True, ended_at=timezone.now())
        else:
            mine.delete()
    return True


def stale_before(now: datetime) -> datetime:
    """Heartbeats older than this belong to a process that has gone (ImportRun.is_stale)."""
    return now - timedelta(seconds=settings.IMPORT_STALE_SECONDS)


def imports_sweep(*, now: datetime, owner: User | None = None) -> int:
    """Put back every import whose process died (everyone's, or `owner`'s); returns how many."""
    stale = ImportRun.objects.select_related("owner").filter(
        state__in=ImportRun.BUSY, heartbeat_at__lt=stale_before(now)
    )
    if owner is not None:
        stale = stale.filter(owner=owner)
    return sum(import_run_put_back(run=run, now=now, swept=True) for run in stale)


def import_notice_take(*, owner: User) -> list[ImportRun]:
    """The runs a sweep put back that `owner` has not been told of; each is told once."""
    told = []
    for run in ImportRun.objects.filter(owner=owner, to_tell=True):
        # Deleting is the claim: of two pages at once, one tells.
        if ImportRun.objects.filter(pk=run.pk, to_tell=True).delete()[0]:
            told.append(run)
    return told
