"""Keep secrets out of log lines: link tokens, query strings, phone numbers.

One masking function for every log: gunicorn's access and error logs
(config/gunicorn.py) and Django's own loggers (LogMaskFilter in settings.LOGGING).

Which path segments are secret is read from the URL configuration: any pattern with
a kwarg in SECRET_KWARGS (our `<str:token>` links, allauth's password reset and email
confirmation `key`). A new token URL is masked the day it is added, with no list to
keep in step. Query strings are masked value by value, whatever the name: a value is
as likely to be a token as not, and the names are what a reader needs.
"""

import logging
import re
from functools import cache
from urllib.parse import urlsplit, urlunsplit

from django.urls import URLPattern, URLResolver, get_resolver

SECRET_KWARGS = frozenset({"token", "key", "uidb36"})
MASK = "***"

# A query name worth keeping; anything else (a bare token, a huge name) is masked too.
_QUERY_NAME = re.compile(r"[A-Za-z_][\w.\-\[\]]{0,40}")
# A URL or an absolute path inside free text (a log message, a request line).
_URL_IN_TEXT = re.compile(r"(?:https?://[^\s/\"'<>]+)?/[^\s\"'<>]*")
# E.164 numbers as the app stores them (+14155550123), spaced or dashed as people
# write them; a UTC offset (+0000) is too short to match.
_PHONE = re.compile(r"(?<![\w+])\+\d(?:[ .\-]?\d){6,14}(?!\d)")


def _regex_body(regex: str) -> str:
    """A pattern's regex without its anchors, to join with its include()'s prefix."""
    regex = regex.removeprefix("^")
    for end in (r"\Z", "$"):
        regex = regex.removesuffix(end)
    return regex


def _secret_starts(regex: str) -> list[int]:
    return [regex.find(f"(?P<{name}>") for name in SECRET_KWARGS if f"(?P<{name}>" in regex]


def _walk(patterns, prefix: str):
    for entry in patterns:
        body = prefix + _regex_body(entry.pattern.regex.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, body)
        elif isinstance(entry, URLPattern) and _secret_starts(body):
            yield body


@cache
def _any_secret_prefix() -> re.Pattern:
    # One match decides for most paths (/week/, /static/...) that nothing is secret.
    # Named groups become plain ones: two prefixes may both name a <pk>.
    joined = "|".join(f"(?:{loose.pattern})" for _exact, loose in secret_patterns())
    return re.compile(re.sub(r"\(\?P<\w+>", "(?:", joined))


@cache
def secret_patterns() -> tuple[tuple[re.Pattern, re.Pattern], ...]:
    """(exact, loose) regexes for every URL that carries a secret in its path.

    `exact` matches the pattern (and anything below it) and names the secret groups;
    `loose` is the literal prefix up to the first secret, for near misses such as
    /calendar/<token> without its .ics, whose whole rest is then masked.
    """
    found = []
    for body in _walk(get_resolver().url_patterns, ""):
        first = min(_secret_starts(body))
        found.append((re.compile("/" + body), re.compile("/" + body[:first])))
    return tuple(found)


def mask_path(path: str) -> str:
    """/unsubscribe/abc123/undo/ -> /unsubscribe/***/undo/; other paths unchanged."""
    try:
        patterns = secret_patterns()
        if not _any_secret_prefix().match(path):
            return path
    except Exception:  # noqa: BLE001 - no URL conf yet (gunicorn before Django): hide it all
        return "/" + MASK if path not in ("", "/") else path
    for exact, _loose in patterns:
        if match := exact.match(path):
            spans = sorted(
                (match.span(name) for name in SECRET_KWARGS & set(exact.groupindex)),
                reverse=True,
            )
            for start, end in spans:
                if start >= 0:
                    path = path[:start] + MASK + path[end:]
            return path
    for _exact, loose in patterns:
        if match := loose.match(path):
            # Already masked (a line that passes two filters) stays as it is.
            if path[match.end() :].startswith(MASK):
                return path
            return path[: match.end()] + MASK
    return path


def mask_query(query: str) -> str:
    """next=/x&token=abc -> next=***&token=***; a bare item is masked whole."""
    if not query:
        return query
    masked = []
    for item in query.split("&"):
        name, equals, _value = item.partition("=")
        masked.append(f"{name}={MASK}" if equals and _QUERY_NAME.fullmatch(name) else MASK)
    return "&".join(masked)


def mask_url(url: str) -> str:
    """Mask a path, a path with its query, or a whole URL (a Referer, a Location)."""
    if not url or url == "-":
        return url
    if url.startswith("/") and not url.startswith("//") and "?" not in url and "#" not in url:
        return mask_path(url)  # the common case, without taking the URL apart
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL after all (an unclosed IPv6 bracket): hide it all
        return MASK
    # The fragment never reaches a server, but a pasted link may carry one: drop it.
    return urlunsplit(
        parts._replace(path=mask_path(parts.path), query=mask_query(parts.query), fragment="")
    )


def mask_phones(text: str) -> str:
    """+14155550123 -> ***23: the last two digits, enough to tell numbers apart."""
    return _PHONE.sub(lambda match: MASK + re.sub(r"\D", "", match.group())[-2:], text)


def mask_text(text: str) -> str:
    """Every URL and phone number inside a free-text log message, masked."""
    if "/" not in text and "+" not in text:  # most header and environ values: nothing to do
        return text
    return mask_phones(_URL_IN_TEXT.sub(lambda match: mask_url(match.group()), text))


class LogMaskFilter(logging.Filter):
    """Masks a record's message and traceback in place; never drops a record.

    Put it on handlers, not loggers: a logger's filters skip records that its
    children propagate, a handler's see every line it writes.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "masked", False):  # a record may pass several handlers
            return True
        record.masked = True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string is logging's to report
            return True
        record.msg, record.args = mask_text(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True
