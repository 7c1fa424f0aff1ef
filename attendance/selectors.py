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


def current_targets(employee: Employee, day: date):
    """The targets of the employee's work plan that stand on the day: those of the
    application behind their arrangement current that day, and of an approved
    one-day application for that very day."""
    from django.db.models import Q

    from standing.models import Application, Arrangement, WorkTarget

    arrangements = Arrangement.objects.current(day).filter(employee=employee)
    return WorkTarget.objects.filter(
        Q(application__in=arrangements.values("application"))
        | Q(application__kind=Application.Kind.ONE_DAY, application__day=day),
        application__employee=employee,
        application__status=Application.Status.APPROVED,
    ).order_by("pk")


def reports_with_details(reports):
    """Reports with their targets and attachments, in two more queries whatever the count."""
    return reports.prefetch_related("targets", "attachments")


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
    superior_name: str = ""  # who else may verify (the head always may)

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
    reports = {
        r.employee_id: r
        for r in reports_with_details(DailyReport.objects.filter(opd_filter(opd.pk), day=day))
    }
    verdicts = {
        v.employee_id: v for v in DayVerification.objects.filter(opd_filter(opd.pk), day=day)
    }
    superiors = dict(
        Employee.objects.of_opd(opd.pk)
        .filter(superior__isnull=False)
        .values_list("pk", "superior__name")
    )
    duty = duty_of_opd(opd, day)
    rows = []
    for s in staff:
        row = StaffDay(
            staff=s,
            mode=Mode(modes.get(s.pk, Mode.WFO.value)),
            check_ins=check_ins.get(s.pk, []),
            report=reports.get(s.pk),
            verification=verdicts.get(s.pk),
            superior_name=superiors.get(s.pk, ""),
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
    superior: Employee | None = None

    @property
    def away(self) -> bool:
        return self.mode in AWAY_MODES

    @property
    def verified_by_superior(self) -> bool:
        """The duty names the direct superior and the employee has one: they verify
        (else the head of the OPD does)."""
        superior = self.superior
        return bool(self.duty and self.duty.verifier == "superior" and superior and superior.active)

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
        report=reports_with_details(DailyReport.objects.filter(employee=employee, day=day)).first(),
        verification=DayVerification.objects.filter(employee=employee, day=day).first(),
        superior=employee.superior if employee.superior_id else None,
    )


# --- the direct superior's screen ---------------------------------------------------------------


def team_days(team, day: date) -> list[StaffDay]:
    """The direct reports' day: mode, check-ins, report (targets, files), verdict.

    A fixed number of queries whatever the number of reports, plus one resolution of the
    governing circular per OPD among them (the duty may differ between OPDs)."""
    related = ("unit__agency", "unit__parent__agency")
    members = list(team.select_related(*related).order_by("name", "pk"))
    ids = [m.pk for m in members]
    modes = dict(
        Assignment.objects.filter(employee_id__in=ids, day=day).values_list("employee_id", "mode")
    )
    check_ins: dict[int, list[CheckIn]] = defaultdict(list)
    for c in CheckIn.objects.filter(employee_id__in=ids, day=day).order_by("at"):
        check_ins[c.employee_id].append(c)
    reports = {
        r.employee_id: r
        for r in reports_with_details(DailyReport.objects.filter(employee_id__in=ids, day=day))
    }
    verdicts = {
        v.employee_id: v for v in DayVerification.objects.filter(employee_id__in=ids, day=day)
    }
    opds = {m.unit.parent or m.unit for m in members}
    duties = {opd.pk: duty_of_opd(opd, day) for opd in opds}
    rows = []
    for m in members:
        row = StaffDay(
            staff=StaffRow(pk=m.pk, name=m.name, unit_id=m.unit_id, unit_name=m.unit.name,
                           role_tags=m.role_tags, domicile_region_id=m.domicile_region_id,
                           office_region_id=None, job_type=m.job_type, nip=m.nip),
            mode=Mode(modes.get(m.pk, Mode.WFO.value)),
            check_ins=check_ins.get(m.pk, []),
            report=reports.get(m.pk),
            verification=verdicts.get(m.pk),
        )  # fmt: skip
        if row.away:
            duty = duties[(m.unit.parent or m.unit).pk]
            times = [timezone.localtime(c.at).time() for c in row.check_ins]
            row.missing = missing(duty, day, times)
        rows.append(row)
    return rows
