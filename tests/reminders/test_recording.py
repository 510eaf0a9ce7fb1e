"""The recording backends: what "the provider" got, readable from any process."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.mail import EmailMessage, mailers

from reminders import recording
from reminders.recording import RecordingEmailBackend, RecordingSMSBackend


@pytest.fixture(autouse=True)
def record_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("STEPWISE_RECORD_DIR", str(tmp_path))
    return tmp_path


def test_a_text_is_recorded_with_its_dedupe_key_and_can_be_asked_about():
    sent = RecordingSMSBackend().send(to="+14155550100", body="Hello", dedupe_key="k:1")

    (record,) = recording.records("sms")
    assert (record["to"], record["body"], record["dedupe_key"]) == ("+14155550100", "Hello", "k:1")
    assert record["provider_id"] == sent.provider_id
    assert RecordingSMSBackend().was_sent("k:1")
    assert not RecordingSMSBackend().was_sent("k:2")


def test_an_email_is_recorded_by_its_dedupe_header_through_the_default_mailer(settings):
    settings.MAILERS = {"default": {"BACKEND": "reminders.recording.RecordingEmailBackend"}}
    mail = EmailMessage(
        subject="Your week",
        body="A gentle nudge.",
        to=["alice@example.org"],
        headers={"X-Stepwise-Dedupe": "planning:7:email", "Message-ID": "<r.abc@stepwise>"},
    )

    assert mailers.default.send_messages([mail]) == 1

    (record,) = recording.records("email")
    assert record["to"] == ["alice@example.org"]
    assert (record["dedupe_key"], record["message_id"]) == ("planning:7:email", "r.abc@stepwise")
    assert RecordingEmailBackend().was_sent("planning:7:email")
    assert recording.was_sent("planning:7:email") and not recording.was_sent("other")


def test_a_line_torn_by_a_killed_process_is_not_a_record(record_dir):
    RecordingSMSBackend().send(to="+14155550100", body="Hello", dedupe_key="whole")
    with (record_dir / "sms.jsonl").open("a") as records_file:
        records_file.write('{"dedupe_key": "torn", "to": "+1415')

    assert [record["dedupe_key"] for record in recording.records()] == ["whole"]
    assert not recording.was_sent("torn")


def test_several_processes_appending_at_once_never_interleave_lines(record_dir):
    # Plain interpreters (no django.setup(): the record folder comes from the environment).
    script = (
        "import sys;"
        "from reminders.recording import RecordingSMSBackend as B;"
        "[B().send(to='+14155550100', body='x' * 300, dedupe_key=f'{sys.argv[1]}:{n}')"
        " for n in range(250)]"
    )
    writers = [
        subprocess.Popen([sys.executable, "-c", script, str(p)], cwd=settings.BASE_DIR)
        for p in range(4)
    ]
    assert [writer.wait(timeout=60) for writer in writers] == [0, 0, 0, 0]

    keys = [record["dedupe_key"] for record in recording.records("sms")]
    assert len(keys) == len(set(keys)) == 1000
