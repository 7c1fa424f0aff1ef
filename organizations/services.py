import logging
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from policy.superiors import in_a_loop
from schedules import writer
from schedules.requests.services import REFUSE, move_employee
from wfa_portal.soft_cache import soft_cache

from . import superiors
from .access import access_changed
from .dates import long_date
from .importing import Preview, check_rows
from .models import (
    Agency,
    DisciplinarySanction,
    Employee,
    EmployeeCircumstance,
    ImportBatch,
    Role,
    Unit,
    User,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def deactivate_user(*, user: User) -> None:
    """Switch a login off. Its sessions end at their next request, because the
    authentication backend refuses inactive users when it loads them."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])


@transaction.atomic
def create_employee(*, employee: Employee) -> Employee:
    """Save a new employee record (the API's create and the admin's add form): the
    model's own rules first (lengths, choices, the NIP by ASN kind, the unique NIP)."""
    employee.full_clean(exclude=["user"])
    employee.save()
    return employee


@transaction.atomic
def update_employee(
    *, employee: Employee, changes: dict[str, Any], actor: User | None, away_days: str = REFUSE
) -> Employee:
    """Change an employee's record (name, NIP, position, roles, domicile, unit).

    A new unit is a move to another OPD, and moves go through the schedules'
    one writer (``move_employee``): the coming days follow the employee, both
    OPDs' rosters are judged again, and a move the rules refuse raises
    ``RulesRefused`` naming the days, unless ``away_days="to_office"`` sends
    the employee's coming days away back to the office.
    """
    changes = dict(changes)
    unit = changes.pop("unit", None)
    no_change = object()
    superior = changes.pop("superior", no_change)
    if unit is not None and unit.pk != employee.unit_id:
        employee = move_employee(
            employee=employee, unit=unit, actor=actor, away_days=away_days
        ).employee
    fields = [name for name, value in changes.items() if getattr(employee, name) != value]
    for name in fields:
        setattr(employee, name, changes[name])
    if fields:
        employee.save(update_fields=fields)
    if superior is not no_change:
        assert superior is None or isinstance(superior, Employee)
        set_superior(employee=employee, superior=superior)
    return employee


@transaction.atomic
def set_superior(*, employee: Employee, superior: Employee | None) -> Employee:
    """Name (or clear) the employee's direct superior: same agency, not themself, active,
    no loop. Checked again under a lock on the agency's row, so two edits at the same
    time cannot close a loop between them."""
    if superior is None and employee.superior_id is None:
        return employee
    if superior is not None and superior.pk == employee.superior_id:
        return employee
    superiors.set_under_lock(employee, superior)
    return employee


@transaction.atomic
def deactivate_employee(*, employee: Employee) -> None:
    """An employee who leaves stops counting toward headcounts and loses their login."""
    if employee.active:
        employee.active = False
        employee.save(update_fields=["active"])
    if employee.user is not None:
        deactivate_user(user=employee.user)


def stage_import(
    *, agency: Agency, actor: User, filename: str, rows: list[dict[str, str]]
) -> tuple[Preview, ImportBatch | None]:
    """Check the rows; keep them for confirmation only when every row is valid."""
    preview = check_rows(agency.pk, rows)
    if not preview.ok:
        return preview, None
    batch = ImportBatch.objects.create(
        agency=agency, uploaded_by=actor, filename=filename[:200], rows=rows, total=len(rows)
    )
    return preview, batch


# Up to this many rows an import is written during the request; a larger one
# runs as a background job and the page shows its progress.
SYNC_ROWS = 2000
CHUNK = 500


def request_apply(*, batch: ImportBatch, actor: User) -> ImportBatch:
    """Apply a staged import now if it is small, else queue it as a background job."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        _require_status(batch, ImportBatch.Status.PREVIEW)
        if batch.total <= SYNC_ROWS:
            return apply_import(batch=batch, actor=actor)
        batch.status = ImportBatch.Status.QUEUED
        batch.save(update_fields=["status"])
        transaction.on_commit(partial(_enqueue, batch.pk, actor.pk))
    return batch


def _enqueue(batch_id: int, actor_id: int) -> None:
    from wfa_portal.broker import publish

    from .tasks import apply_import_task

    if not publish(apply_import_task, [(batch_id, actor_id)]):
        # The broker is down (or was a moment ago): do the work here rather than lose it.
        logger.warning("import %s: broker unavailable, applying in-process", batch_id)
        run_queued_import(batch_id=batch_id, actor_id=actor_id)


def run_queued_import(*, batch_id: int, actor_id: int | None) -> None:
    """The background job: apply a queued import, or record why it failed."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).first()
    if batch is None:  # already done: a task delivered twice does nothing
        return
    actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    try:
        apply_import(batch=batch, actor=actor)
    except ValidationError as error:
        _fail(batch_id, " ".join(error.messages))
    except Exception as error:
        # Whatever broke, the batch must not stay queued. apply_import rolled back,
        # so nothing was written: say so, and keep the cause in the log.
        logger.exception("import %s failed", batch_id)
        _fail(
            batch_id,
            _("Terjadi kesalahan tak terduga saat menerapkan impor (%(kind)s).")
            % {"kind": type(error).__name__},
        )


def _fail(batch_id: int, message: str) -> None:
    ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.FAILED, error=message
    )


@transaction.atomic
def apply_import(*, batch: ImportBatch, actor: User | None) -> ImportBatch:
    """Write every row of a staged import or none; the batch records the counts."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _require_status(batch, ImportBatch.Status.PREVIEW, ImportBatch.Status.QUEUED)
    # Check again: units or employees may have changed since the preview.
    preview = check_rows(batch.agency_id, batch.rows)
    if not preview.ok:
        raise ValidationError(_changed_since_preview(preview))
    rows = [row.data for row in preview.rows]
    # The writer's locking order: every employee this import changes is locked before
    # a move (below) takes any day counter, so an import never waits on a counter
    # while holding a colleague that a roster writer needs.
    nips = [row["nip"] for row in rows]
    writer.lock_employees(Employee.objects.filter(nip__in=nips).values_list("pk", flat=True))
    created = updated = 0
    for start in range(0, len(rows), CHUNK):
        new, changed = _upsert(rows[start : start + CHUNK], actor)
        created, updated = created + new, updated + changed
        # Progress lives in the cache: the rows themselves commit only at the end.
        soft_cache.set(import_progress_key(batch.pk), start + CHUNK, timeout=3600)
    _link_superiors(batch.agency_id, rows)
    batch.status = ImportBatch.Status.APPLIED
    batch.applied_at = timezone.now()
    batch.created_count, batch.updated_count = created, updated
    batch.save(update_fields=["status", "applied_at", "created_count", "updated_count"])
    return batch


def _changed_since_preview(preview: Preview) -> list[str]:
    """Why a re-check refused, with the first rows' errors, for the page or the failed batch."""
    n = len(preview.error_rows)
    summary = _(
        "Data berubah sejak pratinjau; %(n)s baris kini bermasalah. Unggah ulang berkasnya."
    )
    details = [
        _("Baris %(line)s: %(errors)s") % {"line": row.line, "errors": " ".join(row.errors)}
        for row in preview.error_rows[:3]
    ]
    return [summary % {"n": n}, *details]


def import_progress_key(batch_id: int) -> str:
    return f"employee-import:{batch_id}:done"


def import_progress(batch: ImportBatch) -> int:
    """Rows written so far (0-100 %), for the progress bar."""
    if batch.status == ImportBatch.Status.APPLIED:
        return 100
    done: int = soft_cache.get(import_progress_key(batch.pk), 0)
    return min(99, done * 100 // max(1, batch.total))


def _require_status(batch: ImportBatch, *allowed: str) -> None:
    if batch.status not in allowed:
        raise ValidationError(
            _("Impor ini sudah diterapkan.")
            if batch.status == ImportBatch.Status.APPLIED
            else _("Impor ini sedang atau sudah diproses.")
        )


_FIELDS = ["name", "unit_id", "position", "role_tags", "domicile_region_id"]
# Optional columns: an empty or absent cell (None) keeps the stored value.
_KEPT_IF_EMPTY = ["job_type", "asn_kind"]


def _upsert(rows: list[dict[str, Any]], actor: User | None) -> tuple[int, int]:
    existing = Employee.objects.in_bulk([row["nip"] for row in rows], field_name="nip")
    new, changed = [], []
    for row in rows:
        given = {f: row[f] for f in _KEPT_IF_EMPTY if row.get(f) is not None}
        employee = existing.get(row["nip"])
        if employee is None:
            new.append(Employee(nip=row["nip"], **{f: row[f] for f in _FIELDS}, **given))
            continue
        if employee.unit_id != row["unit_id"]:
            _move(employee, row["unit_id"], actor)
        for name, value in [*((f, row[f]) for f in _FIELDS), *given.items()]:
            setattr(employee, name, value)
        changed.append(employee)
    Employee.objects.bulk_create(new, batch_size=1000)
    Employee.objects.bulk_update(changed, _FIELDS + _KEPT_IF_EMPTY, batch_size=1000)
    if changed:  # bulk writes send no signal: a login's cached employee record is stale
        access_changed()
    return len(new), len(changed)


def _link_superiors(agency_id: int, rows: list[dict[str, Any]]) -> None:
    """The ``nip_atasan`` column, once every row exists: written under the agency's lock
    and checked again, so a superior set meanwhile elsewhere cannot close a loop."""
    wanted = {row["nip"]: row["superior_nip"] for row in rows if row.get("superior_nip")}
    if not wanted:
        return
    superiors.lock_agency(agency_id)
    ids = dict(
        Employee.objects.filter(nip__in=[*wanted, *wanted.values()]).values_list("nip", "pk")
    )
    changed = [Employee(pk=ids[nip], superior_id=ids[boss]) for nip, boss in wanted.items()]
    Employee.objects.bulk_update(changed, ["superior"], batch_size=1000)
    access_changed()  # bulk_update sends no signal: cached employee records are stale
    looped = in_a_loop(superiors.agency_links(agency_id))
    if looped:
        names = Employee.objects.filter(pk__in=looped[:3]).values_list("nip", flat=True)
        raise ValidationError(
            _("Kolom nip_atasan membuat rantai atasan melingkar: %(nips)s. Unggah ulang berkasnya.")
            % {"nips": ", ".join(names)},
            code="superior_cycle",
        )


def _move(employee: Employee, unit_id: int, actor: User | None) -> None:
    """An imported row that moves an employee to another unit: through the writer, or
    the whole import is refused naming the employee and the days."""
    try:
        move_employee(employee=employee, unit=Unit.objects.get(pk=unit_id), actor=actor)
    except ValidationError as error:
        raise ValidationError(
            _("Baris NIP %(nip)s (%(name)s): %(why)s")
            % {"nip": employee.nip, "name": employee.name, "why": " ".join(error.messages)},
            code=getattr(error, "code", None) or "move_refused",
        ) from None


def operator_candidates(opd: Unit) -> QuerySet[Employee]:
    """Staff of the OPD with an active login who are not yet its operators."""
    return (
        Employee.objects.active()
        .of_opd(opd.pk)
        .filter(user__isnull=False, user__is_active=True)
        .exclude(user__roles__kind=Role.Kind.OPERATOR, user__roles__unit=opd)
        .select_related("user")
        .order_by("name")
    )


@transaction.atomic
def grant_operator(*, opd: Unit, employee: Employee, actor: User) -> Role:
    """A head delegates roster filling to one of the OPD's own staff."""
    if not operator_candidates(opd).filter(pk=employee.pk).exists():
        raise ValidationError({"employee": _("Pilih pegawai OPD ini yang memiliki akun aktif.")})
    role, _created = Role.objects.get_or_create(
        user=employee.user, kind=Role.Kind.OPERATOR, unit=opd, defaults={"granted_by": actor}
    )
    return role


@transaction.atomic
def revoke_operator(*, opd: Unit, role_id: int) -> None:
    deleted, _rows = Role.objects.filter(pk=role_id, unit=opd, kind=Role.Kind.OPERATOR).delete()
    if not deleted:
        raise ValidationError(_("Operator ini tidak ditemukan pada OPD Anda."))


# --- Sanctions and circumstances (eligibility), re-checking the rosters that exist ---------


def _recheck(
    employee: Employee,
    start: date,
    end: date | None,
    actor: User,
    cause: Callable[[], str],
    key: str,
) -> int:
    from circulars import impact

    released, _returned = impact.recheck_employee(
        employee, start, end, actor=actor, cause=cause, event_key=key
    )
    return released


@transaction.atomic
def add_sanction(
    *, employee: Employee, actor: User, start: date, end: date | None = None, note: str = ""
) -> tuple[DisciplinarySanction, int]:
    """Record a disciplinary sanction; the employee's coming days away inside it that
    a circular in force now refuses go back to the office (their weeks, if handed
    in, back to the OPD). Returns the sanction and the days released."""
    if end is not None and start > end:
        raise ValidationError({"end": [_("Tanggal selesai tidak boleh sebelum tanggal mulai.")]})
    sanction = DisciplinarySanction.objects.create(
        employee=employee, start=start, end=end, note=note.strip(), recorded_by=actor
    )
    return sanction, sanction_recorded(sanction=sanction, actor=actor)


@transaction.atomic
def sanction_recorded(*, sanction: DisciplinarySanction, actor: User) -> int:
    """A sanction was saved (by ``add_sanction`` or the admin's inline): the rosters that
    exist are re-checked over its dates. Returns the days away released."""
    employee, start, end = sanction.employee, sanction.start, sanction.end

    def cause() -> str:
        return _("hukuman disiplin %(name)s dicatat (%(span)s)") % {
            "name": employee.name,
            "span": _span(start, end),
        }

    return _recheck(employee, start, end, actor, cause, f"sanction:{sanction.pk}")


@transaction.atomic
def end_sanction(*, sanction: DisciplinarySanction, end: date, actor: User) -> DisciplinarySanction:
    """End a sanction on ``end`` (it only frees days: nothing to re-check)."""
    sanction = DisciplinarySanction.objects.select_for_update().get(pk=sanction.pk)
    if end < sanction.start:
        raise ValidationError(
            {"end": [_("Tanggal selesai tidak boleh sebelum tanggal mulai hukuman.")]}
        )
    if sanction.end is not None and sanction.end < end:
        raise ValidationError(
            {"end": [_("Hukuman ini sudah berakhir; tanggal selesai hanya dapat dimajukan.")]}
        )
    sanction.end = end
    sanction.save(update_fields=["end"])
    return sanction


@transaction.atomic
def add_circumstance(
    *,
    employee: Employee,
    actor: User,
    kind: str,
    note: str,
    evidence: UploadedFile | None = None,
    until: date | None = None,
) -> tuple[EmployeeCircumstance, int]:
    """Declare a circumstance group for the employee (a note, an optional file); the
    rosters that exist are re-checked through the same path as a sanction."""
    if kind not in EmployeeCircumstance.Kind.values:
        raise ValidationError({"kind": [_("Pilih keadaan yang tersedia.")]})
    if not (note or "").strip():
        raise ValidationError({"note": [_("Keterangan wajib diisi.")]})
    today = timezone.localdate()
    if until is not None and until < today:
        raise ValidationError({"until": [_("Tanggal berlaku sampai tidak boleh sudah lewat.")]})
    circumstance = EmployeeCircumstance(
        employee=employee, kind=kind, note=note.strip(), until=until, declared_by=actor
    )
    if evidence is not None:
        circumstance.evidence.save(evidence.name, evidence, save=False)
    circumstance.save()
    return circumstance, circumstance_declared(circumstance=circumstance, actor=actor)


@transaction.atomic
def circumstance_declared(*, circumstance: EmployeeCircumstance, actor: User) -> int:
    """A circumstance was saved (by ``add_circumstance`` or the admin's inline): the
    rosters that exist are re-checked from today. Returns the days away released."""
    employee = circumstance.employee
    label = EmployeeCircumstance.Kind(circumstance.kind).label

    def cause() -> str:
        return _("keadaan %(kind)s %(name)s dicatat") % {"kind": label, "name": employee.name}

    key = f"circumstance:{circumstance.pk}"
    return _recheck(employee, timezone.localdate(), circumstance.until, actor, cause, key)


def _span(start: date, end: date | None) -> str:
    if end is None:
        return _("sejak %(start)s") % {"start": long_date(start)}
    return f"{long_date(start)} – {long_date(end)}"
