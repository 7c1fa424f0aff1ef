"""The direct superior of an employee: the checks (same agency, not oneself, active, no
loop) and the lock that keeps two concurrent edits from closing a loop together.

The rule itself is pure (``policy.superiors``); this module loads the agency's links,
turns a refusal into an Indonesian message on the ``superior`` field, and locks the
agency's row so that writers of superiors in one agency go one at a time.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from policy.superiors import Refusal, refusal

from .access import access_changed
from .models import Agency, Employee, Unit


def lock_agency(agency_id: int) -> None:
    """Serialise the writers of superiors in one agency (other agencies never wait)."""
    Agency.objects.select_for_update().filter(pk=agency_id).values_list("pk").get()


def agency_links(agency_id: int) -> dict[int, int | None]:
    """Every employee of the agency with a superior -> that superior (one query)."""
    return dict(
        Employee.objects.filter(unit__agency_id=agency_id, superior__isnull=False).values_list(
            "pk", "superior_id"
        )
    )


def _agency_of(unit_id: int) -> int:
    return Unit.objects.values_list("agency_id", flat=True).get(pk=unit_id)


def check_superior(employee: Employee, superior: Employee | None) -> None:
    """ValidationError on ``superior`` when it may not be the employee's direct superior."""
    if superior is None:
        return
    agency_id = _agency_of(employee.unit_id)
    links = agency_links(agency_id)
    if employee.pk is not None:
        links.pop(employee.pk, None)  # the link being replaced
    why = refusal(
        employee_id=employee.pk,
        employee_agency=agency_id,
        superior_id=superior.pk,
        superior_agency=_agency_of(superior.unit_id),
        superior_active=superior.active,
        links=links,
    )
    if why is not None:
        raise ValidationError({"superior": [message(why, employee, superior)]}, code=why.value)


def message(why: Refusal, employee: Employee, superior: Employee) -> str:
    names = {"employee": employee.name, "superior": superior.name}
    if why is Refusal.SELF:
        return _("Pegawai tidak dapat menjadi atasan langsung dirinya sendiri.")
    if why is Refusal.OTHER_AGENCY:
        return _("Atasan langsung harus pegawai instansi yang sama.")
    if why is Refusal.INACTIVE:
        return _("%(superior)s tidak aktif lagi dan tidak dapat menjadi atasan langsung.") % names
    return (
        _(
            "%(superior)s tidak dapat menjadi atasan langsung %(employee)s: %(superior)s "
            "sudah menjadi bawahan (langsung atau tidak langsung) %(employee)s, sehingga "
            "rantai atasan menjadi melingkar."
        )
        % names
    )


def set_under_lock(employee: Employee, superior: Employee | None) -> None:
    """Lock the agency, check again against the links as they are now, and write."""
    lock_agency(_agency_of(employee.unit_id))
    if superior is not None:
        superior = Employee.objects.get(pk=superior.pk)  # as it is now, inside the lock
    check_superior(employee, superior)
    employee.superior = superior
    if employee.pk is not None:
        Employee.objects.filter(pk=employee.pk).update(superior=superior)
        access_changed()  # update() sends no signal: cached employee records are stale
