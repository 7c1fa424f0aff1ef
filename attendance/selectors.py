"""Reads of attendance: a fixed number of queries whatever the number of staff."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time

from django.utils import timezone, translation

from circulars import governing
from organizations.models import Employee, Unit
from policy import attendance as rules
from policy.texts import attendance_message
from policy.values import AWAY_MODES, Mode
from schedules.models import Assignment
from schedules.roster.selectors import StaffRow, staff_of

from .findings import opd_filter
from .models import AttendanceDuty, CheckIn, DailyReport, DayVerification


def duty_of_opd(opd: Unit, day: date) -> AttendanceDuty | None:
    """The attendance duty of the circular governing the OPD's day, if it states one."""
    policy = governing.load(opd.agency, day, day).policy(opd, day)
    ids = policy.circular_ids or ((policy.circular_id,) if policy.circular_id else ())
    if not ids:
        return None
    duties = {d.circular_id: d for d in AttendanceDuty.objects.filter(circular_id__in=ids)}
    return next((duties[c] for c in ids if c in duties), None)


def duties_of(circular_ids) -> dict[int, AttendanceDuty]:
    return {d.circular_id: d for d in AttendanceDuty.objects.filter(circular_id__in=circular_ids)}


def finding_words(codes: list[str]) -> list[tuple[str, str, bool]]:
    """(code, words in the active language, suspicious) of each finding."""
    language = translation.get_language() or "id"
    return [
        (c, attendance_message(c, language), rules.Finding(c) in rules.SUSPICIOUS) for c in codes
    ]


def missing(duty: AttendanceDuty | None, day: date, checked: list[time]) -> list[str]:
    """The duty's times passed without a check-in (today: only those already passed)."""
    if duty is None or day > timezone.localdate():
        return []
    now = timezone.localtime().time() if day == timezone.localdate() else None
    return [t.strftime("%H:%M") for t in rules.missing_times(duty.as_rule(), checked, now)]


# --- the head's screen -------------------------------------------------------------------


@dataclass
class StaffDay:
    staff: StaffRow
    mode: Mode
    check_ins: list[CheckIn] = field(default_factory=list)
    report: DailyReport | None = None
    verification: DayVerification | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def away(self) -> bool:
        return self.mode in AWAY_MODES

    @property
    def suspicious(self) -> bool:
        return any(c.suspicious for c in self.check_ins)

    @property
    def findings(self) -> list[tuple[str, str, bool]]:
        codes = []
        for c in self.check_ins:
            codes += [code for code in c.findings if code not in codes]
        words = finding_words(codes)
        if self.missing:
            words.append(
                (
                    rules.Finding.MISSING.value,
                    attendance_message(rules.Finding.MISSING.value, translation.get_language())
                    + " "
                    + ", ".join(self.missing),
                    False,
                )
            )
        return words


def staff_days(opd: Unit, day: date) -> tuple[AttendanceDuty | None, list[StaffDay]]:
    """Every active staff member of the OPD on the day: mode, check-ins, report, verdict."""
    staff = staff_of(opd)
    modes = dict(
        Assignment.objects.filter(roster__unit_id=opd.pk, day=day).values_list(
            "employee_id", "mode"
        )
    )
    check_ins: dict[int, list[CheckIn]] = defaultdict(list)
    for c in CheckIn.objects.filter(opd_filter(opd.pk), day=day).order_by("at"):
        check_ins[c.employee_id].append(c)
    reports = {r.employee_id: r for r in DailyReport.objects.filter(opd_filter(opd.pk), day=day)}
    verdicts = {
        v.employee_id: v for v in DayVerification.objects.filter(opd_filter(opd.pk), day=day)
    }
    duty = duty_of_opd(opd, day)
    rows = []
    for s in staff:
        row = StaffDay(
            staff=s,
            mode=Mode(modes.get(s.pk, Mode.WFO.value)),
            check_ins=check_ins.get(s.pk, []),
            report=reports.get(s.pk),
            verification=verdicts.get(s.pk),
        )
        if row.away:
            times = [timezone.localtime(c.at).time() for c in row.check_ins]
            row.missing = missing(duty, day, times)
        rows.append(row)
    return duty, rows


# --- the employee's day ---------------------------------------------------------------------


@dataclass
class MyAttendance:
    employee: Employee
    day: date
    mode: Mode
    duty: AttendanceDuty | None
    check_ins: list[CheckIn]
    report: DailyReport | None
    verification: DayVerification | None

    @property
    def away(self) -> bool:
        return self.mode in AWAY_MODES

    @property
    def missing(self) -> list[str]:
        if not self.away:
            return []
        return missing(
            self.duty, self.day, [timezone.localtime(c.at).time() for c in self.check_ins]
        )


def my_attendance(employee: Employee, opd: Unit, day: date) -> MyAttendance:
    mode = (
        Assignment.objects.filter(employee=employee, day=day).values_list("mode", flat=True).first()
    )
    return MyAttendance(
        employee=employee,
        day=day,
        mode=Mode(mode or Mode.WFO.value),
        duty=duty_of_opd(opd, day),
        check_ins=list(CheckIn.objects.filter(employee=employee, day=day).order_by("at")),
        report=DailyReport.objects.filter(employee=employee, day=day).first(),
        verification=DayVerification.objects.filter(employee=employee, day=day).first(),
    )
