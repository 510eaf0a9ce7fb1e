from reminders.sms import ConsoleSMSBackend, LocmemSMSBackend, get_sms_backend


def test_the_setting_chooses_where_texts_go(settings):
    settings.SMS_BACKEND = "reminders.sms.LocmemSMSBackend"
    assert isinstance(get_sms_backend(), LocmemSMSBackend)
    settings.SMS_BACKEND = "reminders.sms.ConsoleSMSBackend"
    assert isinstance(get_sms_backend(), ConsoleSMSBackend)


def test_the_default_prints_texts_instead_of_sending_them_in_development(settings, capsys):
    settings.DEBUG = True  # `make run`: a developer reads the code they were texted
    sent = ConsoleSMSBackend().send(to="+353871234567", body="Tea at 6?", dedupe_key="r-1")
    printed = capsys.readouterr().out
    assert "SMS to +353871234567 (r-1)" in printed and "Tea at 6?" in printed
    assert sent.provider_id == "console-r-1"


def test_outside_development_the_console_prints_neither_the_text_nor_the_number(settings, capsys):
    # A server left on the console backend writes into its logs: no body, no number.
    settings.DEBUG = False
    ConsoleSMSBackend().send(to="+353871234567", body="Your code is 123456", dedupe_key="r-1")
    printed = capsys.readouterr().out
    assert "SMS to ***67 (r-1)" in printed
    assert "123456" not in printed and "871234567" not in printed


def test_the_in_memory_backend_keeps_each_text_for_tests_to_read(monkeypatch):
    monkeypatch.setattr(LocmemSMSBackend, "outbox", [])
    backend = LocmemSMSBackend()
    backend.send(to="+14155550123", body="one", dedupe_key="a")
    backend.send(to="+14155550123", body="two", dedupe_key="b")
    assert [(s.body, s.dedupe_key) for s in LocmemSMSBackend.outbox] == [("one", "a"), ("two", "b")]
    assert LocmemSMSBackend.outbox[0].provider_id != LocmemSMSBackend.outbox[1].provider_id
