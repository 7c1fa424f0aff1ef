"""A regional circular may only narrow its parent: pure functions, no Django.

Values in (the terms of the child and of the parent), problems out. Each
problem names the field and carries the numbers; the service layer turns the
code into a message in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from policy import limits as caps

# The span a window may take. A circular covers days, weeks or at most a year; a
# window typed as 0001-01-01 .. 9999-12-31 would make every page that walks its
# days walk 3.6 million of them, and the calendar's last month cannot be drawn.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
LONGEST_DAYS = 366


@dataclass(frozen=True)
class Terms:
    number: str
    arrangement: str  # "WFA" or "WFH"
    windows: tuple[tuple[date, date], ...]
    cap_percent: int
    weekly_limit: int | None = None
    exempt_categories: frozenset[str] = frozenset()
    exempt_roles: frozenset[str] = frozenset()
    limits: tuple[caps.Limit, ...] = ()  # every limit besides the general share away


@dataclass(frozen=True)
class Problem:
    code: str
    field: str
    params: dict = field(default_factory=dict)


def window_problems(windows: tuple[tuple[date, date], ...]) -> list[Problem]:
    """Reversed, out-of-span, too long or overlapping windows, and a circular with none."""
    if not windows:
        return [Problem("NO_WINDOW", "windows")]
    problems = [_span_problem(start, end) for start, end in windows]
    problems = [p for p in problems if p is not None]
    # Compare each window with the one reaching furthest so far, not only its
    # neighbour: a long first window can overlap the third as well as the second.
    ordered = sorted(w for w in windows if w[0] <= w[1])
    for i, (b_start, b_end) in enumerate(ordered[1:], start=1):
        a_start, a_end = max(ordered[:i], key=lambda w: w[1])
        if b_start <= a_end:
            problems.append(
                Problem(
                    "WINDOW_OVERLAP",
                    "windows",
                    {"first": (a_start, a_end), "second": (b_start, b_end)},
                )
            )
    return problems


def _span_problem(start: date, end: date) -> Problem | None:
    params = {"start": start, "end": end}
    if start > end:
        return Problem("WINDOW_REVERSED", "windows", params)
    if start < EARLIEST or end > LATEST:
        return Problem(
            "WINDOW_OUT_OF_RANGE", "windows", {**params, "earliest": EARLIEST, "latest": LATEST}
        )
    if (end - start).days + 1 > LONGEST_DAYS:
        return Problem("WINDOW_TOO_LONG", "windows", {**params, "days": LONGEST_DAYS})
    return None


def narrowing_problems(child: Terms, parent: Terms) -> list[Problem]:
    """Every way the child widens the parent; empty when it only narrows."""
    problems: list[Problem] = []
    for start, end in child.windows:
        if not any(p_start <= start and end <= p_end for p_start, p_end in parent.windows):
            problems.append(
                Problem(
                    "WINDOW_OUTSIDE_PARENT",
                    "windows",
                    {"start": start, "end": end, "parent": parent.number},
                )
            )
    if child.cap_percent > parent.cap_percent:
        problems.append(
            Problem(
                "CAP_ABOVE_PARENT",
                "cap_percent",
                {
                    "cap": child.cap_percent,
                    "parent_cap": parent.cap_percent,
                    "parent": parent.number,
                },
            )
        )
    if parent.weekly_limit is not None and (
        child.weekly_limit is None or child.weekly_limit > parent.weekly_limit
    ):
        problems.append(
            Problem(
                "WEEKLY_LIMIT_ABOVE_PARENT",
                "weekly_limit",
                {
                    "limit": child.weekly_limit,
                    "parent_limit": parent.weekly_limit,
                    "parent": parent.number,
                },
            )
        )
    dropped_categories = parent.exempt_categories - child.exempt_categories
    if dropped_categories:
        problems.append(
            Problem(
                "CATEGORY_EXEMPTION_DROPPED",
                "exempt_categories",
                {"missing": sorted(dropped_categories), "parent": parent.number},
            )
        )
    dropped_roles = parent.exempt_roles - child.exempt_roles
    if dropped_roles:
        problems.append(
            Problem(
                "ROLE_EXEMPTION_DROPPED",
                "exempt_roles",
                {"missing": sorted(dropped_roles), "parent": parent.number},
            )
        )
    # Every limit of the parent (any shape) needs one of the child as strict or stricter.
    for limit in caps.not_narrowed(parent.limits, child.limits, child_cap=child.cap_percent):
        problems.append(Problem("LIMIT_WIDER", "limits", {"limit": limit, "parent": parent.number}))
    # WFH is a narrower WFA (home is one of "anywhere"); WFA under a WFH parent widens it.
    if child.arrangement == "WFA" and parent.arrangement == "WFH":
        problems.append(Problem("ARRANGEMENT_WIDER", "arrangement", {"parent": parent.number}))
    return problems
