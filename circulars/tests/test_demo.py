"""The demo seed holds the five real circulars exactly, and running it again changes nothing."""

from __future__ import annotations

import importlib.util
import os
from contextlib import contextmanager
from datetime import date, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from circulars import demo
from circulars.governing import exemption_reason, governing_circular, policies_for_opd
from circulars.models import Circular, CircularEvent, Priority, Window
from circulars.narrowing import Terms, narrowing_problems, window_problems
from organizations.models import Region, Unit
from organizations.nip import parse_nip

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        importlib.util.find_spec("organizations.demo") is None,
        reason="organizations.demo (the organisations seed) does not exist yet",
    ),
]

D = date


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    """Seed once for the module (the seed takes a while); every test rolls back on top of it."""
    with django_db_blocker.unblock(), _fast_passwords(), _env(WFA_TESTING="1"):
        call_command("seed_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def seeded(_seeded_once, db):
    return None


def _fast_passwords():
    return override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@contextmanager
def _env(**values):
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def circular(agency_code: str, number: str) -> Circular:
    return Circular.objects.get(agency__code=agency_code, number=number)


def windows(c: Circular) -> list[tuple[date, date]]:
    return [(w.start, w.end) for w in c.windows.all()]


FIVE_CASES = [
    pytest.param(
        "pemkot-serang", "WFA", [(D(2025, 3, 24), D(2025, 3, 27))], set(), set(), id="serang"
    ),
    pytest.param(
        "pemkab-serang", "WFA", [(D(2025, 4, 8), D(2025, 4, 8))], {"health"}, set(), id="kab"
    ),
    pytest.param(
        "pemprov-banten",
        "WFH",
        [(D(2023, 8, 28), D(2023, 9, 28))],
        {"health", "education", "security", "licensing", "civil_registry", "other_essential"},
        set(),
        id="banten",
    ),
    pytest.param(
        "pemkot-cilegon",
        "WFH",
        [(D(2024, 4, 16), D(2024, 4, 17))],
        {"licensing", "civil_registry", "health", "territorial"},
        set(),
        id="cilegon",
    ),
    pytest.param(
        "pemkot-tangsel",
        "WFH",
        [(D(2023, 8, 28), D(2023, 9, 29))],
        set(),
        {"treasurer", "supervisor", "activity_leader"},
        id="tangsel",
    ),
    pytest.param(
        "pemprov-dki", "WFH", [(D(2023, 8, 21), D(2023, 10, 21))], {"health", "education"}, set()
    ),
]


@pytest.mark.parametrize(("agency", "arrangement", "window", "categories", "roles"), FIVE_CASES)
def test_seed_holds_each_real_circular_with_its_window_cap_and_exemptions(
    seeded, agency, arrangement, window, categories, roles
):
    spec = next(s for s in demo.SPECS if s.agency == agency)
    c = circular(agency, spec.number)
    assert c.status == Circular.Status.PUBLISHED
    assert c.published_at is not None
    assert c.arrangement == arrangement
    assert windows(c) == window
    assert c.cap_percent == 50
    assert set(c.exempt_categories) == categories
    assert set(c.exempt_roles) == roles
    assert c.events.filter(action=CircularEvent.Action.PUBLISHED).count() == 1
    c.full_clean()


@pytest.mark.parametrize(
    ("agency", "parent_agency", "parent_window"),
    [
        ("pemkot-serang", "kemenpan-rb", [(D(2025, 3, 24), D(2025, 3, 27))]),
        ("pemkab-serang", "kemenpan-rb", [(D(2025, 4, 8), D(2025, 4, 8))]),
        ("pemkot-cilegon", "kemenpan-rb", [(D(2024, 4, 16), D(2024, 4, 17))]),
        ("pemkot-tangsel", "kemendagri", [(D(2023, 8, 28), D(2023, 10, 31))]),
        ("pemprov-banten", "kemendagri", [(D(2023, 8, 28), D(2023, 10, 31))]),
    ],
)
def test_each_regional_circular_follows_a_national_one_and_only_narrows_it(
    seeded, agency, parent_agency, parent_window
):
    child = Circular.objects.get(agency__code=agency, parent__isnull=False)
    parent = child.parent
    assert parent.agency.code == parent_agency
    assert parent.status == Circular.Status.PUBLISHED
    assert windows(parent) == parent_window
    assert narrowing_problems(_terms(child), _terms(parent)) == []
    assert window_problems(tuple(windows(child))) == []


def _terms(c: Circular) -> Terms:
    return Terms(
        number=c.number,
        arrangement=c.arrangement,
        windows=tuple(windows(c)),
        cap_percent=c.cap_percent,
        weekly_limit=c.weekly_limit,
        exempt_categories=frozenset(c.exempt_categories),
        exempt_roles=frozenset(c.exempt_roles),
    )


def test_seed_twice_creates_nothing_new_and_changes_nothing(seeded, monkeypatch):
    before = {
        "circulars": list(Circular.objects.order_by("pk").values()),
        "windows": list(Window.objects.order_by("pk").values()),
        "events": CircularEvent.objects.count(),
        "priorities": Priority.objects.count(),
    }
    demo.seed(StringIO())
    monkeypatch.setenv("WFA_TESTING", "1")
    call_command("seed_demo", stdout=StringIO())
    assert list(Circular.objects.order_by("pk").values()) == before["circulars"]
    assert list(Window.objects.order_by("pk").values()) == before["windows"]
    assert CircularEvent.objects.count() == before["events"]
    assert Priority.objects.count() == before["priorities"]


def test_disdukcapil_of_cilegon_on_16_april_2024_is_governed_by_the_cilegon_se_and_exempt(
    seeded,
):
    disdukcapil = Unit.objects.select_related("agency").get(
        agency__code="pemkot-cilegon", code="disdukcapil"
    )
    governing = governing_circular(disdukcapil, D(2024, 4, 16))
    assert governing == circular("pemkot-cilegon", demo.PEMKOT_CILEGON.number)
    assert exemption_reason(governing, disdukcapil)
    policy = policies_for_opd(disdukcapil, D(2024, 4, 16), D(2024, 4, 16))[D(2024, 4, 16)]
    assert policy.working_day
    assert policy.unit_exempt


def test_cilegon_names_its_frontline_offices_and_every_kecamatan_as_exempt(seeded):
    c = circular("pemkot-cilegon", demo.PEMKOT_CILEGON.number)
    codes = set(c.exempt_units.values_list("code", flat=True))
    assert {"dpmptsp", "disdukcapil", "rsud"} <= codes
    kecamatan = set(
        Unit.objects.opds()
        .filter(agency__code="pemkot-cilegon", code__startswith="kecamatan-")
        .values_list("code", flat=True)
    )
    assert kecamatan
    assert kecamatan <= codes
    assert c.condition_lines()[:2] == [
        "Pegawai yang WFH wajib dapat dihubungi oleh atasannya.",
        "Pegawai yang WFH wajib datang ke kantor bila ada rapat mendadak.",
    ]


def test_pemkab_serang_keeps_dinkes_at_the_office_and_sets_working_hours(seeded):
    c = circular("pemkab-serang", demo.PEMKAB_SERANG.number)
    assert list(c.exempt_units.values_list("code", flat=True)) == ["dinkes"]
    assert (c.work_start, c.work_end) == (time(7, 30), time(16, 0))
    assert (c.break_start, c.break_end) == (time(12, 0), time(13, 0))
    conditions = " ".join(c.condition_lines())
    assert "BKPSDM" in conditions
    assert "SIPKerja" in conditions
    dinkes = Unit.objects.get(agency__code="pemkab-serang", code="dinkes")
    assert governing_circular(dinkes, D(2025, 4, 8)) == c
    assert exemption_reason(c, dinkes)


def test_banten_gives_priority_to_jabodetabek_residents_then_offices_in_jakarta_and_tangerang(
    seeded,
):
    c = circular("pemprov-banten", demo.PEMPROV_BANTEN.number)
    domicile, office = c.priorities.all()
    assert (domicile.kind, office.kind) == (Priority.Kind.DOMICILE, Priority.Kind.OFFICE)
    assert set(domicile.regions.all()) == set(Region.objects.filter(is_jabodetabek=True))
    office_codes = set(office.regions.values_list("code", flat=True))
    assert {"3171", "3173", "3671", "3674"} <= office_codes
    assert "3673" not in office_codes  # Kota Serang, the seat: no priority
    assert c.applies_to_subordinates is False


def test_tangsel_keeps_treasurers_supervisors_and_activity_leaders_in(seeded):
    opd = Unit.objects.select_related("agency").get(agency__code="pemkot-tangsel", code="bappeda")
    policy = policies_for_opd(opd, D(2023, 8, 28), D(2023, 8, 28))[D(2023, 8, 28)]
    assert policy.circular_number == demo.PEMKOT_TANGSEL.number
    assert policy.exempt_roles == {"treasurer", "supervisor", "activity_leader"}
    assert policy.cap_percent == 50


def test_regional_signatories_have_a_valid_nip_and_a_rank(seeded):
    regional = Circular.objects.exclude(agency__level="ministry")
    assert regional.count() >= 6
    for c in regional:
        assert c.signatory_name and c.signatory_rank and c.signatory_position
        parse_nip(c.signatory_nip)


def test_a_demo_circular_is_in_force_now_and_titled_as_an_example(seeded):
    today = timezone.localdate()
    in_force = Circular.objects.in_force(today).filter(agency__code="pemkot-serang")
    example = in_force.get(title__contains="(contoh)")
    (start, end), *_ = windows(example)
    assert start <= today < end
    assert (end - start).days >= 13


def test_a_demo_draft_waits_for_bkpsdm_and_could_be_published(seeded):
    from circulars.services import publish_problems

    today = timezone.localdate()
    draft = Circular.objects.get(agency__code="pemkot-serang", status=Circular.Status.DRAFT)
    assert "(contoh)" in draft.title
    assert draft.published_at is None
    (start, _end), *_ = windows(draft)
    assert start > today
    assert publish_problems(draft) == {}
    assert draft.events.get().action == CircularEvent.Action.CREATED
