"""docker-compose.yml and the Dockerfile agree with the rest of the project.

Docker may not run where the suite runs, so these read the files: the things an
operator would trip over first are a compose command drifting from the Procfile,
a missing service, an app pointed at the wrong host, or the image on another Python.
"""

import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["web", "worker", "beat"]


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


@pytest.mark.parametrize("service", ["migrate", *APP_SERVICES])
def test_the_app_reaches_postgres_redis_and_mailpit_by_their_service_names(service):
    env = SERVICES[service]["environment"]
    assert env["STEPWISE_ENV"] == "production"
    assert urlsplit(env["DATABASE_URL"]).hostname == "postgres"
    assert urlsplit(env["REDIS_URL"]).hostname == "redis"
    assert env["EMAIL_HOST"] == "mailpit"
    assert str(env["EMAIL_PORT"]) == "1025"


def test_the_database_credentials_match_what_postgres_is_started_with():
    url = urlsplit(SERVICES["web"]["environment"]["DATABASE_URL"])
    pg = SERVICES["postgres"]["environment"]
    assert (url.username, url.password, url.path.lstrip("/")) == (
        pg["POSTGRES_USER"],
        pg["POSTGRES_PASSWORD"],
        pg["POSTGRES_DB"],
    )


@pytest.mark.parametrize("service", APP_SERVICES)
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
