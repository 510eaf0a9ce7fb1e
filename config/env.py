"""Typed readers for the environment, the one place settings look at os.environ.

Each helper raises ImproperlyConfigured on a value it cannot read, so a typo in
production fails at start-up rather than as odd behaviour later (HC `envbool`).
"""

import os
import re
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.keys import keys_problem

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_keys(name: str) -> list[str]:
    """Production keys (comma separated, newest first), refused if missing, public or weak.

    The message names the variable and the command that makes a good key
    (config/keys.py). A public older key is let through so it can be rotated away;
    `check --deploy` still reports it (common/checks.py).
    """
    return _refuse_bad(name, env_list(name))


def env_secret(name: str) -> str:
    """One production secret, such as SECRET_KEY, held to the same rules as env_keys."""
    value = env_str(name)
    return _refuse_bad(name, [value] if value else [])[0]


def _refuse_bad(name: str, values: list[str]) -> list[str]:
    problem = keys_problem(name, values, older_may_be_public=True)
    if problem:
        raise ImproperlyConfigured(problem)
    return values


def env_url(name: str, default: str) -> str:
    """An http(s) address, such as where Exit this page sends a person."""
    value = env_str(name, default)
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// address, not {value!r}.")
    return value


def url_for_bind(bind: str | None, name: str = "GUNICORN_BIND") -> str | None:
    """The http:// address a browser on this machine reaches a server bound to `bind`.

    `bind` is gunicorn's "host:port" ("127.0.0.1:8011", "[::1]:8000", "0.0.0.0:8000").
    An address bound to every interface is reached as localhost. None when there is no
    address to link to: no bind given, a socket file or an inherited descriptor.
    """
    if not bind or bind.startswith(("unix:", "fd://")):
        return None
    if ":" in bind and not bind.endswith("]"):
        host, _, port = bind.rpartition(":")
    else:
        host, port = bind, "8000"  # gunicorn's default port
    if not host or not port.isdigit():
        raise ImproperlyConfigured(f"{name} must be host:port, not {bind!r}.")
    # Reading a bind address, not binding one: S104 guards the other case.
    if host in {"0.0.0.0", "[::]"}:  # noqa: S104
        host = "localhost"
    return f"http://{host}:{port}"


def generated_secret(path: Path, make=lambda: secrets.token_urlsafe(50)) -> str:
    """Read a development secret from var/, creating it once.

    Generated rather than committed, so no two checkouts share a key and none
    ever lands in git. Production must set the variable instead.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        value = make()
        # Write aside, then link into place: link fails if the file exists, so two
        # processes starting together (web and worker) settle on one key, and
        # neither can read a half-written file.
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        # Created 0600 from the first byte: never readable by others, even briefly.
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
            handle.write(value)
        try:
            os.link(tmp, path)
        except FileExistsError:
            value = path.read_text().strip()
        finally:
            tmp.unlink()
        return value
