"""Which circular governs an OPD on a day, and what that means for the OPD (database).

The five real circulars of shared/domain.md come first as a table, built here
with factories (not with the demo seed); then precedence, lifecycle, caps,
exemptions, the calendar and the query budget one rule at a time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from circulars.governing import (
    circular_policy,
    exemption_reason,
    governing_circular,
    policies_for_opd,
)
from circulars.models import Circular, DayOff, Limit, Priority, Window
from organizations.models import Agency, ServiceCategory, Unit
from organizations.tests.factories import AgencyFactory, RegionFactory, UnitFactory
from policy.values import Mode, PriorityKind

pytestmark = pytest.mark.django_db

D = date
_published_seq = iter(range(1, 10_000))


def make_circular(
    agency: Agency,
    number: str,
    windows: list[tuple[date, date]],
    *,
    status: str = Circular.Status.PUBLISHED,
    published_at: datetime | None = None,
    exempt_units=(),
    **fields,
) -> Circular:
    """A circular with its windows; published ones get increasing publication times."""
    if status != Circular.Status.DRAFT and published_at is None:
        published_at = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=next(_published_seq))
    circular = Circular.objects.create(
        agency=agency, number=number, title=f"Uji {number}", status=status,
        published_at=published_at, **fields,
    )  # fmt: skip
    for start, end in windows:
        Window.objects.create(circular=circular, start=start, end=end)
    circular.exempt_units.set(exempt_units)
    return circular


@pytest.fixture
def chain():
    """KemenPAN-RB above Pemprov Banten above Pemkot Serang, each with an OPD."""
    ministry = AgencyFactory(code="kemenpan-rb", short_name="KemenPAN-RB", level="ministry")
    province = AgencyFactory(
        code="pemprov-banten", short_name="Pemprov Banten", level="province", parent=ministry
    )
    city = AgencyFactory(code="pemkot-serang", short_name="Pemkot Serang", parent=province)
    return ministry, province, city


# --- the five real cases --------------------------------------------------------

REAL_CASES = [
    pytest.param(
        {
            "agency": "pemkot-serang",
            "number": "800.1.6/123-BKPSDM/2025",
            "arrangement": "WFA",
            "windows": [(D(2025, 3, 24), D(2025, 3, 27))],
            "cap": 50,
            "inside": D(2025, 3, 24),
            "outside": D(2025, 3, 28),
            "exempt_category": None,
            "exempt_roles": [],
        },
        id="pemkot-serang-wfa-24-27-march-2025",
    ),
    pytest.param(
        {
            "agency": "pemkab-serang",
            "number": "800.1.6/456-BKPSDM/2025",
            "arrangement": "WFA",
            "windows": [(D(2025, 4, 8), D(2025, 4, 8))],
            "cap": 50,
            "inside": D(2025, 4, 8),
            "outside": D(2025, 4, 9),
            "exempt_category": "health",
            "exempt_roles": [],
        },
        id="pemkab-serang-wfa-8-april-2025",
    ),
    pytest.param(
        {
            "agency": "pemprov-banten",
            "number": "800.1.6/2100-BKD/2023",
            "arrangement": "WFH",
            "windows": [(D(2023, 8, 28), D(2023, 9, 28))],
            "cap": 50,
            "inside": D(2023, 9, 27),  # 28 September 2023 is Maulid Nabi
            "outside": D(2023, 9, 29),
            "exempt_category": "education",
            "exempt_roles": [],
        },
        id="pemprov-banten-wfh-50-2023",
    ),
    pytest.param(
        {
            "agency": "pemkot-cilegon",
            "number": "800/789-BKPSDM/2024",
            "arrangement": "WFH",
            "windows": [(D(2024, 4, 16), D(2024, 4, 17))],
            "cap": 50,
            "inside": D(2024, 4, 17),
            "outside": D(2024, 4, 18),
            "exempt_category": "civil_registry",
            "exempt_roles": [],
        },
        id="pemkot-cilegon-wfh-16-17-april-2024",
    ),
    pytest.param(
        {
            "agency": "pemkot-tangsel",
            "number": "800/2345-BKPSDM/2023",
            "arrangement": "WFH",
            "windows": [(D(2023, 8, 28), D(2023, 9, 29))],
            "cap": 50,
            "inside": D(2023, 8, 28),
            "outside": D(2023, 8, 25),
            "exempt_category": None,
            "exempt_roles": ["treasurer", "supervisor", "activity_leader"],
        },
        id="pemkot-tangsel-wfh-50-2023",
    ),
]


@pytest.mark.parametrize("case", REAL_CASES)
def test_real_circular_governs_its_window_with_its_terms(case):
    agency = AgencyFactory(code=case["agency"])
    opd = UnitFactory(agency=agency, category="support")
    exempt_categories = [case["exempt_category"]] if case["exempt_category"] else []
    circular = make_circular(
        agency,
        case["number"],
        case["windows"],
        arrangement=case["arrangement"],
        cap_percent=case["cap"],
        exempt_categories=exempt_categories,
        exempt_roles=case["exempt_roles"],
    )

    assert governing_circular(opd, case["inside"]) == circular
    assert governing_circular(opd, case["outside"]) is None
    policy = policies_for_opd(opd, case["inside"], case["inside"])[case["inside"]]
    assert policy.working_day
    assert policy.circular_number == case["number"]
    assert policy.arrangement == Mode(case["arrangement"])
    assert policy.cap_percent == case["cap"]
    assert policy.exempt_roles == frozenset(case["exempt_roles"])
    assert not policy.unit_exempt


@pytest.mark.parametrize(
    "case", [c for c in REAL_CASES if c.values[0]["exempt_category"]]
)  # fmt: skip
def test_real_circular_keeps_its_frontline_category_fully_at_the_office(case):
    agency = AgencyFactory(code=case["agency"])
    frontline = UnitFactory(agency=agency, category=case["exempt_category"])
    make_circular(
        agency,
        case["number"],
        case["windows"],
        exempt_categories=[case["exempt_category"]],
    )
    policy = policies_for_opd(frontline, case["inside"], case["inside"])[case["inside"]]
    assert policy.unit_exempt
    assert case["number"] in policy.unit_exempt_reason
    assert str(ServiceCategory(case["exempt_category"]).label) in policy.unit_exempt_reason


# --- precedence -------------------------------------------------------------------


def test_own_agency_circular_governs_before_an_ancestors(chain):
    ministry, _province, city = chain
    opd = UnitFactory(agency=city)
    national = make_circular(
        ministry, "2 Tahun 2025", [(D(2025, 3, 24), D(2025, 3, 27))],
        applies_to_subordinates=True, cap_percent=100,
    )  # fmt: skip
    own = make_circular(city, "800/1/2025", [(D(2025, 3, 24), D(2025, 3, 27))])
    # the national one was published later, yet the city's own still governs
    national.published_at = own.published_at + timedelta(days=1)
    national.save()
    assert governing_circular(opd, D(2025, 3, 25)) == own


def test_ancestor_circular_that_applies_to_subordinates_governs_without_an_own_one(chain):
    ministry, _province, city = chain
    opd = UnitFactory(agency=city)
    national = make_circular(
        ministry, "2 Tahun 2025", [(D(2025, 3, 24), D(2025, 3, 27))],
        applies_to_subordinates=True,
    )  # fmt: skip
    assert governing_circular(opd, D(2025, 3, 24)) == national


def test_ancestor_circular_for_its_own_staff_only_never_governs_below(chain):
    ministry, _province, city = chain
    opd = UnitFactory(agency=city)
    make_circular(ministry, "2 Tahun 2025", [(D(2025, 3, 24), D(2025, 3, 27))])
    assert governing_circular(opd, D(2025, 3, 24)) is None


def test_nearest_ancestor_governs_before_a_farther_one(chain):
    ministry, province, city = chain
    opd = UnitFactory(agency=city)
    window = [(D(2023, 8, 28), D(2023, 9, 28))]
    make_circular(ministry, "2 Tahun 2023", window, applies_to_subordinates=True)
    provincial = make_circular(province, "800/2100/2023", window, applies_to_subordinates=True)
    assert governing_circular(opd, D(2023, 9, 1)) == provincial


def test_ancestor_narrowed_by_the_agency_does_not_govern_the_days_left_out(chain):
    """Pemkab-style: the national window is wider; the region kept one day of it."""
    ministry, _province, city = chain
    opd = UnitFactory(agency=city)
    national = make_circular(
        ministry, "2 Tahun 2025",
        [(D(2025, 3, 24), D(2025, 3, 27)), (D(2025, 4, 8), D(2025, 4, 8))],
        applies_to_subordinates=True,
    )  # fmt: skip
    regional = make_circular(city, "800/2/2025", [(D(2025, 4, 8), D(2025, 4, 8))], parent=national)
    assert governing_circular(opd, D(2025, 4, 8)) == regional
    assert governing_circular(opd, D(2025, 3, 25)) is None
    # a sibling agency that did not narrow it still follows the national circular
    sibling_opd = UnitFactory(agency=AgencyFactory(code="pemkot-cilegon", parent=ministry))
    assert governing_circular(sibling_opd, D(2025, 3, 25)) == national


def test_ancestor_narrowed_only_by_a_draft_still_governs(chain):
    ministry, _province, city = chain
    opd = UnitFactory(agency=city)
    national = make_circular(
        ministry, "2 Tahun 2025", [(D(2025, 3, 24), D(2025, 3, 27))],
        applies_to_subordinates=True,
    )  # fmt: skip
    make_circular(
        city, "800/3/2025", [(D(2025, 3, 24), D(2025, 3, 24))],
        parent=national, status=Circular.Status.DRAFT,
    )  # fmt: skip
    assert governing_circular(opd, D(2025, 3, 25)) == national


@pytest.mark.parametrize(
    "status",
    [Circular.Status.DRAFT, Circular.Status.REVOKED, Circular.Status.SUPERSEDED],
)
def test_circular_that_is_not_published_never_governs(status):
    agency = AgencyFactory()
    opd = UnitFactory(agency=agency)
    make_circular(agency, "800/9/2025", [(D(2025, 3, 24), D(2025, 3, 27))], status=status)
    assert governing_circular(opd, D(2025, 3, 24)) is None
    assert policies_for_opd(opd, D(2025, 3, 24), D(2025, 3, 24))[D(2025, 3, 24)].circular_id is None


def test_latest_published_circular_of_an_agency_wins():
    agency = AgencyFactory()
    opd = UnitFactory(agency=agency)
    window = [(D(2025, 3, 24), D(2025, 3, 27))]
    first = make_circular(agency, "800/1/2025", window, cap_percent=50)
    later = make_circular(agency, "800/2/2025", window, cap_percent=30)
    assert later.published_at > first.published_at
    assert governing_circular(opd, D(2025, 3, 24)) == later
    # publication order decides, not the order of creation
    first.published_at = later.published_at + timedelta(hours=1)
    first.save()
    assert governing_circular(opd, D(2025, 3, 24)) == first


def test_other_agencys_circular_never_governs():
    opd = UnitFactory(agency=AgencyFactory())
    make_circular(AgencyFactory(), "800/1/2025", [(D(2025, 3, 24), D(2025, 3, 27))])
    assert governing_circular(opd, D(2025, 3, 24)) is None


# --- caps and exemptions --------------------------------------------------------------


@pytest.mark.parametrize(
    ("general", "category_cap", "opd_cap", "expected"),
    [
        (50, None, None, 50),
        (50, 30, None, 30),
        (50, None, 20, 20),
        (50, 30, 40, 30),
        (50, 40, 25, 25),
        (50, 80, 90, 50),  # an override never raises the general cap
        (50, 0, None, 0),
    ],
)
def test_effective_cap_is_the_lowest_of_general_category_and_opd_caps(
    general, category_cap, opd_cap, expected
):
    agency = AgencyFactory()
    opd = UnitFactory(agency=agency, category="licensing")
    circular = make_circular(
        agency, "800/1/2025", [(D(2025, 3, 24), D(2025, 3, 27))], cap_percent=general
    )
    if category_cap is not None:
        Limit.objects.create(circular=circular, category="licensing", value=category_cap)
        Limit.objects.create(circular=circular, category="health", value=1)
    if opd_cap is not None:
        Limit.objects.create(circular=circular, unit=opd, value=opd_cap)
        Limit.objects.create(circular=circular, unit=UnitFactory(agency=agency), value=1)
    assert circular_policy(circular, opd).cap_percent == expected
    assert policies_for_opd(opd, D(2025, 3, 24), D(2025, 3, 24))[D(2025, 3, 24)].cap_percent == (
        expected
    )


def test_opd_in_an_exempt_category_is_exempt_with_the_category_as_reason():
    agency = AgencyFactory(code="pemkot-cilegon")
    rsud = UnitFactory(agency=agency, short_name="RSUD", category="health")
    circular = make_circular(
        agency, "800/789-BKPSDM/2024", [(D(2024, 4, 16), D(2024, 4, 17))],
        exempt_categories=["licensing", "civil_registry", "health", "territorial"],
    )  # fmt: skip
    reason = exemption_reason(circular, rsud)
    assert reason == "layanan Kesehatan wajib bekerja di kantor menurut SE 800/789-BKPSDM/2024"


def test_opd_named_as_exempt_is_exempt_with_its_name_as_reason():
    agency = AgencyFactory(code="pemkab-serang")
    dinkes = UnitFactory(agency=agency, short_name="Dinkes", category="support")
    circular = make_circular(
        agency, "800/456/2025", [(D(2025, 4, 8), D(2025, 4, 8))], exempt_units=[dinkes]
    )
    assert exemption_reason(circular, dinkes) == "Dinkes dikecualikan oleh SE 800/456/2025"
    policy = policies_for_opd(dinkes, D(2025, 4, 8), D(2025, 4, 8))[D(2025, 4, 8)]
    assert policy.unit_exempt
    assert policy.unit_exempt_reason == "Dinkes dikecualikan oleh SE 800/456/2025"


def test_opd_neither_named_nor_in_an_exempt_category_is_not_exempt():
    agency = AgencyFactory()
    named = UnitFactory(agency=agency, category="support")
    other = UnitFactory(agency=agency, category="support")
    circular = make_circular(
        agency, "800/1/2025", [(D(2025, 4, 8), D(2025, 4, 8))],
        exempt_units=[named], exempt_categories=["health"],
    )  # fmt: skip
    assert exemption_reason(circular, other) == ""


# --- the calendar in policies_for_opd ---------------------------------------------------


@pytest.fixture
def serang_march_2025():
    agency = AgencyFactory(code="pemkot-serang")
    opd = UnitFactory(agency=agency)
    circular = make_circular(agency, "800.1.6/123-BKPSDM/2025", [(D(2025, 3, 24), D(2025, 4, 8))])
    return agency, opd, circular


def test_weekends_are_not_working_days_and_are_named(serang_march_2025):
    _agency, opd, _circular = serang_march_2025
    policies = policies_for_opd(opd, D(2025, 3, 22), D(2025, 3, 24))
    assert [(p.working_day, p.non_working_reason) for p in policies.values()] == [
        (False, "Sabtu"),
        (False, "Minggu"),
        (True, ""),
    ]


def test_cuti_bersama_and_idul_fitri_are_not_working_days(serang_march_2025):
    _agency, opd, circular = serang_march_2025
    policies = policies_for_opd(opd, D(2025, 3, 24), D(2025, 4, 8))
    assert policies[D(2025, 3, 27)].working_day
    assert not policies[D(2025, 3, 28)].working_day
    assert "Nyepi" in policies[D(2025, 3, 28)].non_working_reason
    assert not policies[D(2025, 3, 31)].working_day
    assert "Idul Fitri" in policies[D(2025, 3, 31)].non_working_reason
    assert not policies[D(2025, 4, 7)].working_day
    assert policies[D(2025, 4, 8)].working_day
    # a holiday inside the window is still governed: it is closed, not ungoverned
    assert policies[D(2025, 3, 31)].circular_id == circular.pk


def test_local_day_off_closes_a_working_day_for_that_agency_only(serang_march_2025):
    agency, opd, _circular = serang_march_2025
    DayOff.objects.create(agency=agency, day=D(2025, 3, 26), name="HUT Kota Serang")
    DayOff.objects.create(agency=AgencyFactory(), day=D(2025, 3, 25), name="Libur lain")
    policies = policies_for_opd(opd, D(2025, 3, 24), D(2025, 3, 27))
    assert not policies[D(2025, 3, 26)].working_day
    assert policies[D(2025, 3, 26)].non_working_reason == "HUT Kota Serang"
    assert policies[D(2025, 3, 25)].working_day


def test_cancelled_cuti_bersama_becomes_a_working_day(serang_march_2025):
    agency, opd, _circular = serang_march_2025
    DayOff.objects.create(agency=agency, day=D(2025, 3, 28), name="Masuk kerja", off=False)
    policies = policies_for_opd(opd, D(2025, 3, 28), D(2025, 3, 28))
    assert policies[D(2025, 3, 28)].working_day
    assert policies[D(2025, 3, 28)].non_working_reason == ""


def test_cancelling_a_weekend_does_not_make_it_a_working_day(serang_march_2025):
    agency, opd, _circular = serang_march_2025
    DayOff.objects.create(agency=agency, day=D(2025, 3, 29), name="Masuk kerja", off=False)
    assert not policies_for_opd(opd, D(2025, 3, 29), D(2025, 3, 29))[D(2025, 3, 29)].working_day


def test_days_outside_every_window_have_no_governing_circular(serang_march_2025):
    _agency, opd, circular = serang_march_2025
    policies = policies_for_opd(opd, D(2025, 3, 21), D(2025, 4, 9))
    assert policies[D(2025, 3, 21)].circular_id is None
    assert policies[D(2025, 3, 21)].cap_percent == 0
    assert policies[D(2025, 3, 24)].circular_id == circular.pk
    assert policies[D(2025, 4, 9)].circular_id is None
    assert list(policies) == [D(2025, 3, 21) + timedelta(days=n) for n in range(20)]


def test_policy_carries_weekly_limit_roles_and_priorities_in_order():
    region_home = RegionFactory(code="3174", name="Kota Jakarta Selatan")
    region_office = RegionFactory(code="3674", name="Kota Tangerang Selatan")
    agency = AgencyFactory(code="pemprov-banten", level="province")
    opd = UnitFactory(agency=agency)
    circular = make_circular(
        agency, "800/2100/2023", [(D(2023, 8, 28), D(2023, 9, 28))],
        arrangement="WFH", weekly_limit=2, exempt_roles=["treasurer"],
    )  # fmt: skip
    office = Priority.objects.create(circular=circular, order=2, kind="office")
    office.regions.set([region_office])
    home = Priority.objects.create(circular=circular, order=1, kind="domicile")
    home.regions.set([region_home])
    policy = policies_for_opd(opd, D(2023, 8, 28), D(2023, 8, 28))[D(2023, 8, 28)]
    assert policy.arrangement == Mode.WFH
    assert policy.weekly_limit == 2
    assert policy.exempt_roles == frozenset({"treasurer"})
    assert [(p.kind, p.region_ids) for p in policy.priorities] == [
        (PriorityKind.DOMICILE, frozenset({region_home.pk})),
        (PriorityKind.OFFICE, frozenset({region_office.pk})),
    ]


# --- query budget -------------------------------------------------------------------------


def _rich_world():
    ministry = AgencyFactory(code="kemenpan-rb", level="ministry")
    agency = AgencyFactory(code="pemkot-serang", parent=ministry)
    opd = UnitFactory(agency=agency)
    other = UnitFactory(agency=agency)
    region = RegionFactory()
    start = D(2025, 3, 3)
    national = make_circular(
        ministry, "2 Tahun 2025", [(start, start + timedelta(days=40))],
        applies_to_subordinates=True,
    )  # fmt: skip
    for n in range(3):
        circular = make_circular(
            agency, f"800/{n}/2025",
            [(start + timedelta(days=14 * n), start + timedelta(days=14 * n + 9))],
            exempt_units=[other], parent=national if n == 0 else None,
        )  # fmt: skip
        Limit.objects.create(circular=circular, category="health", value=20)
        priority = Priority.objects.create(circular=circular, kind="domicile")
        priority.regions.set([region])
    DayOff.objects.create(agency=agency, day=start + timedelta(days=2), name="Libur lokal")
    return _reloaded(opd), start


def _reloaded(opd: Unit) -> Unit:
    return Unit.objects.select_related("agency").get(pk=opd.pk)


def test_policies_for_opd_uses_the_same_number_of_queries_for_1_and_60_days(count_queries):
    opd, start = _rich_world()
    one, _ = count_queries(policies_for_opd, opd, start, start)
    opd = _reloaded(opd)
    sixty, policies = count_queries(policies_for_opd, opd, start, start + timedelta(days=59))
    assert len(policies) == 60
    assert one == sixty
    assert sixty <= 12
