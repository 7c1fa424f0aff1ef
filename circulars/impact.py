"""What publishing a draft circular (or an amendment) would do to rosters that exist.

A selector: it reads the OPDs' stored weeks, asks ``circulars.governing`` for
each day's policy as it is now and as it would be with the draft published
(``governing.load(..., pending=draft)``), lets ``policy.check`` judge both, and
keeps what the draft changes: the errors that appear only under the new rules.
Nothing here decides a rule; it only sorts the engine's violations:

- a day over (or under) the new limit (``CAP_EXCEEDED``, ``TOO_FEW_AWAY``): the
  head must choose who stays, so the week goes back to the OPD;
- a day away the new rules refuse to the person (barred, outside the window,
  a frontline OPD, a closed day): released to the office when it is published;
- any other new error (a weekly limit, a mode): the week goes back.

Which agencies are assessed is ``governing.reached_agencies``' answer (the one
``policy.layers.reaches`` gives governing and the notices too): a ministry's
circular reaches every regional government it addresses, parent agency or not.

Only days from today on count: the past is not rewritten. The preview costs a
fixed number of queries whatever the number of agencies, OPDs, staff or weeks.
Publishing (``apply``) costs more for each OPD whose weeks change and each
employee who loses a day (their notices), never for an agency it leaves alone.

The apply path (``apply``) is the one both publishing and a later sanction use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organizations.dates import long_day
from organizations.models import (
    Agency,
    AsnKind,
    DisciplinarySanction,
    Employee,
    EmployeeCircumstance,
    Unit,
    User,
)
from organizations.nip import appointment_month
from policy import check as rules
from policy.values import (
    AWAY_MODES,
    Assignment,
    Code,
    DayPolicy,
    Mode,
    RosterCheck,
    StaffMember,
    Violation,
)
from wfa_portal.isoweek import format_week, monday_of, week_days

from . import governing
from .models import Circular

# Errors the engine gives one person's day away, which no choice of the head
# could mend: the day goes back to the office.
RELEASED = frozenset(
    {
        Code.NON_WORKING_DAY,
        Code.OUTSIDE_WINDOW,
        Code.FRONTLINE_UNIT,
        Code.EXEMPT_ROLE,
        Code.PERMISSION_REVOKED,
        Code.JOB_TYPE_EXCLUDED,
        Code.UNDER_SANCTION,
        Code.NEW_EMPLOYEE,
        Code.RECALLED,
    }
)
# A day's count against a limit: the head chooses who stays.
OVER_LIMIT = frozenset({Code.CAP_EXCEEDED, Code.TOO_FEW_AWAY})
# The bars of one person (what a sanction or a circumstance changes).
PERSONAL = frozenset(
    {
        Code.EXEMPT_ROLE,
        Code.PERMISSION_REVOKED,
        Code.JOB_TYPE_EXCLUDED,
        Code.UNDER_SANCTION,
        Code.NEW_EMPLOYEE,
        Code.RECALLED,
    }
)
AWAY_VALUES = [mode.value for mode in AWAY_MODES]


@dataclass
class RefusedDay:
    """A day away the new rules refuse to one employee."""

    employee_id: int
    name: str
    day: date
    mode: str
    violation: Violation
    assignment_id: int

    def reason(self) -> str:
        return self.violation.message(translation.get_language() or "id")


@dataclass
class WeekImpact:
    """One OPD's stored week and what the change does to it."""

    opd: Unit
    roster_id: int
    week_start: date
    status: str
    over: list[Violation] = field(default_factory=list)
    refused: list[RefusedDay] = field(default_factory=list)
    other: list[Violation] = field(default_factory=list)

    @property
    def iso_week(self) -> str:
        return format_week(self.week_start)

    @property
    def handed_in(self) -> bool:
        """Submitted or accepted: publishing sends it back to the OPD as a draft."""
        return self.status in ("submitted", "accepted")

    @property
    def over_days(self) -> list[date]:
        return sorted({v.day for v in self.over if v.day is not None})

    def messages(self) -> list[str]:
        language = translation.get_language() or "id"
        return [v.message(language) for v in [*self.over, *self.other]]


@dataclass
class OpdImpact:
    opd: Unit
    weeks: list[WeekImpact]
    agency: Agency | None = None  # the OPD's agency, loaded once for all

    @property
    def over_days(self) -> int:
        return sum(len(w.over_days) for w in self.weeks)

    @property
    def refused_days(self) -> int:
        return sum(len(w.refused) for w in self.weeks)

    @property
    def employees(self) -> int:
        return len({r.employee_id for w in self.weeks for r in w.refused})

    @property
    def handed_in(self) -> int:
        return sum(1 for w in self.weeks if w.handed_in)


@dataclass
class AgencyImpact:
    """One reached agency's OPDs that the change touches (a row of the per-agency table)."""

    agency: Agency
    opds: list[OpdImpact]

    @property
    def weeks(self) -> int:
        return sum(len(o.weeks) for o in self.opds)

    @property
    def over_days(self) -> int:
        return sum(o.over_days for o in self.opds)

    @property
    def refused_days(self) -> int:
        return sum(o.refused_days for o in self.opds)

    @property
    def employees(self) -> int:
        return len({r.employee_id for o in self.opds for w in o.weeks for r in w.refused})

    @property
    def handed_in(self) -> int:
        return sum(o.handed_in for o in self.opds)


# The per-agency and per-OPD tables of the preview show this many rows, then "and N more".
ROWS_SHOWN = 100


@dataclass
class Impact:
    """Per OPD and week, in agency, OPD name and week order; totals first on the page.

    ``reached`` is the number of agencies whose rosters were assessed: the agencies
    the circular reaches (and, for an amendment, those the amended one reached).
    """

    opds: list[OpdImpact]
    reached: int = 1

    @property
    def weeks(self) -> list[WeekImpact]:
        return [w for o in self.opds for w in o.weeks]

    @property
    def over_days(self) -> int:
        return sum(o.over_days for o in self.opds)

    @property
    def refused_days(self) -> int:
        return sum(o.refused_days for o in self.opds)

    @property
    def employees(self) -> int:
        return len({r.employee_id for w in self.weeks for r in w.refused})

    @property
    def handed_in(self) -> int:
        return sum(o.handed_in for o in self.opds)

    @property
    def agencies(self) -> list[AgencyImpact]:
        """The touched agencies, each with its OPDs, in the order of ``opds``."""
        found: dict[int, AgencyImpact] = {}
        for o in self.opds:
            agency = o.agency or o.opd.agency
            found.setdefault(agency.pk, AgencyImpact(agency, [])).opds.append(o)
        return list(found.values())

    @property
    def several_agencies(self) -> bool:
        """More than one agency assessed: the page shows the per-agency table."""
        return self.reached > 1

    @property
    def agencies_shown(self) -> list[AgencyImpact]:
        return self.agencies[:ROWS_SHOWN]

    @property
    def agencies_not_shown(self) -> int:
        return max(len(self.agencies) - ROWS_SHOWN, 0)

    @property
    def opds_shown(self) -> list[OpdImpact]:
        return self.opds[:ROWS_SHOWN]

    @property
    def opds_not_shown(self) -> int:
        return max(len(self.opds) - ROWS_SHOWN, 0)

    def __bool__(self) -> bool:
        return bool(self.opds)


# --- what publishing a draft would do -----------------------------------------------


def impact_of(draft: Circular, *, today: date | None = None) -> Impact:
    """What publishing ``draft`` would do to the stored weeks of every agency it
    reaches (``assessed_agencies``), in a fixed number of queries whatever the
    number of agencies, OPDs, staff or weeks."""
    today = today or timezone.localdate()
    span = changed_span(draft, today)
    if span is None:
        return Impact([], reached=0)
    agencies = assessed_agencies(draft)
    return Impact(_assess(agencies, *span, today=today, pending=draft), reached=len(agencies))


def lock_and_assess(draft: Circular, *, today: date | None = None) -> Impact:
    """``impact_of`` inside the publishing transaction: the staff of every reached
    agency locked first (the writer's first step, in its order; one statement,
    however many agencies), so a concurrent grid save either lands before the
    assessment reads it or waits and is then judged under the published rules."""
    from schedules import writer

    today = today or timezone.localdate()
    span = changed_span(draft, today)
    if span is None:
        return Impact([], reached=0)
    agencies = assessed_agencies(draft)
    writer.lock_employees(
        Employee.objects.filter(unit__agency_id__in=[a.pk for a in agencies]).values_list(
            "pk", flat=True
        )
    )
    return Impact(_assess(agencies, *span, today=today, pending=draft), reached=len(agencies))


def publication_cause(circular: Circular) -> str:
    """What changed, in the active language: "SE 2 diterbitkan" or "SE 3 mengubah SE 2"."""
    if circular.amends_id:
        return _("SE %(number)s mengubah SE %(old)s") % {
            "number": circular.number,
            "old": circular.amends.number,
        }
    return _("SE %(number)s diterbitkan") % {"number": circular.number}


def changed_span(draft: Circular, today: date) -> tuple[date, date] | None:
    """The days the draft may change, from today on: its windows, those of the
    circular it amends (an amendment may take days away) and of its parent (which
    it narrows for its region). None when all of them lie in the past."""
    owners = [draft.pk, draft.amends_id, draft.parent_id]
    from .models import Window

    spans = list(
        Window.objects.filter(circular_id__in=[pk for pk in owners if pk]).values_list(
            "start", "end"
        )
    )
    if not spans:
        return None
    start = max(min(s for s, _e in spans), today, draft.effective_from or today)
    end = max(e for _s, e in spans)
    return (start, end) if start <= end else None


def assessed_agencies(draft: Circular) -> list[Agency]:
    """The agencies whose rosters the draft may change: those it reaches
    (``governing.reached_agencies``: its own, those below it when it applies to
    them, the regional governments a ministry's circular addresses) and, for an
    amendment, those the amended circular reaches (it may stop reaching some)."""
    also = [draft.amends] if draft.amends_id else []
    return governing.reached_agencies(draft, also=also)


# --- what a person's new bar does --------------------------------------------------------


def personal_breaches(
    employee: Employee, start: date, end: date | None, *, today: date | None = None
) -> list[OpdImpact]:
    """The employee's stored days away from ``start`` (not before today) to ``end``
    that the rules in force now refuse to them in person (a sanction, a
    circumstance, a job type...)."""
    today = today or timezone.localdate()
    start = max(start, today)
    last = (
        Employee.objects.filter(pk=employee.pk)
        .values_list("assignments__day", flat=True)
        .order_by("-assignments__day")
        .first()
    )
    end = min(end, last) if end and last else (end or last)
    if end is None or start > end:
        return []
    return _assess(
        [employee.unit.agency], start, end, today=today, employee_id=employee.pk, compare=False
    )


# --- the assessment ----------------------------------------------------------------------


def _assess(
    agencies: list[Agency],
    start: date,
    end: date,
    *,
    today: date,
    pending: Circular | None = None,
    employee_id: int | None = None,
    compare: bool = True,
) -> list[OpdImpact]:
    first, last = monday_of(start), monday_of(end) + timedelta(days=6)
    by_pk = {a.pk: a for a in agencies}
    rosters = _rosters(list(by_pk), start, end, employee_id)
    if not rosters:
        return []
    cells = _cells(rosters)
    for roster in rosters.values():
        roster["unit"].agency = by_pk[roster["unit"].agency_id]  # no query per OPD on the page
    opds = {r["unit_id"]: r["unit"] for r in rosters.values()}
    staff = _staff(list(by_pk), opds)
    # Only the agencies with a stored week need their rules (loaded for all at once).
    stored = [by_pk[pk] for pk in sorted({o.agency_id for o in opds.values()})]
    after = governing.load_many(stored, first, last, pending=pending)
    before = governing.load_many(stored, first, last) if compare else None
    out: dict[int, list[WeekImpact]] = {}
    for roster_id, roster in sorted(rosters.items(), key=lambda kv: kv[1]["week_start"]):
        opd = roster["unit"]
        members = staff.get(opd.pk, [])
        week = _week(cells.get(roster_id, []))
        days = week_days(roster["week_start"])
        new = _errors(week, opd, members, days, after[opd.agency_id])
        if before is not None:
            old = {_key(v) for v in _errors(week, opd, members, days, before[opd.agency_id])}
            new = [v for v in new if _key(v) not in old]
        new = [v for v in new if (v.day or roster["week_start"] + timedelta(days=6)) >= start]
        if employee_id is not None:
            new = [v for v in new if v.employee_id == employee_id and v.code in PERSONAL]
        found = _sorted_out(opd, roster_id, roster, new, week, members)
        if found is not None:
            out.setdefault(opd.pk, []).append(found)

    def order(pk: int) -> tuple[str, int, str, int]:
        agency = by_pk[opds[pk].agency_id]
        return (agency.name, agency.pk, opds[pk].name, pk)

    return [
        OpdImpact(opds[pk], out[pk], by_pk[opds[pk].agency_id]) for pk in sorted(out, key=order)
    ]


def _key(v: Violation) -> tuple[object, ...]:
    return (v.code, v.day, v.employee_id, v.unit_id)


@dataclass
class _Week:
    assignments: list[Assignment]
    rows: dict[tuple[int, date], int]  # (employee, day) -> assignment id


def _week(cells: list[tuple]) -> _Week:
    assignments, rows = [], {}
    for pk, emp, day, mode in cells:
        assignments.append(Assignment(emp, day, Mode(mode)))
        rows[(emp, day)] = pk
    return _Week(assignments, rows)


def _errors(
    week: _Week, opd: Unit, staff: list[StaffMember], days: list[date], loaded
) -> list[Violation]:
    policies: dict[date, DayPolicy] = {day: loaded.policy(opd, day) for day in days}
    check = RosterCheck(unit_id=opd.pk, staff=staff, days=policies, assignments=week.assignments)
    return rules.errors(rules.check_roster(check))


def _sorted_out(
    opd: Unit,
    roster_id: int,
    roster: dict,
    new: list[Violation],
    week: _Week,
    staff: list[StaffMember],
) -> WeekImpact | None:
    if not new:
        return None
    names = {m.employee_id: m.name for m in staff}
    modes = {(a.employee_id, a.day): a.mode for a in week.assignments}
    impact = WeekImpact(opd, roster_id, roster["week_start"], roster["status"])
    refused: dict[tuple[int, date], RefusedDay] = {}
    for v in new:
        key = (v.employee_id, v.day)
        if v.code in OVER_LIMIT:
            impact.over.append(v)
        elif v.code in RELEASED and key in week.rows and v.employee_id is not None:
            # One line per day away: the first reason the engine gives.
            if key not in refused:
                refused[key] = RefusedDay(
                    v.employee_id,
                    names.get(v.employee_id, ""),
                    v.day,
                    str(modes[key]),
                    v,
                    week.rows[key],
                )
        else:
            impact.other.append(v)
    impact.refused = sorted(refused.values(), key=lambda r: (r.day, r.name, r.employee_id))
    return impact


# --- reads (one query each) -----------------------------------------------------------------


def _rosters(
    agency_ids: list[int], start: date, end: date, employee_id: int | None
) -> dict[int, dict]:
    """The agencies' stored weeks with a day away between start and end."""
    away = Q(
        assignments__day__range=(start, end),
        assignments__mode__in=AWAY_VALUES,
    )
    if employee_id is not None:
        away &= Q(assignments__employee_id=employee_id)
    from schedules.models import Roster

    found = {}
    queryset = (
        Roster.objects.filter(away, unit__agency_id__in=agency_ids, unit__parent__isnull=True)
        .filter(week_start__range=(monday_of(start), end))
        .select_related("unit")
        .distinct()
    )
    for roster in queryset:
        found[roster.pk] = {
            "unit_id": roster.unit_id,
            "unit": roster.unit,
            "week_start": roster.week_start,
            "status": roster.status,
        }
    return found


def _cells(rosters: dict[int, dict]) -> dict[int, list[tuple]]:
    from schedules.models import Assignment as Row

    found: dict[int, list[tuple]] = {}
    rows = Row.objects.filter(roster_id__in=list(rosters)).values_list(
        "roster_id", "pk", "employee_id", "day", "mode"
    )
    for roster_id, *cell in rows:
        found.setdefault(roster_id, []).append(tuple(cell))
    return found


def _staff(agency_ids: list[int], opds: dict[int, Unit]) -> dict[int, list[StaffMember]]:
    """Active staff of the OPDs as rule values, with their revocations, sanctions and
    circumstances (four queries whatever the headcount and the number of agencies)."""
    from schedules.models import Revocation

    in_agency = Q(employee__unit__agency_id__in=agency_ids)
    revoked: dict[int, set[int]] = {}
    for emp, circular in (
        Revocation.objects.active().filter(in_agency).values_list("employee_id", "circular_id")
    ):
        revoked.setdefault(emp, set()).add(circular)
    sanctions: dict[int, list[tuple[date, date | None]]] = {}
    for emp, s, e in DisciplinarySanction.objects.filter(in_agency).values_list(
        "employee_id", "start", "end"
    ):
        sanctions.setdefault(emp, []).append((s, e))
    groups: dict[int, set[str]] = {}
    current = Q(until__isnull=True) | Q(until__gte=timezone.localdate())
    for emp, kind in (
        EmployeeCircumstance.objects.filter(in_agency)
        .filter(current)
        .values_list("employee_id", "kind")
    ):
        groups.setdefault(emp, set()).add(kind)
    rows = (
        Employee.objects.active()
        .filter(Q(unit_id__in=list(opds)) | Q(unit__parent_id__in=list(opds)))
        .with_opd()
        .order_by("name", "pk")
        .values_list(
            "opd_id",
            "pk",
            "name",
            "unit_id",
            "role_tags",
            "domicile_region_id",
            "unit__office_region_id",
            "job_type",
            "nip",
            "asn_kind",
        )
    )
    found: dict[int, list[StaffMember]] = {pk: [] for pk in opds}
    for opd_id, pk, name, unit_id, roles, domicile, office, job, nip, kind in rows:
        found[opd_id].append(
            StaffMember(
                employee_id=pk,
                name=name,
                sub_unit_id=unit_id,
                roles=frozenset(roles),
                domicile_region_id=domicile,
                office_region_id=office or opds[opd_id].office_region_id,
                revoked_circular_ids=frozenset(revoked.get(pk, ())),
                job_type=job,
                appointed=appointment_month(nip, pppk=kind == AsnKind.PPPK) if nip else None,
                sanctions=tuple(sanctions.get(pk, ())),
                circumstances=frozenset(groups.get(pk, ())),
            )
        )
    return found


# --- applying it ---------------------------------------------------------------------------


def apply(
    opds: Iterable[OpdImpact], *, actor: User | None, cause: Callable[[], str], event_key: str
) -> tuple[int, int]:
    """Make the stored weeks obey: release the refused days away to the office
    (through the one writer), send every affected week that was submitted or
    accepted back to the OPD with a comment saying why (``cause`` names the
    change in the active language), and tell the OPDs' heads and operators and
    each employee who lost a day. Runs inside the caller's transaction, after the caller locked the
    employees concerned. Returns (days released, weeks returned).
    """
    from notifications import events
    from schedules import writer
    from schedules.models import Assignment as Row
    from schedules.models import Roster

    opds = list(opds)
    weeks = [w for o in opds for w in o.weeks]
    if not weeks:
        return 0, 0
    refused = [r for w in weeks for r in w.refused]
    released = 0
    if refused:
        rows = list(
            Row.objects.filter(pk__in=[r.assignment_id for r in refused]).select_related("roster")
        )
        released = writer.release_to_office(rows=rows, actor=actor)
    # Step 4 of the writer's order: the weeks' rows, re-read under the lock.
    locked = {
        r.pk: r
        for r in Roster.objects.select_for_update()
        .filter(pk__in=[w.roster_id for w in weeks])
        .order_by("unit_id", "week_start")
    }
    now = timezone.now()
    returned: list[tuple[WeekImpact, Roster]] = []
    for week in weeks:
        roster = locked.get(week.roster_id)
        if roster is None or roster.status == Roster.Status.DRAFT:
            continue
        with translation.override("id"):
            roster.return_comment = return_comment(week, cause)
        roster.status = Roster.Status.DRAFT
        roster.decided_at = now
        roster.decided_by = actor
        roster.save(
            update_fields=["status", "return_comment", "decided_at", "decided_by", "updated_at"]
        )
        returned.append((week, roster))
    for opd_impact in opds:
        mine = [(w, r) for w, r in returned if w.opd.pk == opd_impact.opd.pk]
        events.weeks_changed_by_rule(
            opd_impact.opd, opd_impact.weeks, returned=[r for _w, r in mine], cause=cause,
            event_key=event_key,
        )  # fmt: skip
    by_employee: dict[int, list[RefusedDay]] = {}
    for day in refused:
        by_employee.setdefault(day.employee_id, []).append(day)
    if by_employee:
        people = Employee.objects.filter(pk__in=list(by_employee)).select_related("user")
        for employee in people:
            events.away_days_refused(
                employee, by_employee[employee.pk], cause=cause, event_key=event_key
            )
    return released, len(returned)


def return_comment(week: WeekImpact, cause: Callable[[], str]) -> str:
    """The system comment on a week sent back: which change, and what it did."""
    parts = [_("Dikembalikan otomatis: %(cause)s.") % {"cause": cause()}]
    if week.over_days:
        parts.append(
            ngettext(
                "%(n)d hari melebihi batas baru (%(days)s): kurangi pegawai di luar kantor.",
                "%(n)d hari melebihi batas baru (%(days)s): kurangi pegawai di luar kantor.",
                len(week.over_days),
            )
            % {"n": len(week.over_days), "days": ", ".join(long_day(d) for d in week.over_days)}
        )
    if week.refused:
        parts.append(
            ngettext(
                "%(n)d hari di luar kantor dikembalikan ke kantor (WFO): %(list)s.",
                "%(n)d hari di luar kantor dikembalikan ke kantor (WFO): %(list)s.",
                len(week.refused),
            )
            % {
                "n": len(week.refused),
                "list": "; ".join(
                    f"{r.name}, {long_day(r.day)} ({r.violation.message_id})" for r in week.refused
                ),
            }
        )
    if week.other:
        parts.extend(v.message_id for v in week.other)
    return "\n".join(parts)


def recheck_employee(
    employee: Employee,
    start: date,
    end: date | None,
    *,
    actor: User | None,
    cause: Callable[[], str],
    event_key: str,
) -> tuple[int, int]:
    """A sanction (or a circumstance) recorded for the employee: their stored days away
    from ``start`` to ``end`` that the rules in force now refuse to them go back to
    the office and the weeks they sat in, if handed in, go back to the OPD, through
    the same ``apply`` as publishing. Must run inside the caller's transaction."""
    from schedules import writer

    writer.lock_employees([employee.pk])
    found = personal_breaches(employee, start, end)
    return apply(found, actor=actor, cause=cause, event_key=event_key)
