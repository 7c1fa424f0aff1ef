"""The chain of direct superiors, as pure values: loops, and why a link is refused."""

import pytest

from policy.superiors import Refusal, chain_above, creates_cycle, in_a_loop, refusal

# 1 <- 2 <- 3 <- 4 (4's superior is 3, 3's is 2, 2's is 1); 5 stands alone.
CHAIN = {2: 1, 3: 2, 4: 3}


@pytest.mark.parametrize(
    "start, expected",
    [(4, [3, 2, 1]), (2, [1]), (1, []), (5, [])],
)
def test_chain_above(start, expected):
    assert chain_above(CHAIN, start) == expected


def test_chain_above_stops_at_a_loop():
    assert chain_above({1: 2, 2: 1}, 1) == [2, 1]


@pytest.mark.parametrize(
    "employee, superior, loops",
    [
        (1, 4, True),  # 4 is under 1: naming 4 above 1 closes the loop
        (1, 2, True),
        (2, 4, True),
        (4, 1, False),  # skipping a level is fine
        (5, 4, False),
        (1, 5, False),
        (3, 3, True),  # oneself
    ],
)
def test_creates_cycle(employee, superior, loops):
    assert creates_cycle(CHAIN, employee, superior) is loops


def test_creates_cycle_works_on_nips_too():
    assert creates_cycle({"b": "a"}, "a", "b")
    assert not creates_cycle({"b": "a"}, "b", "c")


def test_in_a_loop_names_every_member_and_only_them():
    assert sorted(in_a_loop({1: 2, 2: 3, 3: 1, 4: 1, 5: None})) == [1, 2, 3]
    assert in_a_loop(CHAIN) == []


BASE = {"employee_agency": 1, "superior_agency": 1, "superior_active": True, "links": CHAIN}


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"employee_id": 4, "superior_id": 1}, None),
        ({"employee_id": None, "superior_id": 4}, None),  # a new employee: no loop possible
        ({"employee_id": 4, "superior_id": 4}, Refusal.SELF),
        ({"employee_id": 5, "superior_id": 1, "superior_agency": 2}, Refusal.OTHER_AGENCY),
        ({"employee_id": 5, "superior_id": 1, "superior_active": False}, Refusal.INACTIVE),
        ({"employee_id": 1, "superior_id": 3}, Refusal.CYCLE),
    ],
)
def test_refusal(changes, expected):
    assert refusal(**{**BASE, **changes}) is expected
