"""Rosters as data: the week grid, the governing rules of a day, and violations,
shaped for the API from what ``schedules`` and ``circulars`` compute."""

from __future__ import annotations

from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from circulars.governing import policies_for_opd
from circulars.models import Circular
from organizations.models import Employee, Unit
from policy.values import Mode, Violation
from schedules.roster.selectors import Cells, grid_days
from schedules.roster.services import WeekCheck
from wfa_portal import isoweek
from wfa_portal.converters import parse_id


def parse_week(value: str | None) -> date:
    """``2025-W13`` -> the Monday of that ISO week; anything else is a 400 saying why."""
    try:
        return isoweek.parse_week(value)
    except isoweek.InvalidWeek as exc:
        raise ValidationError({"week": [str(exc)]}) from None


def violation(v: Violation, *, severity: bool = False) -> dict:
    data = {
        "code": str(v.code),
        "date": v.day,
        "unit": v.unit_id,
        "employee": v.employee_id,
        "allowed": v.allowed,
        "requested": v.requested,
        "message": v.message(get_language() or "id"),
    }
    if severity:
        data["severity"] = str(v.severity)
    return data


def days(check: WeekCheck, cells: Cells) -> list[dict]:
    return [
        {
            "date": d.day,
            "open": d.open,
            "closed_reason": d.closed_reason,
            "circular": d.policy.circular_id,
            "cap_percent": d.policy.cap_percent,
            "limit": d.limit,
            "away": d.away,
        }
        for d in grid_days(check.policies, cells, len(check.employees))
    ]


def cells_out(cells: Cells) -> list[dict]:
    return [
        {"employee": emp, "date": day, "mode": str(mode)}
        for (emp, day), mode in sorted(cells.items(), key=lambda item: (item[0][1], item[0][0]))
    ]


def roster_data(check: WeekCheck) -> dict:
    """The week as stored (``check.proposed`` equals the stored cells when nothing is patched)."""
    roster = check.roster
    return {
        "unit": check.opd.pk,
        "week": isoweek.format_week(check.week_start),
        "week_start": check.week_start,
        "status": roster.status if roster else "draft",
        "editable": roster is None or roster.is_editable,
        "return_comment": roster.return_comment if roster else "",
        "days": days(check, check.proposed),
        "staff": [{"id": e.pk, "name": e.name, "unit": e.unit_id} for e in check.employees],
        "assignments": cells_out(check.proposed),
        "violations": [violation(v, severity=True) for v in check.violations],
    }


def resolve_cells(opd: Unit, items: list[dict], staff_ids: set[int]) -> Cells:
    """``[{"employee": id or NIP, "date", "mode"}]`` -> cells; unknown people are a 400."""
    nips = {str(i["employee"]) for i in items if len(str(i["employee"])) == 18}
    by_nip = dict(
        Employee.objects.of_opd(opd.pk).active().filter(nip__in=nips).values_list("nip", "pk")
    )
    cells: Cells = {}
    for n, item in enumerate(items):
        ref = str(item["employee"]).strip()
        emp = by_nip.get(ref) if len(ref) == 18 else parse_id(ref)
        if emp is None or emp not in staff_ids:
            raise ValidationError(
                {"assignments": {n: {"employee": [_("Bukan pegawai aktif OPD ini.")]}}}
            )
        key = (emp, item["date"])
        if key in cells:
            raise ValidationError(
                {"assignments": {n: {"date": [_("Sel ini disebut lebih dari sekali.")]}}}
            )
        cells[key] = Mode(item["mode"])
    return cells


def governing(unit: Unit, day: date) -> dict:
    """The governing circular of the unit's OPD on the day and the day's limit."""
    opd = unit.parent or unit
    policy = policies_for_opd(opd, day, day)[day]
    headcount = Employee.objects.headcount_by_opd([opd.pk]).get(opd.pk, 0)
    figures = grid_days({day: policy}, {}, headcount)[0]
    circular = None
    if policy.circular_id is not None and policy.circular_id > 0:  # < 0: a standing policy
        circular = Circular.objects.get(pk=policy.circular_id)
    return {
        "unit": unit.pk,
        "opd": opd.pk,
        "date": day,
        "circular": circular,
        "working_day": policy.working_day,
        "non_working_reason": policy.non_working_reason,
        "cap_percent": policy.cap_percent if policy.circular_id else None,
        "headcount": headcount,
        "daily_limit": figures.limit,
        "unit_exempt": policy.unit_exempt,
        "exempt_reason": policy.unit_exempt_reason,
    }
