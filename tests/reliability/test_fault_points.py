"""The fault points the reliability tests stop workers at (reminders.faults)."""

from reminders import faults


def test_a_point_named_with_at_pauses_only_at_that_passage(monkeypatch, tmp_path, settings):
    settings.OUTBOX_FAULTS_ENABLED = True
    monkeypatch.setattr(faults, "_passed", {})
    monkeypatch.setenv(faults.PAUSE_ENV, "after_provider_accept")
    monkeypatch.setenv(faults.DIR_ENV, str(tmp_path))
    monkeypatch.setenv(faults.AT_ENV, "3")
    monkeypatch.setenv("STEPWISE_FAULT_SECONDS", "0")

    paused_after = []
    for passage in range(1, 6):
        faults.fault_point("after_provider_accept")
        faults.fault_point("before_provider_call")  # not named: never counted or paused
        if list(tmp_path.iterdir()) and not paused_after:
            paused_after.append(passage)

    assert paused_after == [3]
    assert [path.name.split(".")[0] for path in tmp_path.iterdir()] == ["after_provider_accept"]
    assert faults._passed == {"after_provider_accept": 5}


def test_a_point_named_with_at_pauses_once_whichever_process_gets_there(
    monkeypatch, tmp_path, settings
):
    settings.OUTBOX_FAULTS_ENABLED = True
    monkeypatch.setattr(faults, "_passed", {})
    monkeypatch.setenv(faults.PAUSE_ENV, "after_provider_accept")
    monkeypatch.setenv(faults.DIR_ENV, str(tmp_path))
    monkeypatch.setenv(faults.AT_ENV, "1")
    monkeypatch.setenv("STEPWISE_FAULT_SECONDS", "0")
    # Another process (a pool child since replaced) already paused here.
    (tmp_path / "after_provider_accept.1").write_text("0")

    faults.fault_point("after_provider_accept")

    assert [path.name for path in tmp_path.iterdir()] == ["after_provider_accept.1"]
