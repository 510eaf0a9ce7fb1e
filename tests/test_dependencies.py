"""The code production runs imports only what production installs.

The image installs [project].dependencies alone (`uv sync --frozen --no-dev`, see the
Dockerfile), while tests run with the dev group too: a package the app imports but
pyproject.toml lists only for development passes every test and fails in production
at the first request that needs it (the calendar feed, say, written with icalendar).
"""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "common", "config", "planner", "reminders", "supporters")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _runtime_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_normalise(re.match(r"[A-Za-z0-9._-]+", spec)[0]) for spec in project["dependencies"]}


def _imported_by_the_app() -> dict[str, set[str]]:
    """Top-level third-party modules each app file imports, with the files that do."""
    found: dict[str, set[str]] = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in APPS:
                        found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_package_the_app_imports_is_a_runtime_dependency():
    runtime = _runtime_distributions()
    providers = packages_distributions()
    imported = _imported_by_the_app()
    # The scan sees imports at all (and the feed's writer among them).
    assert {"django", "icalendar"} <= imported.keys()

    missing = {
        module: sorted(files)
        for module, files in imported.items()
        if not {_normalise(dist) for dist in providers.get(module, [module])} & runtime
    }
    assert missing == {}, f"imported by the app but not in [project].dependencies: {missing}"
