"""Texts people send back: Twilio's webhook signature, and what a reply asks for.

Pure functions; reminders.services.sms_inbound acts on them.

Classifying a reply (`classify`):
1. A keyword alone, in any case, with spaces and punctuation around it ignored
   ("Stop!", " quit. "): STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE,
   OPTOUT stop texts; START, YES, UNSTOP resume them; HELP, INFO ask what this is.
2. Otherwise a sentence that asks for the texts to stop: "please stop texting
   me", "stop sending these", "unsubscribe me", "no more texts", "don't text me",
   "leave me alone", or "stop" with only polite words around it ("stop please").
   "stop" must be about the messages: "I can't stop thinking about it", "stop by
   later" and "I want to stop" do not count, and neither does a negated request
   ("don't stop sending these", "never unsubscribe me").

3. SKIP, NOT NOW (or NOTNOW, NOT THIS TIME) alone, in any case, with spaces and
   punctuation around it ignored, say "not this time" for the step just reminded
   of. Only alone: "I'll skip the coffee but go" or "not now, maybe later" are
   sentences, not the keyword, and change nothing.

Which way it errs: when a sentence reads as "stop the messages", it stops them,
because an unwanted text to this person costs more than a missed reminder, and
the reply says how to undo it with one word (START).
"""

import base64
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable

STOP, START, HELP, SKIP = "stop", "start", "help", "skip"
KEYWORDS = {
    **dict.fromkeys(
        ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"], STOP
    ),
    **dict.fromkeys(["START", "YES", "UNSTOP"], START),
    **dict.fromkeys(["HELP", "INFO"], HELP),
}
# Ours, not the provider's: it does not answer these, so we always do.
NOT_THIS_TIME = {"SKIP", "NOT NOW", "NOTNOW", "NOT THIS TIME"}

# --- Twilio's request signature ------------------------------------------------------


def twilio_signature(url: str, params: Iterable[tuple[str, str]], token: str) -> str:
    """base64(HMAC-SHA1(token, url + each name and value, sorted by name then value)).

    `url` is the full URL Twilio was configured with, query string included.
    """
    payload = url + "".join(name + value for name, value in sorted(params))
    digest = hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signature_valid(
    *, url: str, params: Iterable[tuple[str, str]], signature: str, token: str
) -> bool:
    if not signature or not token:
        return False
    expected = twilio_signature(url, params, token)
    return hmac.compare_digest(expected.encode(), signature.encode())


# --- What a reply asks for -----------------------------------------------------------

MESSAGES = r"(?:texts?|messages?|msgs?|sms|reminders?|notifications?|alerts?)"
SENDING = r"(?:sending|texting|messaging|contacting|reminding|bothering|spamming)"
STOP_VERB = r"(?:stop|quit|cease|end)"
POLITE = {
    "please",
    "pls",
    "plz",
    "just",
    "now",
    "ok",
    "okay",
    "it",
    "already",
    "thanks",
    "thank",
    "you",
    "right",
    "oh",
    "hey",
    "so",
    "really",
    "the",
    "all",
    "of",
    "this",
    "that",
}
NEGATION = re.compile(r"\b(?:don't|dont|do not|never|can't|cant|cannot|couldn't|won't|not)\s+$")
REQUESTS = [
    # "stop texting me", "quit sending these", "stop contacting me"
    re.compile(rf"\b{STOP_VERB}\s+{SENDING}\b"),
    # "stop these texts", "end all the messages", "stop the reminders"
    re.compile(rf"\b{STOP_VERB}\s+(?:(?:all|the|these|those|your|my|of)\s+){{0,3}}{MESSAGES}\b"),
    re.compile(r"\bunsubscribe\b"),
    re.compile(r"\bopt(?:\s+me)?\s*-?\s*out\b"),
    re.compile(r"\b(?:take|remove)\s+(?:me|my\s+number)\s+(?:off|from)\b"),
    re.compile(r"\bremove\s+my\s+number\b"),
]
# Requests that carry their own negation, so the negation guard does not apply.
NEGATIVE_REQUESTS = [
    re.compile(rf"\bno\s+more\s+(?:of\s+)?(?:these\s+|your\s+|the\s+)?{MESSAGES}\b"),
    re.compile(r"\b(?:don't|dont|do not|never)\s+(?:text|message|contact|sms|remind)\s+me\b"),
    re.compile(r"\bleave\s+me\s+alone\b"),
]


def _trim(text: str) -> str:
    """Drop spaces, punctuation and symbols (emoji too) at both ends."""

    def edge(char: str) -> bool:
        return char.isspace() or unicodedata.category(char)[0] in "PSZC"

    start, end = 0, len(text)
    while start < end and edge(text[start]):
        start += 1
    while end > start and edge(text[end - 1]):
        end -= 1
    return text[start:end]


def _words(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[^\w\s']", " ", text)
    return " ".join(text.split())


def _asked(pattern: re.Pattern, text: str, *, guard: bool) -> bool:
    for match in pattern.finditer(text):
        if not guard or not NEGATION.search(text[: match.start()]):
            return True
    return False


def reads_as_opt_out(body: str) -> bool:
    text = _words(body)
    if any(_asked(p, text, guard=False) for p in NEGATIVE_REQUESTS):
        return True
    if any(_asked(p, text, guard=True) for p in REQUESTS):
        return True
    # "please stop", "stop it already": "stop" with nothing but polite words
    # around it ("the end" or "quit it" are too easily about something else).
    words = text.split()
    return words.count("stop") == 1 and all(w in POLITE or w == "stop" for w in words)


def is_keyword(body: str) -> bool:
    """A bare keyword, which Twilio's own opt-out handling also answers."""
    return _trim(body).upper() in KEYWORDS


def classify(body: str) -> str:
    """STOP, START, HELP, SKIP, or "" for anything else (a reply nobody needs to act on)."""
    bare = _trim(body).upper()
    keyword = KEYWORDS.get(bare)
    if keyword:
        return keyword
    if " ".join(bare.split()) in NOT_THIS_TIME:
        return SKIP
    return STOP if reads_as_opt_out(body) else ""
