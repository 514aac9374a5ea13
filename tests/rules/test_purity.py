"""ARCHITECTURE.md: rules/ imports no Django and touches no database, network or clock."""

import ast
from pathlib import Path

import sitthi.rules

FORBIDDEN_MODULES = (
    "django",
    "sitthi.core",
    "sitthi.registry",
    "sitthi.web",
    "socket",
    "requests",
    "urllib",
)
FORBIDDEN_CALLS = ("now", "today", "utcnow", "time")


def test_rules_import_nothing_impure_and_read_no_clock():
    root = Path(sitthi.rules.__file__).parent
    offences = []
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                offences += [
                    f"{path.name}: import {n}" for n in names if n.startswith(FORBIDDEN_MODULES)
                ]
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in FORBIDDEN_CALLS:
                    offences.append(f"{path.name}:{node.lineno}: .{node.func.attr}()")
    assert offences == []
    assert len(list(root.rglob("*.py"))) >= 4  # the walk did read the rules
