"""Which service functions write, and which of those bump the person's version.

Read from the source of every service module (planner, supporters, reminders), so
a service added tomorrow is covered without anyone listing it. A function
"writes" when it, or a function it calls by name in these modules, calls a
model write (save, create, update, delete and their bulk forms); it "bumps"
when it or a callee calls common.versioning.bump / bump_many.
"""

import ast
import pkgutil
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

PACKAGES = ("planner.services", "supporters.services", "reminders.services")
WRITES = {
    "save",
    "create",
    "bulk_create",
    "update",
    "bulk_update",
    "delete",
    "get_or_create",
    "update_or_create",
}
BUMPS = {"bump", "bump_many", "bumps"}


@dataclass
class Function:
    module: str
    name: str
    calls: set[str] = field(default_factory=set)  # names called (plain or attribute)

    @property
    def qualname(self) -> str:
        return f"{self.module}.{self.name}"


def service_modules() -> list[str]:
    names = []
    for package in PACKAGES:
        path = Path(import_module(package).__file__).parent
        names += [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(path)])]
    return sorted(names)


def _called(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            if isinstance(call.func, ast.Name):
                names.add(call.func.id)
            elif isinstance(call.func, ast.Attribute):
                names.add(call.func.attr)
    return names


def functions() -> dict[str, Function]:
    """Every top-level function of every service module, by qualified name."""
    found = {}
    for module in service_modules():
        tree = ast.parse(Path(import_module(module).__file__).read_text())
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                fn = Function(module, node.name, _called(node))
                found[fn.qualname] = fn
    return found


def _reaches(fn: Function, by_name: dict[str, list[Function]], targets: set[str], seen) -> bool:
    if fn.calls & targets:
        return True
    for name in fn.calls:
        for callee in by_name.get(name, []):
            if callee.qualname not in seen:
                seen.add(callee.qualname)
                if _reaches(callee, by_name, targets, seen):
                    return True
    return False


def writers_and_bumpers() -> tuple[set[str], set[str]]:
    """(public functions that write, public functions that bump), by qualified name."""
    every = functions()
    by_name: dict[str, list[Function]] = {}
    for fn in every.values():
        by_name.setdefault(fn.name, []).append(fn)
    public = [fn for fn in every.values() if not fn.name.startswith("_")]
    writes = {fn.qualname for fn in public if _reaches(fn, by_name, WRITES, set())}
    bumps = {fn.qualname for fn in public if _reaches(fn, by_name, BUMPS, set())}
    return writes, bumps
