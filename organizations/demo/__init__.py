"""Demo data for `manage.py seed_demo`: regions, agencies, OPDs, staff and demo logins.

Idempotent and deterministic. Regions, agencies and units are reference data, so a
re-run brings them back to what this package says (update_or_create by code).
Employees are keyed by NIP: a re-run only adds the ones missing and leaves existing
rows alone. Demo logins are reset (password, flags, role, employee link).

Modules: ``places`` holds the regions, agencies and OPDs; ``staffing`` and ``people``
generate the staff (pure Python); ``accounts`` the demo logins.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from ..models import Agency, Employee, Region, Unit
from .accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, login_rows, seed_accounts
from .places import AGENCIES, REGIONS, AgencySpec
from .staffing import PlannedEmployee, plan_agency

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "build_plan", "login_rows", "seed"]

Plan = dict[tuple[str, str], list[PlannedEmployee]]  # (agency code, OPD code) -> staff


@transaction.atomic
def seed(stdout=None) -> list[str]:
    """Write the organisations' demo data; return lines for the command to print."""
    regions = _seed_regions()
    agencies = _seed_agencies(regions)
    units = _seed_units(agencies, regions)
    plan = build_plan()
    created, total = _seed_employees(plan, units, regions)
    seed_accounts(plan)
    return [f"Pegawai demo: {created} baru, {total - created} sudah ada."]


def build_plan() -> Plan:
    """Every demo OPD's staff, in a fixed order (NIPs are unique across all of it)."""
    used: set[str] = set()
    plan: Plan = {}
    for agency in AGENCIES:
        for opd_code, staff in plan_agency(agency, used).items():
            plan[(agency.code, opd_code)] = staff
    return plan


def _seed_regions() -> dict[str, Region]:
    regions = {}
    for code, name, kind, province, jabodetabek in REGIONS:
        regions[code], _ = Region.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "province": province,
                "is_jabodetabek": jabodetabek,
            },
        )
    return regions


def _seed_agencies(regions: dict[str, Region]) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for spec in AGENCIES:  # parents come first
        agencies[spec.code], _ = Agency.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "short_name": spec.short_name,
                "level": spec.level,
                "parent": agencies[spec.parent] if spec.parent else None,
                "region": regions[spec.region] if spec.region else None,
            },
        )
    return agencies


def _seed_units(
    agencies: dict[str, Agency], regions: dict[str, Region]
) -> dict[tuple[str, str], Unit]:
    units: dict[tuple[str, str], Unit] = {}
    for spec in AGENCIES:
        for opd in spec.opds:
            office = opd.office_region or _seat(spec)
            opd_unit = _upsert_unit(agencies[spec.code], opd, regions[office], parent=None)
            units[(spec.code, opd.code)] = opd_unit
            for sub in opd.sub_units:
                region = regions[sub.office_region or office]
                units[(spec.code, sub.code)] = _upsert_unit(
                    agencies[spec.code], sub, region, parent=opd_unit
                )
    return units


def _seat(spec: AgencySpec) -> str:
    """Where the agency's offices are unless stated: its seat, else its region."""
    return spec.office_region or spec.region


def _upsert_unit(agency: Agency, spec, region: Region, parent: Unit | None) -> Unit:
    unit, _ = Unit.objects.update_or_create(
        agency=agency,
        code=spec.code,
        defaults={
            "name": spec.name,
            "short_name": spec.short_name,
            "category": spec.category,
            "office_region": region,
            "parent": parent,
        },
    )
    return unit


def _seed_employees(
    plan: Plan, units: dict[tuple[str, str], Unit], regions: dict[str, Region]
) -> tuple[int, int]:
    """Create the planned employees whose NIP is not taken yet; return (created, planned)."""
    planned = [(agency, p) for (agency, _), staff in plan.items() for p in staff]
    existing = _existing_nips(p.nip for _, p in planned)
    new = [
        Employee(
            nip=p.nip,
            name=p.name,
            unit=units[(agency, p.unit_code)],
            position=p.position,
            role_tags=list(p.role_tags),
            domicile_region=regions[p.domicile],
        )
        for agency, p in planned
        if p.nip not in existing
    ]
    Employee.objects.bulk_create(new, batch_size=500)
    return len(new), len(planned)


def _existing_nips(nips: Iterable[str], chunk: int = 900) -> set[str]:
    nips = list(nips)
    found: set[str] = set()
    for start in range(0, len(nips), chunk):
        batch = nips[start : start + chunk]
        found.update(Employee.objects.filter(nip__in=batch).values_list("nip", flat=True))
    return found
