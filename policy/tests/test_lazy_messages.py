"""A violation's messages are formatted when first read, and it reads, compares,
hashes, prints and pickles exactly as one built with the texts (issues #12/#18)."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from policy.check import check_roster
from policy.tests import reference_check
from policy.tests.test_check_differential import bench_like
from policy.values import LazyText, Violation


def _raw(v: Violation, name: str) -> object:
    descriptor = Violation.__dict__[name]
    assert isinstance(descriptor, LazyText)
    return descriptor.slot.__get__(v, Violation)


@pytest.fixture(scope="module")
def pair() -> tuple[list[Violation], list[Violation]]:
    check = bench_like(1, 120, 2)
    return check_roster(check), reference_check.check_roster(check)


def test_the_messages_are_left_unformatted_until_read() -> None:
    fresh = check_roster(bench_like(1, 120, 2))
    pending = [v for v in fresh if isinstance(_raw(v, "message_id"), tuple)]
    assert len(pending) == len(fresh) > 100
    v = pending[0]
    text = v.message_id
    assert isinstance(text, str) and "{" not in text
    assert _raw(v, "message_id") is text  # kept: the next read formats nothing
    assert isinstance(_raw(v, "message_en"), tuple)  # the other language still waits
    assert v.message("en") == v.message_en and isinstance(_raw(v, "message_en"), str)


def test_unread_violations_equal_eager_ones_in_every_way(
    pair: tuple[list[Violation], list[Violation]],
) -> None:
    fresh = check_roster(bench_like(1, 120, 2))
    _, expected = pair
    assert [hash(v) for v in fresh] == [hash(v) for v in expected]
    fresh = check_roster(bench_like(1, 120, 2))
    assert [repr(v) for v in fresh] == [repr(v) for v in expected]
    fresh = check_roster(bench_like(1, 120, 2))
    assert pickle.loads(pickle.dumps(fresh)) == expected  # noqa: S301 (our own bytes)
    fresh = check_roster(bench_like(1, 120, 2))
    assert [copy.copy(v) for v in fresh] == expected
    fresh = check_roster(bench_like(1, 120, 2))
    assert [dataclasses.astuple(v) for v in fresh] == [dataclasses.astuple(v) for v in expected]
    fresh = check_roster(bench_like(1, 120, 2))
    assert [(v.message("id"), v.message("en")) for v in fresh] == [
        (v.message_id, v.message_en) for v in expected
    ]


def test_a_violation_built_directly_still_holds_its_texts() -> None:
    v = Violation(*dataclasses.astuple(reference_check.check_roster(bench_like(2, 60, 1))[0]))
    assert isinstance(_raw(v, "message_id"), str) and isinstance(_raw(v, "message_en"), str)
    changed = dataclasses.replace(v, message_id="lain")
    assert changed.message_id == "lain" and changed.message_en == v.message_en
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.message_id = "x"  # type: ignore[misc]
