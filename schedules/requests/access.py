"""Who may see and decide employees' requests, acknowledgements and revocations.

An employee reaches only their own rows, through ``actor.employee`` (never an
id from the URL). Heads and operators reach their OPD's staff; BKPSDM admins
their agency's. Anything else answers 404, so a guessed id reveals nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from organizations.access import get_actor, get_in_scope
from organizations.models import Agency, Employee, Role, Unit, User

from ..models import AwayRequest, Revocation, Roster
from ..roster.access import roster_opds_for
from .selectors import head_user_ids, requester_is_head


def my_employee(user: User) -> Employee:
    """The login's own employee record; pages for employees only."""
    employee = get_actor(user).employee
    if employee is None:
        raise PermissionDenied
    return employee


def my_requests(user: User) -> QuerySet[AwayRequest]:
    return AwayRequest.objects.filter(employee=my_employee(user))


def my_request(user: User, pk: object) -> AwayRequest:
    return get_in_scope(my_requests(user), pk)


def closed_week_of_opd(opd: Unit, roster_id: object) -> Roster:
    """A roster of the OPD (found through ``roster_opd_for``); any other id is a 404."""
    return get_in_scope(Roster.objects.filter(unit=opd).select_related("unit"), roster_id)


def requests_for_opd(user: User, opd: Unit) -> QuerySet[AwayRequest]:
    """Requests (any status) the OPD decides: its staff's, except its heads' and the
    login's own."""
    return (
        AwayRequest.objects.filter(
            Q(employee__unit_id=opd.pk) | Q(employee__unit__parent_id=opd.pk)
        )
        .exclude(employee__user_id=user.pk)
        .alias(by_head=requester_is_head())
        .filter(by_head=False)
    )


def queue_for_opd(user: User, opd: Unit) -> QuerySet[AwayRequest]:
    """Pending requests the OPD decides."""
    return requests_for_opd(user, opd).filter(status=AwayRequest.Status.PENDING)


def requests_for_agency(user: User, agency: Agency) -> QuerySet[AwayRequest]:
    """Requests (any status) of heads of OPDs in the agency: BKPSDM decides them."""
    return (
        AwayRequest.objects.filter(employee__unit__agency=agency)
        .exclude(employee__user_id=user.pk)
        .alias(by_head=requester_is_head())
        .filter(by_head=True)
    )


def queue_for_agency(user: User, agency: Agency) -> QuerySet[AwayRequest]:
    """Pending requests of heads of OPDs in the agency."""
    return requests_for_agency(user, agency).filter(status=AwayRequest.Status.PENDING)


def requests_to_decide(user: User) -> QuerySet[AwayRequest]:
    """Pending requests this login decides: its OPDs' queues and its agencies' (BKPSDM)."""
    actor = get_actor(user)
    scope = Q(pk__in=[])
    for opd in roster_opds_for(user):
        scope |= Q(pk__in=queue_for_opd(user, opd).values("pk"))
    for agency in Agency.objects.filter(pk__in=actor.admin_agency_ids):
        scope |= Q(pk__in=queue_for_agency(user, agency).values("pk"))
    return AwayRequest.objects.filter(scope).order_by("day", "pk")


# --- revocations ----------------------------------------------------------------------
#
# Who may take an employee's permission back, and give it back (one authority for
# both, for pages, API and the service alike):
# - nobody decides their own: never the sanctioned employee;
# - a head of an OPD answers to BKPSDM: only the agency's BKPSDM admins sanction or
#   reinstate a head, never the head's own OPD (their operators report to them);
# - otherwise the heads and operators of the employee's OPD, and BKPSDM of the agency.


NOT_SANCTIONER = _(
    "Anda tidak berwenang mencabut atau memulihkan izin pegawai ini: izin Anda sendiri dan "
    "izin kepala OPD diputuskan oleh atasan atau BKPSDM."
)


def is_opd_head(employee: Employee) -> bool:
    """Whether the employee holds the head role of the OPD they work in."""
    return employee.user_id is not None and employee.user_id in head_user_ids(employee.unit.opd_id)


def may_sanction(user: User, employee: Employee) -> bool:
    """May this login revoke (or reinstate) the employee's permission to work away?"""
    actor = get_actor(user)
    if not actor.is_authenticated:
        return False
    if employee.user_id == actor.user_id or employee.pk == actor.employee_id:
        return False
    if actor.is_superuser or employee.unit.agency_id in actor.admin_agency_ids:
        return True
    if employee.unit.opd_id not in actor.roster_unit_ids:
        return False
    return not is_opd_head(employee)


def staff_for_revocation(opd: Unit, user: User | None = None) -> QuerySet[Employee]:
    """The OPD's active staff; with ``user``, only those that login may sanction."""
    staff = Employee.objects.of_opd(opd.pk).active()
    if user is None:
        return staff
    actor = get_actor(user)
    staff = staff.exclude(pk=actor.employee_id or 0)
    if actor.user_id is not None:
        staff = staff.exclude(user_id=actor.user_id)
    if actor.is_superuser or opd.agency_id in actor.admin_agency_ids:
        return staff
    heads = Role.objects.filter(kind=Role.Kind.OPD_HEAD, unit_id=opd.pk).values("user_id")
    return staff.exclude(user_id__in=heads)


def employees_to_sanction(user: User) -> QuerySet[Employee]:
    """Active staff of the OPDs this login fills, or of its agencies (BKPSDM): the
    scope a revocation's employee is looked up in (``employee_to_sanction`` then asks
    ``may_sanction``)."""
    actor = get_actor(user)
    employees = Employee.objects.active()
    if actor.is_superuser:
        return employees
    own = actor.roster_unit_ids
    return employees.filter(
        Q(unit_id__in=own)
        | Q(unit__parent_id__in=own)
        | Q(unit__agency_id__in=actor.admin_agency_ids)
    )


def revocations_for(user: User) -> QuerySet[Revocation]:
    """Revocations this login may reinstate: its OPDs' staff, or its agencies' (BKPSDM)."""
    actor = get_actor(user)
    if actor.is_superuser:
        return Revocation.objects.all()
    own = actor.roster_unit_ids
    return Revocation.objects.filter(
        Q(employee__unit_id__in=own)
        | Q(employee__unit__parent_id__in=own)
        | Q(employee__unit__agency_id__in=actor.admin_agency_ids)
    )


def revocation_for(user: User, pk: object) -> Revocation:
    return get_in_scope(
        revocations_for(user).select_related("employee", "employee__unit", "circular"), pk
    )


def revocation_to_reinstate(user: User, pk: object) -> Revocation:
    """A revocation this login may give back: 404 outside its scope, 403 when it is
    the sanctioned employee's own or theirs to answer for (``may_sanction``)."""
    revocation = revocation_for(user, pk)
    if not may_sanction(user, revocation.employee):
        raise PermissionDenied(NOT_SANCTIONER)
    return revocation


def employee_to_sanction(user: User, employees: QuerySet[Employee], pk: object) -> Employee:
    """An employee of ``employees`` (the caller's scope) this login may sanction:
    404 outside the scope, 403 when ``may_sanction`` refuses."""
    employee = get_in_scope(employees.select_related("unit"), pk)
    if not may_sanction(user, employee):
        raise PermissionDenied(NOT_SANCTIONER)
    return employee
