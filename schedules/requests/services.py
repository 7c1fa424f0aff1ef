"""Employees' use cases: ask for days away, give days back, confirm conditions, the
decisions others take about them (approve, reject, revoke, reinstate), and moving
an employee to another OPD.

Every write of days goes through ``writer``, under its one locking order (the
employee first, then the OPDs' day counters). Approving a request writes the
day through ``services.save_week``: the cap and every rule apply exactly as on
the grid. Giving a day back to the office (by the employee, or by a revocation)
is always allowed, even in a week already submitted to or accepted by BKPSDM.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from circulars.governing import governed
from circulars.models import Circular
from notifications import events
from organizations.access import get_actor
from organizations.models import Employee, Unit, User
from policy import check as rules
from policy.values import AWAY_MODES, Code, DayPolicy, Mode, RosterCheck, StaffMember, Violation
from policy.values import Assignment as Cell
from wfa_portal.isoweek import monday_of
from wfa_portal.soft_cache import in_service_transaction, versioned

from .. import versions, writer
from ..models import (
    NOTE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    Acknowledgement,
    Assignment,
    AwayRequest,
    DayCounter,
    FeedToken,
    Revocation,
    Roster,
)
from ..roster.selectors import StaffRow, staff_members
from ..roster.services import RulesRefused, check_week, save_week
from .access import NOT_SANCTIONER, may_sanction
from .selectors import (
    VISIBLE_STATUSES,
    acknowledged_ids,
    format_day,
    is_head_request,
    opd_of,
    today,
)

# The rules an employee's own request can break whatever the rest of the roster:
# the cap and the weekly limit are judged when the head approves.
PERSONAL_CODES = frozenset(
    {
        Code.FRONTLINE_UNIT,
        Code.EXEMPT_ROLE,
        Code.PERMISSION_REVOKED,
        Code.JOB_TYPE_EXCLUDED,
        Code.UNDER_SANCTION,
        Code.NEW_EMPLOYEE,
        Code.RECALLED,
        Code.WRONG_MODE,
    }
)


# --- calendar feed -------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_token_for(employee: Employee) -> FeedToken:
    """The employee's feed token, made on first use."""
    existing = FeedToken.objects.filter(employee=employee).first()
    return existing or rotate_feed_token(employee=employee)


# "Jadwal saya" shows the feed address and asks for the conditions not yet confirmed:
# both read from the shared cache under a version of the employee's own, which
# rotating the token and acknowledging a circular change (#18).
MY_DAYS_CACHE_SECONDS = 60 * 60


def _my_days_changed(employee_id: int) -> None:
    """Now (a reader in this transaction) and after commit (a reader elsewhere that
    read the rows before the commit and stored them under the version of now)."""
    versions.employee_days_changed([employee_id])


def feed_and_acknowledged(employee: Employee) -> tuple[str, frozenset[int]]:
    """The employee's feed token (made on first use) and the circulars whose conditions
    they confirmed: one cache round trip, two queries on a miss."""

    def load() -> tuple[str, frozenset[int]]:
        return feed_token_for(employee).token, frozenset(acknowledged_ids(employee))

    if in_service_transaction():
        return load()
    key = f"wfa:my-days:extras:{employee.pk}"
    return versioned(versions.employee_days_key(employee.pk), key, load, MY_DAYS_CACHE_SECONDS)


@transaction.atomic
def rotate_feed_token(*, employee: Employee) -> FeedToken:
    """A new secret (32 random bytes): the old feed address stops working at once."""
    token = secrets.token_urlsafe(32)
    row, _created = FeedToken.objects.update_or_create(
        employee=employee,
        defaults={"token": token, "token_hash": _digest(token), "created_at": timezone.now()},
    )
    _my_days_changed(employee.pk)
    return row


def employee_for_feed(token: str) -> Employee | None:
    """The employee whose feed this is, looked up by the token's hash.

    The feed lives only as long as the employee and their login are active: the
    secret address is the only key, so it must die with the login it stands for.
    """
    if not token or len(token) > 100:
        return None
    row = (
        FeedToken.objects.select_related("employee", "employee__unit")
        .filter(token_hash=_digest(token), employee__active=True, employee__user__is_active=True)
        .first()
    )
    return row.employee if row else None


# --- acknowledgement -----------------------------------------------------------------


def acknowledge(*, employee: Employee, circular: Circular) -> Acknowledgement:
    """The employee confirms the circular's conditions (once; again is a no-op)."""
    row, created = Acknowledgement.objects.get_or_create(employee=employee, circular=circular)
    if created:
        _my_days_changed(employee.pk)
    return row


# --- requests ------------------------------------------------------------------------


@transaction.atomic
def request_days(
    *, employee: Employee, circular: Circular, days: Iterable[date], note: str = ""
) -> list[AwayRequest]:
    """One pending request per day, all or none.

    Raises ValidationError on ``days`` naming every refused day and why.
    """
    wanted = sorted(set(days))
    if not wanted:
        raise ValidationError({"days": _("Pilih minimal satu hari.")}, code="required")
    note = _limited(note, NOTE_MAX_LENGTH, "note")
    opd = opd_of(employee)
    errors = _request_errors(employee, opd, circular, wanted)
    if errors:
        raise ValidationError({"days": errors})
    mode = Mode(circular.arrangement).value
    try:
        with transaction.atomic():
            return [
                AwayRequest.objects.create(
                    employee=employee, circular=circular, day=day, mode=mode, note=note
                )
                for day in wanted
            ]
    except IntegrityError:  # a concurrent request for the same day won the race
        raise ValidationError(
            {"days": _("Sudah ada permohonan yang menunggu keputusan untuk hari itu.")}
        ) from None


def _request_errors(
    employee: Employee, opd: Unit, circular: Circular, days: list[date]
) -> list[str]:
    policies, _circulars = governed(opd, days[0], days[-1])
    pending = set(
        AwayRequest.objects.pending()
        .filter(employee=employee, day__in=days)
        .values_list("day", flat=True)
    )
    assigned = dict(
        Assignment.objects.filter(employee=employee, day__in=days).values_list("day", "mode")
    )
    member = staff_members(opd, [_staff_row(employee)], policies.values())[0]
    mode = Mode(circular.arrangement)
    now = today()
    errors: list[str] = []
    for day in days:
        policy = policies[day]
        label = format_day(day)
        if day <= now:
            errors.append(
                _("%(day)s: hari ini dan hari yang sudah lewat tidak dapat diajukan.")
                % {"day": label}
            )
        elif not policy.working_day:
            errors.append(
                _("%(day)s: bukan hari kerja (%(reason)s).")
                % {"day": label, "reason": policy.non_working_reason}
            )
        elif circular.pk not in policy.applied_ids():
            errors.append(
                _("%(day)s: di luar masa berlaku SE %(number)s.")
                % {"day": label, "number": circular.number}
            )
        elif day in pending:
            errors.append(
                _("%(day)s: sudah ada permohonan yang menunggu keputusan.") % {"day": label}
            )
        elif assigned.get(day) in AWAY_MODES:
            errors.append(
                _("%(day)s: Anda sudah dijadwalkan %(mode)s pada hari itu.")
                % {"day": label, "mode": assigned[day]}
            )
        else:
            errors += _personal_errors(opd, member, policy, mode)
    return errors


def _staff_row(employee: Employee) -> StaffRow:
    return StaffRow(
        pk=employee.pk,
        name=employee.name,
        unit_id=employee.unit_id,
        unit_name=employee.unit.name,
        role_tags=list(employee.role_tags or []),
        domicile_region_id=employee.domicile_region_id,
        office_region_id=employee.unit.office_region_id,
        job_type=employee.job_type,
        nip=employee.nip,
        asn_kind=employee.asn_kind,
    )


def _personal_errors(opd: Unit, member: StaffMember, policy: DayPolicy, mode: Mode) -> list[str]:
    """The rules' own messages for what refuses this employee on this day."""
    check = RosterCheck(
        unit_id=opd.pk,
        staff=[member],
        days={policy.day: policy},
        assignments=[Cell(member.employee_id, policy.day, mode)],
    )
    language = translation.get_language() or "id"
    return [
        v.message(language)
        for v in rules.errors(rules.check_roster(check))
        if v.code in PERSONAL_CODES
    ]


@transaction.atomic
def withdraw_request(*, away_request: AwayRequest, employee: Employee) -> AwayRequest:
    row: AwayRequest = AwayRequest.objects.select_for_update().get(
        pk=away_request.pk, employee=employee
    )
    _require_pending(row)
    row.status = AwayRequest.Status.WITHDRAWN
    row.decided_at = timezone.now()
    row.decided_by_id = employee.user_id
    row.save(update_fields=["status", "decided_at", "decided_by"])
    return row


@transaction.atomic
def approve_request(*, away_request: AwayRequest, actor: User) -> AwayRequest:
    """Write the day through ``save_week``; refused (request stays pending) with the rules'
    message when the day would break the cap or any rule."""
    # The writer's order: the employee first, then the request, then the counters
    # (in save_week). A revocation of the same employee holds the same lock, so
    # whichever comes second sees what the first committed.
    writer.lock_employees([away_request.employee_id])
    row = _lock_for_decision(away_request, actor)
    if row.day <= today():
        raise ValidationError(_("Hari permohonan sudah lewat: tolak permohonan ini."), code="past")
    opd = opd_of(row.employee)
    result = save_week(
        opd=opd,
        week_start=monday_of(row.day),
        cells={(row.employee_id, row.day): Mode(row.mode)},
        actor=actor,
    )
    if not result.saved:
        raise RulesRefused([v for v in result.errors if v.day == row.day] or result.errors)
    return _decide(row, actor, AwayRequest.Status.APPROVED, "")


@transaction.atomic
def reject_request(*, away_request: AwayRequest, actor: User, reason: str) -> AwayRequest:
    reason = _required_reason(reason, _("Tulis alasan penolakan."))
    row = _lock_for_decision(away_request, actor)
    return _decide(row, actor, AwayRequest.Status.REJECTED, reason)


def decide_requests(
    *, requests: list[AwayRequest], approve: bool, actor: User, reason: str = ""
) -> tuple[list[AwayRequest], list[tuple[AwayRequest, list[str]]]]:
    """Decide several requests one by one: each succeeds or fails on its own.

    Returns (decided, refused with messages). A rejection without a reason is
    refused as a whole before anything changes.
    """
    if not approve:
        _required_reason(reason, _("Tulis alasan penolakan."))
    decided, refused = [], []
    for row in requests:
        try:
            if approve:
                decided.append(approve_request(away_request=row, actor=actor))
            else:
                decided.append(reject_request(away_request=row, actor=actor, reason=reason))
        except ValidationError as error:
            refused.append((row, error.messages))
    return decided, refused


@transaction.atomic
def ask_week_back(*, roster: Roster, actor: User, note: str = "") -> int:
    """The OPD asks BKPSDM to return a submitted week, so that pending requests for its
    days can be approved; BKPSDM returns it through the oversight (``services.return_week``).

    Returns the number of BKPSDM admins told (0 when already asked for this submission).
    """
    note = _limited(note, REASON_MAX_LENGTH, "note")
    roster = Roster.objects.select_for_update().select_related("unit").get(pk=roster.pk)
    if roster.status == Roster.Status.ACCEPTED:
        raise ValidationError(
            _(
                "Jadwal minggu ini sudah diterima BKPSDM dan tidak dapat dikembalikan: "
                "permohonan pada minggu itu hanya dapat ditolak."
            ),
            code="accepted",
        )
    if roster.status != Roster.Status.SUBMITTED:
        raise ValidationError(
            _("Jadwal minggu ini belum diajukan: Anda dapat langsung menyetujui permohonannya."),
            code="not_submitted",
        )
    week = (roster.week_start, roster.week_start + timedelta(days=6))
    pending = (
        AwayRequest.objects.pending()
        .filter(day__range=week)
        .filter(employee__unit_id__in=_units_of(roster.unit_id))
        .count()
    )
    return events.week_return_asked(roster, actor, note=note, pending=pending)


def _units_of(opd_id: int) -> list[int]:
    return [opd_id, *Unit.objects.filter(parent_id=opd_id).values_list("pk", flat=True)]


def _required_reason(reason: str, message: str) -> str:
    reason = _limited(reason, REASON_MAX_LENGTH, "reason")
    if not reason:
        raise ValidationError({"reason": message}, code="reason_required")
    return reason


def _limited(text: str, limit: int, field: str) -> str:
    """The text trimmed; refused past ``limit`` characters, whoever sent it."""
    text = (text or "").strip()
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("Paling banyak %(limit)s karakter (tertulis %(n)s).")
                % {"limit": limit, "n": len(text)}
            },
            code="too_long",
        )
    return text


def _require_pending(row: AwayRequest) -> None:
    if not row.is_pending:
        raise ValidationError(
            _("Permohonan ini sudah %(status)s.") % {"status": row.get_status_display().lower()},
            code="not_pending",
        )


def _lock_for_decision(away_request: AwayRequest, actor: User) -> AwayRequest:
    row: AwayRequest = (
        AwayRequest.objects.select_for_update(of=("self",))
        .select_related("employee", "employee__unit", "employee__user", "circular")
        .get(pk=away_request.pk)
    )
    _require_pending(row)
    _require_decider(row, actor)
    return row


def _require_decider(row: AwayRequest, actor: User) -> None:
    """Never one's own request; a head's own request only by BKPSDM of the agency."""
    if row.employee.user_id == actor.pk:
        raise ValidationError(
            _("Anda tidak dapat memutuskan permohonan Anda sendiri."), code="own_request"
        )
    who = get_actor(actor)
    if who.is_superuser:
        return
    if is_head_request(row):
        if row.employee.unit.agency_id not in who.admin_agency_ids:
            raise ValidationError(
                _("Permohonan kepala OPD diputuskan oleh BKPSDM."), code="head_request"
            )
        return
    if row.employee.unit.opd_id not in who.roster_unit_ids:
        raise ValidationError(
            _("Anda tidak berwenang memutuskan permohonan ini."), code="not_decider"
        )


def _decide(row: AwayRequest, actor: User, status: str, reason: str) -> AwayRequest:
    row.status = status
    row.decided_by = actor
    row.decided_at = timezone.now()
    row.reason = reason
    row.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    events.request_decided(row)
    return row


# --- back to the office -----------------------------------------------------------------


@transaction.atomic
def choose_office(*, employee: Employee, day: date, actor: User) -> int:
    """The employee works at the office on a coming day they were rostered away.

    Always allowed, whatever the week's status. Returns the number of days given
    back (0 or 1). Raises ValidationError for today or a past day.
    """
    if day <= today():
        raise ValidationError(
            _("Hanya hari setelah hari ini yang dapat diubah menjadi WFO."), code="past"
        )
    writer.lock_employees([employee.pk])
    rows = list(
        Assignment.objects.filter(
            employee=employee,
            day=day,
            mode__in=[m.value for m in AWAY_MODES],
            roster__status__in=VISIBLE_STATUSES,
        ).select_related("roster")
    )
    if not rows:
        raise ValidationError(
            _("Anda tidak dijadwalkan di luar kantor pada hari itu."), code="not_away"
        )
    released = writer.release_to_office(rows=rows, actor=actor)
    if released:
        events.wfo_chosen(employee, rows[0].roster.unit_id, day)
    return released


# --- revocation --------------------------------------------------------------------------


@transaction.atomic
def revoke_permission(
    *, employee: Employee, circular: Circular, reason: str, actor: User
) -> Revocation:
    """Take back the employee's permission under the circular, in one transaction.

    Their coming days away under it (strictly after today) become WFO, their
    pending requests under it are rejected, the rules refuse new days, and the
    employee and BKPSDM are told.
    """
    reason = _required_reason(reason, _("Tulis alasan pencabutan izin."))
    _require_sanctioner(employee, actor)
    # The employee's lock first: an approval of their request waits for this
    # revocation and then sees it; or it committed first and its day is found
    # below, inside the lock, and given back.
    writer.lock_employees([employee.pk])
    try:
        with transaction.atomic():
            revocation = Revocation.objects.create(
                employee=employee, circular=circular, reason=reason, revoked_by=actor
            )
    except IntegrityError:
        raise ValidationError(
            {"circular": _("Izin pegawai ini berdasarkan SE tersebut sudah dicabut.")}
        ) from None
    opd = opd_of(employee)
    released = writer.release_to_office(
        rows=_future_days_under(employee, opd, circular), actor=actor
    )
    _reject_pending_under(employee, circular, actor, reason)
    events.permission_revoked(revocation, opd, released)
    return revocation


@transaction.atomic
def reinstate_permission(*, revocation: Revocation, reason: str, actor: User) -> Revocation:
    """Give the permission back (days given back to the office stay WFO)."""
    reason = _required_reason(reason, _("Tulis alasan pemulihan izin."))
    writer.lock_employees([revocation.employee_id])
    row: Revocation = (
        Revocation.objects.select_for_update(of=("self",))
        .select_related("employee", "employee__unit")
        .get(pk=revocation.pk)
    )
    _require_sanctioner(row.employee, actor)
    if not row.is_active:
        raise ValidationError(_("Izin ini sudah dipulihkan."), code="not_active")
    row.reinstated_by = actor
    row.reinstated_at = timezone.now()
    row.reinstate_reason = reason
    row.save(update_fields=["reinstated_by", "reinstated_at", "reinstate_reason"])
    return row


def _future_days_under(employee: Employee, opd: Unit, circular: Circular) -> list[Assignment]:
    windows = list(circular.windows.all())
    start = today() + timedelta(days=1)
    end = max((w.end for w in windows), default=start)
    if end < start:
        return []
    policies, _circulars = governed(opd, start, end)
    days = [day for day, policy in policies.items() if circular.pk in policy.applied_ids()]
    return list(
        Assignment.objects.filter(
            employee=employee, day__in=days, mode__in=[m.value for m in AWAY_MODES]
        ).select_related("roster")
    )


def _reject_pending_under(employee: Employee, circular: Circular, actor: User, reason: str) -> None:
    AwayRequest.objects.pending().filter(employee=employee, circular=circular).update(
        status=AwayRequest.Status.REJECTED,
        decided_by=actor,
        decided_at=timezone.now(),
        reason=_("Izin dicabut: %(reason)s") % {"reason": reason},
    )
    versions.employee_days_changed([employee.pk])  # an update() sends no signal


def _require_sanctioner(employee: Employee, actor: User) -> None:
    """The access module's decision, checked again here whatever the caller."""
    if not may_sanction(actor, employee):
        raise PermissionDenied(NOT_SANCTIONER)


# --- moving an employee to another OPD -------------------------------------------------------

# What happens to the moved employee's coming days away when the new OPD cannot
# take them: the move is refused (naming the days), or the days go back to the office.
REFUSE = "refuse"
TO_OFFICE = "to_office"
AWAY_DAYS_CHOICES = (REFUSE, TO_OFFICE)


@dataclass
class MoveResult:
    employee: Employee
    moved: int = 0  # coming days carried to the new OPD's rosters
    released: int = 0  # coming days away given back to the office


@transaction.atomic
def move_employee(
    *, employee: Employee, unit: Unit, actor: User | None, away_days: str = REFUSE
) -> MoveResult:
    """Put the employee in ``unit``; their coming days (after today) follow them.

    Under the writer's locks (the employee, then the day counters of both OPDs
    over every coming day either holds), the days move to the new OPD's rosters
    and the rules judge both OPDs' weeks again. A move that leaves either OPD
    with an error it did not have on a coming day (the new OPD over its limit,
    the old one over the limit of its smaller headcount, a frontline OPD, ...)
    is refused with the rules' messages, which name the days (``RulesRefused``).
    With ``away_days="to_office"`` the employee's coming days away go back to
    the office first (the employee and both OPDs are told); what still breaks a
    rule is refused all the same. Counters of both OPDs are recomputed.
    """
    if away_days not in AWAY_DAYS_CHOICES:
        raise ValueError(f"away_days must be one of {AWAY_DAYS_CHOICES}, got {away_days!r}")
    writer.lock_employees([employee.pk])
    employee = Employee.objects.select_related("unit", "user").get(pk=employee.pk)
    old = opd_of(employee)
    new = Unit.objects.select_related("agency").get(pk=unit.opd_id)
    if old.pk == new.pk:
        writer.move_rows(employee=employee, unit=unit, rows=[], counters=[])
        return MoveResult(employee=employee)
    start = today() + timedelta(days=1)
    rows = list(
        Assignment.objects.filter(employee=employee, day__gte=start).select_related("roster")
    )
    counters = writer.lock_counters(_move_keys((old.pk, new.pk), start, rows))
    weeks = sorted({monday_of(c.day) for c in counters})
    before = {_key(v) for v in _errors_after(start, (old, new), weeks)}
    released: list[Assignment] = []
    if away_days == TO_OFFICE:
        released = [row for row in rows if Mode(row.mode) in AWAY_MODES]
        writer.release_to_office(rows=released, actor=actor)
        rows = [row for row in rows if row not in released]
    _require_open_weeks(new, rows)
    writer.move_rows(employee=employee, unit=unit, rows=rows, counters=counters)
    caused = [v for v in _errors_after(start, (old, new), weeks) if _key(v) not in before]
    if caused:
        lead = _("%(name)s tidak dapat dipindahkan ke %(opd)s:") % {
            "name": employee.name,
            "opd": new.name,
        }
        raise RulesRefused(caused, code="move_refused", lead=lead)
    if released:
        events.away_days_sent_to_office(
            employee, old_opd=old, new_opd=new, days=sorted(row.day for row in released)
        )
    return MoveResult(employee=employee, moved=len(rows), released=len(released))


def _move_keys(
    opd_ids: tuple[int, int], start: date, rows: list[Assignment]
) -> list[tuple[int, date]]:
    """(OPD, day) of every coming day either OPD counts, and of the employee's rows."""
    days = set(
        DayCounter.objects.filter(unit_id__in=opd_ids, day__gte=start).values_list("day", flat=True)
    ) | {row.day for row in rows}
    return [(opd_id, day) for opd_id in opd_ids for day in days]


def _key(v: Violation) -> tuple[object, ...]:
    return (v.code, v.day, v.unit_id, v.employee_id, v.allowed, v.requested)


def _errors_after(start: date, opds: tuple[Unit, Unit], weeks: list[date]) -> list[Violation]:
    """The rules' errors on the coming days of both OPDs' weeks, as stored now."""
    return [
        v
        for opd in opds
        for week_start in weeks
        for v in check_week(opd=opd, week_start=week_start).errors
        if v.day is not None and v.day >= start
    ]


def _require_open_weeks(new: Unit, rows: list[Assignment]) -> None:
    """Days away may not arrive in a week the new OPD has already handed to BKPSDM."""
    away = [row for row in rows if Mode(row.mode) in AWAY_MODES]
    if not away:
        return
    weeks = {monday_of(row.day) for row in away}
    closed = set(
        Roster.objects.filter(unit=new, week_start__in=weeks)
        .exclude(status=Roster.Status.DRAFT)
        .values_list("week_start", flat=True)
    )
    days = [row.day for row in away if monday_of(row.day) in closed]
    if days:
        raise ValidationError(
            _(
                "Pegawai ini dijadwalkan di luar kantor pada %(days)s, tetapi jadwal minggu itu "
                "di %(opd)s sudah diajukan atau diterima BKPSDM. Pilih agar hari-hari itu "
                "dikembalikan ke kantor (WFO)."
            )
            % {"days": ", ".join(format_day(day) for day in sorted(days)), "opd": new.name},
            code="week_locked",
        )
