"""Production settings pass Django's deploy checklist and refuse to start half-configured.

Settings are read once at import, so each case runs manage.py in a fresh process
with its own environment, as a server would start.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def production_env(tmp_path):
    """What an operator sets, and nothing inherited that could hide a problem."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "STEPWISE_ENV": "production",
        "STEPWISE_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "stepwise.example.org",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEYS": secrets.token_urlsafe(32),
        "EMAIL_HOST": "smtp.example.org",
        "DATABASE_URL": os.environ.get("DATABASE_URL")
        or f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
    }


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_finds_nothing_to_warn_about(production_env):
    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("name", "value", "issue"),
    [
        ("SECRET_KEY", "too-short", "security.W009"),
        # Without EMAIL_HOST mail goes to the console: nobody gets their reminders.
        ("EMAIL_HOST", "", "mail.E001"),
        ("SECURE_SSL_REDIRECT", "false", "security.W008"),
    ],
)
def test_check_deploy_speaks_up_about_a_setting_left_wrong(production_env, name, value, issue):
    # Also proves the clean run above is really looking.
    production_env[name] = value
    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert issue in result.stdout + result.stderr


@pytest.mark.parametrize(
    "name", ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEYS", "ALLOWED_HOSTS"]
)
def test_production_refuses_to_start_without(production_env, name):
    del production_env[name]
    result = manage(production_env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("value", ["true", "1"])
def test_production_refuses_to_start_with_fault_injection_on(production_env, value):
    # Fault points stall a worker on purpose: only the reliability tests turn them on.
    production_env["OUTBOX_FAULTS_ENABLED"] = value
    result = manage(production_env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "OUTBOX_FAULTS_ENABLED" in result.stderr.splitlines()[-1]


def test_production_starts_with_fault_injection_explicitly_off(production_env):
    production_env["OUTBOX_FAULTS_ENABLED"] = "false"
    result = manage(production_env, "check")
    assert result.returncode == 0, result.stdout + result.stderr


# Django's own middleware sets both cookies on a request that needs them, as in production.
COOKIES = """
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import RequestFactory

def view(request):
    request.session["seen"] = True
    get_token(request)
    return HttpResponse()

request = RequestFactory().get("/", secure=True, HTTP_HOST="stepwise.example.org")
for cookie in SessionMiddleware(CsrfViewMiddleware(view))(request).cookies.values():
    print(cookie.OutputString())
"""


def test_production_cookies_carry_the_host_prefix_and_what_it_demands(production_env, tmp_path):
    # __Host- makes the browser refuse the cookie unless it is Secure, for path "/",
    # with no Domain: a subdomain or a plain-HTTP page can neither plant nor read it.
    production_env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'cookies.sqlite3'}"
    assert manage(production_env, "migrate", "sessions", "-v", "0").returncode == 0
    result = manage(production_env, "shell", "--no-imports", "-c", COOKIES)
    assert result.returncode == 0, result.stderr
    cookies = {line.split("=", 1)[0]: line for line in result.stdout.splitlines() if line}
    assert set(cookies) == {"__Host-sessionid", "__Host-csrftoken"}, result.stdout
    for line in cookies.values():
        attributes = {part.strip().split("=")[0].lower() for part in line.split(";")[1:]}
        assert "secure" in attributes and "domain" not in attributes, line
        assert "Path=/;" in line + ";", line
