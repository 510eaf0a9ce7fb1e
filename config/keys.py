"""What a production secret must look like, and how to make one (issue 14, part 3).

Standard library only, so `make env` can run this file with any python3, before
`make setup` and without the project's packages:

    python3 config/keys.py            prints a fresh .env for docker compose

Settings (through config.env.env_keys) refuse to start production with a key that
fails here; common.checks reports the same under `manage.py check --deploy`.
"""

import base64
import binascii
import secrets
import string
import sys

# The settings these rules are for, each read from the variable of the same name.
NAMES = ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEYS")


def _fernet_key() -> str:
    # Exactly cryptography's Fernet.generate_key(), without needing cryptography.
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


# How each is made, and the one line that makes one (named in every refusal).
MAKERS = {
    "SECRET_KEY": lambda: secrets.token_urlsafe(50),
    "FIELD_ENCRYPTION_KEYS": _fernet_key,
    "BLIND_INDEX_KEYS": lambda: secrets.token_urlsafe(32),
}
COMMANDS = {
    "SECRET_KEY": "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'",
    "FIELD_ENCRYPTION_KEYS": (
        "python3 -c 'import base64, secrets; "
        "print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())'"
    ),
    "BLIND_INDEX_KEYS": "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'",
}
# Django's own rule for SECRET_KEY (security.W009); a blind-index key is an HMAC key.
MIN_LENGTH = {"SECRET_KEY": 50, "BLIND_INDEX_KEYS": 32}
MIN_UNIQUE = 5

# Every value this project has published as a fallback or an example (docker-compose.yml,
# the Dockerfile, .env.example; all still in git history): anyone can read them, so
# none may sign or encrypt anything. tests/test_deploy_check.py scans the repository
# for new ones.
PUBLISHED = frozenset(
    {
        "compose-local-only-placeholder-not-a-secret-set-one-in-dot-env",
        "Y29tcG9zZS1sb2NhbC1vbmx5LW5vdC1hLXNlY3JldCE=",
        "build-only-placeholder-never-used-to-sign-anything-at-run-time",
        "YnVpbGQtb25seS1rZXktbm90LWZvci1ydW50aW1lISE=",
        "change-me-to-50-random-characters",
    }
)
# Words that only a hand-written stand-in contains (compared without - and _, any case).
# Seven letters or more, so a random key holds one by chance about once in 10^9.
PLACEHOLDER_WORDS = ("placeholder", "changeme", "notasecret", "replaceme", "example")
_READABLE = set(string.printable.encode()) - set(b"\t\n\r\x0b\x0c")


def key_problem(name: str, value: str) -> str | None:
    """Why `value` cannot be a key for setting `name`, or None if it can."""
    folded = value.lower().replace("-", "").replace("_", "")
    if value in PUBLISHED or any(word in folded for word in PLACEHOLDER_WORDS):
        return "is a public placeholder, known to anyone who has read this project"
    if value.startswith("django-insecure-"):
        return "is one of Django's development keys (django-insecure-)"
    if name == "FIELD_ENCRYPTION_KEYS":
        try:
            raw = base64.urlsafe_b64decode(value.encode())
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 32:
            return "is not a Fernet key (32 random bytes, url-safe base64)"
        # 32 random bytes are all readable characters about once in 10^14 tries: such a
        # key was typed by a person, not made by a random generator.
        if set(raw) <= _READABLE:
            return "was written by hand (its bytes are readable text), not generated"
        return None
    if len(value) < MIN_LENGTH[name] or len(set(value)) < MIN_UNIQUE:
        return f"is too short or too plain (at least {MIN_LENGTH[name]} random characters)"
    return None


def keys_problem(name: str, values: list[str], *, older_may_be_public: bool) -> str | None:
    """One line naming the variable, what is wrong and how to make a good key.

    A list rotates: the first key signs or encrypts, the rest only read what older
    keys wrote. With `older_may_be_public`, a public older key passes (so an operator
    can list it behind a fresh one and run rotate_encryption_keys); every key must
    still be usable.
    """
    how = f"Make one with: {COMMANDS[name]} (or `make env` for docker compose)."
    if not values:
        return f"Set {name}. {how}"
    for position, value in enumerate(values):
        problem = key_problem(name, value)
        public = problem is not None and problem.startswith("is a public")
        if problem and (position == 0 or not (public and older_may_be_public)):
            which = name if len(values) == 1 else f"{name} (key {position + 1})"
            return f"{which} {problem}. {how}"
    return None


def fresh_env() -> str:
    """A .env for docker compose: new keys every time, never shared by two installs."""
    lines = [
        "# Written by `make env`. Private: never commit or share it (git ignores it).",
        "# Keep a copy of FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEYS with your backups:",
        "# without them the private text in the database can never be read again.",
        *(f"{name}={make()}" for name, make in MAKERS.items()),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(fresh_env())
