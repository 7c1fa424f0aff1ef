"""``policy.check``'s output order, its keys built in C, is the one ``_output_order``
states: errors first, then by day, unit, employee (a missing one first) and code
(in the order codes are declared)."""

from __future__ import annotations

import random
from datetime import date

from policy.check import _in_output_order, _output_order
from policy.values import Code, Severity, Violation

MON, TUE = date(2025, 3, 24), date(2025, 3, 25)


def violation(code, severity, day, unit, emp):
    return Violation(code, severity, day, unit, emp, None, None, "pesan", "message")


def test_errors_first_then_day_unit_employee_and_code_none_first():
    ordered = [
        violation(Code.CAP_EXCEEDED, Severity.ERROR, None, None, None),
        violation(Code.CAP_EXCEEDED, Severity.ERROR, MON, 7, None),
        violation(Code.WRONG_MODE, Severity.ERROR, MON, 7, 3),
        violation(Code.NOT_ON_STAFF, Severity.ERROR, MON, 7, 3),
        violation(Code.NOT_ON_STAFF, Severity.ERROR, MON, 8, 1),
        violation(Code.WEEKLY_LIMIT, Severity.ERROR, TUE, 7, 1),
        violation(Code.NO_COVER, Severity.WARNING, MON, 2, None),
        violation(Code.PRIORITY_SKIPPED, Severity.WARNING, MON, 7, 2),
        violation(Code.REQUIRED_AWAY, Severity.WARNING, TUE, 7, 1),
    ]
    shuffled = ordered[::-1]
    assert _in_output_order(shuffled) == ordered
    assert _in_output_order([]) == []


def test_the_same_order_as_sorting_by_the_key_function():
    rng = random.Random(12)
    found = [
        violation(
            rng.choice(list(Code)),
            rng.choice(list(Severity)),
            rng.choice([None, MON, TUE]),
            rng.choice([None, 1, 2]),
            rng.choice([None, 1, 2, 3]),
        )
        for _ in range(300)
    ]
    expected = sorted(found, key=_output_order)
    got = _in_output_order(found)
    assert [id(v) for v in got] == [id(v) for v in expected]
