"""config.env turns a typo in the environment into a clear start-up error."""

import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str, generated_secret

NAME = "STEPWISE_TEST_SETTING"


@pytest.fixture(autouse=True)
def _unset(monkeypatch):
    monkeypatch.delenv(NAME, raising=False)


@pytest.mark.parametrize("value", ["maybe", "2", "enabled", "tru"])
def test_env_bool_names_the_variable_it_cannot_read(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be true or false, not '{value}'"):
        env_bool(NAME)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), (" Yes ", True), ("ON", True), ("0", False), ("off", False), ("", False)],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv(NAME, value)
    assert env_bool(NAME, default=not expected) is expected


def test_env_bool_falls_back_to_the_default_when_unset():
    assert env_bool(NAME, default=True) is True


@pytest.mark.parametrize("value", ["ten", "1.5", "3s"])
def test_env_int_names_the_variable_it_cannot_read(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be a whole number"):
        env_int(NAME, 5)


def test_env_int_reads_a_number_and_defaults_when_blank(monkeypatch):
    monkeypatch.setenv(NAME, "42")
    assert env_int(NAME, 5) == 42
    monkeypatch.setenv(NAME, "")
    assert env_int(NAME, 5) == 5


def test_env_list_splits_on_commas_and_drops_blank_items(monkeypatch):
    monkeypatch.setenv(NAME, " a.example , b.example,, ")
    assert env_list(NAME) == ["a.example", "b.example"]


def test_env_list_gives_a_fresh_copy_of_the_default_when_blank(monkeypatch):
    default = ["localhost"]
    monkeypatch.setenv(NAME, "   ")
    result = env_list(NAME, default)
    result.append("evil.example")
    assert default == ["localhost"]


def test_env_str_names_a_required_variable_that_is_missing_or_empty(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match=f"Set the {NAME} environment variable"):
        env_str(NAME, required=True)
    monkeypatch.setenv(NAME, "")
    with pytest.raises(ImproperlyConfigured, match=NAME):
        env_str(NAME, required=True)
    monkeypatch.setenv(NAME, "value")
    assert env_str(NAME, required=True) == "value"


def test_generated_secret_is_made_once_and_only_its_owner_can_read_it(tmp_path):
    path = tmp_path / "var" / "secret_key"
    made = []

    def make():
        made.append(f"secret-{len(made)}")
        return made[-1]

    first = generated_secret(path, make)
    second = generated_secret(path, make)

    assert first == second == "secret-0"
    assert made == ["secret-0"]
    assert path.read_text() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # No stray temporary file is left beside it.
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]


def test_generated_secret_agrees_with_a_process_that_wrote_it_first(tmp_path):
    path = tmp_path / "field_key"

    def make_while_another_process_wins():
        # The other process (say the worker, starting beside web) links its key in
        # after we found no file but before we link ours.
        path.write_text("worker-key\n")
        return "web-key"

    assert generated_secret(path, make_while_another_process_wins) == "worker-key"
    assert generated_secret(path) == "worker-key"
    assert [p.name for p in tmp_path.iterdir()] == ["field_key"]
