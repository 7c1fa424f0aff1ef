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
from circulars.models import Circular
from notifications.models import Notification
from organizations.dates import long_day
from organizations.models import Agency, Employee, Role, Unit
from policy.values import AWAY_MODES, DayPolicy, Mode
from wfa_portal.isoweek import monday_of
from wfa_portal.soft_cache import in_service_transaction, versioned

from ..models import Acknowledgement, Assignment, AwayRequest, DayCounter, Roster

VISIBLE_STATUSES = (Roster.Status.SUBMITTED, Roster.Status.ACCEPTED)
IN_FORCE_HORIZON = timedelta(days=400)


def today() -> date:
    return timezone.localdate()


def format_day(day: date) -> str:
    """ "Senin, 24 Maret 2025" in the active language."""
    return long_day(day)


def opd_of(employee: Employee) -> Unit:
    """The OPD the employee's unit rolls up to, with its agency (one query, none when the
    employee sits in the OPD itself and its agency is loaded, as the login's is)."""
    unit = employee.unit
    if unit.parent_id is None and Unit.agency.is_cached(unit):
        return unit
    return Unit.objects.select_related("agency").get(pk=unit.opd_id)


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


def governed(
    opd: Unit, start: date, end: date
) -> tuple[dict[date, DayPolicy], dict[int, Circular]]:
    """``circulars.governing.governed`` for my days and the home page's next step, its
    circulars (with their windows) also from the shared cache under the policy version:
    any change to a circular or its windows gives that version a new value
    (circulars/apps.py), so none is served stale."""
    policies = governing.policies_for_opd(opd, start, end)
    ids = sorted({pk for policy in policies.values() for pk in policy.applied_ids()})
    if not ids:
        return policies, {}

    def load() -> dict[int, Circular]:
        return {c.pk: c for c in Circular.objects.filter(pk__in=ids).prefetch_related("windows")}

    if in_service_transaction():
        return policies, load()
    key = "wfa:governing:circulars:" + ",".join(map(str, ids))
    circulars = versioned(governing.POLICY_VERSION_KEY, key, load, governing.POLICY_CACHE_SECONDS)
    return policies, circulars


Span = tuple[date, date]
_ONE_LOAD = timedelta(days=100)  # two periods closer than this are read as one span


def my_days_of(employee: Employee, opd: Unit, *periods: Span) -> list[list[MyDay]]:
    """``my_days`` for each period (e.g. the coming days and a month), reading the rules
    and the employee's days once for all of them when they lie close together."""
    low = min(start for start, _end in periods)
    high = max(end for _start, end in periods)
    if high - low > _ONE_LOAD:
        return [my_days(employee, opd, start, end) for start, end in periods]
    by_day = {d.day: d for d in my_days(employee, opd, low, high)}
    return [[by_day[day] for day in _each_day(start, end)] for start, end in periods]


def _each_day(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


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
    # The OPD's roster of the request's week when it is submitted or accepted: the
    # head can no longer write the day, only ask BKPSDM for the week back.
    roster: Roster | None = None

    @property
    def room(self) -> int | None:
        return None if self.limit is None else self.limit - self.away

    @property
    def label(self) -> str:
        return format_day(self.request.day)

    @property
    def week_closed(self) -> bool:
        return self.roster is not None


def queue_rows(agency: Agency, requests: list[AwayRequest]) -> list[QueueRow]:
    """Each request of one agency with its day's room under the cap (limit - away) and
    the state of its week, in six queries whatever the number of requests or OPDs: the
    governing circulars are loaded once for every OPD of the page.

    The requests come with ``employee__unit`` loaded.
    """
    if not requests:
        return []
    opd_ids = sorted({r.employee.unit.opd_id for r in requests})
    opds = Unit.objects.in_bulk(opd_ids)
    days = sorted({r.day for r in requests})
    loaded = governing.load(agency, days[0], days[-1])
    headcount = Employee.objects.headcount_by_opd(opd_ids)
    away = {
        (unit_id, day): n
        for unit_id, day, n in DayCounter.objects.filter(
            unit_id__in=opd_ids, day__in=days
        ).values_list("unit_id", "day", "away")
    }
    closed = {
        (r.unit_id, r.week_start): r
        for r in Roster.objects.filter(
            unit_id__in=opd_ids,
            week_start__in={monday_of(d) for d in days},
            status__in=VISIBLE_STATUSES,
        )
    }
    rows = []
    for r in requests:
        opd_id = r.employee.unit.opd_id
        policy = loaded.policy(opds[opd_id], r.day)
        rows.append(
            QueueRow(
                request=r,
                away=away.get((opd_id, r.day), 0),
                limit=policy.limit_for(headcount.get(opd_id, 0)),
                roster=closed.get((opd_id, monday_of(r.day))),
            )
        )
    return rows


def closed_weeks(opd: Unit, days: list[date]) -> dict[date, Roster]:
    """The OPD's weeks among ``days`` already submitted to or accepted by BKPSDM, by Monday
    (one query)."""
    if not days:
        return {}
    return {
        r.week_start: r
        for r in Roster.objects.filter(
            unit=opd,
            week_start__in={monday_of(d) for d in days},
            status__in=VISIBLE_STATUSES,
        )
    }


def weeks_asked_back(rosters: list[Roster]) -> set[int]:
    """The submitted rosters among ``rosters`` whose OPD asked BKPSDM to return them since
    their last submission (one query, on the notices' event keys)."""
    keys = {
        f"roster:{r.pk}:return_asked:{r.submitted_at.isoformat() if r.submitted_at else ''}": r.pk
        for r in rosters
        if r.status == Roster.Status.SUBMITTED
    }
    if not keys:
        return set()
    found = Notification.objects.filter(event_key__in=keys).values_list("event_key", flat=True)
    return {keys[key] for key in found.distinct()}
