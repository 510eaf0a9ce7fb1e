"""Reminders worded ahead (issue 17): the same words as on the spot, kept current.

Wording when the row is written leaves the due minute only the claim and the
transport; these check that what goes out is exactly what wording it then would
have given, and that a move or a new wording setting words it again.
"""

import email
import email.policy
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.services.profile import profile_update
from reminders import messages
from reminders.messages.prepared import outbox_prepare, unpack
from reminders.models import Outbox, ReminderKind, ReminderPreferences
from reminders.services.delivery_batch import outbox_deliver_batch
from reminders.services.dispatch import outbox_claim
from reminders.services.schedule import reminders_replan, reminders_sync_recurring
from reminders.sms import LocmemSMSBackend
from tests.factories import UserFactory, prefs_replace
from tests.reminders.channels_support import private_step, reminder_row, with_phone
from tests.reminders.smtp_support import smtp_mailers, smtp_server
from tests.reminders.twilio_support import twilio_stub

pytestmark = pytest.mark.django_db

TITLE = "Say hello at the café"
Status = Outbox.Status


@pytest.fixture
def smtp(settings):
    settings.DEFAULT_FROM_EMAIL = "Stepwise <hello@stepwise.localhost>"
    with smtp_server() as server:
        settings.MAILERS = smtp_mailers(server.port)
        yield server


@pytest.fixture
def texts(settings):
    settings.SMS_BACKEND = "reminders.sms.LocmemSMSBackend"
    LocmemSMSBackend.outbox.clear()
    return LocmemSMSBackend.outbox


@pytest.fixture
def worded_now(monkeypatch):
    """Counts the rows worded at send time (not taken from what was worded ahead)."""
    calls = []
    real = messages.word

    def word(row, to):
        calls.append(row.pk)
        return real(row, to)

    monkeypatch.setattr(messages, "word", word)
    return calls


def _row(person, kind, channel):
    scheduled = private_step(person, title=TITLE) if kind == ReminderKind.STEP else None
    return reminder_row(person, kind, channel=channel, scheduled=scheduled)


def _prepare(*rows):
    return outbox_prepare(
        Outbox.objects.select_related("recipient").filter(pk__in=[r.pk for r in rows])
    )


def _deliver_due():
    now = timezone.now()
    claimed = outbox_claim(now=now, limit=50)
    outbox_deliver_batch(ids=[pk for pk, _ in claimed], lease=claimed[0][1], now=now)


def _again_unworded(row):
    Outbox.objects.filter(pk=row.pk).update(
        status=Status.PENDING, prepared="", lease="", leased_until=None, attempts=0
    )


def _as_read(raw: bytes):
    """What a mail client shows: every header but Date, and each part's content."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    headers = sorted(
        (name, str(value)) for name, value in msg.items() if name not in ("Date", "Content-Type")
    )
    parts = [(p.get_content_type(), p.get_content()) for p in msg.walk() if not p.is_multipart()]
    return msg.get_content_type(), headers, parts


@pytest.mark.parametrize("discreet", [False, True])
@pytest.mark.parametrize("kind", [ReminderKind.STEP, ReminderKind.PLANNING])
def test_an_email_worded_ahead_reads_exactly_as_one_worded_when_sent(
    smtp, alice, worded_now, kind, discreet
):
    profile_update(user=alice, data={"discreet": discreet}, now=timezone.now())
    row = _row(alice, kind, "email")
    assert _prepare(row) == 1
    worded_now.clear()  # wording ahead words it, of course

    _deliver_due()
    assert worded_now == []  # it went as worded ahead
    _again_unworded(row)
    _deliver_due()
    assert worded_now == [row.pk]

    ahead, on_the_spot = smtp.messages
    assert _as_read(ahead) == _as_read(on_the_spot)
    assert (TITLE in _as_read(ahead)[2][0][1]) is (kind == ReminderKind.STEP and not discreet)
    # Dated as it went, not when it was worded.
    sent_at = email.message_from_bytes(ahead, policy=email.policy.default)["Date"].datetime
    assert abs(sent_at - timezone.now()) < timedelta(minutes=1)


@pytest.mark.parametrize("discreet", [False, True])
@pytest.mark.parametrize("kind", [ReminderKind.STEP, ReminderKind.CHECKIN])
def test_a_text_worded_ahead_is_the_text_worded_when_sent(texts, alice, worded_now, kind, discreet):
    with_phone(alice)
    profile_update(user=alice, data={"discreet": discreet}, now=timezone.now())
    row = _row(alice, kind, "sms")
    assert _prepare(row) == 1
    worded_now.clear()  # wording ahead words it, of course

    _deliver_due()
    assert worded_now == []
    _again_unworded(row)
    _deliver_due()

    ahead, on_the_spot = texts
    assert ahead.body == on_the_spot.body
    assert (TITLE[:8] in ahead.body) is (kind == ReminderKind.STEP and not discreet)


def test_turning_discreet_mode_on_words_what_waits_again(alice):
    with_phone(alice)
    rows = [_row(alice, ReminderKind.STEP, channel) for channel in ("email", "sms")]
    _prepare(*rows)
    assert all(TITLE[:8] in unpack(row.prepared)["text"] for row in _reloaded(rows))

    profile_update(user=alice, data={"discreet": True}, now=timezone.now())

    for row in _reloaded(rows):
        stored = unpack(row.prepared)
        assert TITLE[:8] not in stored["text"] and "Stepwise" not in stored["text"]
        fresh = unpack(_reworded(row))
        assert {k: stored[k] for k in ("f", "to", "text")} == {
            k: fresh[k] for k in ("f", "to", "text")
        }


# A Friday night: the weekly planning reminder is within the materialised window and
# still ahead, whatever day the suite runs (on a Monday just past midnight it was not).
FRIDAY_NIGHT = datetime(2026, 12, 4, 23, 30, tzinfo=UTC)


@time_machine.travel(FRIDAY_NIGHT, tick=True)
def test_a_reminder_moved_to_a_new_hour_is_worded_for_it(alice):
    now = FRIDAY_NIGHT
    prefs_replace(alice, planning_at=time(9, 0))
    reminders_sync_recurring(owner=alice, now=now)
    row = Outbox.objects.get(recipient=alice, kind=ReminderKind.PLANNING, status=Status.PENDING)
    assert "9:00 AM" in unpack(row.prepared)["text"]

    ReminderPreferences.objects.filter(owner=alice).update(planning_at=time(10, 30))
    reminders_replan(owner=alice, now=now)

    moved = Outbox.objects.get(pk=row.pk)
    assert moved.status == Status.PENDING and moved.due_at == row.due_at + timedelta(minutes=90)
    assert "10:30 AM" in unpack(moved.prepared)["text"]
    assert "9:00 AM" not in unpack(moved.prepared)["text"]


def test_a_step_renamed_after_wording_goes_out_with_its_new_name(texts, alice, worded_now):
    with_phone(alice)
    row = _row(alice, ReminderKind.STEP, "sms")
    _prepare(row)
    worded_now.clear()
    row.scheduled_step.step.title = "Wave to a neighbour"
    row.scheduled_step.step.save()

    _deliver_due()

    # Nobody re-worded it, so the fingerprint no longer matched: worded on the spot.
    assert worded_now == [row.pk]
    assert "Wave to a neighbour" in texts[0].body and TITLE[:8] not in texts[0].body


def test_a_batch_of_emails_goes_over_one_smtp_connection(smtp):
    people = [UserFactory(email=f"one-connection-{n}@example.org") for n in range(3)]
    rows = [_row(person, ReminderKind.PLANNING, "email") for person in people]
    _prepare(*rows)

    _deliver_due()

    assert len(smtp.messages) == 3
    assert len(set(smtp.peers)) == 1
    assert set(Outbox.objects.values_list("status", flat=True)) == {Status.SENT}


def _reloaded(rows):
    return list(Outbox.objects.select_related("recipient").filter(pk__in=[r.pk for r in rows]))


def _reworded(row) -> str:
    """What wording the row from scratch now stores."""
    Outbox.objects.filter(pk=row.pk).update(prepared="")
    _prepare(row)
    return Outbox.objects.get(pk=row.pk).prepared


def test_a_batch_of_texts_goes_over_one_provider_connection(settings):
    with twilio_stub(settings) as stub:
        for n in range(3):
            person = UserFactory(email=f"one-session-{n}@example.org")
            with_phone(person, phone=f"+1415555012{n}")
            _row(person, ReminderKind.PLANNING, "sms")

        _deliver_due()

        assert len(stub.requests) == 3
        assert stub.connections == 1
    assert set(Outbox.objects.values_list("status", flat=True)) == {Status.SENT}
