"""An import in a process of its own, killed with SIGKILL after a chosen batch commits.

    python -m tests.planner.import_crash_child OWNER_PK FILE.json BATCHES

Used by test_import_crash: what a deploy restart or the OOM killer does to a
gunicorn worker half-way through someone's import. SIGKILL, so nothing of ours
(no except, no finally, no atexit) runs after it.
"""

import json
import os
import signal
import sys
from contextlib import contextmanager


def main(owner_pk: int, path: str, batches: int) -> None:
    import django

    django.setup()
    from accounts.models import User
    from planner.services import export, import_batches

    original = import_batches.UndoJournal.batch
    committed = [0]

    @contextmanager
    def batch_then_die(self, **kwargs):
        with original(self, **kwargs):
            yield
        committed[0] += 1
        if committed[0] == batches:
            os.kill(os.getpid(), signal.SIGKILL)

    import_batches.UndoJournal.batch = batch_then_die
    with open(path, encoding="utf-8") as file:
        data = json.load(file)
    export.export_import(owner=User.objects.get(pk=owner_pk), data=data)
    sys.exit("the import ended before the chosen batch: nothing was killed")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
