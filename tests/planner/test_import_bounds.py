"""Imports are bounded: a hostile or huge file is refused kindly and changes nothing.

Every test goes through the real page (POST /export/ after confirming the password),
as a person's browser would, and compares the whole export before and after.
"""

import json
from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.models import CheckIn, JournalEntry
from planner.services import export, import_limits
from tests.factories import CheckInFactory, JournalEntryFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def kept(alice):
    CheckInFactory(owner=alice, period_start=date(2026, 5, 1), note="kept")
    JournalEntryFactory(owner=alice, title="Market day", text="Loud but fine.")
    return alice


def snapshot(owner) -> dict:
    return json.loads(json.dumps(export.export_build(owner=owner, now=NOW)["topics"]))


def post(client, raw: bytes, name: str = "stepwise.json"):
    upload = SimpleUploadedFile(name, raw, content_type="application/json")
    return client.post("/export/", {"file": upload})


def document(**topics) -> bytes:
    return json.dumps(
        {"format": export.FORMAT, "version": export.VERSION, "topics": topics}
    ).encode()


def journal_row(n: int, title: str = "An evening walk") -> dict:
    moment = datetime(2020, 1, 1, tzinfo=UTC).timestamp() + n * 60
    when = datetime.fromtimestamp(moment, tz=UTC).isoformat()
    return {"title": title, "text": "", "tags": [], "created_at": when, "updated_at": when}


def test_deeply_nested_json_is_refused_kindly_and_changes_nothing(kept, alice_client):
    before = snapshot(kept)
    raw = b'{"format": "stepwise-export", "topics": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = post(alice_client, raw)
    assert response.status_code == 200
    assert "nested more deeply than an export ever is" in response.content.decode()
    assert snapshot(kept) == before


def test_nesting_past_the_cap_is_refused(kept, alice_client):
    deep = []
    for _ in range(import_limits.MAX_DEPTH):
        deep = [deep]
    before = snapshot(kept)
    response = post(alice_client, document(journal=deep))
    assert "nested more deeply than an export ever is" in response.content.decode()
    assert snapshot(kept) == before


def test_a_string_longer_than_the_cap_is_refused_and_changes_nothing(kept, alice_client):
    before = snapshot(kept)
    long_title = "a" * (import_limits.MAX_STRING + 1)
    response = post(alice_client, document(journal=[journal_row(1, long_title)]))
    html = response.content.decode()
    assert f"longer than {import_limits.MAX_STRING:,} characters" in html
    assert snapshot(kept) == before


def test_a_string_at_the_cap_is_not_refused_for_its_length(kept, alice_client):
    response = post(
        alice_client, document(journal=[journal_row(1, "a" * import_limits.MAX_STRING)])
    )
    assert "longer than" not in response.content.decode()


def test_more_rows_in_a_topic_than_the_cap_are_refused_and_change_nothing(kept, alice_client):
    before = snapshot(kept)
    rows = [journal_row(n) for n in range(import_limits.MAX_ROWS + 1)]
    response = post(alice_client, document(journal=rows))
    html = response.content.decode()
    assert f"more than {import_limits.MAX_ROWS:,} in the journal" in html
    assert snapshot(kept) == before


def test_the_import_page_states_the_caps_in_plain_words(alice_client):
    html = alice_client.get("/export/").content.decode()
    assert f"up to {import_limits.MAX_ROWS:,} of each kind" in html
    assert f"{import_limits.MAX_STRING:,} characters" in html
    assert f"{import_limits.IMPORTS_PER_HOUR} times an hour" in html


def test_imports_are_rate_limited_per_person_with_a_kind_word(kept, alice_client, client):
    for n in range(import_limits.IMPORTS_PER_HOUR):
        response = post(alice_client, document(journal=[journal_row(n)]))
        assert response.status_code == 302
    before = snapshot(kept)
    response = post(alice_client, document(journal=[journal_row(999)]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "brought in a file several times this hour" in html
    assert snapshot(kept) == before


def test_the_rate_limit_is_per_person(kept, alice_client, client):
    from tests.accounts.reauth_support import reauthenticate
    from tests.factories import UserFactory

    for n in range(import_limits.IMPORTS_PER_HOUR + 1):
        post(alice_client, document(journal=[journal_row(n)]))
    client.force_login(UserFactory())
    reauthenticate(client)
    assert post(client, document(journal=[journal_row(1)])).status_code == 302


# --- Fuzzing: nothing a person can upload gives a server error ---------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)
topic_names = st.sampled_from([topic.name for topic in export.TOPICS])
export_like = st.fixed_dictionaries(
    {
        "format": st.just(export.FORMAT),
        "version": st.just(export.VERSION),
        "topics": st.dictionaries(topic_names, st.lists(st.dictionaries(st.text(), json_values))),
    }
)

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def unlimited(monkeypatch):
    # Hypothesis posts many files in one test; the hourly limit would soon answer them all.
    monkeypatch.setattr(import_limits, "IMPORTS_PER_HOUR", 10**6)


@FUZZ
@given(data=json_values | export_like)
def test_any_json_never_gives_a_server_error(kept, unlimited, alice_client, data):
    response = post(alice_client, json.dumps(data).encode())
    assert response.status_code in (200, 302)


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_any_bytes_never_give_a_server_error(kept, unlimited, alice_client, raw):
    before = JournalEntry.objects.count(), CheckIn.objects.count()
    response = post(alice_client, raw)
    assert response.status_code == 200
    assert (JournalEntry.objects.count(), CheckIn.objects.count()) == before
