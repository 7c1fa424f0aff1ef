"""The chain of direct superiors: who reports to whom, and why a link would be refused.

Pure Python over plain values: ``links`` maps an employee id to their superior's id.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from enum import StrEnum
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


class Refusal(StrEnum):
    SELF = "self"  # an employee named as their own superior
    OTHER_AGENCY = "other_agency"  # a superior from another agency
    INACTIVE = "inactive"  # a superior who no longer works here
    CYCLE = "cycle"  # the employee is already above the superior in the chain


def chain_above(links: Mapping[K, K | None], start: K, limit: int = 10_000) -> list[K]:
    """``start``'s superior, their superior, and so on (stops at a repeat or the top).

    Keys are employee ids, or NIPs when an import is checked before it is written."""
    seen: list[K] = []
    current = links.get(start)
    while current is not None and current not in seen and len(seen) < limit:
        seen.append(current)
        current = links.get(current)
    return seen


def creates_cycle(links: Mapping[K, K | None], employee_id: K, superior_id: K) -> bool:
    """Would naming ``superior_id`` as the superior of ``employee_id`` close a loop?"""
    return superior_id == employee_id or employee_id in chain_above(links, superior_id)


def in_a_loop(links: Mapping[K, K | None]) -> list[K]:
    """Every key whose chain of superiors comes back to itself."""
    return [key for key in links if key in chain_above(links, key)]


def refusal(
    *,
    employee_id: int | None,
    employee_agency: int,
    superior_id: int,
    superior_agency: int,
    superior_active: bool,
    links: Mapping[int, int | None],
) -> Refusal | None:
    """Why ``superior_id`` may not be the direct superior of the employee (None: it may)."""
    if employee_id is not None and superior_id == employee_id:
        return Refusal.SELF
    if superior_agency != employee_agency:
        return Refusal.OTHER_AGENCY
    if not superior_active:
        return Refusal.INACTIVE
    if employee_id is not None and creates_cycle(links, employee_id, superior_id):
        return Refusal.CYCLE
    return None
