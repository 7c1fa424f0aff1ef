"""Reads for employees and for those who decide about them.

An employee sees only days of rosters the OPD has submitted (or BKPSDM has
accepted): a draft is the head's work in progress. Every function runs a fixed
number of queries whatever the number of days.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from circulars import governing
from circulars.governing import governed
from circulars.models import Circular
from organizations.dates import long_day
from organizations.models import Employee, Role, Unit
from policy.values import AWAY_MODES, DayPolicy, Mode
from wfa_portal.isoweek import monday_of

from .models import Acknowledgement, Assignment, AwayRequest, DayCounter, Roster

VISIBLE_STATUSES = (Roster.Status.SUBMITTED, Roster.Status.ACCEPTED)
IN_FORCE_HORIZON = timedelta(days=400)


def today() -> date:
    return timezone.localdate()


def format_day(day: date) -> str:
    """ "Senin, 24 Maret 2025" in the active language."""
    return long_day(day)


def opd_of(employee: Employee) -> Unit:
    """The OPD the employee's unit rolls up to, with its agency (one query)."""
    return Unit.objects.select_related("agency").get(pk=employee.unit.opd_id)


def circulars_in_force(opd: Unit) -> list[Circular]:
    """Published circulars that govern the OPD on some day from today on."""
    start = today()
    return governing.circulars_in_force(opd, start, start + IN_FORCE_HORIZON)


# --- my days ---------------------------------------------------------------------


@dataclass
class MyDay:
    day: date
    policy: DayPolicy
    circular: Circular | None
    mode: Mode
    pending: AwayRequest | None
    today: date
    # An approved request whose roster week the head has not submitted yet.
    approved: AwayRequest | None = None

    @property
    def away(self) -> bool:
        return self.mode in AWAY_MODES

    @property
    def is_today(self) -> bool:
        return self.day == self.today

    @property
    def is_past(self) -> bool:
        return self.day < self.today

    @property
    def approved_not_rostered(self) -> bool:
        return self.approved is not None and not self.away

    @property
    def can_choose_office(self) -> bool:
        """A coming day away may always be given back: strictly after today."""
        return self.away and self.day > self.today

    @property
    def label(self) -> str:
        return format_day(self.day)


REQUEST_HORIZON = 42  # days ahead an employee may ask for


def requestable_days(employee: Employee, opd: Unit, today: date) -> list[MyDay]:
    """The days an employee may ask to work away: from tomorrow to the horizon, open
    for working away, not away already and with no request waiting."""
    days = my_days(
        employee, opd, today + timedelta(days=1), today + timedelta(days=REQUEST_HORIZON)
    )
    return [d for d in days if d.policy.is_open() and not d.away and d.pending is None]


def my_days(employee: Employee, opd: Unit, start: date, end: date) -> list[MyDay]:
    """The employee's days from start to end (inclusive), in five or six queries."""
    policies, circulars = governed(opd, start, end)
    modes = dict(
        Assignment.objects.filter(
            employee=employee, day__range=(start, end), roster__status__in=VISIBLE_STATUSES
        ).values_list("day", "mode")
    )
    requests = AwayRequest.objects.filter(
        employee=employee,
        day__range=(start, end),
        status__in=[AwayRequest.Status.PENDING, AwayRequest.Status.APPROVED],
    )
    pending: dict[date, AwayRequest] = {}
    approved: dict[date, AwayRequest] = {}
    for r in requests:
        (pending if r.is_pending else approved)[r.day] = r
    now = today()
    return [
        MyDay(
            day=day,
            policy=policy,
            circular=circulars.get(policy.circular_id) if policy.circular_id else None,
            mode=Mode(modes.get(day, Mode.WFO)),
            pending=pending.get(day),
            today=now,
            approved=approved.get(day),
        )
        for day, policy in sorted(policies.items())
    ]


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The Monday before the month's first day and the Sunday after its last."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    return monday_of(first), monday_of(last) + timedelta(days=6)


def weeks_of(days: list[MyDay]) -> list[list[MyDay]]:
    return [days[i : i + 7] for i in range(0, len(days), 7)]


def acknowledged_ids(employee: Employee) -> set[int]:
    return set(
        Acknowledgement.objects.filter(employee=employee).values_list("circular_id", flat=True)
    )


def circulars_to_acknowledge(days: list[MyDay], acknowledged: set[int]) -> list[Circular]:
    """Circulars under which the employee has a coming day away (or asked for one) and
    whose conditions they have not confirmed yet."""
    found: dict[int, Circular] = {}
    for d in days:
        if d.circular is None or d.circular.pk in acknowledged or d.is_past:
            continue
        if d.away or d.pending is not None:
            found[d.circular.pk] = d.circular
    return list(found.values())


def acknowledged_by_opd(circular: Circular, opd_ids: list[int]) -> dict[int, int]:
    """Active staff per OPD who confirmed the circular's conditions (one query)."""
    rows = (
        Acknowledgement.objects.filter(circular=circular, employee__active=True)
        .filter(Q(employee__unit_id__in=opd_ids) | Q(employee__unit__parent_id__in=opd_ids))
        .annotate(opd_id=Coalesce("employee__unit__parent_id", "employee__unit_id"))
        .values("opd_id")
        .annotate(n=Count("pk"))
    )
    return {row["opd_id"]: row["n"] for row in rows}


def away_assignments(employee: Employee, since: date) -> list[tuple[int, date, str]]:
    """(id, day, mode) of the employee's visible days away from ``since`` on (one query)."""
    return list(
        Assignment.objects.filter(
            employee=employee,
            day__gte=since,
            mode__in=[m.value for m in AWAY_MODES],
            roster__status__in=VISIBLE_STATUSES,
        )
        .order_by("day")
        .values_list("pk", "day", "mode")
    )


# --- who decides a request ---------------------------------------------------------


def head_user_ids(opd_id: int) -> set[int]:
    return set(
        Role.objects.filter(kind=Role.Kind.OPD_HEAD, unit_id=opd_id).values_list(
            "user_id", flat=True
        )
    )


def is_head_request(away_request: AwayRequest) -> bool:
    """Whether the requester heads their own OPD: then BKPSDM decides, never the OPD."""
    user_id = away_request.employee.user_id
    return user_id is not None and user_id in head_user_ids(away_request.employee.unit.opd_id)


def requester_is_head() -> Exists:
    """AwayRequest annotation: the requester holds the head role of the OPD they work in."""
    return Exists(
        Role.objects.filter(kind=Role.Kind.OPD_HEAD, user_id=OuterRef("employee__user_id")).filter(
            Q(unit_id=OuterRef("employee__unit_id"))
            | Q(unit_id=OuterRef("employee__unit__parent_id"))
        )
    )


# --- the queue -----------------------------------------------------------------


@dataclass
class QueueRow:
    request: AwayRequest
    away: int
    limit: int | None  # None: no day away can be allowed on that day

    @property
    def room(self) -> int | None:
        return None if self.limit is None else self.limit - self.away

    @property
    def label(self) -> str:
        return format_day(self.request.day)


def queue_rows(opd: Unit, requests: list[AwayRequest]) -> list[QueueRow]:
    """Each pending request with its day's room under the cap (limit - away)."""
    if not requests:
        return []
    days = sorted({r.day for r in requests})
    policies, _circulars = governed(opd, days[0], days[-1])
    headcount = Employee.objects.headcount_by_opd([opd.pk]).get(opd.pk, 0)
    away = dict(DayCounter.objects.filter(unit=opd, day__in=days).values_list("day", "away"))
    return [
        QueueRow(request=r, away=away.get(r.day, 0), limit=policies[r.day].limit_for(headcount))
        for r in requests
    ]
