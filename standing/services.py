"""Every change of standing flexible work, one function per use case.

The policy's transitions (draft -> published -> ended) live here and only here,
so whatever must follow a publication or an end (a cache of ``circulars.governing``)
is wired in one place: ``_policy_changed``. The rules are asked of
``policy.standing`` and ``policy.layers``; days are written only through
``schedules.writer`` (a one-day application through ``schedules.roster.services.save_week``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from circulars import governing
from circulars.governing import policies_changed
from notifications import events
from organizations.models import Agency, Employee, User, validate_evidence
from policy import layers
from policy import standing as engine
from policy.values import AWAY_MODES, Code, Mode
from schedules import writer
from schedules.models import Assignment
from schedules.roster.selectors import StaffRow, staff_members
from schedules.roster.services import RulesRefused, save_week
from wfa_portal.isoweek import monday_of

from .access import is_opd_head, may_decide
from .models import (
    Application,
    Arrangement,
    AwayMode,
    Place,
    PolicyEvent,
    Recall,
    StandingLimit,
    StandingPolicy,
    StandingShift,
    WeeklyException,
    WorkTarget,
)
from .rules import day_hours, standing_rules

REASON_MAX = 2000
MAX_TARGETS = 10


def _language() -> str:
    return translation.get_language() or "id"


def _text(value: str, field: str, message: str, limit: int = REASON_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message}, code="required")
    if len(value) > limit:
        raise ValidationError(
            {field: _("Paling banyak %(limit)s karakter.") % {"limit": limit}}, code="too_long"
        )
    return value


# --- the policy ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LimitRow:
    weekdays: list[int]
    shape: str
    value: int


@dataclass(frozen=True)
class ShiftRow:
    name: str
    start: time
    end: time
    break_minutes: int = 60


POLICY_FIELDS = (
    "number",
    "title",
    "considerations",
    "legal_bases",
    "signatory_name",
    "signatory_position",
    "issued_on",
    "start",
    "end",
    "weekly_limit",
    "open_weekdays",
    "cap_percent",
    "eligible_job_types",
    "excludes_sanctioned",
    "new_employee_months",
    "earliest_start",
    "latest_start",
    "weekly_minutes",
    "ramadan_minutes",
    "ramadan_start",
    "ramadan_end",
)


@transaction.atomic
def save_policy(
    *,
    agency: Agency,
    actor: User,
    data: dict,
    limits: list[LimitRow] = (),
    shifts: list[ShiftRow] = (),
    policy: StandingPolicy | None = None,
) -> StandingPolicy:
    """Create a draft, or change one (its limits and shifts replaced). Only a draft changes."""
    if policy is not None:
        policy = StandingPolicy.objects.select_for_update().get(pk=policy.pk)
        if policy.status != StandingPolicy.Status.DRAFT:
            raise ValidationError(
                _(
                    "Hanya konsep yang dapat diubah; kebijakan yang berlaku diakhiri lalu "
                    "dibuat baru."
                ),
                code="not_draft",
            )
    else:
        policy = StandingPolicy(agency=agency, created_by=actor)
    for name in POLICY_FIELDS:
        if name in data:
            setattr(policy, name, data[name])
    if not policy.open_weekdays:
        raise ValidationError(
            {"open_weekdays": _("Pilih paling sedikit satu hari yang dibuka.")}, code="weekdays"
        )
    policy.open_weekdays = sorted(set(policy.open_weekdays))
    policy.full_clean(exclude=["agency", "created_by"])
    if (
        StandingPolicy.objects.filter(agency=agency, number=policy.number)
        .exclude(pk=policy.pk)
        .exists()
    ):
        raise ValidationError({"number": _("Nomor ini sudah dipakai kebijakan lain.")})
    created = policy.pk is None
    policy.save()
    policy.limits.all().delete()
    policy.shifts.all().delete()
    for row in limits:
        limit = StandingLimit(
            policy=policy, weekdays=sorted(set(row.weekdays)), shape=row.shape, value=row.value
        )
        limit.full_clean()
        limit.save()
    names = set()
    for row in shifts:
        if row.name in names:
            raise ValidationError(
                {"shifts": _("Nama shift %(name)s dipakai dua kali.") % {"name": row.name}}
            )
        names.add(row.name)
        shift = StandingShift(
            policy=policy,
            name=row.name,
            start=row.start,
            end=row.end,
            break_minutes=row.break_minutes,
        )
        shift.full_clean()
        shift.save()
    PolicyEvent.objects.create(
        policy=policy,
        action=PolicyEvent.Action.CREATED if created else PolicyEvent.Action.UPDATED,
        actor=actor,
    )
    return policy


@transaction.atomic
def publish_policy(*, policy: StandingPolicy, actor: User) -> StandingPolicy:
    """Draft -> published. Refused while another published policy of the agency overlaps."""
    policy = StandingPolicy.objects.select_for_update().get(pk=policy.pk)
    if policy.status != StandingPolicy.Status.DRAFT:
        raise ValidationError(_("Kebijakan ini sudah diterbitkan."), code="not_draft")
    clash = (
        StandingPolicy.objects.filter(
            agency_id=policy.agency_id, status=StandingPolicy.Status.PUBLISHED
        )
        .overlapping(policy.start, policy.end or date.max)
        .exclude(pk=policy.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _(
                "Kebijakan Nomor %(number)s masih berlaku pada tanggal yang sama; akhiri dulu "
                "kebijakan itu."
            )
            % {"number": clash.number},
            code="overlap",
        )
    policy.status = StandingPolicy.Status.PUBLISHED
    policy.published_at = timezone.now()
    policy.save(update_fields=["status", "published_at"])
    PolicyEvent.objects.create(policy=policy, action=PolicyEvent.Action.PUBLISHED, actor=actor)
    _policy_changed(policy)
    events.standing_policy_published(policy)
    return policy


@transaction.atomic
def end_policy(*, policy: StandingPolicy, end: date, reason: str, actor: User) -> StandingPolicy:
    """Published -> ended on ``end`` (it governs up to that day, inclusive)."""
    policy = StandingPolicy.objects.select_for_update().get(pk=policy.pk)
    if policy.status != StandingPolicy.Status.PUBLISHED:
        raise ValidationError(
            _("Hanya kebijakan yang berlaku yang dapat diakhiri."), code="not_published"
        )
    reason = _text(reason, "end_reason", _("Tulis alasan kebijakan diakhiri."))
    if end < policy.start - timedelta(days=1) or (policy.end and end > policy.end):
        raise ValidationError(
            {"end": _("Tanggal akhir harus di antara tanggal mulai dan akhir kebijakan.")},
            code="end",
        )
    policy.status = StandingPolicy.Status.ENDED
    policy.end = max(end, policy.start)
    policy.ended_at = timezone.now()
    policy.end_reason = reason
    policy.save(update_fields=["status", "end", "ended_at", "end_reason"])
    PolicyEvent.objects.create(
        policy=policy, action=PolicyEvent.Action.ENDED, actor=actor, note=reason
    )
    _policy_changed(policy)
    return policy


def _policy_changed(policy: StandingPolicy) -> None:
    """After a publication or an end: what governs the agency is resolved afresh (the
    shared cache of resolved policies, ``circulars.governing``)."""
    policies_changed(policy.agency_id)


def current_policy(agency_id: int, day: date) -> StandingPolicy | None:
    return (
        StandingPolicy.objects.filter(agency_id=agency_id, status=StandingPolicy.Status.PUBLISHED)
        .overlapping(day, day)
        .first()
    )


# --- arrangements -------------------------------------------------------------------------


@dataclass(frozen=True)
class ArrangementData:
    eligible: bool
    weekdays: list[int]
    place: str = Place.HOME
    place_note: str = ""
    start_time: time | None = None
    shift: StandingShift | None = None
    weekly_exception: str = WeeklyException.NONE
    start: date | None = None
    end: date | None = None
    ict_doable: bool = False
    little_contact: bool = False
    no_supervision: bool = False
    no_equipment: bool = False
    note: str = ""


def _member(employee: Employee):
    unit = employee.unit
    row = StaffRow(
        pk=employee.pk,
        name=employee.name,
        unit_id=employee.unit_id,
        unit_name=unit.name,
        role_tags=list(employee.role_tags or []),
        domicile_region_id=employee.domicile_region_id,
        office_region_id=unit.office_region_id,
        job_type=employee.job_type,
        nip=employee.nip,
        asn_kind=employee.asn_kind,
    )
    return row


def eligibility_errors(employee: Employee, policy: StandingPolicy, day: date) -> list[str]:
    """Why the employee may not work away under the policy on ``day`` (sanction, new
    employee, job type, role), in the reader's language: the engine's bars."""
    rules = standing_rules(policy)
    opd = employee.unit.parent or employee.unit
    term = engine.term(rules)
    day_policy = layers.resolve_alone(term, layers.UnitFacts(opd.pk, opd.category), day)
    member = staff_members(opd, [_member(employee)], [day_policy])[0]
    return [b.message(_language()) for b in day_policy.bars(member)]


def arrangement_findings(
    policy: StandingPolicy, data: ArrangementData, day: date | None = None
) -> list[engine.Finding]:
    """The engine's findings on the usual days and the week's hours."""
    rules = standing_rules(policy, with_shifts=True)
    found = engine.check_days(data.weekdays, rules, engine.WeeklyException(data.weekly_exception))
    pattern = dict.fromkeys(range(5), day_hours(policy, data.start_time, data.shift))
    ramadan = bool(day and policy.in_ramadan(day))
    return found + engine.check_hours(pattern, rules, ramadan=ramadan)


@transaction.atomic
def decide_arrangement(
    *,
    employee: Employee,
    policy: StandingPolicy,
    data: ArrangementData,
    actor: User,
    application: Application | None = None,
) -> Arrangement:
    """The head sets the employee's arrangement; the one before ends the day before."""
    if not may_decide(actor, employee):
        raise PermissionDenied
    if (
        policy.status != StandingPolicy.Status.PUBLISHED
        or policy.agency_id != employee.unit.agency_id
    ):
        raise ValidationError(_("Kebijakan ini tidak berlaku untuk pegawai ini."), code="policy")
    start = data.start or timezone.localdate()
    if start < policy.start or (policy.end and start > policy.end):
        raise ValidationError(
            {"start": _("Tanggal mulai di luar masa berlaku kebijakan.")}, code="start"
        )
    if data.end and data.end < start:
        raise ValidationError({"end": _("Tanggal akhir harus sesudah tanggal mulai.")})
    if data.shift is not None and data.shift.policy_id != policy.pk:
        raise ValidationError({"shift": _("Shift ini bukan shift kebijakan ini.")})
    if data.eligible:
        criteria = (data.ict_doable, data.little_contact, data.no_supervision, data.no_equipment)
        if not all(criteria):
            raise ValidationError(
                {
                    "criteria": _(
                        "Pegawai dinyatakan memenuhi syarat hanya bila keempat kriteria tugas "
                        "dicentang: dapat dikerjakan dengan TIK, sedikit tatap muka, tanpa "
                        "pengawasan terus-menerus, tanpa peralatan khusus."
                    )
                },
                code="criteria",
            )
        if not data.weekdays:
            raise ValidationError(
                {"weekdays": _("Pilih hari biasa bekerja di luar kantor.")}, code="weekdays"
            )
        bars = eligibility_errors(employee, policy, start)
        if bars:
            raise ValidationError({"eligible": bars}, code="excluded")
        findings = arrangement_findings(policy, data, start)
        if findings:
            by_field = {"weekdays": [], "start_time": []}
            for f in findings:
                key = (
                    "weekdays"
                    if f.code in (Code.WEEKDAY_CLOSED, Code.WEEKLY_LIMIT)
                    else "start_time"
                )
                by_field[key].append(f.message(_language()))
            raise ValidationError({k: v for k, v in by_field.items() if v}, code="rules")
    writer.lock_employees([employee.pk])
    earlier = list(
        Arrangement.objects.select_for_update()
        .filter(employee=employee)
        .overlapping(start, data.end or date.max)
    )
    if any(a.start >= start for a in earlier):
        raise ValidationError(
            {"start": _("Sudah ada pengaturan yang dimulai pada atau sesudah tanggal ini.")},
            code="later_exists",
        )
    for old in earlier:
        old.end = start - timedelta(days=1)
        old.save(update_fields=["end"])
    return Arrangement.objects.create(
        employee=employee,
        policy=policy,
        eligible=data.eligible,
        weekdays=sorted(set(data.weekdays)) if data.eligible else [],
        place=data.place,
        place_note=(data.place_note or "").strip()[:200],
        start_time=data.start_time,
        shift=data.shift,
        weekly_exception=data.weekly_exception,
        start=start,
        end=data.end,
        application=application,
        note=(data.note or "").strip(),
        decided_by=actor,
        ict_doable=data.ict_doable,
        little_contact=data.little_contact,
        no_supervision=data.no_supervision,
        no_equipment=data.no_equipment,
    )


# --- applications ------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    target: str
    evidence_of_done: str


@transaction.atomic
def submit_application(
    *,
    employee: Employee,
    policy: StandingPolicy,
    reason: str,
    targets: list[Target],
    kind: str = Application.Kind.ARRANGEMENT,
    weekdays: list[int] = (),
    day: date | None = None,
    place: str = Place.HOME,
    place_note: str = "",
    start_time: time | None = None,
    start: date | None = None,
    evidence=None,
    mode: str = AwayMode.WFA,
) -> Application:
    """The employee applies, with a reason and a work plan; the deciders are told.

    A one-day application asks for WFA or WFH: one the day's policy offers
    (``offered_modes``), checked again when it is approved."""
    if (
        policy.status != StandingPolicy.Status.PUBLISHED
        or policy.agency_id != employee.unit.agency_id
    ):
        raise ValidationError(_("Kebijakan ini tidak berlaku untuk Anda."), code="policy")
    reason = _text(reason, "reason", _("Tulis alasan permohonan."))
    plan = [t for t in targets if (t.target or "").strip() or (t.evidence_of_done or "").strip()]
    if not plan:
        raise ValidationError(
            {"targets": _("Tulis paling sedikit satu target kerja yang terukur.")},
            code="no_targets",
        )
    if len(plan) > MAX_TARGETS:
        raise ValidationError({"targets": _("Paling banyak 10 target.")}, code="too_many")
    for n, t in enumerate(plan, start=1):
        if not (t.target or "").strip() or not (t.evidence_of_done or "").strip():
            raise ValidationError(
                {
                    "targets": _(
                        "Target %(n)d: isi targetnya dan apa yang menunjukkan target itu selesai."
                    )
                    % {"n": n}
                },
                code="target_incomplete",
            )
    rules = standing_rules(policy)
    now = timezone.localdate()
    if kind == Application.Kind.ONE_DAY:
        if day is None or day <= now:
            raise ValidationError({"day": _("Pilih tanggal setelah hari ini.")}, code="day")
        if (
            day.weekday() not in rules.weekdays
            or day < policy.start
            or (policy.end and day > policy.end)
        ):
            raise ValidationError(
                {
                    "day": _(
                        "Tanggal ini tidak dibuka untuk bekerja di luar kantor menurut kebijakan."
                    )
                },
                code="day_closed",
            )
        _require_offered(employee, day, mode)
        weekdays = []
    else:
        mode = AwayMode.WFA
        if not weekdays:
            raise ValidationError({"weekdays": _("Pilih hari yang diajukan.")}, code="weekdays")
        found = engine.check_days(weekdays, rules)
        if found:
            raise ValidationError(
                {"weekdays": [f.message(_language()) for f in found]}, code="rules"
            )
    if evidence:
        try:
            validate_evidence(evidence)
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}, code="evidence") from None
    try:
        with transaction.atomic():
            application = Application.objects.create(
                employee=employee,
                policy=policy,
                kind=kind,
                day=day,
                weekdays=sorted(set(weekdays)),
                place=place,
                place_note=(place_note or "").strip()[:200],
                start_time=start_time,
                start=start,
                mode=mode,
                reason=reason,
                evidence=evidence or "",
            )
    except IntegrityError:
        raise ValidationError(
            _("Anda masih punya permohonan yang menunggu keputusan."), code="pending_exists"
        ) from None
    WorkTarget.objects.bulk_create(
        [
            WorkTarget(
                application=application,
                target=t.target.strip()[:300],
                evidence_of_done=t.evidence_of_done.strip()[:300],
            )
            for t in plan
        ]
    )
    events.standing_application_submitted(application, by_head=is_opd_head(employee))
    return application


def offered_modes(employee: Employee, day: date) -> list[Mode]:
    """The away modes the day's policy offers the employee's OPD (the engine's answer:
    every layer over the day, a Lebaran circular naming WFA included), in a fixed order."""
    opd = employee.unit.parent or employee.unit
    policy = governing.policies_for_opd(opd, day, day)[day]
    allowed = policy.modes_allowed()
    return [m for m in (Mode.WFA, Mode.WFH) if m in allowed]


def _require_offered(employee: Employee, day: date, mode: str) -> None:
    if mode not in AwayMode.values:
        raise ValidationError({"mode": _("Pilih WFA atau WFH.")}, code="mode")
    offered = offered_modes(employee, day)
    if Mode(mode) not in offered:
        raise ValidationError(
            {
                "mode": _("Pada tanggal ini hanya dibuka: %(modes)s.")
                % {"modes": ", ".join(m.value for m in offered) or _("tidak ada")}
            },
            code="mode_closed",
        )


def _lock_pending(application: Application) -> Application:
    row = (
        Application.objects.select_for_update(of=("self",))
        .select_related("employee__unit", "employee__user", "policy")
        .get(pk=application.pk)
    )
    if row.status != Application.Status.PENDING:
        raise ValidationError(
            _("Permohonan ini sudah %(status)s.") % {"status": row.get_status_display().lower()},
            code="not_pending",
        )
    return row


@transaction.atomic
def approve_application(
    *, application: Application, actor: User, data: ArrangementData | None = None
) -> Application:
    """The head approves: an arrangement is set (its criteria ticked by the head), or the
    one day is written through ``save_week`` under every rule."""
    if not may_decide(actor, application.employee):
        raise PermissionDenied
    writer.lock_employees([application.employee_id])
    row = _lock_pending(application)
    if row.kind == Application.Kind.ONE_DAY:
        if row.day is None or row.day <= timezone.localdate():
            raise ValidationError(_("Tanggal permohonan sudah lewat: tolak permohonan ini."))
        opd = row.employee.unit.parent or row.employee.unit
        result = save_week(
            opd=opd,
            week_start=monday_of(row.day),
            cells={(row.employee_id, row.day): Mode(row.mode)},
            actor=actor,
        )
        if not result.saved:
            raise RulesRefused([v for v in result.errors if v.day == row.day] or result.errors)
    else:
        data = data or ArrangementData(eligible=True, weekdays=row.weekdays)
        merged = ArrangementData(
            **{
                **data.__dict__,
                "weekdays": data.weekdays or row.weekdays,
                "place": row.place,
                "place_note": row.place_note,
                "start_time": data.start_time or row.start_time,
                "start": data.start or row.start,
                "eligible": True,
            }
        )
        decide_arrangement(
            employee=row.employee, policy=row.policy, data=merged, actor=actor, application=row
        )
    return _decide(row, actor, Application.Status.APPROVED, "")


@transaction.atomic
def reject_application(*, application: Application, actor: User, note: str) -> Application:
    if not may_decide(actor, application.employee):
        raise PermissionDenied
    note = _text(note, "decision_note", _("Tulis alasan penolakan."))
    row = _lock_pending(application)
    return _decide(row, actor, Application.Status.REJECTED, note)


@transaction.atomic
def withdraw_application(*, application: Application, employee: Employee) -> Application:
    row = _lock_pending(application)
    if row.employee_id != employee.pk:
        raise PermissionDenied
    row.status = Application.Status.WITHDRAWN
    row.decided_at = timezone.now()
    row.save(update_fields=["status", "decided_at"])
    return row


def _decide(row: Application, actor: User, status: str, note: str) -> Application:
    row.status = status
    row.decided_by = actor
    row.decided_at = timezone.now()
    row.decision_note = note
    row.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    events.standing_application_decided(row)
    return row


# --- recalls ------------------------------------------------------------------------------


@transaction.atomic
def recall(
    *, employees: list[Employee], day: date, at: time, reason: str, actor: User
) -> list[Recall]:
    """Call employees back to the office on ``day`` at ``at``: their day away becomes an
    office day through the writer, the recall is kept, each is told at once."""
    reason = _text(reason, "reason", _("Tulis alasan pemanggilan."))
    if day < timezone.localdate():
        raise ValidationError({"day": _("Tanggal sudah lewat.")}, code="past")
    if not employees:
        raise ValidationError(
            {"employees": _("Tidak ada pegawai yang dijadwalkan di luar kantor pada hari itu.")},
            code="nobody",
        )
    for employee in employees:
        if not may_decide(actor, employee):
            raise PermissionDenied
    writer.lock_employees([e.pk for e in employees])
    taken = set(
        Recall.objects.filter(employee__in=employees, day=day).values_list("employee_id", flat=True)
    )
    if taken:
        names = ", ".join(e.name for e in employees if e.pk in taken)
        raise ValidationError(
            {
                "employees": _("Sudah dipanggil ke kantor pada hari itu: %(names)s.")
                % {"names": names}
            },
            code="already",
        )
    rows = list(
        Assignment.objects.filter(
            employee__in=employees, day=day, mode__in=[m.value for m in AWAY_MODES]
        ).select_related("roster")
    )
    by_employee: dict[int, list[Assignment]] = {}
    for row in rows:
        by_employee.setdefault(row.employee_id, []).append(row)
    recalls = []
    for employee in employees:
        released = writer.release_to_office(rows=by_employee.get(employee.pk, []), actor=actor)
        item = Recall.objects.create(
            employee=employee, day=day, at=at, reason=reason, recalled_by=actor, released=released
        )
        item.employee = employee
        events.standing_recalled(item)
        recalls.append(item)
    return recalls


def away_on(opd, day: date) -> list[Employee]:
    """The OPD's staff rostered away on ``day``."""
    ids = Assignment.objects.filter(
        roster__unit=opd, day=day, mode__in=[m.value for m in AWAY_MODES]
    ).values_list("employee_id", flat=True)
    return list(Employee.objects.filter(pk__in=ids).select_related("unit", "user"))


@transaction.atomic
def confirm_recall(*, recall_row: Recall, employee: Employee) -> Recall:
    row = Recall.objects.select_for_update().get(pk=recall_row.pk)
    if row.employee_id != employee.pk:
        raise PermissionDenied
    if row.confirmed_at is None:
        row.confirmed_at = timezone.now()
        row.save(update_fields=["confirmed_at"])
    return row


# --- work-plan targets --------------------------------------------------------------------


def _approved(target: WorkTarget) -> WorkTarget:
    row = (
        WorkTarget.objects.select_for_update(of=("self",))
        .select_related("application__employee__unit", "application__employee__user")
        .get(pk=target.pk)
    )
    if row.application.status != Application.Status.APPROVED:
        raise ValidationError(
            _("Target hanya dilaporkan dan dinilai setelah permohonannya disetujui."),
            code="not_approved",
        )
    return row


@transaction.atomic
def report_target(
    *, target: WorkTarget, employee: Employee, result: str, note: str = ""
) -> WorkTarget:
    """The employee reports a target's result (what shows it is done, a note). Reported
    again after a "not met" review, it waits for a new review; once met it stays."""
    row = _approved(target)
    if row.application.employee_id != employee.pk:
        raise PermissionDenied
    if row.met is True:
        raise ValidationError(
            _("Target ini sudah dinyatakan tercapai; laporannya tidak diubah lagi."), code="met"
        )
    row.result = _text(result, "result", _("Tulis apa yang menunjukkan target ini selesai."))
    row.result_note = (note or "").strip()
    if len(row.result_note) > REASON_MAX:
        raise ValidationError(
            {"note": _("Paling banyak %(limit)s karakter.") % {"limit": REASON_MAX}},
            code="too_long",
        )
    row.reported_at = timezone.now()
    row.met, row.review_comment, row.reviewed_by, row.reviewed_at = None, "", None, None
    row.save()
    events.standing_target_reported(row, by_head=is_opd_head(row.application.employee))
    return row


@transaction.atomic
def review_target(*, target: WorkTarget, actor: User, met: bool, comment: str = "") -> WorkTarget:
    """The head (BKPSDM for a head's own) says whether a reported target is met; a
    target found not met carries the reason, and the employee hears either way."""
    row = _approved(target)
    if not may_decide(actor, row.application.employee):
        raise PermissionDenied
    if row.reported_at is None:
        raise ValidationError(_("Pegawai belum melaporkan hasil target ini."), code="not_reported")
    comment = (comment or "").strip()
    if not met:
        comment = _text(comment, "comment", _("Tulis mengapa target ini belum tercapai."))
    elif len(comment) > REASON_MAX:
        raise ValidationError(
            {"comment": _("Paling banyak %(limit)s karakter.") % {"limit": REASON_MAX}},
            code="too_long",
        )
    row.met = met
    row.review_comment = comment
    row.reviewed_by = actor
    row.reviewed_at = timezone.now()
    row.save(update_fields=["met", "review_comment", "reviewed_by", "reviewed_at"])
    events.standing_target_reviewed(row)
    return row
