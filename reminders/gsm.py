"""Keeping a text to a known number of SMS segments.

A segment holds 160 characters of the GSM-7 alphabet (GSM 03.38; the extension
characters such as € and [ take two) but only 70 once any character lies outside it,
an emoji or a curly quote, because the whole text then travels as UCS-2. So a title
put into a text is first made GSM-7 (quotes straightened, accents dropped where the
letter is not in the alphabet, emoji left out), then shortened with dots to the room
the rest of the text leaves.
"""

import unicodedata

SEGMENT = 160
# Past one segment each part carries a 7-septet header, so two hold 306, not 320.
PART = 153


def septets_in(segments: int) -> int:
    """How many GSM-7 septets `segments` segments carry (160, 306, 459...)."""
    return SEGMENT if segments == 1 else PART * segments


_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_EXTENDED = frozenset("^{}\\[~]|€\f")
_READABLE = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2026": "...",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
}
ELLIPSIS = "..."  # three dots: "…" is not in the alphabet and would cost the segment


def is_gsm(text: str) -> bool:
    return all(ch in _BASIC or ch in _EXTENDED for ch in text)


def gsm_length(text: str) -> int:
    """Septets a GSM-7 text takes (extension characters count twice)."""
    return sum(2 if ch in _EXTENDED else 1 for ch in text)


def gsm_safe(text: str) -> str:
    """The text in the GSM-7 alphabet, as close to the original as it can be read."""
    kept = []
    for ch in text:
        if ch in _BASIC or ch in _EXTENDED:
            kept.append(ch)
        elif ch in _READABLE:
            kept.append(_READABLE[ch])
        else:
            # "á" becomes "a"; an emoji or a letter with no near form is left out.
            kept.extend(c for c in unicodedata.normalize("NFKD", ch) if c in _BASIC)
    return " ".join("".join(kept).split())


def shorten(text: str, room: int) -> str:
    """`text` whole if it fits in `room` septets, else cut (at a word where one is near)
    with three dots. Kind to read: never a word chopped to one letter."""
    if gsm_length(text) <= room:
        return text
    budget = room - len(ELLIPSIS)
    cut, used = [], 0
    for ch in text:
        used += gsm_length(ch)
        if used > budget:
            break
        cut.append(ch)
    head = "".join(cut)
    space = head.rfind(" ")
    if space >= len(head) - 12 and space > 0:
        head = head[:space]
    return head.rstrip(" ,;:-") + ELLIPSIS if budget > 0 else ""
