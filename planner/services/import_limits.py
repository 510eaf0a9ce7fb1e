"""How much one import may hold, in one place; the import page states these numbers.

An export of a real account stays far inside them: a daily check-in for ten years
is 3,650 rows, a safety plan nests 6 deep. A file past them is refused before
anything is written, with words that say which limit it met.
"""

import json

MAX_DEPTH = 12  # lists and objects inside each other
MAX_STRING = 20_000  # characters in any one piece of text (a long journal entry is ~5,000)
MAX_ROWS = 5_000  # rows in any one topic (journal entries, check-ins, ...)
IMPORTS_PER_HOUR = 5  # tries per person; each one reads the whole file
BATCH_ROWS = 100  # rows per transaction, so SQLite is never held long (bench/import_lock.py)


class ImportProblem(ValueError):
    """The file can't be brought in; the message is for the person."""


def _no_constant(name: str):
    # Python's json reads NaN and Infinity, which no export holds and no number field takes.
    raise ValueError(f"{name} is not a number an export holds")


def document_parse(raw: bytes):
    """The JSON in `raw`; ImportProblem (kind words) if it can't be read or nests too deep."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except RecursionError as error:
        raise _too_deep() from error
    except (UnicodeDecodeError, ValueError) as error:
        raise ImportProblem(
            "That file can't be read as a Stepwise export (.zip or .json)."
        ) from error


def _too_deep() -> ImportProblem:
    return ImportProblem(
        "That file is nested more deeply than an export ever is, so nothing was brought in."
    )


def document_check(data, said: dict[str, str]) -> None:
    """Refuse a document past any limit; `said` names each topic for the person.

    Walked with a stack rather than recursion, so no depth can overflow it.
    """
    topics = data.get("topics") if isinstance(data, dict) else None
    if isinstance(topics, dict):
        for name, rows in topics.items():
            if isinstance(rows, list) and len(rows) > MAX_ROWS:
                what = said.get(name, "one part")
                raise ImportProblem(
                    f"That file has more than {MAX_ROWS:,} in the {what}, more than one import "
                    "can take, so nothing was brought in."
                )
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if len(value) > MAX_STRING:
                raise ImportProblem(
                    f"Some text in that file is longer than {MAX_STRING:,} characters, "
                    "more than Stepwise keeps in one place, so nothing was brought in."
                )
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise _too_deep()
            children = value.items() if isinstance(value, dict) else ((None, v) for v in value)
            for key, child in children:
                if key is not None:
                    stack.append((key, depth + 1))
                stack.append((child, depth + 1))
