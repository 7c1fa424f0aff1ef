"""Who may see and change what: one scoping helper per resource.

Every view and API endpoint asks these helpers, never the models directly.
Objects outside a user's scope answer 404, so guessing an id reveals nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from wfa_portal.converters import parse_id
from wfa_portal.soft_cache import in_service_transaction, new_versions, versioned

from .models import Agency, Employee, Role, Unit, User


@dataclass(frozen=True)
class Actor:
    """A login's roles, read once per request (two small queries)."""

    user_id: int | None
    is_superuser: bool = False
    admin_agency_ids: frozenset[int] = frozenset()
    inspector_agency_ids: frozenset[int] = frozenset()
    head_unit_ids: frozenset[int] = frozenset()
    operator_unit_ids: frozenset[int] = frozenset()
    employee: Employee | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return bool(self.admin_agency_ids)

    @property
    def is_inspector(self) -> bool:
        return bool(self.inspector_agency_ids)

    @property
    def is_head(self) -> bool:
        return bool(self.head_unit_ids)

    @property
    def roster_unit_ids(self) -> frozenset[int]:
        """OPDs whose rosters this login fills: as head or as operator."""
        return self.head_unit_ids | self.operator_unit_ids

    @property
    def oversight_agency_ids(self) -> frozenset[int]:
        """Agencies this login watches: as BKPSDM admin or inspector."""
        return self.admin_agency_ids | self.inspector_agency_ids

    @property
    def employee_id(self) -> int | None:
        return self.employee.pk if self.employee else None


ANONYMOUS = Actor(user_id=None)


def get_actor(user: User) -> Actor:
    """The Actor for a user, cached on the user object for the request and, between
    requests, in the shared cache under the access version (``access_changed``)."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_wfa_actor", None)
    if cached is None:
        cached = _cached_actor(user)
        user._wfa_actor = cached
    return cached


def _load_actor(user: User) -> Actor:
    ids: dict[str, set[int]] = {kind: set() for kind in Role.Kind.values}
    for kind, agency_id, unit_id in Role.objects.filter(user=user).values_list(
        "kind", "agency_id", "unit_id"
    ):
        ids[kind].add(agency_id or unit_id)
    employee = (
        Employee.objects.select_related("unit", "unit__agency")
        .filter(user=user, active=True)
        .first()
    )
    return Actor(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        admin_agency_ids=frozenset(ids[Role.Kind.BKPSDM_ADMIN]),
        inspector_agency_ids=frozenset(ids[Role.Kind.INSPECTOR]),
        head_unit_ids=frozenset(ids[Role.Kind.OPD_HEAD]),
        operator_unit_ids=frozenset(ids[Role.Kind.OPERATOR]),
        employee=employee,
    )


# --- roles and scopes cached across requests ----------------------------------------
#
# A login's roles and employee record are kept in the shared cache under one access
# version (wfa_portal.soft_cache.versioned). Any change to a role, an employee, a unit
# or an agency (the signals of organizations/apps.py; ``access_changed`` where rows are
# written in bulk) gives the version a new value, at once and again on commit, so the
# very next request reads the rows: a revoked role is never served from the cache.
# Reads inside a service's transaction go to the rows and are never stored. The
# superuser flag comes from the user row the request loaded anyway, never the cache.

ACCESS_VERSION_KEY = "wfa:access:version"
ACCESS_CACHE_SECONDS = 600


def access_changed() -> None:
    """Roles, employees, units or agencies changed: every cached Actor is stale now and
    again once the transaction commits (an Actor another request read from the rows
    before the commit is dropped)."""
    if settings.CACHE_FIGURES:
        new_access_version()
        transaction.on_commit(new_access_version)


def access_changed_signal(sender, instance, **kwargs) -> None:
    """A role, employee, unit or agency saved or deleted anywhere (the admin included)."""
    access_changed()


def new_access_version() -> None:
    new_versions([ACCESS_VERSION_KEY])


def _cached_actor(user: User) -> Actor:
    if in_service_transaction():
        actor = _load_actor(user)
    else:
        actor = versioned(
            ACCESS_VERSION_KEY,
            f"wfa:access:actor:{user.pk}",
            lambda: _load_actor(user),
            ACCESS_CACHE_SECONDS,
        )
    if actor.is_superuser != user.is_superuser:
        actor = replace(actor, is_superuser=user.is_superuser)
    return actor


# --- Agencies -----------------------------------------------------------------


def agencies_for_admin(user: User) -> QuerySet[Agency]:
    """Agencies whose data this login administers (BKPSDM admin)."""
    actor = get_actor(user)
    if actor.is_superuser:
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=actor.admin_agency_ids)


def administers_any(user: User) -> bool:
    """Whether this login is a BKPSDM admin somewhere (or a superuser)."""
    actor = get_actor(user)
    return actor.is_authenticated and (actor.is_superuser or actor.is_admin)


def agency_for_admin(user: User, agency_id: int) -> Agency:
    return get_in_scope(agencies_for_admin(user), agency_id)


def agencies_for_oversight(user: User) -> QuerySet[Agency]:
    """Agencies this login monitors: BKPSDM admins and inspectors."""
    actor = get_actor(user)
    if actor.is_superuser:
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=actor.oversight_agency_ids)


def agency_for_oversight(user: User, agency_id: object) -> Agency:
    """An agency this login monitors (BKPSDM admin or inspector): its dashboard,
    attendance, daily figure and standing-work monitoring; else 404.

    With the shared cache on, the scope is the cached Actor's (as every helper here
    reads it) and the agency's row comes from the cache under the access version,
    which any change to an agency gives a new value (#18)."""
    if not settings.CACHE_FIGURES or in_service_transaction():
        return get_in_scope(agencies_for_oversight(user), agency_id)
    actor = get_actor(user)
    number = parse_id(agency_id)
    if number is None or not (actor.is_superuser or number in actor.oversight_agency_ids):
        raise Http404
    agency = versioned(
        ACCESS_VERSION_KEY,
        f"wfa:access:agency:{number}",
        lambda: Agency.objects.filter(pk=number).first(),
        ACCESS_CACHE_SECONDS,
    )
    if agency is None:
        raise Http404
    return agency


# --- Units (OPDs) -------------------------------------------------------------


def opd_for_head(user: User, unit_id: int) -> Unit:
    """The OPD, if this login heads it (operators may not delegate further); else 404."""
    actor = get_actor(user)
    opds = Unit.objects.opds()
    if not actor.is_superuser:
        opds = opds.filter(pk__in=actor.head_unit_ids)
    return get_in_scope(opds.select_related("agency"), unit_id)


def units_visible_to(user: User) -> QuerySet[Unit]:
    """Units (OPDs and sub-units) this login may read."""
    actor = get_actor(user)
    if actor.is_superuser:
        return Unit.objects.all()
    own = actor.roster_unit_ids
    scope = Q(agency_id__in=actor.oversight_agency_ids) | Q(pk__in=own) | Q(parent_id__in=own)
    if actor.employee is not None:
        scope |= Q(pk=actor.employee.unit_id)
    return Unit.objects.filter(scope)


def units_for_admin(user: User) -> QuerySet[Unit]:
    """Units (OPDs and sub-units) of the agencies this login administers."""
    actor = get_actor(user)
    if actor.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(agency_id__in=actor.admin_agency_ids)


def unit_visible_to(user: User, unit_id: int) -> Unit:
    return get_in_scope(units_visible_to(user), unit_id)


# --- Employees ----------------------------------------------------------------


def employees_visible_to(user: User) -> QuerySet[Employee]:
    """Employees this login may read: an employee sees only themself."""
    actor = get_actor(user)
    if actor.is_superuser:
        return Employee.objects.all()
    own = actor.roster_unit_ids
    scope = (
        Q(unit__agency_id__in=actor.oversight_agency_ids)
        | Q(unit_id__in=own)
        | Q(unit__parent_id__in=own)
    )
    if actor.employee is not None:
        scope |= Q(pk=actor.employee.pk)
    return Employee.objects.filter(scope)


def employees_for_admin(user: User) -> QuerySet[Employee]:
    """Employees whose records this login may change (BKPSDM admin of their agency)."""
    actor = get_actor(user)
    if actor.is_superuser:
        return Employee.objects.all()
    return Employee.objects.filter(unit__agency_id__in=actor.admin_agency_ids)


def employee_for_admin(user: User, employee_id: object) -> Employee:
    """An employee of the admin's agency (their record, sanctions, circumstances), or 404."""
    return get_in_scope(employees_for_admin(user).select_related("unit__agency"), employee_id)


def employee_visible_to(user: User, employee_id: int) -> Employee:
    return get_in_scope(employees_visible_to(user).select_related("unit"), employee_id)


def get_in_scope(queryset: QuerySet, pk: object):
    """The row with this id inside the scope, or 404: a guessed or garbage id reveals nothing."""
    number = parse_id(pk)
    if number is None:
        raise Http404
    try:
        return queryset.get(pk=number)
    except queryset.model.DoesNotExist:
        raise Http404 from None


# --- Logins (accounts) --------------------------------------------------------


def accounts_of_agencies(agency_ids) -> QuerySet[User]:
    """Logins that belong to these agencies: through their employee record or a role there.

    A superuser's login belongs to no agency, whatever rows point at it: no
    agency's admin may list, change or deactivate it.
    """
    roles = roles_of_agencies(agency_ids)
    return User.objects.filter(
        Q(employee__unit__agency_id__in=agency_ids) | Q(pk__in=roles.values("user_id")),
        is_superuser=False,
    )


def roles_of_agencies(agency_ids) -> QuerySet[Role]:
    """Roles held in these agencies: for the agency, or for one of its units."""
    return Role.objects.filter(Q(agency_id__in=agency_ids) | Q(unit__agency_id__in=agency_ids))


def roles_for_admin(user: User) -> QuerySet[Role]:
    """Roles a BKPSDM admin sees and may revoke: those within the agencies they administer."""
    actor = get_actor(user)
    if actor.is_superuser:
        return Role.objects.all()
    return roles_of_agencies(actor.admin_agency_ids)


def accounts_for_admin(user: User) -> QuerySet[User]:
    """Logins a BKPSDM admin manages: those of the agencies they administer."""
    actor = get_actor(user)
    if actor.is_superuser:
        return User.objects.all()
    return accounts_of_agencies(actor.admin_agency_ids)


def account_for_admin(user: User, account_id: int) -> User:
    return get_in_scope(accounts_for_admin(user), account_id)
