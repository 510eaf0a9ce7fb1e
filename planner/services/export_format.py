"""Small format rules every exporter shares, so all files read back the same way."""

from datetime import datetime

from django.utils import timezone


def parse_when(value: str) -> datetime:
    """A time from an export; it must carry its offset, or "when" would be a guess."""
    parsed = datetime.fromisoformat(value)
    if timezone.is_naive(parsed):
        raise ValueError("times must carry their offset")
    return parsed


def csv_safe(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
