"""Use cases of attendance: one function each, keyword-only, atomic, raising ValidationError."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from circulars.models import Circular
from organizations.models import Employee, Unit, User
from policy import attendance as rules

from .findings import Context, is_suspicious
from .models import (
    AttendanceDuty,
    CheckIn,
    DailyReport,
    DayVerification,
    HomePoint,
    OfficePoint,
)


@transaction.atomic
def save_duty(*, circular: Circular, actor: User, values: dict) -> AttendanceDuty:
    duty, _created = AttendanceDuty.objects.update_or_create(
        circular=circular, defaults={**values, "updated_by": actor}
    )
    return duty


@transaction.atomic
def remove_duty(*, circular: Circular) -> None:
    AttendanceDuty.objects.filter(circular=circular).delete()


def _check_point(lat: float, lng: float) -> None:
    if not rules.valid_coordinates(lat, lng):
        raise ValidationError(_("Koordinat di luar jangkauan: lintang -90..90, bujur -180..180."))


@transaction.atomic
def save_office_point(
    *, unit: Unit, actor: User, lat: float, lng: float, radius_m: int
) -> OfficePoint:
    _check_point(lat, lng)
    point, _created = OfficePoint.objects.update_or_create(
        unit=unit, defaults={"lat": lat, "lng": lng, "radius_m": radius_m, "updated_by": actor}
    )
    return point


@transaction.atomic
def save_home_point(
    *, employee: Employee, actor: User, lat: float, lng: float, radius_m: int
) -> HomePoint:
    _check_point(lat, lng)
    point, _created = HomePoint.objects.update_or_create(
        employee=employee,
        defaults={"lat": lat, "lng": lng, "radius_m": radius_m, "updated_by": actor},
    )
    return point


def check_in(
    *,
    employee: Employee,
    at: datetime | None = None,
    lat: float | None = None,
    lng: float | None = None,
    accuracy_m: float | None = None,
    device: str = "",
) -> CheckIn:
    """Record a check-in from the portal with its findings. Nothing refuses it, except a
    location that is not on Earth (a broken reading, dropped rather than stored)."""
    at = at or timezone.now()
    fix = None
    if lat is not None and lng is not None and rules.valid_coordinates(lat, lng):
        fix = rules.Fix(lat, lng, accuracy_m)
    day = timezone.localtime(at).date()
    context = Context.load(employee.unit.agency, {employee.pk}, day, day)
    codes = context.judge(employee.pk, at, fix)
    with transaction.atomic():
        try:
            return CheckIn.objects.create(
                employee=employee,
                day=day,
                at=at,
                lat=fix.lat if fix else None,
                lng=fix.lng if fix else None,
                accuracy_m=fix.accuracy_m if fix else None,
                device=device[:100],
                source=CheckIn.Source.PORTAL,
                findings=codes,
                suspicious=is_suspicious(codes),
            )
        except IntegrityError:  # a double tap within the same microsecond
            return CheckIn.objects.get(employee=employee, at=at)


@transaction.atomic
def decide_days(
    *,
    opd: Unit,
    day: date,
    actor: User,
    employee_ids: list[int],
    status: str,
    note: str = "",
) -> int:
    """The head verifies (or disputes, with a note) the day of these staff of the OPD."""
    if status == DayVerification.Status.DISPUTED and not note.strip():
        raise ValidationError(_("Tulis catatan untuk presensi yang dipersoalkan."))
    staff = set(
        Employee.objects.of_opd(opd.pk).filter(pk__in=employee_ids).values_list("pk", flat=True)
    )
    if not staff or len(staff) != len(set(employee_ids)):
        raise ValidationError(_("Pilih pegawai OPD ini."))
    # One upsert: two tabs (or a head and a deputy) deciding the same day never collide.
    DayVerification.objects.bulk_create(
        [
            DayVerification(
                employee_id=employee_id, day=day, status=status, note=note.strip(), decided_by=actor
            )
            for employee_id in sorted(staff)
        ],
        update_conflicts=True,
        unique_fields=["employee", "day"],
        update_fields=["status", "note", "decided_by", "decided_at"],
    )
    return len(staff)


@transaction.atomic
def save_report(
    *, employee: Employee, day: date, text: str, attachment=None, target_ref: str = ""
) -> DailyReport:
    if day > timezone.localdate():
        raise ValidationError(_("Laporan kerja hanya untuk hari ini atau hari yang sudah lewat."))
    report = DailyReport.objects.filter(employee=employee, day=day).first() or DailyReport(
        employee=employee, day=day
    )
    report.text = text.strip()
    report.target_ref = target_ref
    if attachment is not None:
        report.attachment = attachment
    report.full_clean(exclude=["attachment"])
    report.save()
    return report


@transaction.atomic
def comment_report(*, report: DailyReport, actor: User, comment: str) -> DailyReport:
    report.head_comment = comment.strip()
    report.commented_by = actor
    report.commented_at = timezone.now()
    report.save(update_fields=["head_comment", "commented_by", "commented_at", "updated_at"])
    return report


# How far back an employee may still write the report of a day away.
REPORT_DAYS_BACK = 7


def check_report_day(*, employee: Employee, day: date, today: date | None = None) -> None:
    """A daily report is written for one of the employee's days away (WFA/WFH), today or
    at most ``REPORT_DAYS_BACK`` days back; else ValidationError saying which it is not."""
    from datetime import timedelta

    from schedules.models import Assignment

    today = today or timezone.localdate()
    if day > today:
        raise ValidationError(
            _("Laporan kerja hanya untuk hari ini atau hari yang sudah lewat."), code="future"
        )
    if day < today - timedelta(days=REPORT_DAYS_BACK):
        raise ValidationError(
            _("Laporan kerja hanya dapat ditulis paling lama %(n)d hari ke belakang.")
            % {"n": REPORT_DAYS_BACK},
            code="too_old",
        )
    if not Assignment.objects.away().filter(employee=employee, day=day).exists():
        raise ValidationError(
            _(
                "Laporan kerja hanya untuk hari kerja di luar kantor (WFA/WFH); "
                "%(day)s bukan hari di luar kantor Anda."
            )
            % {"day": day.isoformat()},
            code="not_away",
        )
