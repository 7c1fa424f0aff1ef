"""Tables out: the dashboard, an OPD's week and the attendance report as
Excel (.xlsx), CSV and a PDF in the official layout of a lampiran.

Each report is first a plain ``Table`` (title, header, rows); the three writers
only lay it out. The PDF is Indonesian whatever the reader's language, like
every official document of the portal, and fetches nothing while rendering.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from circulars.pdf import agency_letterhead, indonesian_date
from organizations.formulas import safe_row
from organizations.models import Agency, Unit
from policy.values import Mode
from schedules.models import DayCounter
from schedules.roster.selectors import current_cells, staff_of, week_policies
from wfa_portal.isoweek import format_week, week_days

from .attendance import AttendanceReport
from .dashboard import Dashboard

FORMATS = ("xlsx", "csv", "pdf")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


@dataclass
class Table:
    agency: Agency
    title: str
    subtitle: list[str]
    header: list[str]
    rows: list[list[object]]
    footer: list[list[object]] = field(default_factory=list)
    landscape: bool = True
    # Column indexes to mark: the days over the cap (an OPD's week), as the dashboard counts.
    marked_columns: list[int] = field(default_factory=list)


def dashboard_table(dashboard: Dashboard) -> Table:
    c = dashboard.circular
    header = [_("OPD"), _("Kategori"), _("Pegawai"), _("Batas (%)")]
    header += [_("Minggu %(week)s") % {"week": format_week(w)} for w in dashboard.weeks]
    header += [d.strftime("%d/%m") for d in dashboard.days]
    header += [_("Hari melebihi batas"), _("Permohonan menunggu"), _("Pencabutan izin")]
    rows = []
    for row in dashboard.rows:
        rows.append(
            [row.opd.name, row.opd.get_category_display(), row.headcount, row.cap_percent]
            + [w.label for w in row.weeks]
            + [f"{d.away}/{d.limit}" for d in row.days]
            + [row.violations, row.pending_requests, row.revocations]
        )
    t = dashboard.totals
    footer = [
        [_("Jumlah"), "", t.headcount, ""]
        + ["" for _w in dashboard.weeks]
        + [f"{a}/{b}" for a, b in zip(t.away, t.limit, strict=True)]
        + [t.violations, t.pending_requests, t.revocations]
    ]
    return Table(
        agency=dashboard.agency,
        title=_("Rekapitulasi kepatuhan jadwal kerja"),
        subtitle=[
            _("Surat Edaran %(number)s tentang %(title)s") % {"number": c.number, "title": c.title},
            _("Sel harian: pegawai di luar kantor / batas harian."),
        ],
        header=header,
        rows=rows,
        footer=footer,
    )


def roster_table(opd: Unit, week_start: date) -> Table:
    """Every active employee of the OPD and their mode on each day of the week.

    Days off (weekends, holidays) read "Libur", never WFO; the footer gives each
    day's figure away and its limit, and the days over the limit are marked, with
    the same figures the dashboard counts (the per-day counters against the
    governing circular's limit). A fixed number of queries.
    """
    days = week_days(week_start)
    cells = current_cells(opd, week_start)
    staff = staff_of(opd)
    policies = week_policies(opd, week_start)
    header = [_("No."), _("Nama"), _("Unit")] + [f"{date_format(d, 'D')} {d:%d/%m}" for d in days]
    off = _("Libur")
    rows = [
        [i, e.name, e.unit_name]
        + [cells.get((e.pk, d), Mode.WFO).value if policies[d].working_day else off for d in days]
        for i, e in enumerate(staff, start=1)
    ]
    counted = dict(DayCounter.objects.filter(unit=opd, day__in=days).values_list("day", "away"))
    limits = [policies[d].limit_for(len(staff)) for d in days]
    away = [counted.get(d, 0) for d in days]
    over = [
        3 + i
        for i, (n, limit) in enumerate(zip(away, limits, strict=True))
        if limit is not None and n > limit
    ]
    return Table(
        agency=opd.agency,
        title=_("Jadwal kerja %(opd)s") % {"opd": opd.name},
        subtitle=[
            _("Minggu %(week)s: %(start)s sampai dengan %(end)s")
            % {
                "week": format_week(week_start),
                "start": indonesian_date(days[0]),
                "end": indonesian_date(days[-1]),
            }
        ],
        header=header,
        rows=rows,
        footer=[
            ["", _("Di luar kantor (WFA/WFH)"), ""] + away,
            ["", _("Batas harian"), ""] + ["" if n is None else n for n in limits],
            ["", _("Melebihi batas"), ""]
            + [_("ya") if 3 + i in over else "" for i in range(len(days))],
        ],
        marked_columns=over,
    )


def attendance_table(report: AttendanceReport) -> Table:
    header = [
        _("Tanggal"),
        _("OPD"),
        _("Diperiksa"),
        _("Hadir"),
        _("Tidak hadir"),
        _("Tingkat kehadiran (%)"),
        _("Tidak hadir padahal dijadwalkan WFO"),
        _("Pemeriksa"),
    ]
    rows = [
        [
            r.check.day.isoformat(),
            r.check.unit.name,
            r.checked,
            r.present,
            r.absent,
            r.rate,
            r.discrepancies,
            _person(r.check.checked_by),
        ]
        for r in report.checks
    ]
    footer = [
        [
            _("Jumlah"),
            "",
            report.checked,
            report.present,
            report.checked - report.present,
            report.rate,
            report.discrepancies,
            "",
        ]
    ]
    period = _("semua tanggal")
    if report.start or report.end:
        period = f"{indonesian_date(report.start) or '…'} – {indonesian_date(report.end) or '…'}"
    return Table(
        agency=report.agency,
        title=_("Laporan pemeriksaan kehadiran"),
        subtitle=[_("Periode: %(period)s") % {"period": period}],
        header=header,
        rows=rows,
        footer=footer,
    )


def revocations_table(agency: Agency, circular) -> Table:
    """Permissions revoked under the circular in the agency's OPDs (one query)."""
    from .dashboard import Revocation

    if Revocation is None:
        raise Http404
    revocations = (
        Revocation.objects.filter(employee__unit__agency=agency, circular=circular)
        .select_related("employee", "employee__unit", "employee__unit__parent", "revoked_by")
        .order_by("revoked_at", "pk")
    )
    rows = [
        [
            r.revoked_at.date().isoformat(),
            r.employee.nip,
            r.employee.name,
            (r.employee.unit.parent or r.employee.unit).name,
            r.reason,
            _person(r.revoked_by),
            r.reinstated_at.date().isoformat() if r.reinstated_at else "",
        ]
        for r in revocations
    ]
    return Table(
        agency=agency,
        title=_("Laporan pencabutan izin"),
        subtitle=[
            _("Surat Edaran %(number)s tentang %(title)s")
            % {"number": circular.number, "title": circular.title}
        ],
        header=[
            _("Tanggal"),
            _("NIP"),
            _("Nama"),
            _("OPD"),
            _("Alasan"),
            _("Dicabut oleh"),
            _("Dipulihkan"),
        ],
        rows=rows,
    )


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


# --- writers ---------------------------------------------------------------------------


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(table.header))
    writer.writerows(safe_row(row) for row in table.rows)
    writer.writerows(safe_row(row) for row in table.footer)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets Excel read UTF-8


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Rekap")[:31]
    sheet.append(safe_row([table.title], xlsx=True))
    sheet["A1"].font = Font(bold=True, size=13)
    for line in [table.agency.name, *table.subtitle]:
        sheet.append(safe_row([line], xlsx=True))
    sheet.append([])
    sheet.append(safe_row(table.header, xlsx=True))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(safe_row(row, xlsx=True))
    for row in table.footer:
        sheet.append(safe_row(row, xlsx=True))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _refuse_urls(url: str, *args, **kwargs):
    raise ValueError(f"No external resources in a report PDF: {url}")


def to_pdf(table: Table) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    with translation.override("id"):
        html = render_to_string(
            "monitoring/pdf/lampiran.html",
            {
                "table": table,
                "letterhead": agency_letterhead(table.agency),
                "printed_on": indonesian_date(timezone.localdate()),
            },
        )
    return HTML(string=html, base_url=None, url_fetcher=_refuse_urls).write_pdf()


WRITERS = {"xlsx": to_xlsx, "csv": to_csv, "pdf": to_pdf}


def file_response(build, fmt: str, filename: str) -> HttpResponse:
    """``build()`` makes the Table (in Indonesian for a PDF); 404 for an unknown format."""
    if fmt not in FORMATS:
        raise Http404
    if fmt == "pdf":
        with translation.override("id"):
            table = build()
    else:
        table = build()
    response = HttpResponse(WRITERS[fmt](table), content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.{fmt}"'
    return response
