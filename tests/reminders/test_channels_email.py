"""Reminder email over real SMTP on loopback: the bytes, the headers, the one-click link."""

import email
import email.policy
import re

import pytest
from django.test import Client

from reminders.channels import PermanentError, TransientError
from reminders.channels.email import EmailChannel, message_id_for
from reminders.messages import message_for
from reminders.models import ReminderKind, ReminderPreferences
from tests.reminders.channels_support import private_step, reminder_row
from tests.reminders.smtp_support import free_port, smtp_mailers, smtp_server

LONG_PUBLIC_URL = "https://reminders.stepwise-community-garden.example.org"


@pytest.fixture
def smtp(settings):
    settings.PUBLIC_URL = LONG_PUBLIC_URL
    with smtp_server() as server:
        settings.MAILERS = smtp_mailers(server.port)
        yield server


def _header_lines(raw: bytes) -> list[str]:
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    return head.split("\r\n")


def _send_step_reminder(person):
    row = reminder_row(person, ReminderKind.STEP, scheduled=private_step(person))
    delivered = EmailChannel().send(message_for(row), dedupe_key=row.dedupe_key)
    return row, delivered


def test_a_reminder_arrives_with_both_unsubscribe_headers_each_on_one_line(smtp, alice):
    row, delivered = _send_step_reminder(alice)

    [raw] = smtp.messages
    lines = _header_lines(raw)
    [unsubscribe] = [line for line in lines if line.startswith("List-Unsubscribe:")]
    assert re.fullmatch(rf"List-Unsubscribe: <{LONG_PUBLIC_URL}/unsubscribe/[^>\s]+/>", unsubscribe)
    assert len(unsubscribe) > 78  # long enough that Python would have folded it
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in lines
    assert f"X-Stepwise-Dedupe: {row.dedupe_key}" in lines
    # Nothing of it spilled onto a continuation line or into encoded words.
    after = lines[lines.index(unsubscribe) + 1]
    assert not after.startswith((" ", "\t"))
    assert b"=?utf-8?" not in raw.split(b"\r\n\r\n", 1)[0].split(b"List-Unsubscribe")[1]
    assert delivered.provider_message_id == message_id_for(row.dedupe_key)


def test_it_carries_a_text_part_and_an_html_part(smtp, alice):
    _send_step_reminder(alice)

    parsed = email.message_from_bytes(smtp.messages[0], policy=email.policy.default)
    assert parsed["To"] == "alice@example.org"
    assert parsed["Subject"].startswith("Coming up: Say hello at the café")
    assert parsed.get_content_type() == "multipart/alternative"
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    html = parsed.get_body(preferencelist=("html",)).get_content()
    assert "Say hello at the café" in text and "<h2" not in text
    assert "<h2" in html and "Stop these emails</a>" in html


def test_a_resend_of_the_same_reminder_has_the_same_message_id(smtp, alice):
    row = reminder_row(alice, ReminderKind.PLANNING)
    for _ in range(2):
        EmailChannel().send(message_for(row), dedupe_key=row.dedupe_key)

    ids = [
        email.message_from_bytes(raw, policy=email.policy.default)["Message-ID"]
        for raw in smtp.messages
    ]
    assert ids[0] == ids[1] == message_id_for(row.dedupe_key)
    other = reminder_row(alice, ReminderKind.PLANNING)
    assert message_id_for(other.dedupe_key) != ids[0]


def _one_click_path(raw: bytes) -> str:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    url = parsed["List-Unsubscribe"].strip("<>")
    return url.removeprefix(LONG_PUBLIC_URL)


def test_the_one_click_post_works_with_no_cookie_login_or_csrf_token(smtp, alice):
    _send_step_reminder(alice)
    path = _one_click_path(smtp.messages[0])

    # What a mail provider does (RFC 8058): a bare POST, nothing else.
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert ReminderPreferences.objects.get(owner=alice).email_unsubscribed == ["step"]
    assert "will not get these emails any more" in response.text


def test_following_the_link_with_get_changes_nothing(smtp, alice):
    _send_step_reminder(alice)
    path = _one_click_path(smtp.messages[0])

    response = Client().get(path)

    assert response.status_code == 200
    assert "Stop these emails" in response.text
    assert not ReminderPreferences.objects.filter(owner=alice, email_unsubscribed=["step"])


def test_a_refused_mailbox_is_permanent_and_a_busy_server_is_worth_retrying(smtp, alice):
    row = reminder_row(alice, ReminderKind.CHECKIN)
    message = message_for(row)

    smtp.refuse_recipients = "550 5.1.1 No such mailbox"
    with pytest.raises(PermanentError):
        EmailChannel().send(message, dedupe_key=row.dedupe_key)
    smtp.refuse_recipients = "451 4.3.0 Try again later"
    with pytest.raises(TransientError):
        EmailChannel().send(message, dedupe_key=row.dedupe_key)
    assert smtp.messages == []


def test_a_mail_server_that_is_not_there_is_worth_retrying(settings, alice):
    settings.MAILERS = smtp_mailers(free_port())
    row = reminder_row(alice, ReminderKind.CHECKIN)
    with pytest.raises(TransientError):
        EmailChannel().send(message_for(row), dedupe_key=row.dedupe_key)


def test_was_sent_asks_a_backend_that_can_tell_and_says_none_otherwise(
    smtp, settings, tmp_path, monkeypatch, alice
):
    row = reminder_row(alice, ReminderKind.CHECKIN)
    assert EmailChannel().was_sent(row.dedupe_key) is None  # SMTP cannot tell

    monkeypatch.delenv("STEPWISE_RECORD_DIR", raising=False)
    settings.STEPWISE_RECORD_DIR = str(tmp_path)
    settings.MAILERS = {"default": {"BACKEND": "reminders.recording.RecordingEmailBackend"}}
    assert EmailChannel().was_sent(row.dedupe_key) is False
    EmailChannel().send(message_for(row), dedupe_key=row.dedupe_key)
    assert EmailChannel().was_sent(row.dedupe_key) is True
