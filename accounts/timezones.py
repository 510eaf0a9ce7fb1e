"""The time zones and locales a person can pick from."""

import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError


@cache
def timezone_names() -> tuple[str, ...]:
    # Area/City names only: "Europe/Dublin" rather than legacy aliases such as
    # "GB-Eire" or "Etc/GMT+5" (whose sign is the reverse of what people expect).
    names = {
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    }
    return (*sorted(names), "UTC")


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in timezone_names()]


def validate_timezone(value: str) -> None:
    if value not in timezone_names():
        raise ValidationError(
            "We don't know the time zone %(value)s. Please pick your city from the list.",
            code="unknown_timezone",
            params={"value": value},
        )


# Locale decides how dates read and which day a week starts on.
LOCALE_CHOICES = [
    ("en-US", "English (United States)"),
    ("en-CA", "English (Canada)"),
    ("en-GB", "English (United Kingdom)"),
    ("en-IE", "English (Ireland)"),
    ("en-AU", "English (Australia)"),
    ("en-NZ", "English (New Zealand)"),
    ("en-IN", "English (India)"),
    ("en-ZA", "English (South Africa)"),
]
