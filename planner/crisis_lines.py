"""Crisis lines and emergency numbers by country, and the country of a time zone.

A person's safety plan starts with the lines for the country their time zone is in
(they can edit them). The numbers are the well-known national ones, checked against
each service's own public material; keep them that way when adding a country.

The country comes from zone.tab in the `tzdata` package (one country per canonical
zone). Older names such as "Canada/Eastern" or "Eire" are links to a canonical zone;
tzdata.zi lists those links, so they resolve too.
"""

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# --- Lines -------------------------------------------------------------------------


@dataclass(frozen=True)
class CrisisLine:
    """One line: a number to call and/or a number to text (with a word to send)."""

    name: str
    phone: str = ""
    text: str = ""
    text_body: str = ""
    note: str = ""

    @property
    def dial(self) -> str:
        return dial_string(self.phone)

    @property
    def text_dial(self) -> str:
        return dial_string(self.text)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "phone": self.phone,
            "text": self.text,
            "text_body": self.text_body,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "CrisisLine":
        return cls(**{key: str(data.get(key) or "") for key in cls.__dataclass_fields__})


@dataclass(frozen=True)
class CountryHelp:
    code: str
    name: str
    emergency: str
    lines: tuple[CrisisLine, ...]


COUNTRIES: dict[str, CountryHelp] = {
    "US": CountryHelp(
        "US",
        "the United States",
        "911",
        (
            CrisisLine(
                "988 Suicide & Crisis Lifeline",
                phone="988",
                text="988",
                note="Free, any time. Call or text.",
            ),
        ),
    ),
    "CA": CountryHelp(
        "CA",
        "Canada",
        "911",
        (
            CrisisLine(
                "9-8-8 Suicide Crisis Helpline",
                phone="988",
                text="988",
                note="Free, any time, in English and French. Call or text.",
            ),
        ),
    ),
    "GB": CountryHelp(
        "GB",
        "the United Kingdom",
        "999",
        (
            CrisisLine("Samaritans", phone="116 123", note="Free, any time, day or night."),
            CrisisLine(
                "Shout",
                text="85258",
                text_body="SHOUT",
                note="Free, any time. Text SHOUT to 85258.",
            ),
        ),
    ),
    "IE": CountryHelp(
        "IE",
        "Ireland",
        "112",
        (CrisisLine("Samaritans", phone="116 123", note="Free, any time, day or night."),),
    ),
    "AU": CountryHelp(
        "AU",
        "Australia",
        "000",
        (
            CrisisLine(
                "Lifeline",
                phone="13 11 14",
                text="0477 13 11 14",
                note="Any time. Call, or text 0477 13 11 14.",
            ),
        ),
    ),
    "NZ": CountryHelp(
        "NZ",
        "New Zealand",
        "111",
        (
            CrisisLine(
                "1737, Need to talk?",
                phone="1737",
                text="1737",
                note="Free, any time. Call or text to talk with a trained counsellor.",
            ),
        ),
    ),
}


def dial_string(number: str) -> str:
    """What goes after `tel:` or `sms:`: digits, and a leading + if there was one."""
    number = number.strip()
    digits = re.sub(r"\D", "", number)
    return f"+{digits}" if number.startswith("+") and digits else digits


# --- Time zone to country ------------------------------------------------------------


def _zoneinfo_file(name: str) -> str:
    return resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")


@cache
def _zone_countries() -> dict[str, str]:
    countries = {}
    for line in _zoneinfo_file("zone.tab").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, _coordinates, zone, *_comment = line.split("\t")
        countries[zone] = code
    return countries


@cache
def _zone_links() -> dict[str, str]:
    # "L Europe/Dublin Eire": the alias is last, the zone it points at first.
    links = {}
    for line in _zoneinfo_file("tzdata.zi").splitlines():
        if line.startswith("L "):
            _l, target, alias = line.split()
            links[alias] = target
    return links


def country_for_timezone(zone: str) -> str | None:
    """The ISO country code of an IANA zone ("Europe/Dublin" -> "IE"), or None (e.g. UTC)."""
    countries = _zone_countries()
    seen = set()
    while zone and zone not in countries and zone not in seen:
        seen.add(zone)
        zone = _zone_links().get(zone, "")
    return countries.get(zone)


def help_for_timezone(zone: str) -> CountryHelp | None:
    """The lines for the country of `zone`; None when we have none for it yet."""
    return COUNTRIES.get(country_for_timezone(zone) or "")
