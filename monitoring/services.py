"""Monitoring's use cases: remind OPDs, record an attendance check, apply an import."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from circulars.models import Circular
from notifications import events
from organizations.models import Agency, Employee, Role, Unit, User

from .attendance import ImportPreview, check_import, parse_day, parse_time
from .models import AttendanceCheck, AttendanceEntry, AttendanceImport


@transaction.atomic
def remind_outstanding(*, circular: Circular, opds: list[Unit], today: date | None = None) -> int:
    """Remind each OPD's head and operators to submit their roster; once per OPD per day.

    Returns how many people were newly reminded (0 when all had been reminded today).
    """
    today = today or timezone.localdate()
    recipients: dict[int, list[User]] = defaultdict(list)
    roles = Role.objects.filter(
        unit_id__in=[opd.pk for opd in opds], kind__in=Role.UNIT_KINDS, user__is_active=True
    ).select_related("user")
    for role in roles:
        if role.unit_id is not None:
            recipients[role.unit_id].append(role.user)
    return sum(
        events.roster_reminder_from_bkpsdm(circular, opd, recipients.get(opd.pk, []), today)
        for opd in opds
    )


@transaction.atomic
def record_attendance(
    *,
    opd: Unit,
    day: date,
    actor: User,
    absent_ids: set[int],
    times: dict[int, time] | None = None,
    note: str = "",
) -> AttendanceCheck:
    """Record (or record again) who was found at the OPD's office: all its active staff,
    present unless named absent."""
    times = times or {}
    staff = list(Employee.objects.of_opd(opd.pk).active().values_list("pk", flat=True))
    unknown = absent_ids - set(staff)
    if unknown:
        raise ValidationError(_("Pegawai yang ditandai tidak hadir bukan pegawai OPD ini."))
    check = _reset_check(opd.pk, day, actor, AttendanceCheck.Source.MANUAL, note)
    AttendanceEntry.objects.bulk_create(
        [
            AttendanceEntry(
                attendance_check=check,
                employee_id=pk,
                present=pk not in absent_ids,
                time_in=None if pk in absent_ids else times.get(pk),
            )
            for pk in staff
        ],
        batch_size=1000,
    )
    return check


def _reset_check(unit_id: int, day: date, actor: User, source: str, note: str) -> AttendanceCheck:
    check: AttendanceCheck
    check, created = AttendanceCheck.objects.select_for_update().get_or_create(
        unit_id=unit_id,
        day=day,
        defaults={"checked_by": actor, "source": source, "note": note},
    )
    if not created:
        check.entries.all().delete()
        check.checked_by, check.source, check.note = actor, source, note
        check.save(update_fields=["checked_by", "source", "note"])
    return check


def stage_attendance_import(
    *, agency: Agency, actor: User, filename: str, rows: list[dict[str, str]]
) -> tuple[ImportPreview, AttendanceImport | None]:
    """Check the rows; keep them for confirmation only when every row is valid."""
    preview = check_import(agency.pk, rows)
    if not preview.ok:
        return preview, None
    batch = AttendanceImport.objects.create(
        agency=agency, uploaded_by=actor, filename=filename[:200], rows=rows
    )
    return preview, batch


@transaction.atomic
def apply_attendance_import(*, batch: AttendanceImport, actor: User) -> int:
    """Record a check per OPD and day in the file, all or nothing; returns the checks.

    The file lists who came in: the OPD's other active staff are recorded absent.
    """
    batch = AttendanceImport.objects.select_for_update().get(pk=batch.pk)
    if batch.status != AttendanceImport.Status.PREVIEW:
        raise ValidationError(_("Impor ini sudah diterapkan."))
    preview = check_import(batch.agency_id, batch.rows)
    if not preview.ok:
        raise ValidationError(
            _("Data berubah sejak pratinjau; %(n)s baris kini bermasalah. Unggah ulang berkasnya.")
            % {"n": len(preview.error_rows)}
        )
    present: dict[tuple[int, date], dict[int, time | None]] = defaultdict(dict)
    for row in preview.rows:
        day = parse_day(row.values["date"])
        if row.unit_id is None or row.employee_id is None or day is None:
            continue  # a row the preview refused; none once it is ok
        key = (row.unit_id, day)
        present[key][row.employee_id] = (
            parse_time(row.values["time_in"]) if row.values["time_in"] else None
        )
    staff = _staff_by_opd({unit for unit, _day in present})
    for (unit_id, day), came in sorted(present.items()):
        check = _reset_check(unit_id, day, actor, AttendanceCheck.Source.IMPORT, batch.filename)
        everyone = staff.get(unit_id, set()) | set(came)
        AttendanceEntry.objects.bulk_create(
            [
                AttendanceEntry(
                    attendance_check=check,
                    employee_id=pk,
                    present=pk in came,
                    time_in=came.get(pk),
                )
                for pk in sorted(everyone)
            ],
            batch_size=1000,
        )
    batch.status = AttendanceImport.Status.APPLIED
    batch.applied_at = timezone.now()
    batch.save(update_fields=["status", "applied_at"])
    return len(present)


def _staff_by_opd(opd_ids: set[int]) -> dict[int, set[int]]:
    from django.db.models import Q
    from django.db.models.functions import Coalesce

    rows = (
        Employee.objects.active()
        .filter(Q(unit_id__in=opd_ids) | Q(unit__parent_id__in=opd_ids))
        .annotate(opd=Coalesce("unit__parent_id", "unit_id"))
        .values_list("opd", "pk")
    )
    found: dict[int, set[int]] = defaultdict(set)
    for opd, pk in rows:
        found[opd].add(pk)
    return found
