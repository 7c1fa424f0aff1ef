"""Small builders for the standing tests."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from standing import services as svc
from standing.models import StandingPolicy


def next_weekday(weekday: int, after: date | None = None) -> date:
    """The first ``weekday`` (0 Monday) strictly after ``after`` (today by default)."""
    day = (after or timezone.localdate()) + timedelta(days=1)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def policy_data(**overrides) -> dict:
    data = {
        "number": "800/12/BKPSDM/2025",
        "title": "Fleksibilitas kerja ASN",
        "legal_bases": "Permen PANRB Nomor 4 Tahun 2025",
        "signatory_name": "Kepala BKPSDM",
        "start": date(2025, 9, 1),
        "end": None,
        "weekly_limit": 2,
        "open_weekdays": [4],
        "cap_percent": 100,
        "excludes_sanctioned": True,
        "new_employee_months": 12,
        "earliest_start": time(7, 0),
        "latest_start": time(8, 30),
    }
    data.update(overrides)
    return data


def make_policy(world, *, agency=None, publish=True, limits=(), shifts=(), **overrides):
    policy = svc.save_policy(
        agency=agency or world.agency,
        actor=world.admin,
        data=policy_data(**overrides),
        limits=list(limits),
        shifts=list(shifts),
    )
    if publish:
        policy = svc.publish_policy(policy=policy, actor=world.admin)
    return StandingPolicy.objects.get(pk=policy.pk)


def criteria(**overrides) -> dict:
    values = {
        "ict_doable": True,
        "little_contact": True,
        "no_supervision": True,
        "no_equipment": True,
    }
    values.update(overrides)
    return values
