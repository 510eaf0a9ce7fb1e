"""config.env turns a typo in the environment into a clear start-up error."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    env_url,
    generated_secret,
    url_for_bind,
)

ROOT = Path(__file__).resolve().parent.parent

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


# --- PUBLIC_URL follows the address `make run` serves on -----------------------------------
@pytest.mark.parametrize(
    ("bind", "url"),
    [
        ("127.0.0.1:8011", "http://127.0.0.1:8011"),
        ("localhost:9000", "http://localhost:9000"),
        ("[::1]:9000", "http://[::1]:9000"),
        # Bound to every address: this machine reaches it as localhost.
        ("0.0.0.0:8011", "http://localhost:8011"),
        ("[::]:8011", "http://localhost:8011"),
        # gunicorn's own default port when none is given.
        ("127.0.0.1", "http://127.0.0.1:8000"),
        # No browser can follow a socket file.
        ("unix:/run/stepwise.sock", None),
        ("fd://3", None),
        ("", None),
    ],
)
def test_url_for_bind_is_where_a_browser_on_this_machine_finds_the_server(bind, url):
    assert url_for_bind(bind) == url


@pytest.mark.parametrize("bind", ["127.0.0.1:eighty", "127.0.0.1:", ":8011x"])
def test_url_for_bind_names_the_variable_it_cannot_read(bind):
    with pytest.raises(ImproperlyConfigured, match="GUNICORN_BIND"):
        url_for_bind(bind)


def public_url(tmp_path, **env) -> str:
    """settings.PUBLIC_URL as a fresh process started with `env` reads it."""
    return fresh_setting(tmp_path, "PUBLIC_URL", **env)


def fresh_setting(tmp_path, name: str, **env) -> str:
    """A setting as a fresh process started with `env` reads it, printed."""
    result = subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print(settings.{name})"],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "STEPWISE_VAR_DIR": str(tmp_path / "var"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_make_run_on_another_port_puts_that_port_in_every_processs_links(tmp_path):
    # `make run PORT=8011` hands web, worker and beat GUNICORN_BIND=127.0.0.1:8011;
    # honcho also gives each process a PORT of its own (8011, 8111, 8211), which
    # must not leak into the links the worker writes.
    for honcho_port in ("8011", "8111", "8211"):
        url = public_url(tmp_path, GUNICORN_BIND="127.0.0.1:8011", PORT=honcho_port)
        assert url == "http://127.0.0.1:8011"


def test_an_explicit_public_url_wins_over_the_bind_address(tmp_path):
    url = public_url(
        tmp_path, GUNICORN_BIND="0.0.0.0:8000", PUBLIC_URL="https://stepwise.example.org/"
    )
    assert url == "https://stepwise.example.org"


def test_with_nothing_set_links_point_at_localhost_8000(tmp_path):
    assert public_url(tmp_path) == "http://localhost:8000"


def test_make_run_binds_web_to_host_and_port(tmp_path):
    # The other half of the chain: HOST and PORT reach every process as GUNICORN_BIND.
    result = subprocess.run(
        ["make", "--dry-run", "run", "HOST=localhost", "PORT=8011"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    (start,) = [line for line in result.stdout.splitlines() if "honcho start" in line]
    assert "GUNICORN_BIND=localhost:8011" in start.split()


def test_env_url_reads_a_web_address(monkeypatch):
    monkeypatch.setenv(NAME, "https://www.example.org/weather")
    assert env_url(NAME, "https://default.example/") == "https://www.example.org/weather"


def test_env_url_falls_back_to_the_default_when_unset():
    assert env_url(NAME, "https://default.example/") == "https://default.example/"


@pytest.mark.parametrize("value", ["javascript:alert(1)", "www.example.org", "ftp://x.example/"])
def test_env_url_refuses_anything_but_an_http_address(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be an http"):
        env_url(NAME, "https://default.example/")


@pytest.mark.parametrize(
    "queue, budget",
    # Its own queue: runs wait behind each other anyway, so one feeds the workers
    # until a second before the next (stopping at three quarters left them idle for
    # the rest of a busy minute). The shared queue: it ends early to free its worker.
    [("dispatch", "59"), ("", "45")],
)
def test_the_dispatch_budget_follows_whether_the_dispatcher_has_a_queue_of_its_own(
    tmp_path, queue, budget
):
    assert (
        fresh_setting(tmp_path, "OUTBOX_DISPATCH_BUDGET_SECONDS", OUTBOX_DISPATCH_QUEUE=queue)
        == budget
    )
