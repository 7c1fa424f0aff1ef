"""BKPSDM's monitoring of standing flexible work, per OPD, over a chosen period.

Per OPD: its staff, who has an arrangement, the days away per employee and week
against the weekly limit (and the employee-weeks past it), the recalls and how
fast they were confirmed, the work-plan targets met, and the comparison the
regulation asks for: the share of staff-days away before and after a pivot day
(the policy's start by default). A fixed number of queries whatever the number
of OPDs, staff or days.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Coalesce

from attendance.period import Findings, Halves, findings_by_opd
from circulars.calendar import each_day, non_working_days
from organizations.models import Agency, Employee, Unit
from policy.values import AWAY_MODES
from schedules.models import Assignment

from .models import Application, Arrangement, Recall, StandingPolicy, WorkTarget

MAX_DAYS = 366


@dataclass
class OpdRow:
    opd: Unit
    staff: int
    arranged: int
    away_days: int
    per_week: str  # days away per employee per week, e.g. "0.4"
    over_limit: int  # employee-weeks past the weekly limit
    recalls: int
    confirmed: int
    minutes: int | None  # average minutes to confirm
    targets: int
    targets_met: int
    share_before: str  # % of staff-days away before the pivot
    share_after: str
    findings: Halves  # attendance findings before and after the pivot


@dataclass
class Board:
    agency: Agency
    policy: StandingPolicy | None
    start: date
    end: date
    pivot: date
    rows: list[OpdRow]


def _opd_of(prefix: str = "") -> Coalesce:
    return Coalesce(f"{prefix}unit__parent_id", f"{prefix}unit_id")


def _share(away: int, staff: int, days: int) -> str:
    if not staff or not days:
        return "-"
    return f"{100 * away / (staff * days):.1f}"


def board(agency: Agency, start: date, end: date, pivot: date | None = None) -> Board:
    policy = (
        StandingPolicy.objects.governing().filter(agency=agency).overlapping(start, end).first()
    )
    pivot = pivot or (policy.start if policy else start)
    opds = list(Unit.objects.opds().filter(agency=agency).select_related("agency").order_by("name"))
    ids = [o.pk for o in opds]
    staff = Employee.objects.headcount_by_opd(ids)
    arranged = dict(
        Arrangement.objects.filter(employee__unit__agency=agency, eligible=True)
        .overlapping(start, end)
        .annotate(opd=_opd_of("employee__"))
        .values_list("opd")
        .annotate(n=Count("employee_id", distinct=True))
        .values_list("opd", "n")
    )
    closed = non_working_days(agency.pk, start, end)
    working = [d for d in each_day(start, end) if d.weekday() < 5 and d not in closed]
    before_days = sum(1 for d in working if d < pivot)
    after_days = len(working) - before_days
    away = Assignment.objects.filter(
        roster__unit_id__in=ids, day__range=(start, end), mode__in=[m.value for m in AWAY_MODES]
    )
    halves = {
        opd: (b, a)
        for opd, b, a in away.values_list("roster__unit_id")
        .annotate(b=Count("pk", filter=Q(day__lt=pivot)), a=Count("pk", filter=Q(day__gte=pivot)))
        .values_list("roster__unit_id", "b", "a")
    }
    limit = policy.weekly_limit if policy else None
    # Employee-weeks past the limit, counted by the database: a roster is one OPD's week.
    over: Counter = Counter()
    if limit:
        over.update(
            opd
            for opd, _n in away.values_list("roster__unit_id", "roster_id", "employee_id")
            .annotate(n=Count("pk"))
            .filter(n__gt=limit)
            .values_list("roster__unit_id", "n")
        )
    n_weeks = max(1, len({(d.isocalendar()[0], d.isocalendar()[1]) for d in working}))
    speed = ExpressionWrapper(F("confirmed_at") - F("created_at"), output_field=DurationField())
    recalls = {
        row["opd"]: row
        for row in Recall.objects.filter(employee__unit__agency=agency, day__range=(start, end))
        .annotate(opd=_opd_of("employee__"))
        .values("opd")
        .annotate(
            n=Count("pk"),
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
            total=Sum(speed, filter=Q(confirmed_at__isnull=False)),
        )
    }
    targets = {
        row["opd"]: row
        for row in WorkTarget.objects.filter(
            application__employee__unit__agency=agency,
            application__status=Application.Status.APPROVED,
            application__decided_at__date__range=(start - timedelta(days=MAX_DAYS), end),
        )
        .annotate(opd=_opd_of("application__employee__"))
        .values("opd")
        .annotate(n=Count("pk"), met=Count("pk", filter=Q(met=True)))
    }
    findings = findings_by_opd(agency, start, end, pivot, opds=opds)
    rows = []
    for opd in opds:
        headcount = staff.get(opd.pk, 0)
        before, after = halves.get(opd.pk, (0, 0))
        r = recalls.get(opd.pk, {})
        total = r.get("total")
        confirmed = r.get("confirmed", 0)
        rows.append(
            OpdRow(
                opd=opd,
                staff=headcount,
                arranged=arranged.get(opd.pk, 0),
                away_days=before + after,
                per_week=f"{(before + after) / (headcount * n_weeks):.1f}" if headcount else "-",
                over_limit=over[opd.pk],
                recalls=r.get("n", 0),
                confirmed=confirmed,
                minutes=int(total.total_seconds() // 60 // confirmed) if total else None,
                targets=targets.get(opd.pk, {}).get("n", 0),
                targets_met=targets.get(opd.pk, {}).get("met", 0),
                share_before=_share(before, headcount, before_days),
                share_after=_share(after, headcount, after_days),
                findings=findings.get(opd.pk) or Halves(Findings(), Findings()),
            )
        )
    return Board(agency, policy, start, end, pivot, rows)


def finding_names() -> list[str]:
    """The attendance findings compared, in the order of ``attendance.period.Findings``."""
    from django.utils.translation import gettext as _

    return [
        _("Terlambat"),
        _("Pulang cepat"),
        _("Di luar radius"),
        _("Presensi tidak dilakukan"),
        _("Mencurigakan"),
    ]


def monitoring_table(data: Board):
    """The board as a ``monitoring.exports.Table`` (Excel, CSV and PDF writers)."""
    from django.utils.translation import gettext as _

    from monitoring.exports import Table

    header = [
        _("OPD"),
        _("Pegawai"),
        _("Dengan pengaturan"),
        _("Hari di luar kantor"),
        _("Hari per pegawai per minggu"),
        _("Minggu melebihi batas"),
        _("Pemanggilan"),
        _("Dikonfirmasi"),
        _("Rata-rata menit konfirmasi"),
        _("Target rencana kerja"),
        _("Target tercapai"),
        _("Di luar kantor sebelum (%)"),
        _("Di luar kantor sesudah (%)"),
    ]
    for side in (_("sebelum"), _("sesudah")):
        header += [f"{name} {side}" for name in finding_names()]
    rows = [
        [
            r.opd.name,
            r.staff,
            r.arranged,
            r.away_days,
            r.per_week,
            r.over_limit,
            r.recalls,
            r.confirmed,
            "" if r.minutes is None else r.minutes,
            r.targets,
            r.targets_met,
            r.share_before,
            r.share_after,
            *r.findings.before.counts(),
            *r.findings.after.counts(),
        ]
        for r in data.rows
    ]
    policy = data.policy
    subtitle = [
        _("Periode %(start)s sampai %(end)s; sebelum/sesudah %(pivot)s")
        % {
            "start": data.start.isoformat(),
            "end": data.end.isoformat(),
            "pivot": data.pivot.isoformat(),
        }
    ]
    if policy is not None:
        subtitle.append(
            _("Kebijakan %(number)s: paling banyak %(n)s hari per minggu")
            % {"number": policy.number, "n": policy.weekly_limit}
        )
    return Table(
        agency=data.agency,
        title=_("Pemantauan kerja fleksibel"),
        subtitle=subtitle,
        header=header,
        rows=rows,
    )
