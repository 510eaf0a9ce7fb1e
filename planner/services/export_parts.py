"""The parts of "download everything" that planner does not own, and the security events.

Planner sits below supporters and reminders, so it cannot read their tables; each
registers its parts in planner.extensions.export_parts from its AppConfig.ready()
(supporters/export.py, reminders/export.py), and the export, the import and the
ZIP's README are built from whatever is registered. Nothing registered, nothing
added. The account's security events are accounts' (below planner), so they are
read here.

A part with an importer goes among the file's "topics" and comes back on import;
the rest go under "records": what happened, kept for the person to read.
"""

import textwrap

from accounts.models import SecurityEvent, User
from planner.extensions import ExportPart, export_parts


def security_events_export(owner: User) -> list:
    rows = SecurityEvent.objects.filter(user=owner).order_by("at", "pk")
    return [
        {
            "what_happened": row.get_kind_display(),
            "kind": row.kind,
            "detail": row.what,
            "device": row.device,
            "ip": row.ip,
            "at": row.at.isoformat(),
        }
        for row in rows
    ]


SECURITY_EVENTS = ExportPart(
    name="security_events",
    export=security_events_export,
    said="security events",
    readme="Sign-ins, password and address changes, downloads and sharing changes on your account.",
    why_not="they say what happened on this account, and a file cannot rewrite that.",
)


def parts() -> list[ExportPart]:
    return [*export_parts.values(), SECURITY_EVENTS]


def restored() -> list[ExportPart]:
    """The parts an import brings back, in the order they import (after planner's topics)."""
    return [part for part in parts() if part.import_ is not None]


def parts_export(owner: User) -> tuple[dict, dict]:
    """(topics, records): the parts an import restores, and those kept to read."""
    topics, records = {}, {}
    for part in parts():
        (topics if part.import_ is not None else records)[part.name] = part.export(owner)
    return topics, records


def readme_parts() -> str:
    """The README's account of what an import brings back and what it leaves, and why."""
    lines = [
        "What an import brings back",
        "--------------------------",
        "",
        'Yes: everything under "topics" in stepwise.json: all of the above, and',
        "",
    ]
    for part in restored():
        lines += [part.name, _indented(part.readme), ""]
    lines += ['No: what is under "records", there for you to read:', ""]
    for part in parts():
        if part.import_ is None:
            lines += [part.name, _indented(f"{part.readme} Not brought back: {part.why_not}"), ""]
    return "\n".join(lines)


def _indented(text: str) -> str:
    return textwrap.fill(text, width=84, initial_indent="    ", subsequent_indent="    ")
