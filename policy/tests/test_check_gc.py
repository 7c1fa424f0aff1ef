"""``check_roster`` pauses the cyclic garbage collector only for its own call."""

from __future__ import annotations

import gc

import pytest

from policy.check import check_roster
from policy.tests.test_rules import MON, away, policy, roster, team
from policy.values import Code, Mode


@pytest.fixture
def collector_state():
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_runs_again_after_a_check(collector_state):
    gc.enable()
    found = check_roster(roster(team(7), {MON: policy(MON)}, away(Mode.WFA, MON, 1, 2, 3, 4)))
    assert [v.code for v in found] == [Code.CAP_EXCEEDED]
    assert gc.isenabled()


def test_the_collector_runs_again_after_a_duplicate_is_refused(collector_state):
    gc.enable()
    with pytest.raises(ValueError, match="duplicate assignment for employee 1"):
        check_roster(roster(team(2), {MON: policy(MON)}, [(1, MON, Mode.WFA)] * 2))
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused(collector_state):
    gc.disable()
    found = check_roster(roster(team(7), {MON: policy(MON)}, away(Mode.WFA, MON, 1, 2, 3, 4)))
    assert [v.code for v in found] == [Code.CAP_EXCEEDED]
    assert not gc.isenabled()
