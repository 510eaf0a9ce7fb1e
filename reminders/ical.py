"""A small RFC 5545 (iCalendar) writer: just what a subscribed feed of events needs.

Lines end in CRLF and are folded at 75 octets without splitting a UTF-8
character (section 3.1); TEXT values escape backslash, semicolon, comma and
newlines (section 3.3.11); every time is written in UTC ("Z" form), so no
VTIMEZONE is needed and no calendar app has to guess a zone.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

CRLF = "\r\n"
MAX_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    stamp: datetime  # DTSTAMP and LAST-MODIFIED: when this event last changed
    sequence: int = 0
    description: str = ""
    url: str = ""


def escape_text(value: str) -> str:
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """One content line, folded: no physical line longer than 75 octets.

    A continuation line starts with one space, which counts toward its 75.
    """
    encoded = line.encode()
    if len(encoded) <= MAX_OCTETS:
        return line + CRLF
    parts, start, limit = [], 0, MAX_OCTETS
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        # Back off to the start of a UTF-8 character (continuation bytes are 10xxxxxx).
        while end < len(encoded) and encoded[end] & 0xC0 == 0x80:
            end -= 1
        parts.append(encoded[start:end].decode())
        start, limit = end, MAX_OCTETS - 1
    return (CRLF + " ").join(parts) + CRLF


def _event_lines(event: Event) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{utc_stamp(event.stamp)}",
        f"LAST-MODIFIED:{utc_stamp(event.stamp)}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines += ["TRANSP:OPAQUE", "STATUS:CONFIRMED", "END:VEVENT"]
    return lines


def calendar(events: Iterable[Event], *, name: str, prodid: str) -> str:
    """The whole VCALENDAR as text (encode as UTF-8 to serve it)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += _event_lines(event)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
