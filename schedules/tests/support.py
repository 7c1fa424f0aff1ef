"""Builders shared by the roster tests: a published circular and bulk staff."""

from __future__ import annotations

import itertools
from datetime import date

from circulars.models import Circular
from circulars.tests.circular_builders import make_published
from organizations.models import Employee, Unit
from organizations.tests.factories import make_nip

# ISO week 2025-W13: Monday 24 to Sunday 30 March 2025. Friday 28 is cuti
# bersama Nyepi, Saturday 29 Nyepi. Pemkot Serang's WFA ran 24-27 March.
WEEK = date(2025, 3, 24)
MON, TUE, WED, THU, FRI = (date(2025, 3, d) for d in range(24, 29))
SAT, SUN = date(2025, 3, 29), date(2025, 3, 30)
OPEN_DAYS = (MON, TUE, WED, THU)

_numbers = itertools.count(500_000)


def publish_circular(
    agency,
    *,
    start: date = MON,
    end: date = THU,
    cap: int = 50,
    arrangement: str = "WFA",
    exempt_roles: list[str] | None = None,
    exempt_categories: list[str] | None = None,
    exempt_units: list[Unit] | None = None,
    number: str | None = None,
) -> Circular:
    """A circular in force over ``start``..``end``, through the circulars' services."""
    return make_published(
        agency,
        number=number or f"800/{next(_numbers)}/2025",
        title="Penyesuaian sistem kerja ASN",
        windows=[(start, end)],
        cap=cap,
        arrangement=arrangement,
        exempt_roles=exempt_roles,
        exempt_categories=exempt_categories,
        exempt_units=exempt_units,
    )


def add_staff(unit: Unit, count: int, *, prefix: str = "Pegawai", **fields) -> list[Employee]:
    """``count`` active employees in one INSERT (factories are too slow for hundreds)."""
    rows = [
        Employee(nip=make_nip(next(_numbers)), name=f"{prefix} {i:04d}", unit=unit, **fields)
        for i in range(count)
    ]
    Employee.objects.bulk_create(rows)
    return list(Employee.objects.filter(nip__in=[r.nip for r in rows]).order_by("name"))
