"""The two monthly measures: their published items, answer scales and scoring.

Plain data and pure functions, so scoring is tested against hand-computed cases
and never depends on a request or the clock.

UCLA 3-item loneliness scale: Hughes, Waite, Hawkley & Cacioppo (2004), "A short
scale for measuring loneliness in large surveys", Research on Aging 26(6):655-672.
Lubben Social Network Scale, 6 items: Lubben et al. (2006), "Performance of an
abbreviated version of the Lubben Social Network Scale among three European
community-dwelling older adult populations", The Gerontologist 46(4):503-513.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

UCLA3 = "ucla3"
LSNS6 = "lsns6"

# What a person reads: a plain name first, the research name in small print below it
# (a clinician recognises it; for anyone else a scale's name reads like a diagnosis).
NAMES = {UCLA3: "How connected you’ve felt", LSNS6: "People you can turn to"}
CITATIONS = {
    UCLA3: "UCLA 3-item loneliness scale (Hughes et al., 2004)",
    LSNS6: "Lubben Social Network Scale (LSNS-6; Lubben et al., 2006)",
}


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    group: str = ""


UCLA3_CHOICES = [(1, "Hardly ever"), (2, "Some of the time"), (3, "Often")]
UCLA3_ITEMS = [
    Item("companionship", "How often do you feel that you lack companionship?"),
    Item("left_out", "How often do you feel left out?"),
    Item("isolated", "How often do you feel isolated from others?"),
]
UCLA3_MIN, UCLA3_MAX = 3, 9

LSNS6_CHOICES = [
    (0, "None"),
    (1, "One"),
    (2, "Two"),
    (3, "Three or four"),
    (4, "Five through eight"),
    (5, "Nine or more"),
]
FAMILY = "Considering the people to whom you are related by birth, marriage, adoption, etc."
FRIENDS = "Considering all of your friends including those who live in your neighborhood."
LSNS6_ITEMS = [
    Item(
        "family_contact",
        "How many relatives do you see or hear from at least once a month?",
        FAMILY,
    ),
    Item(
        "family_private",
        "How many relatives do you feel at ease with that you can talk about private matters?",
        FAMILY,
    ),
    Item(
        "family_help",
        "How many relatives do you feel close to such that you could call on them for help?",
        FAMILY,
    ),
    Item(
        "friends_contact",
        "How many of your friends do you see or hear from at least once a month?",
        FRIENDS,
    ),
    Item(
        "friends_private",
        "How many friends do you feel at ease with that you can talk about private matters?",
        FRIENDS,
    ),
    Item(
        "friends_help",
        "How many friends do you feel close to such that you could call on them for help?",
        FRIENDS,
    ),
]
LSNS6_MIN, LSNS6_MAX = 0, 30
# Lubben et al. 2006: a total under 12 marks a risk of social isolation.
LSNS6_ISOLATION_CUTOFF = 12
# Hughes et al. publish no cut-off for the 3-item scale (studies that draw a line
# draw it in different places), so the report says so rather than inventing one.
UCLA3_CUTOFF_WORDS = "Its authors publish no cut-off: the score is best read as a change over time."
# The citations the report prints in small print under each measure.
UCLA3_SOURCE = (
    "Hughes, Waite, Hawkley & Cacioppo (2004), A short scale for measuring loneliness "
    "in large surveys. Research on Aging 26(6):655-672."
)
LSNS6_SOURCE = (
    "Lubben et al. (2006), Performance of an abbreviated version of the Lubben Social "
    "Network Scale among three European community-dwelling older adult populations. "
    "The Gerontologist 46(4):503-513."
)

# A month, loosely: the prompt returns about four weeks after the last answers.
MEASURE_INTERVAL = timedelta(days=28)


def _check(answers: Sequence[int], count: int, low: int, high: int) -> None:
    if len(answers) != count:
        raise ValueError(f"expected {count} answers, got {len(answers)}")
    for answer in answers:
        if isinstance(answer, bool) or not isinstance(answer, int) or not low <= answer <= high:
            raise ValueError(f"each answer must be a whole number from {low} to {high}")


def ucla3_score(answers: Sequence[int]) -> int:
    """Sum of the three answers (1 hardly ever, 2 some of the time, 3 often): 3 to 9.
    Higher means lonelier."""
    _check(answers, len(UCLA3_ITEMS), 1, 3)
    return sum(answers)


def lsns6_score(answers: Sequence[int]) -> int:
    """Sum of the six answers (0 none ... 5 nine or more): 0 to 30. Higher means a
    wider network of people to turn to."""
    _check(answers, len(LSNS6_ITEMS), 0, 5)
    return sum(answers)


def lsns6_subscores(answers: Sequence[int]) -> tuple[int, int]:
    """(family, friends), each 0 to 15."""
    _check(answers, len(LSNS6_ITEMS), 0, 5)
    return sum(answers[:3]), sum(answers[3:])


def lsns6_marks_isolation_risk(score: int) -> bool:
    return score < LSNS6_ISOLATION_CUTOFF


def score(kind: str, answers: Sequence[int]) -> int:
    if kind == UCLA3:
        return ucla3_score(answers)
    if kind == LSNS6:
        return lsns6_score(answers)
    raise ValueError(f"unknown measure {kind!r}")


def is_due(*, last_taken_at: datetime | None, now: datetime) -> bool:
    """Offer the measure again once about a month has passed (or if never taken)."""
    return last_taken_at is None or now - last_taken_at >= MEASURE_INTERVAL


def trend_words(kind: str, previous: int | None, latest: int) -> str:
    """A gentle sentence about the change since last time: never a grade.

    For loneliness a lower score is the hoped-for direction; for the network
    scale, higher.
    """
    if previous is None:
        return "This is your first answer here, a starting point to look back on."
    change = latest - previous
    better = change < 0 if kind == UCLA3 else change > 0
    if change == 0:
        return "About the same as last time. Steady counts too."
    if better:
        if kind == UCLA3:
            return "A little less lonely than last time. Worth noticing what helped."
        return "A few more people to turn to than last time."
    if kind == UCLA3:
        return (
            "A little lonelier than last time. Feelings move around; "
            "it can help to plan one small, kind step."
        )
    return "A bit fewer people to turn to than last time. Networks shift, and they can grow again."
