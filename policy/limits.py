"""Every cap arithmetic of the portal: how many of an OPD's staff may be away.

Pure Python. Integer arithmetic on purpose: 0.29 * 100 is 28.999... in
floating point, and a cap must never be exceeded by rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CapOverride", "away_limit", "effective_cap"]


@dataclass(frozen=True, slots=True)
class CapOverride:
    """A lower cap for one service category or one OPD."""

    cap_percent: int
    category: str = ""
    unit_id: int | None = None

    def applies_to(self, unit_id: int, category: str) -> bool:
        return self.unit_id == unit_id or (bool(self.category) and self.category == category)


def away_limit(cap_percent: int, headcount: int) -> int:
    """Most staff who may be away on one day: floor(cap% of headcount)."""
    return cap_percent * headcount // 100


def effective_cap(
    general: int, overrides: list[CapOverride], *, unit_id: int, category: str
) -> int:
    """The strictest of the general cap and the overrides that apply to the OPD
    (an override never raises the general cap)."""
    return min([general, *(o.cap_percent for o in overrides if o.applies_to(unit_id, category))])
