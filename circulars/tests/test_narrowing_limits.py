"""A regional circular may only narrow its parent: every cap shape (pure, no database).

Each row: the parent's limits, the child's general cap and limits, and the parent
limits the child leaves wider (by index), or none when it only narrows.
"""

from __future__ import annotations

from datetime import date

import pytest

from circulars.narrowing import Terms, narrowing_problems
from policy.limits import Limit, Shape

D = date
AWAY = Shape.AWAY_SHARE
AWAY_N = Shape.AWAY_COUNT
STAY = Shape.STAY_SHARE
STAY_N = Shape.STAY_COUNT
OFFICE = Shape.OFFICE_MAX_SHARE
OFFICE_N = Shape.OFFICE_MAX_COUNT
WINDOW = ((D(2026, 4, 1), D(2026, 4, 10)),)
HEALTH = "health"
REGION = 7

CASES = [
    # (case, parent limits, child cap, child limits, widened parent limits by index)
    ("office minimum kept", [Limit(STAY, 50)], 50, [Limit(STAY, 50)], []),
    ("office minimum raised", [Limit(STAY, 50)], 50, [Limit(STAY, 60)], []),
    ("office minimum lowered", [Limit(STAY, 50)], 100, [Limit(STAY, 40)], [0]),
    ("office minimum dropped", [Limit(STAY, 50)], 100, [], [0]),
    ("office minimum met by a cap of its complement", [Limit(STAY, 50)], 50, [], []),
    ("office minimum not met by a higher cap", [Limit(STAY, 50)], 60, [], [0]),
    ("staff count that must stay kept", [Limit(STAY_N, 5)], 100, [Limit(STAY_N, 5)], []),
    ("staff count that must stay lowered", [Limit(STAY_N, 5)], 100, [Limit(STAY_N, 3)], [0]),
    ("staff count that must stay met by nobody away", [Limit(STAY_N, 5)], 0, [], []),
    ("headcount away kept", [Limit(AWAY_N, 5)], 100, [Limit(AWAY_N, 5)], []),
    ("headcount away lowered", [Limit(AWAY_N, 5)], 100, [Limit(AWAY_N, 2)], []),
    ("headcount away raised", [Limit(AWAY_N, 5)], 100, [Limit(AWAY_N, 8)], [0]),
    ("headcount away dropped", [Limit(AWAY_N, 5)], 50, [], [0]),
    ("office maximum kept", [Limit(OFFICE, 50)], 100, [Limit(OFFICE, 50)], []),
    ("office maximum lowered (25% in high-risk zones)", [Limit(OFFICE, 50)], 100,
     [Limit(OFFICE, 25)], []),
    ("office maximum raised", [Limit(OFFICE, 50)], 100, [Limit(OFFICE, 75)], [0]),
    ("office maximum dropped", [Limit(OFFICE, 50)], 100, [], [0]),
    ("office headcount maximum kept", [Limit(OFFICE_N, 5)], 100, [Limit(OFFICE_N, 5)], []),
    ("office headcount maximum raised", [Limit(OFFICE_N, 5)], 100, [Limit(OFFICE_N, 6)], [0]),
    ("office headcount maximum met by a share of 0", [Limit(OFFICE_N, 5)], 100,
     [Limit(OFFICE, 0)], []),
    ("a share away for health narrowed", [Limit(AWAY, 25, category=HEALTH)], 50,
     [Limit(AWAY, 10, category=HEALTH)], []),
    ("a share away for health met by a lower general cap", [Limit(AWAY, 25, category=HEALTH)],
     20, [], []),
    ("a share away for health widened", [Limit(AWAY, 25, category=HEALTH)], 50,
     [Limit(AWAY, 30, category=HEALTH)], [0]),
    ("a regional limit is not stood for by another region's", [Limit(STAY, 75, region_id=REGION)],
     100, [Limit(STAY, 75, region_id=REGION + 1)], [0]),
    ("an unscoped limit stands for a scoped one", [Limit(STAY, 75, region_id=REGION)], 100,
     [Limit(STAY, 80)], []),
    ("a dated limit needs the whole span", [Limit(OFFICE, 50, start=D(2026, 4, 1),
     end=D(2026, 4, 5))], 100, [Limit(OFFICE, 50, start=D(2026, 4, 2), end=D(2026, 4, 5))], [0]),
    ("an undated limit stands for a dated one", [Limit(OFFICE, 50, start=D(2026, 4, 1),
     end=D(2026, 4, 5))], 100, [Limit(OFFICE, 40)], []),
    ("only the widened one is named", [Limit(STAY, 50), Limit(OFFICE_N, 5)], 50,
     [Limit(OFFICE_N, 9)], [1]),
    ("a count away does not stand for an office maximum", [Limit(OFFICE, 50)], 100,
     [Limit(AWAY_N, 1)], [0]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("parent_limits", "child_cap", "child_limits", "widened"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_every_cap_shape_may_only_narrow(parent_limits, child_cap, child_limits, widened):
    parent = Terms("SE/1", "WFA", WINDOW, 100, limits=tuple(parent_limits))
    child = Terms("SE/2", "WFA", WINDOW, child_cap, limits=tuple(child_limits))
    problems = [p for p in narrowing_problems(child, parent) if p.code == "LIMIT_WIDER"]
    assert [p.params["limit"] for p in problems] == [parent_limits[i] for i in widened]
    assert all(p.field == "limits" and p.params["parent"] == "SE/1" for p in problems)
