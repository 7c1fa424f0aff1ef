"""Who may see and change standing flexible work: policies, arrangements, applications,
recalls. Built on ``organizations.access``; anything outside a scope answers 404.

- A standing policy is BKPSDM's: the admins of its agency draft, publish and end it.
  Published (and ended) policies are public documents.
- An employee's arrangement and application are decided by the head of their OPD;
  a head's own by BKPSDM of the agency. Nobody decides their own.
- A head recalls the staff of their OPD (never themself); the employee confirms
  their own recall; the head and BKPSDM see the recalls.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from organizations.access import get_actor, get_in_scope
from organizations.models import Agency, Employee, Role, Unit, User
from schedules.requests.selectors import requester_is_head

from .models import Application, Arrangement, Recall, StandingPolicy, WorkTarget

# --- policies ---------------------------------------------------------------------------


def policies_for_admin(user: User) -> QuerySet[StandingPolicy]:
    actor = get_actor(user)
    if actor.is_superuser:
        return StandingPolicy.objects.all()
    return StandingPolicy.objects.filter(agency_id__in=actor.admin_agency_ids)


def policy_for_admin(user: User, pk: object) -> StandingPolicy:
    return get_in_scope(policies_for_admin(user).select_related("agency"), pk)


def public_policies() -> QuerySet[StandingPolicy]:
    return StandingPolicy.objects.governing()


def public_policy(pk: object) -> StandingPolicy:
    return get_in_scope(public_policies().select_related("agency"), pk)


# --- the deciders ---------------------------------------------------------------------


def is_opd_head(employee: Employee) -> bool:
    """Whether the employee holds the head role of the OPD they work in."""
    if employee.user_id is None:
        return False
    opd_id = employee.unit.parent_id or employee.unit_id
    return Role.objects.filter(
        kind=Role.Kind.OPD_HEAD, user_id=employee.user_id, unit_id=opd_id
    ).exists()


def may_decide(user: User, employee: Employee) -> bool:
    """May this login decide the employee's arrangement or application (or recall them)?

    Never their own; a head's by BKPSDM of the agency only; anyone else's by the
    heads of their OPD and BKPSDM."""
    actor = get_actor(user)
    if not actor.is_authenticated:
        return False
    if employee.user_id == actor.user_id or employee.pk == actor.employee_id:
        return False
    if actor.is_superuser or employee.unit.agency_id in actor.admin_agency_ids:
        return True
    opd_id = employee.unit.parent_id or employee.unit_id
    return opd_id in actor.head_unit_ids and not is_opd_head(employee)


def require_decider(user: User, employee: Employee) -> None:
    if not may_decide(user, employee):
        raise PermissionDenied


def opd_for_decider(user: User, unit_id: object) -> Unit:
    """An OPD whose staff's arrangements this login decides: one it heads (not one it
    only operates), or one of an agency it administers (BKPSDM); else 404."""
    actor = get_actor(user)
    units = Unit.objects.opds().select_related("agency")
    if not actor.is_superuser:
        units = units.filter(
            Q(pk__in=actor.head_unit_ids) | Q(agency_id__in=actor.admin_agency_ids)
        )
    return get_in_scope(units, unit_id)


def staff_of(opd: Unit) -> QuerySet[Employee]:
    return Employee.objects.of_opd(opd.pk).active()


def decidable_staff(user: User, opd: Unit) -> QuerySet[Employee]:
    """The OPD's active staff whose arrangement this login may decide."""
    actor = get_actor(user)
    staff = staff_of(opd).exclude(pk=actor.employee_id or 0).exclude(user_id=user.pk)
    if actor.is_superuser or opd.agency_id in actor.admin_agency_ids:
        return staff
    return staff.alias(head=_is_head()).filter(head=False)


def employee_for_decider(user: User, opd: Unit, employee_id: object) -> Employee:
    return get_in_scope(decidable_staff(user, opd).select_related("unit"), employee_id)


def _is_head():
    from django.db.models import Exists, OuterRef

    return Exists(
        Role.objects.filter(kind=Role.Kind.OPD_HEAD, user_id=OuterRef("user_id")).filter(
            Q(unit_id=OuterRef("unit_id")) | Q(unit_id=OuterRef("unit__parent_id"))
        )
    )


# --- applications ------------------------------------------------------------------------


def _of_opd(opd: Unit) -> Q:
    return Q(employee__unit_id=opd.pk) | Q(employee__unit__parent_id=opd.pk)


def queue_for_opd(user: User, opd: Unit) -> QuerySet[Application]:
    """Pending applications the OPD's head decides: its staff's, not its heads', not own."""
    return (
        Application.objects.pending()
        .filter(_of_opd(opd))
        .exclude(employee__user_id=user.pk)
        .alias(by_head=requester_is_head())
        .filter(by_head=False)
    )


def queue_for_agency(user: User, agency: Agency) -> QuerySet[Application]:
    """Pending applications of the agency's OPD heads: BKPSDM decides them."""
    return (
        Application.objects.pending()
        .filter(employee__unit__agency=agency)
        .exclude(employee__user_id=user.pk)
        .alias(by_head=requester_is_head())
        .filter(by_head=True)
    )


def applications_for_decider(user: User) -> QuerySet[Application]:
    """Every application this login may decide: its OPDs' staff (not heads), and as
    BKPSDM its agencies' heads and staff. Never its own."""
    actor = get_actor(user)
    rows = Application.objects.exclude(employee__user_id=user.pk).exclude(
        employee_id=actor.employee_id or 0
    )
    if actor.is_superuser:
        return rows
    by_head = Q(employee__unit_id__in=actor.head_unit_ids) | Q(
        employee__unit__parent_id__in=actor.head_unit_ids
    )
    return rows.alias(by_head_row=requester_is_head()).filter(
        Q(employee__unit__agency_id__in=actor.admin_agency_ids) | (by_head & Q(by_head_row=False))
    )


def application_for_decider(user: User, pk: object) -> Application:
    return get_in_scope(
        applications_for_decider(user).select_related("employee__unit", "employee__user", "policy"),
        pk,
    )


def my_employee(user: User) -> Employee:
    employee = get_actor(user).employee
    if employee is None:
        raise PermissionDenied
    return employee


def my_applications(user: User) -> QuerySet[Application]:
    return Application.objects.filter(employee=my_employee(user))


def my_application(user: User, pk: object) -> Application:
    return get_in_scope(my_applications(user).select_related("policy"), pk)


# --- work-plan targets ----------------------------------------------------------------------


def my_target(user: User, pk: object) -> WorkTarget:
    """A target of the login's own application (the employee reports its result)."""
    return get_in_scope(
        WorkTarget.objects.filter(application__employee=my_employee(user)).select_related(
            "application__policy", "reviewed_by"
        ),
        pk,
    )


def targets_for_decider(user: User) -> QuerySet[WorkTarget]:
    """Targets of the applications this login decides: it reviews them (never its own)."""
    return WorkTarget.objects.filter(application__in=applications_for_decider(user).values("pk"))


def target_for_decider(user: User, pk: object) -> WorkTarget:
    return get_in_scope(
        targets_for_decider(user).select_related(
            "application__employee__unit", "application__employee__user", "reviewed_by"
        ),
        pk,
    )


def targets_awaiting_review(user: User) -> QuerySet[WorkTarget]:
    """Reported targets of approved applications this login reviews, not yet reviewed."""
    return targets_for_decider(user).filter(
        application__status=Application.Status.APPROVED,
        reported_at__isnull=False,
        met__isnull=True,
    )


def arrangements_visible_to(user: User) -> QuerySet[Arrangement]:
    """Arrangements this login may read: its own, its OPDs', its agencies' (BKPSDM)."""
    actor = get_actor(user)
    if not actor.is_authenticated:
        return Arrangement.objects.none()
    if actor.is_superuser:
        return Arrangement.objects.all()
    heads = actor.head_unit_ids
    return Arrangement.objects.filter(
        Q(employee__unit__agency_id__in=actor.admin_agency_ids)
        | Q(employee__unit_id__in=heads)
        | Q(employee__unit__parent_id__in=heads)
        | Q(employee_id=actor.employee_id or 0)
    )


# --- recalls ---------------------------------------------------------------------------


def recalls_visible_to(user: User) -> QuerySet[Recall]:
    actor = get_actor(user)
    if not actor.is_authenticated:
        return Recall.objects.none()
    if actor.is_superuser:
        return Recall.objects.all()
    heads = actor.head_unit_ids
    return Recall.objects.filter(
        Q(employee__unit__agency_id__in=actor.admin_agency_ids)
        | Q(employee__unit_id__in=heads)
        | Q(employee__unit__parent_id__in=heads)
        | Q(employee_id=actor.employee_id or 0)
    )


def recalls_of_opd(user: User, opd: Unit) -> QuerySet[Recall]:
    return recalls_visible_to(user).filter(_of_opd(opd))


def my_recall(user: User, pk: object) -> Recall:
    return get_in_scope(Recall.objects.filter(employee=my_employee(user)), pk)
