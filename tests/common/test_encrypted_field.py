"""EncryptedTextField keeps private writing unreadable in the database.

No real model uses the field yet, so these tests make one in an isolated app
registry and create its table themselves; that needs a transactional database,
because SQLite cannot change its schema inside the usual test transaction.
"""

from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import isolate_apps
from hypothesis import example, given
from hypothesis import strategies as st

from common import crypto
from common.fields import EncryptedTextField
from common.management.commands import rotate_encryption_keys

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()

SENTENCE = "I told Sam about the panic at the bus stop on Tuesday and cried after."


@pytest.fixture
def Note(transactional_db):
    with isolate_apps("common"):

        class PrivateNote(models.Model):
            body = EncryptedTextField(blank=True, null=True)

            class Meta:
                app_label = "common"
                db_table = "test_private_note"

            def __str__(self):
                return f"note {self.pk}"

    with connection.schema_editor() as editor:
        editor.create_model(PrivateNote)
    yield PrivateNote
    with connection.schema_editor() as editor:
        editor.delete_model(PrivateNote)


def raw_body(pk):
    """What a database dump would show, bypassing the field."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM test_private_note WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def set_raw_body(pk, value):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE test_private_note SET body = %s WHERE id = %s", [value, pk])


def rotate(Note, monkeypatch):
    # Small batches so a handful of rows crosses batch boundaries.
    monkeypatch.setattr(rotate_encryption_keys, "BATCH", 2)
    command = rotate_encryption_keys.Command()
    command.registry = Note._meta.apps
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "text",
    [
        SENTENCE,
        "Ça va? 今日は少し怖かった 🌧️ שלום",
        "line one\nline two\ttabbed",
        "a NUL \x00 byte, which a PostgreSQL text column cannot hold in the clear",
        "long entry " * 20_000,
    ],
    ids=["sentence", "unicode", "whitespace", "nul", "long"],
)
def test_it_gives_back_exactly_what_was_saved(Note, text):
    note = Note.objects.create(body=text)
    assert Note.objects.get(pk=note.pk).body == text


def test_it_stores_no_plaintext_in_the_column(Note):
    note = Note.objects.create(body=SENTENCE)
    stored = raw_body(note.pk)

    assert stored.startswith("fernet:")
    assert SENTENCE not in stored
    for word in SENTENCE.split():
        if len(word) >= 4:
            assert word not in stored, word
    # The column really is this note, just unreadable without the key.
    assert crypto.decrypt(stored) == SENTENCE


def test_it_writes_different_ciphertext_for_the_same_text(Note):
    first = Note.objects.create(body=SENTENCE)
    second = Note.objects.create(body=SENTENCE)

    assert raw_body(first.pk) != raw_body(second.pk)
    assert Note.objects.get(pk=first.pk).body == Note.objects.get(pk=second.pk).body == SENTENCE


def test_it_leaves_empty_text_and_null_as_they_are(Note):
    empty = Note.objects.create(body="")
    missing = Note.objects.create(body=None)

    assert raw_body(empty.pk) == ""
    assert raw_body(missing.pk) is None
    assert Note.objects.get(pk=empty.pk).body == ""
    assert Note.objects.get(pk=missing.pk).body is None
    assert list(Note.objects.filter(body__isnull=True)) == [missing]


def test_it_refuses_to_read_a_tampered_value_rather_than_return_wrong_text(Note):
    note = Note.objects.create(body=SENTENCE)
    stored = raw_body(note.pk)
    middle = len(stored) // 2
    flipped = "B" if stored[middle] == "A" else "A"
    set_raw_body(note.pk, stored[:middle] + flipped + stored[middle + 1 :])

    with pytest.raises(InvalidToken):
        Note.objects.get(pk=note.pk)


def test_it_refuses_a_truncated_value(Note):
    note = Note.objects.create(body=SENTENCE)
    set_raw_body(note.pk, raw_body(note.pk)[:-10])

    with pytest.raises(InvalidToken):
        Note.objects.get(pk=note.pk)


def test_it_refuses_plaintext_slipped_into_the_column(Note):
    note = Note.objects.create(body="")
    set_raw_body(note.pk, SENTENCE)

    with pytest.raises(InvalidToken):
        Note.objects.get(pk=note.pk)


@pytest.mark.parametrize("lookup", ["icontains", "exact", "startswith", "in", "gt"])
def test_it_refuses_lookups_that_would_silently_match_nothing(Note, lookup):
    value = ["panic"] if lookup == "in" else "panic"

    with pytest.raises(TypeError, match=f"does not support the '{lookup}' lookup"):
        Note.objects.filter(**{f"body__{lookup}": value})


def test_empty_and_null_can_still_be_filtered_on(Note):
    Note.objects.create(body="")
    Note.objects.create(body=None)
    Note.objects.create(body=SENTENCE)

    assert Note.objects.filter(body="").count() == 1
    assert Note.objects.filter(body=None).count() == 1
    assert Note.objects.exclude(body="").exclude(body=None).get().body == SENTENCE


def test_rotation_leaves_rows_without_text_alone(Note, settings, monkeypatch):
    Note.objects.create(body="")
    Note.objects.create(body=None)
    Note.objects.create(body=SENTENCE)

    output = rotate(Note, monkeypatch)
    assert "common.PrivateNote: 1 rows re-encrypted (body)" in output


def test_rotation_moves_every_row_to_the_newest_key(Note, settings, monkeypatch):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    texts = [f"{SENTENCE} ({n})" for n in range(5)]
    pks = [Note.objects.create(body=text).pk for text in texts]

    def bodies():
        return [Note.objects.get(pk=pk).body for pk in pks]

    # The rows really are under A: B alone cannot read them yet.
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(InvalidToken):
        bodies()

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    assert bodies() == texts
    output = rotate(Note, monkeypatch)
    assert "common.PrivateNote: 5 rows re-encrypted (body)" in output
    assert "Done: 5 rows under the newest key." in output

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    assert bodies() == texts
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    with pytest.raises(InvalidToken):
        bodies()

    # A second run, say after an interrupted first one, changes nothing a person sees.
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    assert "Done: 5 rows under the newest key." in rotate(Note, monkeypatch)
    assert bodies() == texts


def test_rotation_by_name_runs_over_the_installed_apps(db):
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "rows under the newest key." in out.getvalue()


def test_a_key_that_is_not_a_fernet_key_says_how_to_make_one(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A, "correct-horse-battery-staple"]

    with pytest.raises(ImproperlyConfigured, match="must be a Fernet key") as error:
        crypto.encrypt(SENTENCE)
    assert "Fernet.generate_key()" in str(error.value)
    # Keys are secrets: the message must not repeat one into a log.
    assert "correct-horse-battery-staple" not in str(error.value)


def test_no_keys_at_all_is_a_configuration_error(settings):
    settings.FIELD_ENCRYPTION_KEYS = []

    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS is empty"):
        crypto.encrypt(SENTENCE)


@given(st.text())
@example("")
@example("🌧️" * 50_000)
@example("\x00\ud7ff\ue000\U0010ffff")
def test_any_text_survives_encryption(text):
    stored = crypto.encrypt(text)
    assert stored.startswith(crypto.PREFIX)
    assert crypto.decrypt(stored) == text
