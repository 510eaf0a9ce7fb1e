"""The catalog of values a person can pick from, in plain words.

Data, not rows: a chosen value is copied into planner.Value (with its `catalog_key`),
so rewording an entry here never changes what someone already chose.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CatalogValue:
    key: str
    name: str
    description: str


VALUES: tuple[CatalogValue, ...] = (
    CatalogValue(
        "connection", "Connection", "Feeling close to people, and letting them close to me."
    ),
    CatalogValue("family", "Family", "Being part of the lives of the people I call family."),
    CatalogValue("friendship", "Friendship", "Having friends to laugh with and lean on."),
    CatalogValue("learning", "Learning", "Growing what I know and can do, at my own pace."),
    CatalogValue("creativity", "Creativity", "Making things, ideas or music, and sharing them."),
    CatalogValue(
        "service", "Helping others", "Doing something useful for people or a cause I care about."
    ),
    CatalogValue(
        "faith", "Faith and meaning", "Living by what gives my life meaning, alone or with others."
    ),
    CatalogValue("nature", "Nature", "Time outdoors, and caring for the living world."),
    CatalogValue(
        "health", "Health", "Looking after body and mind, so I have energy for what matters."
    ),
    CatalogValue("play", "Play and fun", "Making room for lightness, games and enjoyment."),
    CatalogValue("belonging", "Belonging", "Being a known, welcome part of a group or a place."),
    CatalogValue("kindness", "Kindness", "Treating other people, and myself, gently."),
    CatalogValue("courage", "Courage", "Doing what matters to me even when it feels hard."),
    CatalogValue("independence", "Independence", "Running my own days and making my own choices."),
)

BY_KEY: dict[str, CatalogValue] = {value.key: value for value in VALUES}
