from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .importing import Preview, check_rows
from .models import Agency, Employee, ImportBatch, Role, Unit, User


@transaction.atomic
def deactivate_user(*, user: User) -> None:
    """Switch a login off. Its sessions end at their next request, because the
    authentication backend refuses inactive users when it loads them."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])


@transaction.atomic
def deactivate_employee(*, employee: Employee) -> None:
    """An employee who leaves stops counting toward headcounts and loses their login."""
    if employee.active:
        employee.active = False
        employee.save(update_fields=["active"])
    if employee.user_id:
        deactivate_user(user=employee.user)


def stage_import(
    *, agency: Agency, actor: User, filename: str, rows: list[dict[str, str]]
) -> tuple[Preview, ImportBatch | None]:
    """Check the rows; keep them for confirmation only when every row is valid."""
    preview = check_rows(agency.pk, rows)
    if not preview.ok:
        return preview, None
    batch = ImportBatch.objects.create(
        agency=agency, uploaded_by=actor, filename=filename[:200], rows=rows
    )
    return preview, batch


@transaction.atomic
def apply_import(*, batch: ImportBatch, actor: User) -> tuple[int, int]:
    """Write every row of a staged import or none; returns (created, updated)."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValidationError(_("Impor ini sudah diterapkan."))
    # Check again: units or employees may have changed since the preview.
    preview = check_rows(batch.agency_id, batch.rows)
    if not preview.ok:
        raise ValidationError(
            _("Data berubah sejak pratinjau; %(n)s baris kini bermasalah. Unggah ulang berkasnya.")
            % {"n": len(preview.error_rows)}
        )
    created, updated = _upsert([row.data for row in preview.rows])
    batch.status = ImportBatch.Status.APPLIED
    batch.applied_at = timezone.now()
    batch.save(update_fields=["status", "applied_at"])
    return created, updated


_FIELDS = ["name", "unit_id", "position", "role_tags", "domicile_region_id"]


def _upsert(rows: list[dict]) -> tuple[int, int]:
    existing = Employee.objects.in_bulk([row["nip"] for row in rows], field_name="nip")
    new, changed = [], []
    for row in rows:
        employee = existing.get(row["nip"])
        if employee is None:
            new.append(Employee(nip=row["nip"], **{f: row[f] for f in _FIELDS}))
            continue
        for name in _FIELDS:
            setattr(employee, name, row[name])
        changed.append(employee)
    Employee.objects.bulk_create(new, batch_size=1000)
    Employee.objects.bulk_update(changed, _FIELDS, batch_size=1000)
    return len(new), len(changed)


def operator_candidates(opd: Unit):
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
