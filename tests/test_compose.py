"""docker-compose.yml and the Dockerfile agree with the rest of the project.

Docker may not run where the suite runs, so these read the files: the things an
operator would trip over first are a compose command drifting from the Procfile,
a missing service, an app pointed at the wrong host, or the image on another Python.
"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["web", "worker", "beat"]
# Compose only: the reminder dispatcher on its own queue (issue 17).
ALL_APP_SERVICES = [*APP_SERVICES, "dispatcher"]


def procfile() -> dict[str, list[str]]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return {
        name.strip(): shlex.split(command)
        for name, command in (line.split(":", 1) for line in lines if line.strip())
    }


def command(service: str) -> list[str]:
    value = SERVICES[service]["command"]
    return shlex.split(value) if isinstance(value, str) else list(value)


def test_the_procfile_names_exactly_the_app_services():
    assert sorted(procfile()) == sorted(APP_SERVICES)


@pytest.mark.parametrize("service", APP_SERVICES)
def test_it_runs_the_same_command_as_the_procfile(service):
    assert command(service) == procfile()[service]


@pytest.mark.parametrize(
    ("service", "image"),
    [("postgres", "postgres"), ("redis", "redis"), ("mailpit", "axllent/mailpit")],
)
def test_it_brings_up_every_service_the_app_talks_to(service, image):
    assert SERVICES[service]["image"].split(":")[0] == image


@pytest.mark.parametrize("service", ["migrate", *ALL_APP_SERVICES])
def test_the_app_reaches_postgres_redis_and_mailpit_by_their_service_names(service):
    env = SERVICES[service]["environment"]
    assert env["STEPWISE_ENV"] == "production"
    assert urlsplit(env["DATABASE_URL"]).hostname == "postgres"
    assert urlsplit(env["REDIS_URL"]).hostname == "redis"
    assert env["EMAIL_HOST"] == "mailpit"
    assert str(env["EMAIL_PORT"]) == "1025"


def _option(words: list[str], name: str) -> str | None:
    for n, word in enumerate(words):
        if word.startswith(f"{name}="):
            return word.split("=", 1)[1]
        if word == name and n + 1 < len(words):
            return words[n + 1]
    return None


def test_a_dispatcher_of_its_own_takes_the_dispatch_queue_and_the_workers_do_not():
    queue = COMPOSE["x-app"]["environment"]["OUTBOX_DISPATCH_QUEUE"]
    assert queue
    dispatcher = command("dispatcher")
    assert dispatcher[:4] == ["celery", "-A", "config", "worker"]
    assert (_option(dispatcher, "--queues") or _option(dispatcher, "-Q")) == queue
    # One claim loop at a time: it waits for the workers, so more processes add nothing.
    assert _option(dispatcher, "--pool") == "solo"
    # The workers take the default queue only, so a dispatch never waits behind deliveries.
    worker = command("worker")
    assert _option(worker, "--queues") is None and _option(worker, "-Q") is None
    for service in ALL_APP_SERVICES:
        assert SERVICES[service]["environment"]["OUTBOX_DISPATCH_QUEUE"] == queue


def test_the_delivery_workers_can_be_scaled():
    # `docker compose up --scale worker=N` refuses a fixed name or published port, and
    # a fixed --hostname would make N workers answer as one.
    worker = SERVICES["worker"]
    assert "container_name" not in worker and "ports" not in worker
    assert (
        _option(command("worker"), "--hostname") is None
        and _option(command("worker"), "-n") is None
    )
    readme = (ROOT / "README.md").read_text()
    assert "--scale worker=" in readme


def test_the_database_credentials_match_what_postgres_is_started_with():
    url = urlsplit(SERVICES["web"]["environment"]["DATABASE_URL"])
    pg = SERVICES["postgres"]["environment"]
    assert (url.username, url.password, url.path.lstrip("/")) == (
        pg["POSTGRES_USER"],
        pg["POSTGRES_PASSWORD"],
        pg["POSTGRES_DB"],
    )


@pytest.mark.parametrize("service", ALL_APP_SERVICES)
def test_the_app_waits_for_migrations_and_healthy_services(service):
    depends = SERVICES[service]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert depends["postgres"]["condition"] == "service_healthy"
    assert depends["redis"]["condition"] == "service_healthy"


def test_every_service_waited_on_as_healthy_has_a_healthcheck():
    waited = {
        name
        for service in SERVICES.values()
        for name, dep in service.get("depends_on", {}).items()
        if dep["condition"] == "service_healthy"
    }
    assert waited
    for name in waited:
        assert "healthcheck" in SERVICES[name], f"{name} is waited on but never reports healthy"


def test_migrate_runs_once_and_is_not_restarted():
    assert command("migrate") == ["python", "manage.py", "migrate", "--no-input"]
    assert SERVICES["migrate"]["restart"] == "no"


def test_web_listens_on_the_published_port():
    bind = SERVICES["web"]["environment"]["GUNICORN_BIND"]
    assert bind == "0.0.0.0:8000"
    assert "8000:8000" in SERVICES["web"]["ports"]


def test_the_image_uses_the_python_version_the_project_pins():
    pinned = (ROOT / ".python-version").read_text().strip()
    base = re.search(r"^FROM python:([\d.]+)", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert base, "the Dockerfile should start from an official python image"
    assert base.group(1) == pinned


def test_the_image_never_runs_as_root_and_keeps_secrets_out():
    # One instruction per line, continuations joined.
    instructions = (ROOT / "Dockerfile").read_text().replace("\\\n", " ").splitlines()
    users = [line.split()[1] for line in instructions if line.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}
    # The build-only placeholders live on the RUN line, never in an ENV the image keeps.
    env = " ".join(line for line in instructions if line.startswith(("ENV ", "ARG ")))
    assert "SECRET_KEY" not in env and "FIELD_ENCRYPTION_KEYS" not in env
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", "var", ".git"} <= set(ignored)


# --- Secrets come from .env, never from the compose file (issue 14, part 3) -----------
SECRETS = ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEYS"]


@pytest.mark.parametrize("service", ["migrate", *ALL_APP_SERVICES])
@pytest.mark.parametrize("name", SECRETS)
def test_compose_refuses_to_start_without_each_secret(service, name):
    # `${NAME:?message}`: compose itself stops with the message when NAME is unset
    # or empty in .env and the shell; there is no value to fall back to.
    value = SERVICES[service]["environment"][name]
    assert re.fullmatch(r"\$\{" + name + r":\?[^}]*make env[^}]*\}", value), value


def test_compose_has_no_fallback_for_anything_secret():
    # A `${VAR:-default}` or `${VAR-default}` hands everyone who clones the repo the same
    # value; allowed only for names that are plainly not secrets.
    text = (ROOT / "docker-compose.yml").read_text()
    fallbacks = re.findall(r"\$\{(\w+):?-", text)
    secretish = [n for n in fallbacks if re.search(r"KEY|SECRET|TOKEN|PASSWORD|SALT", n)]
    assert secretish == []


def test_compose_reads_the_env_file():
    env_file = COMPOSE["x-app"]["env_file"]
    paths = [entry["path"] if isinstance(entry, dict) else entry for entry in env_file]
    assert ".env" in paths


def test_git_never_takes_the_env_file():
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT)
    assert ignored.returncode == 0


def make_env(path: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", "env", f"ENV_FILE={path}", *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def read_env(path: Path) -> dict[str, str]:
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def production_check(values: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "STEPWISE_ENV": "production",
        "STEPWISE_VAR_DIR": str(tmp_path / "var"),
        "ALLOWED_HOSTS": "stepwise.example.org",
        "EMAIL_HOST": "smtp.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'env.sqlite3'}",
        **values,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_make_env_writes_fresh_keys_that_production_accepts(tmp_path):
    first, second = tmp_path / "first.env", tmp_path / "second.env"
    assert make_env(first).returncode == 0
    assert make_env(second).returncode == 0
    values = read_env(first)
    assert set(SECRETS) <= set(values)
    # Readable by its owner only: it holds the keys to everyone's private text.
    assert first.stat().st_mode & 0o077 == 0
    result = production_check(values, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    # Every run makes new keys: no two installations share one.
    again = read_env(second)
    assert all(values[name] != again[name] for name in SECRETS)


def test_make_env_never_overwrites_an_env_file_unless_forced(tmp_path):
    path = tmp_path / ".env"
    path.write_text("SECRET_KEY=the-one-that-signs-every-session\n")
    refused = make_env(path)
    assert refused.returncode != 0
    assert "FORCE=1" in refused.stdout + refused.stderr
    assert path.read_text() == "SECRET_KEY=the-one-that-signs-every-session\n"
    assert make_env(path, "FORCE=1").returncode == 0
    assert read_env(path)["SECRET_KEY"] != "the-one-that-signs-every-session"


def test_the_image_build_step_runs_under_production_settings(tmp_path):
    # collectstatic in the Dockerfile starts production settings, so it must hand them
    # keys they accept: made at build time, used for that one command only.
    instructions = (ROOT / "Dockerfile").read_text().replace("\\\n", " ").splitlines()
    (run,) = [line for line in instructions if line.startswith("RUN ") and "collectstatic" in line]
    script = run.removeprefix("RUN ").strip()
    # The image's python is the project's; STATIC_ROOT follows STEPWISE_VAR_DIR.
    venv = Path(sys.executable).parent
    env = {"PATH": f"{venv}:{os.environ['PATH']}", "STEPWISE_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        ["sh", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles" / "css").is_dir()


def test_the_image_has_the_libraries_the_report_pdf_needs():
    # WeasyPrint loads Pango and friends at run time: a package .ci/run installs for the
    # tests but the image lacks would pass CI and fail on the first report download.
    listed = re.search(r"^PDF_LIBS=\(([^)]*)\)", (ROOT / ".ci/run").read_text(), re.MULTILINE)
    assert listed, ".ci/run should name the PDF libraries in PDF_LIBS=(...)"
    dockerfile = (ROOT / "Dockerfile").read_text()
    missing = [lib for lib in listed.group(1).split() if lib not in dockerfile]
    assert not missing, f"the Dockerfile does not install {missing}"
