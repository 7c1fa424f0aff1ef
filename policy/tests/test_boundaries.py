"""The policy engine's two boundaries, checked on the source itself.

1. ``policy`` imports nothing from Django (nor from the apps), so it runs and
   is benchmarked without a database.
2. Nothing outside ``policy`` decides what the policy decides: no other
   module defines a daily limit, an open-day rule or does cap arithmetic.
   Readers ask ``DayPolicy`` (``is_open``, ``limit_for``, ``bars``,
   ``modes_allowed``) instead.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "policy"
# Tests compute expected figures on their own, and benchmarks build fake data.
SKIPPED_DIRS = {".venv", ".git", "migrations", "tests", "bench", "static", "staticfiles"}

# Names that only the engine may define: a function or method of that name
# elsewhere is a second home for the knowledge.
ENGINE_NAMES = frozenset(
    {
        "daily_limit",
        "away_limit",
        "effective_cap",
        "limit_for",
        "cap_limit",
        "is_open",
        "modes_allowed",
        "arranged_modes",
        "is_barred",
        "bars",
    }
)
APPS = (
    "circulars",
    "schedules",
    "organizations",
    "monitoring",
    "notifications",
    "api",
    "attendance",
)


def policy_modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in POLICY.rglob("*.py")
        if "tests" not in path.parts
    )


def project_sources() -> list[Path]:
    found = []
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts[:-1])
        if parts & SKIPPED_DIRS or path.is_relative_to(POLICY):
            continue
        found.append(path)
    return sorted(found)


def test_every_policy_module_imports_nothing_from_django_or_the_apps():
    modules = policy_modules()
    assert "policy.check" in modules and "policy.planner" in modules
    code = (
        f"import sys, importlib; [importlib.import_module(m) for m in {modules!r}]; "
        f"banned = {('django', 'rest_framework', 'celery', *APPS)!r}; "
        "sys.exit(any(name.split('.')[0] in banned for name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT)  # noqa: S603
    assert result.returncode == 0


@pytest.mark.parametrize("path", sorted(POLICY.rglob("*.py")), ids=str)
def test_policy_source_names_no_django_import(path):
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots = {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            roots = {(node.module or "").split(".")[0]}
        else:
            continue
        assert roots.isdisjoint({"django", *APPS}), f"{path}:{node.lineno}"


# --- nothing outside policy decides a rule ----------------------------------------


def _names(node: ast.AST) -> set[str]:
    """Every identifier and attribute name in an expression."""
    found = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            found.add(child.id)
        elif isinstance(child, ast.Attribute):
            found.add(child.attr)
    return found


def rule_decisions(source: str, filename: str) -> list[str]:
    """What in ``source`` decides a policy question itself, as "line: what"."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in ENGINE_NAMES:
            found.append(f"{node.lineno}: defines {node.name}()")
        elif isinstance(node, ast.BinOp) and _is_cap_arithmetic(node):
            found.append(f"{node.lineno}: cap arithmetic {ast.unparse(node)}")
        elif isinstance(node, ast.BoolOp) and _is_open_day_rule(node):
            found.append(f"{node.lineno}: open-day rule {ast.unparse(node)}")
        elif isinstance(node, ast.IfExp) and _is_exempt_limit(node):
            found.append(f"{node.lineno}: exempt-OPD limit {ast.unparse(node)}")
    return found


def _is_open_day_rule(node: ast.BoolOp) -> bool:
    names = _names(node)
    return "working_day" in names and any(n.startswith("circular") for n in names)


def _is_exempt_limit(node: ast.IfExp) -> bool:
    """``0 if policy.unit_exempt else ...``: the limit of a frontline OPD."""
    return "unit_exempt" in _names(node.test) and any(
        isinstance(n, ast.Constant) and n.value == 0 for n in (node.body, node.orelse)
    )


def _is_cap_arithmetic(node: ast.BinOp) -> bool:
    if isinstance(node.op, ast.FloorDiv | ast.Mod) and _is_100(node.right):
        return True
    if not isinstance(node.op, ast.Mult | ast.FloorDiv | ast.Div):
        return False
    return any("cap" in name.lower() for name in _names(node.left) | _names(node.right))


def _is_100(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value == 100


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def daily_limit(cap, n):\n    return 0", ["1: defines daily_limit()"]),
        ("class G:\n    def is_open(self):\n        return True", ["2: defines is_open()"]),
        (
            "limit = circular.cap_percent * staff",
            ["1: cap arithmetic circular.cap_percent * staff"],
        ),
        (
            "limit = cap * n // 100",
            ["1: cap arithmetic cap * n // 100", "1: cap arithmetic cap * n"],
        ),
        ("x = n // 100", ["1: cap arithmetic n // 100"]),
        (
            "ok = p.working_day and p.circular_id is not None",
            ["1: open-day rule p.working_day and p.circular_id is not None"],
        ),
        (
            "ok = d.policy.working_day and d.circular is not None",
            ["1: open-day rule d.policy.working_day and d.circular is not None"],
        ),
        (
            "cap = 0 if policy.unit_exempt else policy.cap_percent",
            ["1: exempt-OPD limit 0 if policy.unit_exempt else policy.cap_percent"],
        ),
        ("limit = policy.limit_for(headcount)", []),
        ("share = round(100 * away / staff, 1)", []),
    ],
)
def test_the_scan_finds_each_kind_of_rule_decision(source, expected):
    assert sorted(rule_decisions(source, "<test>")) == sorted(expected)


def test_no_module_outside_policy_decides_a_rule():
    sources = project_sources()
    assert any(p.name == "governing.py" for p in sources)  # the scan does look at the apps
    found = [
        f"{path.relative_to(ROOT)}:{hit}"
        for path in sources
        for hit in rule_decisions(path.read_text(), str(path))
    ]
    assert found == []
