"""Production settings pass Django's deploy checklist and refuse to start half-configured.

Settings are read once at import, so each case runs manage.py in a fresh process
with its own environment, as a server would start.
"""

import os
import re
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


# --- Public and weak keys (issue 14, part 3) -----------------------------------------
SECRETS = ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEYS"]
# Values this project has published as fallbacks or examples (compose, the Dockerfile,
# .env.example): anyone can read them in git history, so none may sign or encrypt.
PUBLISHED = [
    "compose-local-only-placeholder-not-a-secret-set-one-in-dot-env",
    "Y29tcG9zZS1sb2NhbC1vbmx5LW5vdC1hLXNlY3JldCE=",
    "build-only-placeholder-never-used-to-sign-anything-at-run-time",
    "YnVpbGQtb25seS1rZXktbm90LWZvci1ydW50aW1lISE=",
    "change-me-to-50-random-characters",
]
# A literal value given to one of SECRETS in any tracked file, as `NAME=value`,
# `NAME: value` or a compose fallback `${NAME:-value}`; calls and names are not values.
ASSIGNED = re.compile(
    r"\b(?P<name>" + "|".join(SECRETS) + r")\b[\"']?[ \t]*[:=][ \t]*(?:\$\{\w+:?-)?[\"']?"
    r"(?P<value>[A-Za-z0-9_\-=+/.,]{8,})(?=[\"'}\s]|$)",
    re.MULTILINE,
)


def published_in_repo() -> set[str]:
    """Every literal SECRET_KEY / key value written anywhere in the repository."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    found = set()
    for name in tracked:
        path = ROOT / name
        if name == "config/keys.py":  # the rules themselves, where the names are dict keys
            continue
        if path.suffix in {".lock", ".png", ".ico", ".woff2"} or not path.is_file():
            continue
        text = path.read_text(errors="ignore")
        found |= {match["value"] for match in ASSIGNED.finditer(text)}
    return found


def test_the_repository_scan_finds_a_published_value():
    # The scan below must see a value written the way compose and .env files write them.
    assert ASSIGNED.search("SECRET_KEY=" + "x" * 20)
    assert ASSIGNED.search("    SECRET_KEY: ${SECRET_KEY:-" + "x" * 20 + "}")
    assert not ASSIGNED.search('SECRET_KEY = env_str("SECRET_KEY")')
    assert not ASSIGNED.search("SECRET_KEY=\nEMAIL_HOST=smtp.example.org")


# Each variable with each public value, and values that are weak in their own way.
PUBLIC = {*PUBLISHED, *published_in_repo()}
REFUSED = sorted(
    # The free-form keys are refused by the list alone; a Fernet key only if it parses.
    {(name, value) for name in ["SECRET_KEY", "BLIND_INDEX_KEYS"] for value in PUBLIC}
    | {("FIELD_ENCRYPTION_KEYS", value) for value in PUBLIC if value.endswith("=")}
    | {
        ("SECRET_KEY", "django-insecure-" + "k3y" * 20),  # Django's own "never deploy this"
        ("SECRET_KEY", "too-short"),
        ("SECRET_KEY", "ab" * 30),  # long, but two characters
        ("FIELD_ENCRYPTION_KEYS", "correct-horse-battery-staple"),  # not a Fernet key
        # A well-formed Fernet key made by hand: its 32 bytes are readable words.
        ("FIELD_ENCRYPTION_KEYS", "bXktb3duLWtleS1mb3Itc3RlcHdpc2UtMjAyNi0hIQ=="),
        ("BLIND_INDEX_KEYS", "short-key"),
        ("BLIND_INDEX_KEYS", "django-insecure-" + "k3y" * 20),
    }
)


@pytest.mark.parametrize(("name", "value"), REFUSED)
def test_production_refuses_a_public_or_weak_key(production_env, name, value):
    production_env[name] = value
    result = manage(production_env, "check")
    assert result.returncode != 0, f"{name}={value} was accepted"
    refusal = result.stderr.splitlines()[-1]
    assert refusal.startswith("django.core.exceptions.ImproperlyConfigured"), result.stderr
    # Names the variable and says how to make a good one, in that one line.
    assert name in refusal
    assert "python3 -c" in refusal and "make env" in refusal, refusal


@pytest.mark.parametrize("name", ["FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEYS"])
def test_production_refuses_an_unusable_older_key(production_env, name):
    # Every listed key must work, not only the first: an older one still decrypts.
    production_env[name] += ",correct-horse-battery-staple"
    result = manage(production_env, "check")
    assert result.returncode != 0
    assert name in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("name", ["FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEYS"])
def test_a_public_older_key_starts_so_it_can_be_rotated_away_but_the_deploy_check_says_so(
    production_env, name
):
    # Whoever ran the old compose file has text under its public key: they put a fresh
    # key first and the old one after it, run rotate_encryption_keys, then drop it.
    production_env[name] += "," + PUBLISHED[1]
    assert manage(production_env, "check").returncode == 0
    result = manage(production_env, "check", "--deploy")
    assert result.returncode != 0
    assert "common.E002" in result.stdout + result.stderr
    assert name in result.stdout + result.stderr


@pytest.mark.parametrize(("name", "value"), [(n, PUBLISHED[1]) for n in SECRETS])
def test_check_deploy_reports_a_public_key_wherever_settings_come_from(production_env, name, value):
    # Development settings take any key (a laptop is not a deployment), so only the
    # deploy check can tell someone about to ship them.
    production_env.update(STEPWISE_ENV="development", DEBUG="false", **{name: value})
    assert manage(production_env, "check").returncode == 0
    result = manage(production_env, "check", "--deploy")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "common.E001" in output
    assert f"{name} is a public placeholder" in output, output


@pytest.mark.parametrize("name", SECRETS)
def test_the_command_a_refusal_names_makes_a_key_production_accepts(production_env, name):
    del production_env[name]
    refusal = manage(production_env, "check").stderr.splitlines()[-1]
    command = re.search(r"python3 -c (\"[^\"]+\"|'[^']+')", refusal)
    assert command, refusal
    made = subprocess.run(
        ["sh", "-c", f"python3 -c {command.group(1)}"], capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    production_env[name] = made.stdout.strip()
    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
