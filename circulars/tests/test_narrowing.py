"""A regional circular may only narrow its parent: pure rules, no database.

The five real circulars of shared/domain.md (with the national circulars they
follow) come first as a table: each narrows its parent, and each widened in
one way is refused with the right code, field and numbers. Then the windows
alone: none, reversed, overlapping.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from circulars.narrowing import Problem, Terms, narrowing_problems, window_problems

D = date

# --- the national parents -----------------------------------------------------

MENPANRB_2_2025 = Terms(
    number="2 Tahun 2025",
    arrangement="WFA",
    windows=((D(2025, 3, 24), D(2025, 3, 27)),),
    cap_percent=100,
)
MENPANRB_8_APRIL_2025 = Terms(
    number="B/1.1/M.SM.02.03/2025",
    arrangement="WFA",
    windows=((D(2025, 4, 8), D(2025, 4, 8)),),
    cap_percent=100,
)
MENPANRB_1_2024 = Terms(
    number="1 Tahun 2024",
    arrangement="WFH",
    windows=((D(2024, 4, 16), D(2024, 4, 17)),),
    cap_percent=50,
)
KEMENDAGRI_2023 = Terms(
    number="2 Tahun 2023",
    arrangement="WFH",
    windows=((D(2023, 8, 28), D(2023, 10, 31)),),
    cap_percent=50,
)

# --- the regional circulars of shared/domain.md -------------------------------

PEMKOT_SERANG = Terms(
    number="800.1.6/123-BKPSDM/2025",
    arrangement="WFA",
    windows=((D(2025, 3, 24), D(2025, 3, 27)),),
    cap_percent=50,
)
PEMKAB_SERANG = Terms(
    number="800.1.6/456-BKPSDM/2025",
    arrangement="WFA",
    windows=((D(2025, 4, 8), D(2025, 4, 8)),),
    cap_percent=50,
    exempt_categories=frozenset({"health"}),
)
PEMPROV_BANTEN = Terms(
    number="800.1.6/2100-BKD/2023",
    arrangement="WFH",
    windows=((D(2023, 8, 28), D(2023, 9, 28)),),
    cap_percent=50,
    exempt_categories=frozenset(
        {"health", "education", "security", "licensing", "civil_registry", "other_essential"}
    ),
)
PEMKOT_CILEGON = Terms(
    number="800.1.6/789-BKPSDM/2024",
    arrangement="WFH",
    windows=((D(2024, 4, 16), D(2024, 4, 17)),),
    cap_percent=50,
    exempt_categories=frozenset({"licensing", "civil_registry", "health", "territorial"}),
)
PEMKOT_TANGSEL = Terms(
    number="800.1.6/2345-BKPSDM/2023",
    arrangement="WFH",
    windows=((D(2023, 8, 28), D(2023, 9, 29)),),
    cap_percent=50,
    exempt_roles=frozenset({"treasurer", "supervisor", "activity_leader"}),
)

REAL_CASES = [
    pytest.param(PEMKOT_SERANG, MENPANRB_2_2025, id="pemkot-serang-wfa-march-2025"),
    pytest.param(PEMKAB_SERANG, MENPANRB_8_APRIL_2025, id="pemkab-serang-wfa-8-april-2025"),
    pytest.param(PEMPROV_BANTEN, KEMENDAGRI_2023, id="pemprov-banten-wfh-2023"),
    pytest.param(PEMKOT_CILEGON, MENPANRB_1_2024, id="pemkot-cilegon-wfh-april-2024"),
    pytest.param(PEMKOT_TANGSEL, KEMENDAGRI_2023, id="pemkot-tangsel-wfh-2023"),
]


@pytest.mark.parametrize(("child", "parent"), REAL_CASES)
def test_each_real_regional_circular_only_narrows_its_national_parent(child, parent):
    assert narrowing_problems(child, parent) == []
    assert window_problems(child.windows) == []


@pytest.mark.parametrize(("child", "parent"), REAL_CASES)
def test_identical_terms_narrow_nothing_and_are_accepted(child, parent):
    assert narrowing_problems(parent, parent) == []


@pytest.mark.parametrize(("child", "parent"), REAL_CASES)
def test_window_starting_a_day_before_the_parent_is_refused(child, parent):
    (p_start, _p_end), *_ = parent.windows
    early = (D.fromordinal(p_start.toordinal() - 1), child.windows[0][1])
    problems = narrowing_problems(replace(child, windows=(early,)), parent)
    assert problems == [
        Problem(
            "WINDOW_OUTSIDE_PARENT",
            "windows",
            {"start": early[0], "end": early[1], "parent": parent.number},
        )
    ]


@pytest.mark.parametrize(("child", "parent"), REAL_CASES)
def test_window_ending_a_day_after_the_parent_is_refused(child, parent):
    p_end = parent.windows[-1][1]
    late = (child.windows[0][0], D.fromordinal(p_end.toordinal() + 1))
    problems = narrowing_problems(replace(child, windows=(late,)), parent)
    assert [(p.code, p.field) for p in problems] == [("WINDOW_OUTSIDE_PARENT", "windows")]
    assert problems[0].params == {"start": late[0], "end": late[1], "parent": parent.number}


@pytest.mark.parametrize(("child", "parent"), REAL_CASES)
def test_cap_above_the_parents_cap_is_refused_with_both_numbers(child, parent):
    if parent.cap_percent == 100:
        parent = replace(parent, cap_percent=50)
    problems = narrowing_problems(replace(child, cap_percent=parent.cap_percent + 1), parent)
    assert problems == [
        Problem(
            "CAP_ABOVE_PARENT",
            "cap_percent",
            {
                "cap": parent.cap_percent + 1,
                "parent_cap": parent.cap_percent,
                "parent": parent.number,
            },
        )
    ]


@pytest.mark.parametrize(("child", "parent"), REAL_CASES)
def test_cap_equal_to_or_below_the_parents_cap_is_accepted(child, parent):
    for cap in (0, parent.cap_percent):
        assert narrowing_problems(replace(child, cap_percent=cap), parent) == []


def test_child_dropping_a_category_exempted_by_the_parent_is_refused():
    parent = replace(MENPANRB_1_2024, exempt_categories=frozenset({"health", "education"}))
    problems = narrowing_problems(PEMKOT_CILEGON, parent)
    assert problems == [
        Problem(
            "CATEGORY_EXEMPTION_DROPPED",
            "exempt_categories",
            {"missing": ["education"], "parent": parent.number},
        )
    ]


def test_child_keeping_every_parent_exemption_and_adding_more_is_accepted():
    parent = replace(
        MENPANRB_1_2024,
        exempt_categories=frozenset({"health"}),
        exempt_roles=frozenset({"treasurer"}),
    )
    child = replace(PEMKOT_CILEGON, exempt_roles=frozenset({"treasurer", "supervisor"}))
    assert narrowing_problems(child, parent) == []


def test_child_dropping_a_role_exempted_by_the_parent_is_refused():
    parent = replace(KEMENDAGRI_2023, exempt_roles=frozenset({"treasurer", "supervisor"}))
    child = replace(PEMKOT_TANGSEL, exempt_roles=frozenset({"supervisor"}))
    assert narrowing_problems(child, parent) == [
        Problem(
            "ROLE_EXEMPTION_DROPPED",
            "exempt_roles",
            {"missing": ["treasurer"], "parent": parent.number},
        )
    ]


@pytest.mark.parametrize(
    ("child_limit", "parent_limit", "refused"),
    [
        (None, None, False),
        (2, None, False),
        (1, 2, False),
        (2, 2, False),
        (3, 2, True),
        (None, 2, True),  # no limit is wider than any limit
    ],
)
def test_weekly_limit_may_only_tighten(child_limit, parent_limit, refused):
    parent = replace(MENPANRB_2_2025, weekly_limit=parent_limit)
    child = replace(PEMKOT_SERANG, weekly_limit=child_limit)
    problems = narrowing_problems(child, parent)
    if refused:
        assert problems == [
            Problem(
                "WEEKLY_LIMIT_ABOVE_PARENT",
                "weekly_limit",
                {"limit": child_limit, "parent_limit": parent_limit, "parent": parent.number},
            )
        ]
    else:
        assert problems == []


def test_wfa_under_a_wfh_parent_is_refused():
    child = replace(PEMKOT_CILEGON, arrangement="WFA")
    assert narrowing_problems(child, MENPANRB_1_2024) == [
        Problem("ARRANGEMENT_WIDER", "arrangement", {"parent": MENPANRB_1_2024.number})
    ]


def test_wfh_under_a_wfa_parent_is_accepted_as_narrower():
    child = replace(PEMKOT_SERANG, arrangement="WFH")
    assert narrowing_problems(child, MENPANRB_2_2025) == []


def test_child_window_inside_one_of_several_parent_windows_is_accepted():
    parent = replace(
        MENPANRB_2_2025,
        windows=((D(2025, 3, 24), D(2025, 3, 27)), (D(2025, 4, 8), D(2025, 4, 8))),
    )
    assert narrowing_problems(PEMKAB_SERANG, parent) == []


def test_child_window_bridging_two_parent_windows_is_refused():
    parent = replace(
        MENPANRB_2_2025,
        windows=((D(2025, 3, 24), D(2025, 3, 27)), (D(2025, 4, 8), D(2025, 4, 8))),
    )
    child = replace(PEMKOT_SERANG, windows=((D(2025, 3, 27), D(2025, 4, 8)),))
    assert [p.code for p in narrowing_problems(child, parent)] == ["WINDOW_OUTSIDE_PARENT"]


def test_every_way_of_widening_is_reported_at_once():
    child = Terms(
        number="X",
        arrangement="WFA",
        windows=((D(2024, 4, 15), D(2024, 4, 17)),),
        cap_percent=75,
        exempt_categories=frozenset(),
    )
    parent = replace(
        MENPANRB_1_2024,
        weekly_limit=1,
        exempt_categories=frozenset({"health"}),
        exempt_roles=frozenset({"treasurer"}),
    )
    codes = {p.code: p.field for p in narrowing_problems(child, parent)}
    assert codes == {
        "WINDOW_OUTSIDE_PARENT": "windows",
        "CAP_ABOVE_PARENT": "cap_percent",
        "WEEKLY_LIMIT_ABOVE_PARENT": "weekly_limit",
        "CATEGORY_EXEMPTION_DROPPED": "exempt_categories",
        "ROLE_EXEMPTION_DROPPED": "exempt_roles",
        "ARRANGEMENT_WIDER": "arrangement",
    }


def test_parent_without_windows_leaves_no_room_for_any_child_window():
    parent = replace(MENPANRB_2_2025, windows=())
    assert [p.code for p in narrowing_problems(PEMKOT_SERANG, parent)] == ["WINDOW_OUTSIDE_PARENT"]


# --- windows alone ------------------------------------------------------------


def test_circular_without_a_window_is_refused():
    assert window_problems(()) == [Problem("NO_WINDOW", "windows", {})]


def test_reversed_window_is_refused_with_its_dates():
    problems = window_problems(((D(2025, 3, 27), D(2025, 3, 24)),))
    assert problems == [
        Problem("WINDOW_REVERSED", "windows", {"start": D(2025, 3, 27), "end": D(2025, 3, 24)})
    ]


@pytest.mark.parametrize(
    ("windows", "expected_pairs"),
    [
        pytest.param(
            ((D(2025, 3, 24), D(2025, 3, 25)), (D(2025, 3, 26), D(2025, 3, 27))),
            [],
            id="adjacent-days-do-not-overlap",
        ),
        pytest.param(
            ((D(2025, 3, 24), D(2025, 3, 26)), (D(2025, 3, 26), D(2025, 3, 27))),
            [((D(2025, 3, 24), D(2025, 3, 26)), (D(2025, 3, 26), D(2025, 3, 27)))],
            id="sharing-one-day",
        ),
        pytest.param(
            ((D(2025, 4, 8), D(2025, 4, 8)), (D(2025, 3, 24), D(2025, 4, 30))),
            [((D(2025, 3, 24), D(2025, 4, 30)), (D(2025, 4, 8), D(2025, 4, 8)))],
            id="given-out-of-order",
        ),
        pytest.param(
            (
                (D(2025, 3, 1), D(2025, 3, 31)),
                (D(2025, 3, 5), D(2025, 3, 6)),
                (D(2025, 3, 10), D(2025, 3, 12)),
            ),
            [
                ((D(2025, 3, 1), D(2025, 3, 31)), (D(2025, 3, 5), D(2025, 3, 6))),
                ((D(2025, 3, 1), D(2025, 3, 31)), (D(2025, 3, 10), D(2025, 3, 12))),
            ],
            id="long-window-overlapping-two-later-ones",
        ),
    ],
)
def test_overlapping_windows_are_refused_pair_by_pair(windows, expected_pairs):
    problems = window_problems(windows)
    assert [(p.code, p.field) for p in problems] == [("WINDOW_OVERLAP", "windows")] * len(
        expected_pairs
    )
    assert [(p.params["first"], p.params["second"]) for p in problems] == expected_pairs


def test_reversed_window_is_not_also_reported_as_overlapping():
    windows = ((D(2025, 3, 27), D(2025, 3, 24)), (D(2025, 3, 25), D(2025, 3, 26)))
    assert [p.code for p in window_problems(windows)] == ["WINDOW_REVERSED"]
