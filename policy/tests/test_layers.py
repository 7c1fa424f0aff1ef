"""The layers of circulars resolved into a day's policy: order, narrowing, amendments,
overlaps and addressing, table by table. Pure Python: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from policy.layers import (
    Address,
    AgencyFacts,
    Layer,
    Relation,
    Term,
    UnitFacts,
    applying,
    governing_terms,
    resolve,
    resolve_alone,
)
from policy.limits import Limit, Shape
from policy.values import Code, Mode, PriorityCriterion, PriorityKind, StaffMember

D = date
OPD = UnitFacts(unit_id=7, category="support")
MARCH_24, MARCH_25, MARCH_27, APRIL_8 = (
    D(2025, 3, 24),
    D(2025, 3, 25),
    D(2025, 3, 27),
    D(2025, 4, 8),
)
LEBARAN = ((MARCH_24, MARCH_27),)


def term(circular_id: int, layer: Layer = Layer.EVENT, **fields: object) -> Term:
    values: dict[str, object] = {
        "number": f"SE {circular_id}",
        "agency_id": {Layer.NATIONAL: 1, Layer.REGIONAL: 2}.get(layer, 3),
        "windows": LEBARAN,
        "arrangement": Mode.WFA,
        "cap_percent": 50,
        "published": circular_id,
        "distance": {Layer.NATIONAL: 2, Layer.REGIONAL: 1}.get(layer, 0),
    }
    return Term(circular_id, layer=layer, **(values | fields))  # type: ignore[arg-type]


NATIONAL = term(1, Layer.NATIONAL, cap_percent=100)
REGIONAL = term(2, Layer.REGIONAL, cap_percent=75, exempt_roles=frozenset({"treasurer"}))
STANDING = term(3, Layer.STANDING, cap_percent=20, windows=((D(2025, 1, 1), D(2025, 12, 31)),))
EVENT = term(4, cap_percent=50, arrangement=Mode.WFH)


# --- the layer order ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "day", "primary", "applied", "cap", "arrangement"),
    [
        pytest.param([NATIONAL], MARCH_25, 1, (1,), 100, Mode.WFA, id="national-alone"),
        pytest.param(
            [NATIONAL, REGIONAL], MARCH_25, 2, (2, 1), 75, Mode.WFA, id="regional-narrows-national"
        ),
        pytest.param(
            [REGIONAL, replace(NATIONAL, cap_percent=40)],
            MARCH_25,
            2,
            (2, 1),
            40,
            Mode.WFA,
            id="regional-cannot-widen-national",
        ),
        pytest.param([STANDING], D(2025, 5, 6), 3, (3,), 20, Mode.WFA, id="standing-alone"),
        pytest.param(
            [STANDING, EVENT], MARCH_25, 4, (4,), 50, Mode.WFH, id="event-replaces-standing"
        ),
        pytest.param(
            [STANDING, EVENT], D(2025, 5, 6), 3, (3,), 20, Mode.WFA, id="standing-outside-event"
        ),
        pytest.param(
            [NATIONAL, REGIONAL, STANDING, EVENT],
            MARCH_25,
            4,
            (4, 2, 1),
            50,
            Mode.WFH,
            id="all-layers",
        ),
        pytest.param(
            [replace(NATIONAL, narrowed=True), REGIONAL],
            MARCH_25,
            2,
            (2,),
            75,
            Mode.WFA,
            id="national-narrowed-by-region",
        ),
    ],
)
def test_layers_resolve_in_order_and_the_strictest_rule_wins(
    terms, day, primary, applied, cap, arrangement
):
    policy = resolve(day, governing_terms(terms, AgencyFacts(3, "city")), OPD)
    assert policy.circular_id == primary
    assert policy.circular_ids == applied
    assert policy.circular_numbers == tuple(f"SE {n}" for n in applied)
    assert policy.cap_percent == cap
    assert policy.arrangement == arrangement


def test_national_narrowed_by_the_region_governs_no_day_of_it_even_outside_the_region_window():
    narrowed = replace(NATIONAL, narrowed=True, windows=((MARCH_24, APRIL_8),))
    regional = replace(REGIONAL, windows=((APRIL_8, APRIL_8),))
    terms = governing_terms([narrowed, regional], AgencyFacts(3, "city"))
    assert resolve(APRIL_8, terms, OPD).circular_id == 2
    assert resolve(MARCH_25, terms, OPD).circular_id is None


def test_layer_order_is_national_regional_standing_event():
    assert sorted(Layer) == [Layer.NATIONAL, Layer.REGIONAL, Layer.STANDING, Layer.EVENT]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ({}, {}, {"arrangement": Mode.WFA, "weekly_limit": None, "exempt_roles": frozenset()}),
        ({"arrangement": Mode.WFH}, {}, {"arrangement": Mode.WFH}),
        ({"arrangement": None}, {"arrangement": None}, {"arrangement": None}),
        ({"weekly_limit": 3}, {"weekly_limit": 2}, {"weekly_limit": 2}),
        ({"weekly_limit": 3}, {}, {"weekly_limit": 3}),
        (
            {"exempt_roles": frozenset({"treasurer"})},
            {"exempt_roles": frozenset({"supervisor"})},
            {"exempt_roles": frozenset({"treasurer", "supervisor"})},
        ),
        (
            {},
            {"unit_exempt_reason": "RSUD dikecualikan"},
            {"unit_exempt": True, "unit_exempt_reason": "RSUD dikecualikan"},
        ),
        (
            {"limits": (Limit(Shape.AWAY_SHARE, 10, unit_id=OPD.unit_id),)},
            {"cap_percent": 30},
            {"cap_percent": 10},
        ),
    ],
)
def test_two_layers_combine_into_the_strictest_of_each_rule(a, b, expected):
    terms = [term(1, Layer.NATIONAL, **a), term(2, Layer.REGIONAL, **b)]
    policy = resolve(MARCH_25, terms, OPD)
    for name, value in expected.items():
        assert getattr(policy, name) == value, name


def test_priorities_come_from_the_primary_circular_or_the_next_that_sets_them():
    banten = (PriorityCriterion(PriorityKind.DOMICILE, frozenset({3671})),)
    national = term(
        1, Layer.NATIONAL, priorities=(PriorityCriterion(PriorityKind.OFFICE, frozenset({1})),)
    )
    assert resolve(MARCH_25, [national, term(2, priorities=banten)], OPD).priorities == banten
    assert resolve(MARCH_25, [national, term(2)], OPD).priorities == national.priorities


def test_no_term_leaves_the_day_ungoverned_and_keeps_the_calendar():
    policy = resolve(MARCH_25, [], OPD, working_day=False, non_working_reason="Nyepi")
    assert (policy.circular_id, policy.working_day, policy.non_working_reason) == (
        None,
        False,
        "Nyepi",
    )
    assert not policy.is_open() and policy.limit_for(10) is None


def test_one_circular_alone_ignores_every_other_layer():
    policy = resolve_alone(replace(EVENT, windows=()), OPD)
    assert (policy.circular_id, policy.cap_percent, policy.arrangement) == (4, 50, Mode.WFH)
    assert policy.is_open() and policy.limit_for(9) == 4


# --- amendments ---------------------------------------------------------------------

SE_2_2025 = term(
    20, Layer.NATIONAL, number="2 Tahun 2025", windows=LEBARAN, replaced_from=D(2025, 4, 1)
)
SE_3_2025 = term(
    30,
    Layer.NATIONAL,
    number="3 Tahun 2025",
    windows=(*LEBARAN, (APRIL_8, APRIL_8)),
    applies_from=D(2025, 4, 1),
)


@pytest.mark.parametrize(
    ("day", "governing"),
    [
        (MARCH_24, "2 Tahun 2025"),
        (MARCH_27, "2 Tahun 2025"),
        (D(2025, 3, 28), None),
        (APRIL_8, "3 Tahun 2025"),
        (D(2025, 4, 9), None),
    ],
)
def test_an_amendment_replaces_what_it_amends_from_its_effective_date(day, governing):
    """SE MenPAN-RB 3/2025 added 8 April 2025 to SE 2/2025."""
    policy = resolve(day, [SE_2_2025, SE_3_2025], OPD)
    assert (policy.circular_number or None) == governing


def test_an_amendment_without_an_effective_date_replaces_it_entirely():
    old = replace(SE_2_2025, replaced_from=D.min)
    new = replace(SE_3_2025, applies_from=None)
    assert resolve(MARCH_24, [old, new], OPD).circular_number == "3 Tahun 2025"


# --- overlaps within one agency -----------------------------------------------------

EARLIER = term(40, cap_percent=50, windows=((MARCH_24, MARCH_27),))


@pytest.mark.parametrize(
    ("relation", "day", "applied", "cap"),
    [
        (Relation.AMENDS, MARCH_25, (41,), 75),
        (Relation.AMENDS, MARCH_24, (40,), 50),  # the earlier keeps the days the later leaves
        (Relation.ADDS, MARCH_25, (41, 40), 50),  # both apply: the strictest wins
        (Relation.ADDS, MARCH_24, (40,), 50),
        (Relation.NONE, MARCH_25, (41,), 75),  # published before relations: the later replaces
    ],
)
def test_a_later_circular_of_the_same_agency_amends_or_adds_over_the_overlap(
    relation, day, applied, cap
):
    later = term(41, cap_percent=75, windows=((MARCH_25, APRIL_8),), relation=relation)
    policy = resolve(day, [later, EARLIER], OPD)
    assert (policy.circular_ids, policy.cap_percent) == (applied, cap)


def test_an_amending_circular_replaces_every_earlier_one_that_added():
    added = term(41, cap_percent=30, relation=Relation.ADDS)
    amending = term(42, cap_percent=60, relation=Relation.AMENDS)
    assert resolve(MARCH_25, [EARLIER, added, amending], OPD).circular_ids == (42,)
    assert [t.circular_id for t in applying([EARLIER, added], MARCH_25)] == [41, 40]


def test_relations_never_reach_another_agency():
    other = term(41, cap_percent=75, agency_id=99, relation=Relation.AMENDS)
    assert resolve(MARCH_25, [EARLIER, other], OPD).circular_ids == (41, 40)


# --- addressing ---------------------------------------------------------------------

BANTEN = AgencyFacts(10, "province", region_id=36, province="Banten")
SERANG = AgencyFacts(11, "city", region_id=3673, province="Banten")
DKI = AgencyFacts(12, "province", region_id=31, province="DKI Jakarta")


@pytest.mark.parametrize(
    ("address", "agency", "reached"),
    [
        (Address(frozenset({"province"})), BANTEN, True),
        (Address(frozenset({"province"})), DKI, True),
        (Address(frozenset({"province"})), SERANG, False),
        (Address(frozenset({"province", "city", "regency"})), SERANG, True),
        (Address(frozenset({"city"}), region_ids=frozenset({3673})), SERANG, True),
        (Address(frozenset({"city"}), region_ids=frozenset({3672})), SERANG, False),
        (Address(frozenset({"province", "city"}), provinces=frozenset({"Banten"})), SERANG, True),
        (Address(frozenset({"province"}), provinces=frozenset({"Banten"})), DKI, False),
        (Address(frozenset()), BANTEN, False),
    ],
)
def test_a_national_circular_reaches_the_regional_governments_it_addresses(
    address, agency, reached
):
    national = replace(NATIONAL, address=address)
    assert (governing_terms([national], agency) == [national]) is reached


def test_a_province_with_no_parent_agency_is_governed_by_a_national_circular_addressed_to_it():
    national = replace(NATIONAL, address=Address(frozenset({"province"})))
    policy = resolve(MARCH_25, governing_terms([national], BANTEN), OPD)
    assert policy.circular_id == NATIONAL.circular_id and policy.is_open()


# --- who is barred under several circulars ---------------------------------------------


def test_a_permission_revoked_under_any_circular_that_applies_bars_the_member():
    policy = resolve(MARCH_25, [NATIONAL, REGIONAL], OPD)
    revoked = StaffMember(5, "Rina", 7, revoked_circular_ids=frozenset({NATIONAL.circular_id}))
    assert policy.is_barred(revoked)
    (bar,) = policy.bars(revoked)
    assert bar.code is Code.PERMISSION_REVOKED
    assert "SE Nomor SE 1" in bar.message_id and "circular No. SE 1" in bar.message_en


def test_every_day_of_a_window_is_covered_and_no_day_outside():
    days = [MARCH_24 + timedelta(days=n) for n in range(-1, 5)]
    assert [EVENT.covers(d) for d in days] == [False, True, True, True, True, False]
