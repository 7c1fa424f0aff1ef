"""`manage.py seed_demo` and the organisations' demo data."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count
from django.test import RequestFactory

from organizations.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, build_plan
from organizations.demo.places import AGENCIES
from organizations.management.commands import seed_demo
from organizations.models import (
    Agency,
    Employee,
    Region,
    Role,
    RoleTag,
    ServiceCategory,
    Unit,
    User,
)
from organizations.nip import parse_nip

REGIONAL = [a.code for a in AGENCIES if a.opds]


def run_seed() -> str:
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction rolled back at its end.

    Each test runs in its own savepoint inside it, so tests still cannot see each
    other's changes, and the module costs one seed instead of one per test.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        output = run_seed()
    yield output
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once


def snapshot() -> dict:
    return {
        "regions": set(Region.objects.values_list("code", "name", "is_jabodetabek")),
        "agencies": set(Agency.objects.values_list("pk", "code", "parent__code", "region__code")),
        "units": set(Unit.objects.values_list("pk", "agency__code", "code", "parent_id")),
        "employees": set(Employee.objects.values_list("pk", "nip", "unit_id", "user_id")),
        "users": set(User.objects.values_list("pk", "username", "is_staff", "is_superuser")),
        "roles": set(Role.objects.values_list("pk", "user_id", "kind", "agency_id", "unit_id")),
    }


def test_seeding_twice_leaves_the_same_rows(seeded):
    first = snapshot()
    output = run_seed()
    assert snapshot() == first
    assert "0 baru" in output


def test_plan_is_the_same_on_every_build():
    assert build_plan() == build_plan()


def test_every_seeded_nip_is_valid_unique_and_matches_the_seeded_window(seeded):
    nips = list(Employee.objects.values_list("nip", flat=True))
    assert len(nips) == len(set(nips)) > 3000
    for nip in nips:
        parts = parse_nip(nip)
        assert 1965 <= parts.birth_date.year <= 2000
        assert parts.appointed_year <= 2024


def test_every_demo_login_authenticates_with_the_demo_password(db):
    run_seed()  # here, so the password is hashed with this test's PASSWORD_HASHERS
    request = RequestFactory().post("/akun/masuk/")
    for account in DEMO_ACCOUNTS:
        user = authenticate(request, username=account.username, password=DEMO_PASSWORD)
        assert user is not None, account.username
        assert user.is_staff == (account.superuser or account.role == Role.Kind.BKPSDM_ADMIN)


def test_every_demo_login_holds_exactly_its_role_in_its_scope(seeded):
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        roles = list(user.roles.select_related("agency", "unit__agency"))
        if account.role is None:
            assert roles == [], account.username
            continue
        [role] = roles
        assert role.kind == account.role
        scope = role.unit.agency if role.unit else role.agency
        assert scope.code == account.agency
        if role.unit:
            assert (role.unit.code, role.unit.parent_id) == (account.opd, None)
    assert User.objects.get(username="superadmin").is_superuser


def test_opd_heads_are_linked_to_the_head_of_their_opd(seeded):
    for username in ("kepala.diskominfo", "kepala.bappeda", "kepala.dinkes.kabserang"):
        user = User.objects.get(username=username)
        head = user.employee
        assert head.unit == user.roles.get().unit
        assert RoleTag.STRUCTURAL_HEAD in head.role_tags
        assert head.position.startswith("Kepala ")
        assert (user.first_name, user.last_name) != ("", "")
        assert user.first_name in head.name


def test_demo_employees_are_ordinary_staff_of_their_opd(seeded):
    diskominfo = Unit.objects.get(agency__code="pemkot-serang", code="diskominfo")
    bappeda = Unit.objects.get(agency__code="pemkot-serang", code="bappeda")
    for username, opd in [
        ("pegawai.diskominfo", diskominfo),
        ("pegawai.bappeda", bappeda),
        ("operator.diskominfo", diskominfo),
    ]:
        employee = User.objects.get(username=username).employee
        assert employee.active
        assert Employee.objects.of_opd(opd.pk).filter(pk=employee.pk).exists()
        assert employee.role_tags == [], username


def test_every_opd_has_5_to_120_active_staff_and_one_is_tiny(seeded):
    counts = [
        Employee.objects.active().of_opd(opd.pk).count()
        for opd in Unit.objects.opds().filter(agency__code__in=REGIONAL)
    ]
    assert all(5 <= n <= 120 for n in counts)
    assert min(counts) == 5 and max(counts) == 120
    assert all(8 <= len(a.opds) <= 15 for a in AGENCIES if a.opds)


def test_each_opd_has_exactly_one_treasurer_a_head_and_activity_leaders(seeded):
    for opd in Unit.objects.opds().filter(agency__code__in=REGIONAL):
        staff = list(Employee.objects.of_opd(opd.pk))
        tags = [t for e in staff for t in e.role_tags]
        assert tags.count(RoleTag.TREASURER) == 1, opd.code
        assert 1 <= tags.count(RoleTag.ACTIVITY_LEADER) <= 3, opd.code
        heads = [e for e in staff if e.unit_id == opd.pk and RoleTag.STRUCTURAL_HEAD in e.role_tags]
        assert heads, opd.code


def test_every_regional_agency_has_frontline_and_support_opds(seeded):
    for code in REGIONAL:
        categories = set(Unit.objects.filter(agency__code=code).values_list("category", flat=True))
        expected = {ServiceCategory.HEALTH, ServiceCategory.CIVIL_REGISTRY, ServiceCategory.SUPPORT}
        # a province has no kecamatan of its own; DKI, with no autonomous cities, does
        if code != "pemprov-banten":
            expected.add(ServiceCategory.TERRITORIAL)
        assert expected <= categories, code
    used = set(Unit.objects.values_list("category", flat=True))
    assert used == set(ServiceCategory.values)


def test_jabodetabek_flags_follow_the_metropolitan_area(seeded):
    flags = dict(Region.objects.values_list("code", "is_jabodetabek"))
    for code in ("3603", "3671", "3674", "3171", "3173", "3201", "3276", "3275"):
        assert flags[code] is True, code
    for code in ("3601", "3602", "3604", "3672", "3673"):
        assert flags[code] is False, code


def test_sub_units_hang_under_an_opd_of_the_same_agency(seeded):
    sub_units = Unit.objects.exclude(parent=None).select_related("parent")
    assert sub_units.count() > 20
    for unit in sub_units:
        assert unit.parent.parent_id is None
        assert unit.parent.agency_id == unit.agency_id
        unit.full_clean()


def test_offices_away_from_the_seat_have_their_own_region(seeded):
    def office(agency, code):
        return Unit.objects.get(agency__code=agency, code=code).office_region.code

    assert office("pemprov-banten", "kantor-penghubung") == "3173"
    assert office("pemprov-banten", "kcd-kota-tangerang") == "3671"
    assert office("pemprov-banten", "bkd") == "3673"
    assert office("pemkot-tangsel", "kecamatan-serpong") == "3674"


def test_most_staff_live_in_their_agency_region_and_some_in_jabodetabek(seeded):
    for code, home in [("pemkot-serang", "3673"), ("pemkot-cilegon", "3672")]:
        staff = Employee.objects.filter(unit__agency__code=code)
        assert staff.filter(domicile_region__code=home).count() > staff.count() / 2
        assert staff.filter(domicile_region__is_jabodetabek=True).exists()
    banten = Employee.objects.filter(unit__agency__code="pemprov-banten")
    assert banten.filter(domicile_region__is_jabodetabek=True).count() > banten.count() / 10


def test_units_are_unique_per_agency_and_agencies_have_their_parents(seeded):
    assert not Unit.objects.values("agency", "code").annotate(n=Count("pk")).filter(n__gt=1)
    banten = Agency.objects.get(code="pemprov-banten")
    for code in ("pemkot-serang", "pemkab-serang", "pemkot-cilegon", "pemkot-tangsel"):
        assert Agency.objects.get(code=code).parent == banten
    for code in ("kemenpan-rb", "kemendagri", "pemprov-banten", "pemprov-dki"):
        assert Agency.objects.get(code=code).parent is None


def test_command_prints_the_logins_and_counts(seeded):
    for account in DEMO_ACCOUNTS:
        assert account.username in seeded
    assert DEMO_PASSWORD in seeded
    assert f"Pegawai aktif: {Employee.objects.count()}" in seeded


def test_command_refuses_outside_debug_or_testing(settings, monkeypatch):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())


def test_missing_demo_module_is_skipped(monkeypatch):
    monkeypatch.setattr(seed_demo, "SEED_MODULES", ("organizations.demo", "circulars.no_such_demo"))
    assert [path for path, _ in seed_demo.seed_steps()] == ["organizations.demo"]


def test_demo_module_with_a_broken_import_is_an_error(monkeypatch, tmp_path):
    (tmp_path / "broken_demo_module.py").write_text("import no_such_package_at_all\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(seed_demo, "SEED_MODULES", ("broken_demo_module",))
    with pytest.raises(ModuleNotFoundError):
        list(seed_demo.seed_steps())
