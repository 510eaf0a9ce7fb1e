"""Encrypted values the app must find again: by keyed blind index (common.blind_index)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from common.blind_index import matching
from planner.models import Tag
from planner.services.checkins import tags_ensure
from reminders.channels.sms import sms_opt_out_record
from reminders.models import SmsOptOut
from supporters.models import Invitation
from tests.factories import TrustedContactFactory

KEY_A, KEY_B = "blind-index-key-a-for-tests", "blind-index-key-b-for-tests"


def invite(owner, email, now):
    return Invitation.objects.create(
        owner=owner,
        email=email,
        relationship="friend",
        scopes=["plan"],
        nonce=f"n-{email}",
        created_at=now,
        expires_at=now + timedelta(days=7),
    )


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_values_are_found_however_they_were_typed(alice, now):
    tag = tags_ensure(owner=alice, names=["Being Watched"])[0]
    invitation = invite(alice, "Sam@Example.org", now)
    sms_opt_out_record(phone="+14155550123", source="STOP", now=now)

    assert Tag.objects.get(matching(Tag, "name", "  being watched ")) == tag
    assert Invitation.objects.get(matching(Invitation, "email", " sam@example.ORG")) == invitation
    assert SmsOptOut.objects.filter(matching(SmsOptOut, "phone", "+1 415-555-0123")).exists()
    # The same word again is the same tag, however it is written.
    assert tags_ensure(owner=alice, names=["BEING WATCHED"]) == [tag]
    # Nothing readable stored: the ciphertext and a keyed digest.
    assert "Watched" not in raw("planner_tag", "name", tag.pk)
    assert "Watched" not in raw("planner_tag", "name_index", tag.pk)


@pytest.mark.django_db
def test_uniqueness_holds_on_the_index(alice):
    Tag.objects.create(owner=alice, name="Crowds")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(owner=alice, name="crowds")


@pytest.mark.django_db
def test_a_number_is_on_the_stop_list_once(now):
    sms_opt_out_record(phone="+14155550123", source="STOP", now=now)
    sms_opt_out_record(phone="+14155550123", source="STOP", now=now)
    assert SmsOptOut.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        SmsOptOut.objects.create(phone="+14155550123", opted_out_at=now, source="STOP")


@pytest.mark.django_db
def test_short_encrypted_text_still_has_its_length_limit(alice):
    contact = TrustedContactFactory.build(owner=alice, name="x" * 81)
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "name" in error.value.message_dict


@pytest.mark.django_db
def test_a_new_index_key_finds_old_rows_and_rotation_recomputes_them(alice, now, settings):
    settings.BLIND_INDEX_KEYS = [KEY_A]
    tag = tags_ensure(owner=alice, names=["Being watched"])[0]
    invitation = invite(alice, "sam@example.org", now)
    sms_opt_out_record(phone="+14155550123", source="STOP", now=now)
    contact = TrustedContactFactory(owner=alice, email="sam@example.org")
    before = raw("planner_tag", "name_index", tag.pk)

    def found():
        return (
            Tag.objects.filter(matching(Tag, "name", "being watched")).exists(),
            Invitation.objects.filter(matching(Invitation, "email", "sam@example.org")).exists(),
            SmsOptOut.objects.filter(matching(SmsOptOut, "phone", "+14155550123")).exists(),
            contact.__class__.objects.filter(
                matching(contact.__class__, "email", "sam@example.org")
            ).exists(),
        )

    # A new key goes first: rows written under the old one are still found...
    settings.BLIND_INDEX_KEYS = [KEY_B, KEY_A]
    assert found() == (True,) * 4
    # ...and rotation moves them to the new key, so the old one can go.
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "planner.Tag: 1 rows re-encrypted (name; blind indexes name_index)" in out.getvalue()
    settings.BLIND_INDEX_KEYS = [KEY_B]
    assert found() == (True,) * 4
    assert raw("planner_tag", "name_index", tag.pk) != before
    assert Invitation.objects.get(pk=invitation.pk).email == "sam@example.org"
    settings.BLIND_INDEX_KEYS = [KEY_A]
    assert found() == (False,) * 4
