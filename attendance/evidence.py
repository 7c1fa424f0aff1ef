"""Evidence for performance systems (e-Kinerja/SKP): one employee's month, keyed by NIP.

One row per day that has a day away (or leave, travel), a check-in or a daily report.
The columns are documented in docs/attendance-evidence.md; exported as Excel or CSV.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from circulars import governing
from organizations.models import Employee, Unit
from policy import attendance as rules
from policy.texts import attendance_message
from policy.values import AWAY_MODES, Mode
from schedules.models import Assignment

from .models import CheckIn, DailyReport, DayVerification
from .selectors import duties_of, missing, reports_with_details


def columns() -> list[str]:
    return [
        _("NIP"),
        _("Nama"),
        _("OPD"),
        _("Tanggal"),
        _("Mode kerja"),
        _("Jam presensi"),
        _("Kode temuan"),
        _("Temuan"),
        _("Mencurigakan"),
        _("Verifikasi atasan"),
        _("Catatan verifikasi"),
        _("Laporan kerja"),
        _("Target rencana kerja"),
        _("Lampiran"),
        _("Komentar atasan"),
    ]


def month_rows(employee: Employee, year: int, month: int) -> list[list[object]]:
    start = date(year, month, 1)
    end = date(year, month, calendar.monthrange(year, month)[1])
    opd = Unit.objects.select_related("agency").get(pk=employee.unit.opd_id)
    modes = dict(
        Assignment.objects.filter(employee=employee, day__range=(start, end)).values_list(
            "day", "mode"
        )
    )
    check_ins: dict[date, list[CheckIn]] = defaultdict(list)
    for c in CheckIn.objects.filter(employee=employee, day__range=(start, end)).order_by("at"):
        check_ins[c.day].append(c)
    reports = {
        r.day: r
        for r in reports_with_details(
            DailyReport.objects.filter(employee=employee, day__range=(start, end))
        )
    }
    verdicts = {
        v.day: v for v in DayVerification.objects.filter(employee=employee, day__range=(start, end))
    }
    days = sorted(set(modes) | set(check_ins) | set(reports))
    policies = governing.load(opd.agency, start, end).policies(opd) if days else {}
    duties = duties_of({c for p in policies.values() for c in p.applied_ids()})
    language = translation.get_language() or "id"
    rows = []
    for day in days:
        mode = Mode(modes.get(day, Mode.WFO.value))
        ids = policies[day].circular_ids or (
            (policies[day].circular_id,) if policies[day].circular_id else ()
        )
        duty = next((duties[c] for c in ids if c in duties), None)
        times = [timezone.localtime(c.at).time() for c in check_ins[day]]
        codes: list[str] = []
        for c in check_ins[day]:
            codes += [code for code in c.findings if code not in codes]
        missed = missing(duty, day, times) if mode in AWAY_MODES else []
        if missed:
            codes.append(rules.Finding.MISSING.value)
        words = [attendance_message(code, language) for code in codes]
        verdict, report = verdicts.get(day), reports.get(day)
        rows.append(
            [
                employee.nip,
                employee.name,
                opd.name,
                day.isoformat(),
                mode.value,
                " ".join(t.strftime("%H:%M") for t in times),
                " ".join(codes),
                "; ".join(words),
                _("ya") if any(c.suspicious for c in check_ins[day]) else _("tidak"),
                verdict.get_status_display() if verdict else "",
                verdict.note if verdict else "",
                report.text if report else "",
                "; ".join(t.target for t in report.targets.all()) if report else "",
                len(report.attachments.all()) if report else 0,
                report.head_comment if report else "",
            ]
        )
    return rows


def as_table(employee: Employee, year: int, month: int):
    from monitoring.exports import Table

    opd = employee.unit
    return Table(
        agency=opd.agency,
        title=_("Bukti kerja pegawai"),
        subtitle=[f"{employee.name} · NIP {employee.nip}", f"{year}-{month:02d}"],
        header=columns(),
        rows=month_rows(employee, year, month),
    )
