"""Hostile input to every form the URL configuration exposes (issue 14, item 8).

Each named URL is opened by the person it belongs to (Alice, signed in and having
just given her password again; a supporter for the supporting pages; nobody for
the public token pages and the sign-in pages), the <form method="post"> elements on
it are read, and hypothesis posts hostile values to each: odd unicode, control
characters, 100,000-character strings, markup carrying a marker, numbers and dates
far out of range, choices not offered, fields left out. As htmx too where the form
has hx-post. Whatever comes in:

- the answer is never a 5xx;
- the marker never comes back unescaped, on the answer or on the page it redirects to;
- a form shown again with an error (or a 4xx) changed nothing stored.

Every example runs in a savepoint that is rolled back, and the browser's cookies are
put back after it, so each one starts from the same world, and even signing out or
deleting the account can be posted without a throwaway world.
"""

import os
from ast import literal_eval
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import get_resolver, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from supporters.models import SupporterLink
from tests.access_support import build_world, fingerprint, named_patterns, tracked_models
from tests.common.hostile_support import MISSING, PAYLOADS, RAW, forms_on, hostile
from tests.factories import UserFactory
from tests.test_access_matrix import RULES

pytestmark = pytest.mark.django_db

# Small per form so the whole walk stays near a minute on CI's two cores; raise it
# locally (STEPWISE_FUZZ_EXAMPLES=200) for a deeper search.
EXAMPLES = int(os.environ.get("STEPWISE_FUZZ_EXAMPLES", "6"))
HTMX = {"HX-Request": "true"}

# Rows a rejected form may still write, each for a reason the person would want.
VOLATILE = {
    "supporters.AccessLog",  # every read of shared data leaves a row
    "accounts.SecurityEvent",  # a wrong password is worth telling the person about
    "usersessions.UserSession",  # "last seen" moves on with any request, refused or not
}
FINGERPRINTED = {
    "accounts",
    "planner",
    "supporters",
    "reminders",
    "common",
    "account",
    "mfa",
    "usersessions",
}
# URLs whose GET shows no form worth posting to (feeds, files, machine endpoints).
NOT_PAGES = {
    "reminders:calendar_feed",
    "healthz",
}


def urls() -> list:
    return list(_urls())


def _urls():
    for name in sorted({name for name, _ in named_patterns(get_resolver().url_patterns)}):
        if name in NOT_PAGES:
            continue
        rule = RULES.get(name)
        if rule is not None and rule.post_only:
            continue  # no page of its own: its forms live on other pages
        if rule is None:
            yield pytest.param(name, "owner", id=f"{name}-owner")
            yield pytest.param(name, "anonymous", id=f"{name}-anonymous")
        elif rule.public:
            yield pytest.param(name, "anonymous", id=f"{name}-anonymous")
        else:
            role = "owner" if "owner" in rule.allowed else "plan"
            yield pytest.param(name, role, id=f"{name}-{role}")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Alice's world built once; each test's transaction nests inside and rolls back."""
    fresh = override_settings(ACCOUNT_REAUTHENTICATION_TIMEOUT=60 * 60)
    with django_db_blocker.unblock(), transaction.atomic(), fresh:
        alice = UserFactory(display_name="Alice", email="alice@example.org")
        carol = UserFactory(display_name="Carol", email="carol@example.org")
        built = build_world(alice, carol)
        built.clients = {role: built.client(role) for role in ("owner", "plan")}
        built.clients["anonymous"] = Client()
        yield built
        transaction.set_rollback(True)


def snapshot() -> str:
    # A page shown again with an error is still a look at shared data: its access-log
    # row is volatile above, and the link's "last looked" moves with it. Each example
    # runs in a savepoint that is rolled back, so clearing it here changes nothing kept.
    SupporterLink.objects.update(last_viewed_at=None)
    return fingerprint(labels=FINGERPRINTED, volatile=VOLATILE)


def changed_tables(before: str, after: str) -> list[str]:
    """Which tables differ, where the fingerprint has one digest per table (PostgreSQL)."""
    if not before.startswith("("):
        return ["(one digest for all tables)"]
    models = [m._meta.label for m in tracked_models(FINGERPRINTED, VOLATILE)]
    pairs = zip(models, literal_eval(before), literal_eval(after), strict=True)
    return [label for label, b, a in pairs if b != a]


def shown_again_with_an_error(response) -> bool:
    body = response.content.decode(errors="replace")
    return response.status_code == 200 and any(
        mark in body for mark in ('class="field-error"', 'class="form-error"', "errorlist")
    )


def echoed(response) -> list[str]:
    if "html" not in response.get("Content-Type", ""):
        return []
    body = response.content.decode(errors="replace")
    return [raw for raw in RAW if raw in body]


def payload(form, values: dict) -> dict:
    data = {}
    for name, value in values.items():
        if value is MISSING:
            continue
        if form.fields[name].kind == "file":
            value = SimpleUploadedFile("hostile.json", value.encode(errors="replace"))
        data[name] = value
    return data


def fuzz(client, page_url: str, form):
    plain = urljoin(page_url, form.action or page_url)
    targets = [(plain, {})]
    if form.htmx:
        targets.append((urljoin(page_url, form.htmx), HTMX))
    if urlsplit(plain).netloc:
        return  # posts to another site: not ours to fuzz

    values = st.fixed_dictionaries({name: hostile(f) for name, f in form.fields.items()})

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(values=values, target=st.sampled_from(targets))
    def attempt(values, target):
        url, headers = target
        cookies = client.cookies
        client.cookies = type(cookies)(cookies)  # signing out must not stick
        cache.clear()  # rate limits would hide the form behind a 429
        try:
            with transaction.atomic():
                before = snapshot()
                response = client.post(url, payload(form, values), headers=headers)
                status = response.status_code
                assert status < 500, f"POST {url} answered {status}"
                assert not echoed(response), f"POST {url} echoed {echoed(response)} unescaped"
                if shown_again_with_an_error(response) or 400 <= status < 500:
                    assert snapshot() == before, (
                        f"POST {url} was refused ({status}) yet changed data"
                    )
                location = response.get("Location", "")
                if status in (301, 302, 303) and not urlsplit(location).netloc:
                    after = client.get(urljoin(url, location))
                    assert after.status_code < 500, (
                        f"{location} after POST {url}: {after.status_code}"
                    )
                    assert not echoed(after), f"{location} after POST {url} shows {echoed(after)}"
                transaction.set_rollback(True)
        finally:
            client.cookies = cookies

    # Beside the random draws, every field at once carrying markup (each target), and
    # every field left out: the draws alone rarely put markup in the one field echoed.
    for url_headers in targets:
        for markup in (PAYLOADS[0], PAYLOADS[1]):
            attempt = example(values=dict.fromkeys(form.fields, markup), target=url_headers)(
                attempt
            )
    attempt = example(values=dict.fromkeys(form.fields, MISSING), target=targets[0])(attempt)
    attempt()


SEEN = set()  # forms in the layout appear on every page: fuzz each once per run


@pytest.mark.parametrize(("name", "role"), urls())
def test_no_form_answers_hostile_input_with_an_error_an_echo_or_a_change(name, role, world, db):
    rule = RULES.get(name)
    url = reverse(name, kwargs=rule.kwargs(world) if rule else {})
    client = world.clients[role]
    page = client.get(url)
    assert page.status_code < 500, f"GET {url} answered {page.status_code}"
    if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
        return
    for form in forms_on(page.content.decode()):
        key = (role, *form.key())
        if key in SEEN:
            continue
        SEEN.add(key)
        fuzz(client, url, form)
