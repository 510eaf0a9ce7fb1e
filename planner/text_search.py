"""Matching words in decrypted text, and marking them safely for a page.

Pure functions of their inputs (no database, no request). The journal is encrypted
at rest, so its search cannot be a database index or LIKE: planner.selectors.journal
decrypts the person's own newest entries and asks these functions.

"Cafe" finds "Café" and "ZOE" finds "Zoë": both sides are folded the same way
(case folded, accents dropped), and a match is marked in the words as written.
"""

import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Characters of text shown around the first match, each side.
CONTEXT = 80


def fold(text: str) -> str:
    return "".join(_fold_char(char) for char in text)


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def terms(query: str) -> list[str]:
    """The query's words, folded; each must appear for an entry to match."""
    return [word for word in fold(query).split() if word]


def matches(text: str, words: list[str]) -> bool:
    folded = fold(text)
    return bool(words) and all(word in folded for word in words)


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words sit in `text` as written, merged and in order."""
    folded, origin = [], []  # origin[i]: the index in `text` of folded character i
    for index, char in enumerate(text):
        piece = _fold_char(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    folded_text = "".join(folded)
    spans = []
    for word in words:
        start = folded_text.find(word)
        while start != -1:
            end = start + len(word)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded_text.find(word, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked(text: str, words: list[str], *, around: int | None = None) -> SafeString:
    """`text` escaped, each match wrapped in <mark>. With `around`, only that many
    characters either side of the first match, with an ellipsis where cut."""
    spans = _spans(text, words)
    begin, finish = 0, len(text)
    if around is not None:
        first = spans[0][0] if spans else 0
        begin = max(0, first - around)
        finish = min(len(text), first + around * 2)
    pieces, at = [], begin
    for start, end in spans:
        if end <= begin or start >= finish:
            continue
        start, end = max(start, begin), min(end, finish)
        pieces += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
        at = end
    pieces.append(escape(text[at:finish]))
    # Every piece of the person's text went through escape(); only <mark> is ours.
    html = "".join(pieces)
    prefix = "…" if begin > 0 else ""
    suffix = "…" if finish < len(text) else ""
    return mark_safe(prefix + html + suffix)  # noqa: S308
