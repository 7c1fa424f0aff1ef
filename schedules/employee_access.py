"""Who may see and decide employees' requests, acknowledgements and revocations.

An employee reaches only their own rows, through ``actor.employee`` (never an
id from the URL). Heads and operators reach their OPD's staff; BKPSDM admins
their agency's. Anything else answers 404, so a guessed id reveals nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from organizations.access import agency_for_admin, get_actor, get_in_scope
from organizations.models import Agency, Employee, Unit, User

from .access import roster_opd_for
from .employee_selectors import requester_is_head
from .models import AwayRequest, Revocation


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


def opd_for_head(user: User, unit_id: object) -> Unit:
    """An OPD whose roster this login fills (head or operator); else 404."""
    return roster_opd_for(user, unit_id)


def opd_for_head_or_admin(user: User, unit_id: object) -> Unit:
    """An OPD this login fills, or one of the agencies it administers (BKPSDM); else 404."""
    actor = get_actor(user)
    scope = Q(pk__in=actor.roster_unit_ids) | Q(agency_id__in=actor.admin_agency_ids)
    units = Unit.objects.opds().select_related("agency")
    if not actor.is_superuser:
        units = units.filter(scope)
    return get_in_scope(units, unit_id)


def agency_for_bkpsdm(user: User, agency_id: object) -> Agency:
    return agency_for_admin(user, agency_id)


def queue_for_opd(user: User, opd: Unit) -> QuerySet[AwayRequest]:
    """Pending requests the OPD decides: its staff's, except its heads' and the login's own."""
    return (
        AwayRequest.objects.pending()
        .filter(Q(employee__unit_id=opd.pk) | Q(employee__unit__parent_id=opd.pk))
        .exclude(employee__user_id=user.pk)
        .alias(by_head=requester_is_head())
        .filter(by_head=False)
    )


def queue_for_agency(user: User, agency: Agency) -> QuerySet[AwayRequest]:
    """Pending requests of heads of OPDs in the agency: BKPSDM decides them."""
    return (
        AwayRequest.objects.pending()
        .filter(employee__unit__agency=agency)
        .exclude(employee__user_id=user.pk)
        .alias(by_head=requester_is_head())
        .filter(by_head=True)
    )


def staff_for_revocation(opd: Unit) -> QuerySet[Employee]:
    return Employee.objects.of_opd(opd.pk).active()


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
    return get_in_scope(revocations_for(user).select_related("employee", "circular"), pk)
