"""Deleting Alice removes every row of hers, in every model, and nothing of anyone else's.

The world (tests/accounts/delete_account_support.py): Bob and Carol each live a whole
life here; then Alice does, Bob supports her and she supports him, and a canary
string goes into every free-text field she owns. After deleting her, every row that
existed before her is exactly as it was, and of hers only the STOP-list entry for
her number is kept (plus Bob's own delivery log, which names no one).
"""

import pytest

from accounts.models import SecurityEvent
from accounts.services.deletion import account_delete
from common.blind_index import matching
from reminders.models import Outbox, SmsOptOut
from tests.accounts.delete_account_support import (
    CANARY,
    canary_found_in_rows,
    canary_write,
    connect,
    counts,
    life,
    models_a_person_owns,
    phone_of,
    snapshot,
)
from tests.dump_support import database_dump
from tests.factories import UserFactory


def _not_alices(alice):
    def skip(row) -> bool:
        if isinstance(row, SmsOptOut):
            return True  # a number's, not hers (and kept on purpose)
        return isinstance(row, Outbox) and row.recipient_id != alice.pk  # Bob's own messages

    return skip


@pytest.fixture
def world(frozen, bob, carol):
    now = frozen
    lives = {bob: life(bob, 1, now), carol: life(carol, 2, now)}
    before = snapshot()
    counted = counts()
    # Alice comes after the snapshot: her own row is one of hers.
    alice = UserFactory(display_name="Alice", email="alice@example.org")
    lives[alice] = life(alice, 0, now)
    links = connect(alice, bob, alice_life=lives[alice], bob_life=lives[bob], now=now)
    written = canary_write(before, skip=_not_alices(alice))
    return {
        "alice": alice,
        "now": now,
        "before": before,
        "counted": counted,
        "written": written,
        **links,
    }


@pytest.mark.django_db
def test_alice_has_a_row_in_every_model_a_person_can_own(world):
    # Without this, "nothing of hers is left" could hold only because she had nothing.
    grown = counts()
    missing = sorted(
        label
        for label in models_a_person_owns() | {"sessions.Session"}
        if grown[label] <= world["counted"][label]
    )
    assert not missing, (
        f"Give Alice a row of {missing} in tests/accounts/delete_account_support.py life()"
    )
    assert world["written"] > 40
    assert set(canary_found_in_rows()) >= {
        "planner.JournalEntry.text",
        "planner.SafetyPlan.content",
        "supporters.Encouragement.body",
        "accounts.User.display_name",
    }


@pytest.mark.django_db
def test_deleting_alice_keeps_every_row_of_everyone_else_exactly_as_it_was(
    world, bob, django_capture_on_commit_callbacks
):
    alice = world["alice"]
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=alice, now=world["now"])

    after = snapshot()
    for label, rows in world["before"].items():
        for pk, row in rows.items():
            assert after[label].get(pk) == row, f"{label} {pk} changed"
    kept = {
        label: sorted(set(rows) - set(world["before"][label]))
        for label, rows in after.items()
        if set(rows) - set(world["before"][label])
    }
    # Of Alice's rows only her number's place on the STOP list is left; of the rows
    # her sharing made, only Bob's own delivery log, cancelled and naming no one, and
    # Bob's own account activity, which no longer names her either.
    assert set(kept) == {"reminders.SmsOptOut", "reminders.Outbox", "accounts.SecurityEvent"}
    bobs_events = SecurityEvent.objects.filter(pk__in=kept["accounts.SecurityEvent"])
    assert {event.user_id for event in bobs_events} == {bob.pk}
    assert {event.detail for event in bobs_events} == {""}
    assert list(SmsOptOut.objects.filter(pk__in=kept["reminders.SmsOptOut"])) == list(
        SmsOptOut.objects.filter(matching(SmsOptOut, "phone", phone_of(0)))
    )
    bobs = Outbox.objects.filter(pk__in=kept["reminders.Outbox"])
    assert {(row.recipient_id, row.status) for row in bobs} == {(bob.pk, Outbox.Status.CANCELLED)}
    assert not bobs.filter(supporter_link__isnull=False).exists()
    assert not bobs.filter(scheduled_step__isnull=False).exists()
    grown = counts()
    assert grown == {
        label: world["counted"][label] + len(kept.get(label, ())) for label in world["counted"]
    }


@pytest.mark.django_db
def test_no_row_holds_anything_she_wrote_read_through_the_orm(
    world, django_capture_on_commit_callbacks
):
    alice = world["alice"]
    # Encrypted fields show only ciphertext in a dump, so they are read decrypted too.
    assert canary_found_in_rows()
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=alice, now=world["now"])
    assert canary_found_in_rows() == []


@pytest.mark.django_db(transaction=True)
def test_a_database_dump_holds_none_of_her_words_nor_her_address(world):
    alice = world["alice"]
    # The dump must see committed rows: this test commits (transaction=True).
    plain = database_dump()
    assert CANARY.encode() in plain, (
        "the dump cannot see the canary, so the test would prove nothing"
    )
    assert alice.email.encode() in plain

    account_delete(user=alice, now=world["now"])

    dump = database_dump()
    assert CANARY.encode() not in dump
    assert alice.email.encode() not in dump
    # Her number is kept once: on the STOP list, which texts to it must always honour,
    # encrypted there like every number (found by its blind index).
    assert phone_of(0).encode() not in dump
    assert SmsOptOut.objects.filter(matching(SmsOptOut, "phone", phone_of(0))).exists()
