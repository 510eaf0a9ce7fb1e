from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.fields import EncryptedTextField


class ImportRun(models.Model):
    """One import of a file into a person's account, from start to its end.

    While it is running (or being put back) the person's pages and their
    supporters' pages about them wait (supporters.middleware); the journal rows
    below are what a sweep needs to put back a run whose process died
    (planner.services.import_batches says how).
    """

    class State(models.TextChoices):
        # A run that ends well is deleted in its last batch: there is no "done".
        RUNNING = "running"
        UNDOING = "undoing"  # being put back, by the import itself or by a sweep
        UNDONE = "undone"  # put back by a sweep; kept until the person is told

    BUSY = (State.RUNNING, State.UNDOING)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_runs"
    )
    started_at = models.DateTimeField()
    # Moved on by every batch, in the batch's own transaction: an old one means the
    # process writing it has gone (settings.IMPORT_STALE_SECONDS).
    heartbeat_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The highest Tag and RestDay ids when the run began: those are written with
    # bulk_create (no signal), so any of the person's rows past them are the run's.
    bulk_marks = models.JSONField(default=dict)
    # A sweep put this run back while nobody watched: the person is told once.
    to_tell = models.BooleanField(default=False)

    class Meta:
        constraints = [
            # One import at a time per person: a second one is refused, not interleaved.
            models.UniqueConstraint(
                fields=["owner"],
                condition=Q(state__in=["running", "undoing"]),
                name="import_run_one_at_a_time",
            ),
        ]
        indexes = [
            # What every signed-in request asks (busy runs, or one to tell about).
            models.Index(
                fields=["owner"],
                condition=Q(state__in=["running", "undoing"]) | Q(to_tell=True),
                name="import_run_open",
            ),
        ]

    def __str__(self):
        return f"import {self.pk} of {self.owner_id} ({self.state})"

    @property
    def is_busy(self) -> bool:
        return self.state in self.BUSY

    def is_stale(self, now: datetime) -> bool:
        """Whether whoever moves its heartbeat has gone (a live batch moves it in < 1 s)."""
        return self.heartbeat_at < now - timedelta(seconds=settings.IMPORT_STALE_SECONDS)


class ImportJournal(models.Model):
    """What one batch of an import wrote, committed in that batch's transaction.

    `body` (JSON, encrypted: it holds rows' earlier values, such as a safety plan
    or a check-in note) lists the rows created, the changed rows' values before
    their first change, and the links added or taken away.
    """

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="journal")
    body = EncryptedTextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"journal {self.pk} of import {self.run_id}"
