"""Only ``schedules/writer.py`` writes assignments and day counters (read from the source).

The check walks the syntax tree of every module of the apps (tests, migrations
and benchmarks aside) and flags, outside the writer: a write method called on
``DayCounter`` or on the ``Assignment`` model (under any alias), on a related
``assignments`` / ``day_counters`` manager, a model instance built from either,
and raw SQL naming their tables.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WRITER = ROOT / "schedules" / "writer.py"
MODELS = {"Assignment", "DayCounter"}
RELATED = {"assignments", "day_counters"}
TABLES = ("schedules_assignment", "schedules_daycounter")
WRITES = {
    "create",
    "bulk_create",
    "get_or_create",
    "update_or_create",
    "update",
    "bulk_update",
    "delete",
    "save",
    "raw",
}
SKIPPED_PARTS = {"tests", "migrations", ".venv", "bench", "node_modules", "static"}


def model_aliases(tree: ast.AST) -> set[str]:
    """Local names bound to the Assignment or DayCounter *models* (not the domain values)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("models"):
            names |= {a.asname or a.name for a in node.names if a.name in MODELS}
    return names


def chain_names(node: ast.AST) -> set[str]:
    """Every name and attribute along a call chain (``X.objects.filter(...).update``)."""
    found = set()
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            if isinstance(node, ast.Name):
                found.add(node.id)
            return found


def writes_in(source: str) -> list[str]:
    """The offending lines of a module's source: ``line: what``."""
    tree = ast.parse(source)
    aliases = model_aliases(tree)
    found = []
    for node in ast.walk(tree):
        func = node.func if isinstance(node, ast.Call) else None
        if isinstance(func, ast.Attribute) and func.attr in WRITES:
            names = chain_names(func.value)
            if names & (aliases | RELATED):
                found.append(f"{node.lineno}: .{func.attr}() on {sorted(names)}")
        if isinstance(func, ast.Name) and func.id in aliases:
            found.append(f"{node.lineno}: builds a {func.id} row")
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value.lower()
            if any(t in text for t in TABLES) and any(
                w in text for w in ("insert", "update", "delete")
            ):
                found.append(f"{node.lineno}: raw SQL writes {text[:40]!r}")
    return found


def app_modules() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED_PARTS & set(path.relative_to(ROOT).parts) and path != WRITER
    ]


def test_no_module_but_the_writer_writes_assignments_or_day_counters():
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in app_modules()
        if (lines := writes_in(path.read_text()))
    }
    assert offenders == {}


def test_the_writer_itself_is_seen_writing():
    """The check finds the writes where they are: it is not blind."""
    assert len(writes_in(WRITER.read_text())) >= 5


@pytest.mark.parametrize(
    "snippet",
    [
        "from .models import DayCounter\nDayCounter.objects.filter(day=d).update(away=1)",
        "from schedules.models import Assignment as Row\nRow.objects.create(day=d)",
        "from .models import Assignment\nAssignment.objects.filter(pk=1).delete()",
        "from .models import Assignment\nAssignment(employee_id=1, day=d).save()",
        "from .models import DayCounter\nDayCounter.objects.bulk_create([])",
        "roster.assignments.all().delete()",
        "cursor.execute('UPDATE schedules_daycounter SET away = away + 1')",
    ],
)
def test_each_kind_of_write_is_caught(snippet):
    assert writes_in(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        "from .models import Assignment\nAssignment.objects.filter(day=d).count()",
        "from .domain import Assignment\nAssignment(1, d, mode)",
        "from .models import DayCounter\nDayCounter.objects.filter(unit=u).values_list('away')",
    ],
)
def test_reads_and_domain_values_are_not_writes(snippet):
    assert writes_in(snippet) == []
