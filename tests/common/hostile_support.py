"""The forms a page shows, read as a browser would, and hostile values for their fields.

Kept apart from the test so the test reads as what it asserts: a parser for the
<form method="post"> elements of a page and a hypothesis strategy per field type.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from hypothesis import strategies as st

# A word no page contains: found raw after a hostile POST, the payload came back unescaped.
MARKER = "zqxFuzzMark"
PAYLOADS = (
    f"<script>{MARKER}</script>",
    f'"><svg onload={MARKER}>',
    f"'><img src=x onerror={MARKER}>",
    f"</textarea><script>{MARKER}</script>",
)
# What a payload looks like when it was not escaped on the way out.
RAW = (f"<script>{MARKER}", f"<svg onload={MARKER}", f"<img src=x onerror={MARKER}")
MISSING = object()  # the field is left out of the POST altogether


@dataclass
class Field:
    name: str
    kind: str  # an input's type, or "textarea", "select"
    value: str = ""  # what the page filled in
    options: list = field(default_factory=list)  # select options, radio or checkbox values


@dataclass
class Form:
    action: str
    htmx: str = ""  # hx-post, when the form has one
    fields: dict = field(default_factory=dict)  # name -> Field
    enctype: str = ""

    def key(self):
        return (self.action, self.htmx, tuple(sorted(self.fields)))


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.textarea: Field | None = None
        self.select: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self.form = Form(
                    a.get("action", ""), a.get("hx-post", ""), enctype=a.get("enctype", "")
                )
            return
        if self.form is None or "name" not in a and tag != "option":
            return
        if tag in ("input", "button"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            name, value = a["name"], a.get("value", "")
            known = self.form.fields.get(name)
            if kind in ("radio", "checkbox", "submit") and known is not None:
                known.options.append(value)
                return
            if kind in ("radio", "checkbox", "submit"):
                checked = "checked" in a or kind == "submit"
                self.form.fields[name] = Field(name, kind, value if checked else "", [value])
            else:
                self.form.fields[name] = Field(name, kind, value)
        elif tag == "textarea":
            self.textarea = self.form.fields[a["name"]] = Field(a["name"], "textarea")
        elif tag == "select":
            self.select = self.form.fields[a["name"]] = Field(a["name"], "select")
        elif tag == "option" and self.select is not None:
            self.select.options.append(a.get("value", ""))
            if "selected" in a or not self.select.value:
                self.select.value = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data


def forms_on(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


# --- Hostile values --------------------------------------------------------------------
ODD_CHARACTERS = (
    "\x00",  # NUL: PostgreSQL refuses it in text
    "\u202e",  # right-to-left override
    "\u200b",  # zero-width space
    "\ufeff",  # byte order mark
    "\x1b[31m",  # a terminal escape
    "\r\n",
    "😀",
    "ﷺ",
    "\u0301",  # a combining accent with nothing to sit on
)
text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.sampled_from(ODD_CHARACTERS),
    st.text(min_size=0, max_size=30),
    st.builds(lambda s, p: s + p, st.text(max_size=10), st.sampled_from(PAYLOADS)),
    st.just("x" * 100_000),
    st.just(PAYLOADS[0] * 3000),
    st.just(""),
    st.just(" "),
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        ["-1", "101", "2147483648", "9" * 400, "1e309", "NaN", "Infinity", "-0", "3.5", "0x10"]
    ),
    text,
)
dates = st.one_of(
    st.sampled_from(
        [
            "2026-02-30",
            "0000-00-00",
            "99999-01-01",
            "0001-01-01",
            "9999-12-31",
            "2026-13-01",
            "2026-03-29T02:30",  # a time the clocks skip in Europe
            "9999-12-31T23:59",
            "0001-01-01T00:00",
            "25:61",
            "-1",
        ]
    ),
    text,
)


def hostile(f: Field):
    """A strategy for one field: its own value, a hostile one, or nothing at all."""
    if f.kind in ("number", "range"):
        bad = numbers
    elif f.kind in ("date", "datetime-local", "time", "month", "week"):
        bad = dates
    elif f.kind == "file":
        bad = st.sampled_from([PAYLOADS[0], "{" * 5000, "\x00\xff" * 100])
    elif f.options:
        bad = st.one_of(
            st.sampled_from(f.options), st.sampled_from(["9999999", "-1", PAYLOADS[0]]), text
        )
    else:
        bad = text
    return st.one_of(st.just(f.value), bad, st.just(MISSING))
