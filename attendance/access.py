"""Who may see and change attendance: the one scoping helper per resource.

- The duty of a circular: the BKPSDM admins of the circular's agency (as the circular).
- An OPD's location point: its head, and the BKPSDM admins of its agency.
- An employee's recorded home: the head of the employee's OPD and the BKPSDM admins;
  never the employee (it is what their check-ins are compared with).
- Checking in and daily reports: the employee, for themself only.
- Verifying check-ins and commenting on reports: the head of the OPD.
- The daily figure and its counts: BKPSDM admins and inspectors of the agency.
- Imports from attendance apps: the BKPSDM admins of the agency.
- An employee's evidence export: whoever may read the employee (themself, their OPD's
  head or operator, their agency's BKPSDM and inspectorate).

Anything outside a scope answers 404 (``get_in_scope``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from circulars.access import circular_for_admin, circular_visible_to
from circulars.models import Circular
from organizations.access import (
    employees_visible_to,
    get_actor,
    get_in_scope,
)
from organizations.models import Agency, Employee, Unit, User

from .models import CheckIn, CheckInImport, DailyReport, ImportSource


def circular_for_duty(user: User, circular_id: object) -> Circular:
    """A circular whose attendance duty this login may change (BKPSDM of its agency)."""
    return circular_for_admin(user, circular_id)


def circular_for_reading(user: User, circular_id: object) -> Circular:
    return circular_visible_to(user, circular_id)


def opds_for_points(user: User) -> QuerySet[Unit]:
    actor = get_actor(user)
    if actor.is_superuser:
        return Unit.objects.opds()
    return Unit.objects.opds().filter(
        Q(pk__in=actor.head_unit_ids) | Q(agency_id__in=actor.admin_agency_ids)
    )


def opd_for_points(user: User, unit_id: object) -> Unit:
    return get_in_scope(opds_for_points(user).select_related("agency"), unit_id)


def employees_for_home(user: User) -> QuerySet[Employee]:
    actor = get_actor(user)
    if actor.is_superuser:
        return Employee.objects.all()
    heads = actor.head_unit_ids
    return Employee.objects.filter(
        Q(unit_id__in=heads)
        | Q(unit__parent_id__in=heads)
        | Q(unit__agency_id__in=actor.admin_agency_ids)
    )


def employee_for_home(user: User, employee_id: object) -> Employee:
    return get_in_scope(employees_for_home(user).select_related("unit"), employee_id)


def me(user: User) -> Employee:
    """The login's own active employee record; 403 for a login that is no employee."""
    employee = get_actor(user).employee
    if employee is None:
        raise PermissionDenied
    return employee


def report_for_comment(opd: Unit, report_id: object) -> DailyReport:
    """A daily report of the OPD's staff (sub-units included); else 404."""
    reports = DailyReport.objects.filter(
        Q(employee__unit_id=opd.pk) | Q(employee__unit__parent_id=opd.pk)
    )
    return get_in_scope(reports, report_id)


def source_of_agency(agency: Agency, source_id: object) -> ImportSource:
    return get_in_scope(ImportSource.objects.filter(agency=agency), source_id)


def import_of_agency(agency: Agency, import_id: object) -> CheckInImport:
    return get_in_scope(CheckInImport.objects.filter(agency=agency), import_id)


def employee_for_evidence(user: User, employee_id: object) -> Employee:
    return get_in_scope(employees_visible_to(user).select_related("unit"), employee_id)


# --- the API's lists (the pages read the same rows through the selectors) -------------------


def my_check_ins(user: User) -> QuerySet[CheckIn]:
    """The login's own check-ins; 403 for a login that is no employee."""
    return CheckIn.objects.filter(employee=me(user))


def my_reports(user: User) -> QuerySet[DailyReport]:
    """The login's own daily reports; 403 for a login that is no employee."""
    return DailyReport.objects.filter(employee=me(user))


def check_ins_of_agency(agency: Agency) -> QuerySet[CheckIn]:
    """Every check-in of the agency's staff: for its BKPSDM and inspectorate, who get the
    agency through ``organizations.access.agency_for_oversight``."""
    return CheckIn.objects.filter(employee__unit__agency_id=agency.pk)


def reports_of_agency(agency: Agency) -> QuerySet[DailyReport]:
    return DailyReport.objects.filter(employee__unit__agency_id=agency.pk)


def opd_of_agency(agency: Agency, unit_id: object) -> Unit:
    """One OPD of the agency (a filter of the oversight lists); else 404."""
    return get_in_scope(Unit.objects.opds().filter(agency_id=agency.pk), unit_id)
