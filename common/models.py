from django.db import models


class Heartbeat(models.Model):
    """The last time a named background process proved it was alive.

    Beat schedules `common.tasks.heartbeat` every minute and a worker runs it, so
    a fresh row means both are up; /healthz reports its age to the operator.
    """

    name = models.CharField(max_length=50, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
