"""The whole database as bytes, for tests that search it for what people wrote."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from django.db import connection


def database_dump() -> bytes:
    """Everything the database holds, as bytes: pg_dump on PostgreSQL, the file on SQLite."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        path = Path(settings["NAME"])
        raw = path.read_bytes() if path.exists() else b""
        with sqlite3.connect(settings["NAME"]) as db:
            return raw + "\n".join(db.iterdump()).encode()
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.skip("pg_dump is not installed")
    env = os.environ | {"PGPASSWORD": settings.get("PASSWORD") or ""}
    command = [pg_dump, "--data-only", "--no-owner", "-d", settings["NAME"]]
    for option, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings.get(key):
            command += [option, str(settings[key])]
    return subprocess.run(command, env=env, check=True, capture_output=True).stdout
