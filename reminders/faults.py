"""Fault injection: make a worker stop at a named point so a test can kill it there.

    OUTBOX_FAULTS_ENABLED=true STEPWISE_FAULT_PAUSE=after_provider_accept \
        STEPWISE_FAULT_DIR=/tmp/x celery ... worker

When the process reaches `fault_point("after_provider_accept")` it writes
`/tmp/x/after_provider_accept.<pid>` (so the test knows it got there) and sleeps,
and the test SIGKILLs it. The points, in the order a reminder passes them:

    after_claim            rows are claimed (committed), delivery tasks not yet enqueued
    before_provider_call   the row is in "sending", the channel not yet called
    in_provider_call       inside the channel, before the provider has the message
    after_provider_accept  the provider has it, our "sent" is not yet committed

Nothing happens unless settings.OUTBOX_FAULTS_ENABLED is on (only the reliability
tests turn it on, for the workers they start; production settings refuse it), so a
stray STEPWISE_FAULT_PAUSE in a server's environment can never stall a worker. With
it off a point costs one attribute lookup. Several points may be named, separated
by commas.

STEPWISE_FAULT_AT=50 pauses only at the 50th time a process reaches a named
point, and lets every other passage through: "killed at the 50th message of a
chunk". It pauses once per fault folder: a process that finds another's marker
for the point goes on (a prefork pool's replacement child counts from zero).
STEPWISE_FAULT_SECONDS bounds the pause; after it the process goes on.
"""

import os
import time
from pathlib import Path

from django.conf import settings

PAUSE_ENV = "STEPWISE_FAULT_PAUSE"
DIR_ENV = "STEPWISE_FAULT_DIR"
AT_ENV = "STEPWISE_FAULT_AT"
POINTS = ("after_claim", "before_provider_call", "in_provider_call", "after_provider_accept")

# How often this process has reached each point (only counted while pausing is on).
_passed: dict[str, int] = {}


def fault_point(name: str) -> None:
    if not settings.OUTBOX_FAULTS_ENABLED:
        return
    paused = os.environ.get(PAUSE_ENV)
    if not paused or name not in paused.split(","):
        return
    folder = Path(os.environ.get(DIR_ENV) or ".")
    at = os.environ.get(AT_ENV)
    if at:
        _passed[name] = _passed.get(name, 0) + 1
        if _passed[name] != int(at) or any(folder.glob(f"{name}.*")):
            return
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.{os.getpid()}").write_text(str(time.time()))
    # Long enough for any test to notice the marker and kill us; a pause that is
    # never killed ends eventually rather than hanging a CI run for ever.
    seconds = float(os.environ.get("STEPWISE_FAULT_SECONDS") or 600)
    time.sleep(seconds)
