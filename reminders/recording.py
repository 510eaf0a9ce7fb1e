"""Recording backends: texts and emails written as JSON lines, readable by any process.

    SMS_BACKEND=reminders.recording.RecordingSMSBackend
    EMAIL_BACKEND=reminders.recording.RecordingEmailBackend
    STEPWISE_RECORD_DIR=/tmp/records

Reliability tests and the benchmark run real worker processes, so Django's
in-memory outbox cannot tell them what was sent: these append one line per
message to `sms.jsonl` / `email.jsonl` in the record folder, with the dedupe key,
and answer `was_sent(dedupe_key)` the way a provider with a lookup API would.

Each line is one `write()` on a file opened with O_APPEND, so lines from several
processes never interleave. Once `write()` returns the line is the kernel's, so
a worker SIGKILLed a moment later cannot take it back: a record exists exactly
when the "provider" has accepted the message. No fsync: that guards against the
machine losing power, which no test does, and would cap the benchmark at the
disk's sync rate.
"""

import json
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from reminders.faults import fault_point
from reminders.sms import BaseSMSBackend, SentSMS

FILES = {"sms": "sms.jsonl", "email": "email.jsonl"}


def record_dir() -> Path:
    folder = os.environ.get("STEPWISE_RECORD_DIR") or getattr(settings, "STEPWISE_RECORD_DIR", "")
    if not folder:
        folder = Path(settings.VAR_DIR) / "records"
    return Path(folder)


def _open_for_append(path: Path) -> int:
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
    try:
        return os.open(path, flags, 0o644)
    except FileNotFoundError:
        # The folder is made when first missing, not checked on every message:
        # the fan-out records 100,000 lines.
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, flags, 0o644)


def _append(channel: str, record: dict) -> None:
    # "During the provider call": the message is not recorded (accepted) yet.
    fault_point("in_provider_call")
    line = (json.dumps(record, sort_keys=True) + "\n").encode()
    fd = _open_for_append(record_dir() / FILES[channel])
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def records(channel: str | None = None) -> list[dict]:
    """Every message recorded so far, oldest first (both channels unless one is named)."""
    found = []
    for name in [channel] if channel else list(FILES):
        path = record_dir() / FILES[name]
        if not path.exists():
            continue
        with path.open() as lines:
            # A process killed mid-write can leave a torn last line: it was never
            # accepted, so it is not a record.
            for line in lines:
                if line.endswith("\n"):
                    found.append(json.loads(line))
    return found


def was_sent(dedupe_key: str, channel: str | None = None) -> bool:
    return any(
        dedupe_key in (record.get("dedupe_key"), record.get("message_id"))
        for record in records(channel)
    )


def clear() -> None:
    for name in FILES.values():
        (record_dir() / name).unlink(missing_ok=True)


class RecordingSMSBackend(BaseSMSBackend):
    def send(self, *, to, body, dedupe_key):
        provider_id = f"rec-{uuid.uuid4().hex}"
        _append(
            "sms",
            {
                "channel": "sms",
                "to": to,
                "body": body,
                "dedupe_key": dedupe_key,
                "provider_id": provider_id,
                "at": time.time(),
                "pid": os.getpid(),
            },
        )
        return SentSMS(to=to, body=body, dedupe_key=dedupe_key, provider_id=provider_id)

    def was_sent(self, dedupe_key: str) -> bool:
        return was_sent(dedupe_key, "sms")


def _header(message, name: str) -> str:
    for key, value in (getattr(message, "extra_headers", None) or {}).items():
        if key.lower() == name.lower():
            return str(value)
    return ""


class RecordingEmailBackend(BaseEmailBackend):
    """A Django mail backend (MAILERS "BACKEND" or EMAIL_BACKEND) that records, never sends."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            message.message()  # validates headers as a real backend would
            message_id = _header(message, "Message-ID").strip("<>")
            headers = getattr(message, "extra_headers", None) or {}
            _append(
                "email",
                {
                    "channel": "email",
                    "to": list(message.to),
                    "subject": str(message.subject),
                    "body": str(message.body),
                    "dedupe_key": _header(message, "X-Stepwise-Dedupe") or message_id,
                    "message_id": message_id,
                    "headers": {key: str(value) for key, value in headers.items()},
                    "at": time.time(),
                    "pid": os.getpid(),
                },
            )
            count += 1
        return count

    def was_sent(self, dedupe_key: str) -> bool:
        return was_sent(dedupe_key, "email")
