"""The Django side of the findings: turn rows into ``policy.attendance`` values, once per
batch, and ask it about each check-in.

``Context.load`` reads everything a set of check-ins of one agency needs in a fixed
number of queries (the governing circulars, the duties, the days away, the points and
the earlier check-ins), whether it judges one portal check-in or 100,000 imported rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from circulars import governing
from organizations.models import Agency, Employee, Unit
from policy import attendance as rules
from policy.values import AWAY_MODES, Mode
from schedules.models import Assignment

from .models import AttendanceDuty, CheckIn, HomePoint, OfficePoint

# Earlier check-ins the fake-GPS heuristics compare with.
LOOKBACK = timedelta(days=31)


@dataclass(frozen=True)
class Staff:
    unit_id: int
    opd_id: int


@dataclass
class Context:
    staff: dict[int, Staff]
    duty_circulars: dict[tuple[int, date], tuple[int, ...]]  # (opd, day) -> circular ids
    duties: dict[int, AttendanceDuty]  # circular id -> duty
    modes: dict[tuple[int, date], str]
    office_points: dict[int, rules.Point]
    home_points: dict[int, rules.Point]
    earlier: dict[int, list[rules.Earlier]] = field(default_factory=lambda: defaultdict(list))
    _rules: dict[int, rules.Duty] = field(default_factory=dict)

    @classmethod
    def load(cls, agency: Agency, employee_ids: set[int] | None, start: date, end: date):
        people = Employee.objects.filter(unit__agency=agency)
        if employee_ids is not None:
            people = people.filter(pk__in=employee_ids)
        rows = people.annotate(opd=Coalesce("unit__parent_id", "unit_id")).values_list(
            "pk", "unit_id", "opd"
        )
        staff = {pk: Staff(unit, opd) for pk, unit, opd in rows}
        loaded = governing.load(agency, start, end)
        opds = Unit.objects.filter(pk__in={s.opd_id for s in staff.values()}).select_related(
            "agency"
        )
        circulars: dict[tuple[int, date], tuple[int, ...]] = {}
        for opd in opds:
            for day, policy in loaded.policies(opd).items():
                ids = policy.circular_ids or ((policy.circular_id,) if policy.circular_id else ())
                circulars[(opd.pk, day)] = ids
        wanted = {c for ids in circulars.values() for c in ids}
        duties = {d.circular_id: d for d in AttendanceDuty.objects.filter(circular_id__in=wanted)}
        assignments = Assignment.objects.filter(
            employee__unit__agency=agency, day__range=(start, end)
        )
        if employee_ids is not None:
            assignments = assignments.filter(employee_id__in=employee_ids)
        modes = {(e, d): m for e, d, m in assignments.values_list("employee_id", "day", "mode")}
        units = {s.unit_id for s in staff.values()} | {s.opd_id for s in staff.values()}
        office = {p.unit_id: p.as_rule() for p in OfficePoint.objects.filter(unit_id__in=units)}
        homes = HomePoint.objects.filter(employee__unit__agency=agency)
        if employee_ids is not None:
            homes = homes.filter(employee_id__in=employee_ids)
        context = cls(
            staff=staff,
            duty_circulars=circulars,
            duties=duties,
            modes=modes,
            office_points=office,
            home_points={h.employee_id: h.as_rule() for h in homes},
        )
        context._load_earlier(agency, employee_ids, start, end)
        return context

    def _load_earlier(self, agency, employee_ids, start: date, end: date) -> None:
        found = CheckIn.objects.filter(
            employee__unit__agency=agency,
            day__range=(start - LOOKBACK, end),
            lat__isnull=False,
        )
        if employee_ids is not None:
            found = found.filter(employee_id__in=employee_ids)
        for emp, at, lat, lng in found.order_by("at").values_list(
            "employee_id", "at", "lat", "lng"
        ):
            self.earlier[emp].append(rules.Earlier(_naive(at), rules.Fix(lat, lng)))

    def duty_for(self, employee_id: int, day: date) -> AttendanceDuty | None:
        """The duty of the circular governing the employee's day away (None on an office day)."""
        staff = self.staff.get(employee_id)
        if staff is None:
            return None
        mode = self.modes.get((employee_id, day), Mode.WFO.value)
        if Mode(mode) not in AWAY_MODES:
            return None
        for circular_id in self.duty_circulars.get((staff.opd_id, day), ()):
            if circular_id in self.duties:
                return self.duties[circular_id]
        return None

    def _rule(self, duty: AttendanceDuty | None) -> rules.Duty | None:
        if duty is None:
            return None
        if duty.pk not in self._rules:
            self._rules[duty.pk] = duty.as_rule()
        return self._rules[duty.pk]

    def point_for(self, employee_id: int, duty: AttendanceDuty | None) -> rules.Point | None:
        if duty is None:
            return None
        staff = self.staff[employee_id]
        if duty.place == rules.Place.OFFICE:
            return self.office_points.get(staff.unit_id) or self.office_points.get(staff.opd_id)
        if duty.place == rules.Place.HOME:
            return self.home_points.get(employee_id)
        return None

    def judge(self, employee_id: int, at: datetime, fix: rules.Fix | None) -> list[str]:
        """The findings of one check-in; the check-in then joins the earlier ones."""
        local = _naive(at)
        duty = self.duty_for(employee_id, local.date())
        found = rules.judge_checkin(
            at=local,
            duty=self._rule(duty),
            point=self.point_for(employee_id, duty),
            fix=fix,
            earlier=self.earlier.get(employee_id, ()),
        )
        if fix is not None:
            self.earlier[employee_id].append(rules.Earlier(local, fix))
        return [f.value for f in found]


def _naive(at: datetime) -> datetime:
    """Local wall-clock time: what the duty's times and the heuristics compare."""
    return timezone.localtime(at).replace(tzinfo=None)


def is_suspicious(codes: list[str]) -> bool:
    return any(rules.Finding(code) in rules.SUSPICIOUS for code in codes)


def opd_filter(opd_id: int) -> Q:
    return Q(employee__unit_id=opd_id) | Q(employee__unit__parent_id=opd_id)


def same_opd_as_roster() -> Q:
    """An assignment counted for the employee's current OPD only (as the grid lists staff)."""
    return Q(roster__unit_id=F("employee_opd"))
