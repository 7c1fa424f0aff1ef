"""Eligibility per employee: each reason a member may not be away, with its stable code
and its words in Indonesian and English; circumstance groups given priority or
required away; and the fast index that agrees with the plain answer."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.check import check_roster, errors, warnings
from policy.eligibility import BarIndex, barred_ids, is_barred, months_between
from policy.layers import NO_JOB_TYPE, Layer, Term, UnitFacts, resolve
from policy.planner import PlanRequest, plan_roster
from policy.values import (
    Assignment,
    Circumstance,
    Code,
    DayPolicy,
    JobType,
    Mode,
    PriorityCriterion,
    PriorityKind,
    RosterCheck,
    StaffMember,
)

MON = date(2025, 4, 21)  # Permen PANRB 4/2025 in force
SE_NUMBER = "800/4/2025"


def policy(day: date = MON, **fields: object) -> DayPolicy:
    values: dict[str, object] = {
        "working_day": True,
        "circular_id": 1,
        "circular_number": SE_NUMBER,
        "arrangement": Mode.WFH,
        "cap_percent": 100,
    }
    return DayPolicy(day, **(values | fields))  # type: ignore[arg-type]


def member(emp: int = 1, **fields: object) -> StaffMember:
    return StaffMember(emp, f"Pegawai {emp}", 1, **fields)  # type: ignore[arg-type]


ONLY_PELAKSANA = {"eligible_job_types": frozenset({JobType.IMPLEMENTING})}


@pytest.mark.parametrize(
    ("rules", "person", "code", "text_id", "text_en"),
    [
        (
            ONLY_PELAKSANA,
            member(job_type=JobType.STRUCTURAL),
            Code.JOB_TYPE_EXCLUDED,
            "hanya pelaksana yang boleh bekerja di luar kantor, sedangkan jenis jabatannya "
            "pejabat struktural",
            "only implementing staff may work away, and their position is structural officials",
        ),
        (
            ONLY_PELAKSANA,
            member(job_type=JobType.FUNCTIONAL),
            Code.JOB_TYPE_EXCLUDED,
            "jenis jabatannya pejabat fungsional",
            "their position is functional officials",
        ),
        (
            ONLY_PELAKSANA,
            member(job_type=""),
            Code.JOB_TYPE_EXCLUDED,
            "jenis jabatannya belum tercatat",
            "their position is not recorded",
        ),
        (
            {"excludes_sanctioned": True},
            member(sanctions=((date(2025, 1, 6), date(2025, 7, 5)),)),
            Code.UNDER_SANCTION,
            "sedang menjalani hukuman disiplin (Senin, 6 Januari 2025 sampai Sabtu, 5 Juli 2025)",
            "under a disciplinary sanction (Monday 6 January 2025 to Saturday 5 July 2025)",
        ),
        (
            {"excludes_sanctioned": True},
            member(sanctions=((date(2025, 4, 1), None),)),
            Code.UNDER_SANCTION,
            "(sejak Selasa, 1 April 2025)",
            "(since Tuesday 1 April 2025)",
        ),
        (
            {"new_employee_months": 12},
            member(appointed=date(2024, 6, 1)),
            Code.NEW_EMPLOYEE,
            "sebagai pegawai baru (TMT 06/2024, kurang dari 12 bulan)",
            "as a new employee (appointed 06/2024, less than 12 months ago)",
        ),
    ],
)
def test_each_reason_bars_with_its_code_and_words_in_both_languages(
    rules, person, code, text_id, text_en
):
    p = policy(**rules)
    assert p.is_barred(person)
    (bar,) = p.bars(person)
    assert bar.code is code
    assert text_id in bar.message_id and f"SE Nomor {SE_NUMBER}" in bar.message_id
    assert text_en in bar.message_en and f"circular No. {SE_NUMBER}" in bar.message_en
    assert bar.message("en-gb") == bar.message_en and bar.message("id") == bar.message_id
    found = errors(check_roster(RosterCheck(9, [person], {MON: p}, [Assignment(1, MON, Mode.WFH)])))
    assert [(v.code, v.employee_id) for v in found] == [(code, 1)]
    assert found[0].message_id.startswith("Pegawai 1 tidak dapat WFH pada Senin, 21 April 2025: ")
    assert found[0].message_en.startswith("Pegawai 1 cannot work WFH on Monday 21 April 2025: ")


@pytest.mark.parametrize(
    ("rules", "person"),
    [
        (ONLY_PELAKSANA, member(job_type=JobType.IMPLEMENTING)),
        ({}, member(job_type=JobType.STRUCTURAL)),  # the circular restricts no job type
        (
            {"excludes_sanctioned": True},
            member(sanctions=((date(2025, 1, 6), MON - timedelta(1)),)),
        ),
        ({"excludes_sanctioned": True}, member(sanctions=((MON + timedelta(1), None),))),
        ({}, member(sanctions=((date(2025, 1, 6), None),))),  # the circular does not exclude them
        ({"new_employee_months": 12}, member(appointed=date(2024, 4, 1))),  # 12 months: not new
        ({"new_employee_months": 12}, member(appointed=None)),  # no TMT known
        ({}, member(appointed=date(2025, 4, 1))),
    ],
)
def test_a_member_outside_every_reason_may_go(rules, person):
    p = policy(**rules)
    assert not p.is_barred(person) and p.bars(person) == ()
    cells = [Assignment(1, MON, Mode.WFH)]
    assert errors(check_roster(RosterCheck(9, [person, member(2)], {MON: p}, cells))) == []


@pytest.mark.parametrize(
    ("appointed", "day", "new"),
    [
        (date(2025, 1, 1), date(2025, 3, 31), True),  # two calendar months: new under 3
        (date(2025, 1, 1), date(2025, 4, 1), False),  # three
        (date(2024, 12, 1), date(2025, 2, 28), True),
        (date(2024, 11, 1), date(2025, 2, 1), False),
    ],
)
def test_new_employees_are_counted_in_calendar_months_of_the_tmt(appointed, day, new):
    p = policy(day, new_employee_months=3)
    assert p.is_barred(member(appointed=appointed)) is new
    assert (months_between(appointed, day) < 3) is new


def test_every_reason_that_applies_is_reported_in_a_fixed_order():
    person = member(
        roles=frozenset({"treasurer"}),
        revoked_circular_ids=frozenset({1}),
        job_type=JobType.STRUCTURAL,
        sanctions=((MON, MON),),
        appointed=MON,
    )
    p = policy(
        exempt_roles=frozenset({"treasurer"}),
        excludes_sanctioned=True,
        new_employee_months=6,
        **ONLY_PELAKSANA,
    )
    assert [bar.code for bar in p.bars(person)] == [
        Code.EXEMPT_ROLE,
        Code.PERMISSION_REVOKED,
        Code.JOB_TYPE_EXCLUDED,
        Code.UNDER_SANCTION,
        Code.NEW_EMPLOYEE,
    ]


def test_barred_members_are_never_proposed_by_the_planner():
    staff = [
        member(1, job_type=JobType.STRUCTURAL),
        member(2, job_type=JobType.IMPLEMENTING, sanctions=((MON, None),)),
        member(3, job_type=JobType.IMPLEMENTING, appointed=MON),
        member(4, job_type=JobType.IMPLEMENTING),
        member(5, job_type=JobType.IMPLEMENTING),
    ]
    p = policy(excludes_sanctioned=True, new_employee_months=12, **ONLY_PELAKSANA)
    result = plan_roster(PlanRequest(9, staff, {MON: p}))
    assert {a.employee_id for a in result.assignments} == {4, 5}


# --- circumstance groups -----------------------------------------------------------------


def test_a_group_required_away_is_warned_when_at_the_office_and_planned_first():
    pregnant = member(1, circumstances=frozenset({Circumstance.PREGNANCY}))
    staff = [pregnant, member(2), member(3), member(4)]
    p = policy(
        cap_percent=25,
        required_away_groups=frozenset({Circumstance.PREGNANCY}),
        priorities=(PriorityCriterion(PriorityKind.CIRCUMSTANCE, groups=frozenset({"pregnancy"})),),
    )
    (found,) = warnings(check_roster(RosterCheck(9, staff, {MON: p}, [])))
    assert (found.code, found.employee_id) == (Code.REQUIRED_AWAY, 1)
    assert "dalam keadaan hamil bekerja WFH" in found.message_id
    assert "in the situation of pregnancy to work WFH" in found.message_en
    plan = plan_roster(PlanRequest(9, staff, {MON: p}))
    assert [a.employee_id for a in plan.assignments] == [1]
    assert check_roster(RosterCheck(9, staff, {MON: p}, plan.assignments)) == []


def test_a_required_group_is_not_warned_on_a_closed_day_or_when_barred():
    pregnant = member(1, circumstances=frozenset({"pregnancy"}), roles=frozenset({"treasurer"}))
    rules = {"required_away_groups": frozenset({"pregnancy"})}
    days = {
        MON: policy(exempt_roles=frozenset({"treasurer"}), **rules),
        MON + timedelta(1): policy(MON + timedelta(1), working_day=False, **rules),
    }
    assert check_roster(RosterCheck(9, [pregnant, member(2)], days, [])) == []


def test_priority_to_a_circumstance_group_orders_who_goes_first():
    staff = [member(1), member(2, circumstances=frozenset({"disability"})), member(3), member(4)]
    p = policy(
        cap_percent=25,
        priorities=(
            PriorityCriterion(PriorityKind.CIRCUMSTANCE, groups=frozenset({"disability"})),
        ),
    )
    assert [a.employee_id for a in plan_roster(PlanRequest(9, staff, {MON: p})).assignments] == [2]
    (skipped,) = check_roster(RosterCheck(9, staff, {MON: p}, [Assignment(1, MON, Mode.WFH)]))
    assert skipped.code is Code.PRIORITY_SKIPPED


# --- layers combine eligibility -----------------------------------------------------------


def _term(circular_id: int, **fields: object) -> Term:
    values: dict[str, object] = {
        "number": f"SE {circular_id}",
        "layer": Layer.EVENT,
        "agency_id": circular_id,
        "windows": ((MON, MON),),
        "published": circular_id,
    }
    return Term(circular_id, **(values | fields))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b", "job_types", "sanctions", "months", "required"),
    [
        ({}, {}, frozenset(), False, None, frozenset()),
        (
            {"eligible_job_types": frozenset({"pelaksana", "fungsional"})},
            {"eligible_job_types": frozenset({"pelaksana"})},
            frozenset({"pelaksana"}),
            False,
            None,
            frozenset(),
        ),
        (
            {"eligible_job_types": frozenset({"fungsional"})},
            {"eligible_job_types": frozenset({"pelaksana"})},
            frozenset({NO_JOB_TYPE}),
            False,
            None,
            frozenset(),
        ),
        (
            {"excludes_sanctioned": True, "new_employee_months": 6},
            {"new_employee_months": 12, "required_away_groups": frozenset({"pregnancy"})},
            frozenset(),
            True,
            12,
            frozenset({"pregnancy"}),
        ),
    ],
)
def test_layers_combine_eligibility_into_the_strictest(
    a, b, job_types, sanctions, months, required
):
    p = resolve(MON, [_term(1, **a), _term(2, **b)], UnitFacts(7))
    assert p.eligible_job_types == job_types
    assert (p.excludes_sanctioned, p.new_employee_months, p.required_away_groups) == (
        sanctions,
        months,
        required,
    )


def test_circulars_whose_job_types_do_not_meet_let_no_job_type_go():
    p = resolve(
        MON,
        [
            _term(1, eligible_job_types=frozenset({"fungsional"})),
            _term(2, eligible_job_types=frozenset({"pelaksana"})),
        ],
        UnitFacts(7),
    )
    assert all(p.is_barred(member(job_type=t)) for t in (*JobType, ""))


# --- the fast index agrees with the plain answer --------------------------------------------


@st.composite
def members(draw: st.DrawFn, emp: int) -> StaffMember:
    start = draw(st.dates(date(2025, 1, 1), date(2025, 6, 30)))
    sanction = (start, draw(st.none() | st.just(start + timedelta(days=draw(st.integers(0, 60))))))
    return member(
        emp,
        roles=frozenset(draw(st.sets(st.sampled_from(("treasurer", "supervisor")), max_size=1))),
        revoked_circular_ids=frozenset(draw(st.sets(st.sampled_from((1, 2)), max_size=1))),
        job_type=draw(st.sampled_from(("", *JobType))),
        appointed=draw(st.dates(date(2023, 1, 1), date(2025, 6, 1))).replace(day=1)
        if draw(st.booleans())
        else None,
        sanctions=(sanction,) if draw(st.booleans()) else (),
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(1, 40), min_size=1, max_size=12, unique=True).flatmap(
        lambda ids: st.tuples(*(members(i) for i in ids))
    ),
    st.lists(
        st.builds(
            lambda day, jobs, sanctioned, months, revoked: policy(
                day,
                exempt_roles=frozenset({"treasurer"}),
                circular_ids=revoked,
                eligible_job_types=jobs,
                excludes_sanctioned=sanctioned,
                new_employee_months=months,
            ),
            st.dates(date(2025, 1, 1), date(2025, 8, 31)),
            st.sampled_from((frozenset(), frozenset({"pelaksana"}), frozenset({"x"}))),
            st.booleans(),
            st.none() | st.integers(0, 30),
            st.sampled_from(((1,), (2,), (1, 2))),
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_the_bar_index_names_exactly_the_members_is_barred_names(staff, policies):
    index = BarIndex(list(staff))
    for p in policies:
        expected = frozenset(m.employee_id for m in staff if is_barred(p, m))
        assert index.barred(p) == expected == barred_ids(p, staff)
        assert {m.employee_id for m in staff if p.bars(m)} == expected


def test_violation_codes_are_stable():
    """Integrations and stored reports read these strings: they never change."""
    assert [code.value for code in Code] == [
        "OUTSIDE_WINDOW",
        "NON_WORKING_DAY",
        "CAP_EXCEEDED",
        "TOO_FEW_AWAY",
        "FRONTLINE_UNIT",
        "EXEMPT_ROLE",
        "PERMISSION_REVOKED",
        "JOB_TYPE_EXCLUDED",
        "UNDER_SANCTION",
        "NEW_EMPLOYEE",
        "WEEKLY_LIMIT",
        "WRONG_MODE",
        "NOT_ON_STAFF",
        "PRIORITY_SKIPPED",
        "REQUIRED_AWAY",
        "NO_COVER",
        "WEEKDAY_CLOSED",
        "HOURS_SHORT",
        "START_OUTSIDE_WINDOW",
        "UNKNOWN_SHIFT",
        "RECALLED",
    ]
