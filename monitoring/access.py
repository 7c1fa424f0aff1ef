"""Who may watch what: one scoping helper per monitoring resource.

Reading (the dashboard, reports, exports) belongs to the agency's BKPSDM admins
and inspectors (``agencies_for_oversight``). Reminding OPDs is BKPSDM's job
alone; recording attendance is shared by BKPSDM and the inspectorate. Anything
outside a login's scope answers 404.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from circulars.governing import (
    POLICY_CACHE_SECONDS,
    POLICY_VERSION_KEY,
    agency_chain,
    national_circulars_reaching,
)
from circulars.models import Circular
from organizations.access import (
    ACCESS_VERSION_KEY,
    agencies_for_oversight,
    agency_for_oversight,
    get_actor,
    get_in_scope,
)
from organizations.models import Agency, Unit, User
from wfa_portal.converters import parse_id
from wfa_portal.soft_cache import in_service_transaction, versioned_by

from .models import AttendanceCheck, AttendanceImport


def may_monitor(user: User) -> bool:
    """Whether this login watches any agency (BKPSDM admin or inspector)."""
    actor = get_actor(user)
    return actor.is_superuser or bool(actor.oversight_agency_ids)


def require_monitoring(user: User) -> None:
    """403 for a login that watches no agency: the monitoring pages are not theirs."""
    if not may_monitor(user):
        raise PermissionDenied


def may_remind(user: User, agency: Agency) -> bool:
    """Reminding the agency's OPDs is its BKPSDM admins' job (inspectors read only)."""
    actor = get_actor(user)
    return actor.is_superuser or agency.pk in actor.admin_agency_ids


def opd_for_attendance(user: User, unit_id: object) -> Unit:
    """An OPD of an agency this login records attendance for; else 404."""
    unit = get_in_scope(
        Unit.objects.opds().filter(agency__in=agencies_for_oversight(user)), unit_id
    )
    agency = agency_for_oversight(user, unit.agency_id)
    return opd_of_agency(agency, unit.pk)


def circulars_for_agency(agency: Agency) -> QuerySet[Circular]:
    """Published (or since ended) circulars that govern the agency: its own, its
    ancestors' that apply to the agencies below them, and a ministry's that reaches it
    by address (``circulars.governing`` decides the reach)."""
    ancestors = [a.pk for a in agency_chain(agency)[1:]]
    issued = Circular.objects.exclude(status=Circular.Status.DRAFT)
    national = national_circulars_reaching(agency, issued)
    return issued.filter(
        Q(agency=agency)
        | Q(agency_id__in=ancestors, applies_to_subordinates=True)
        | Q(pk__in=national)
    )


def circular_for_agency(agency: Agency, circular_id: object) -> Circular:
    """One of ``circulars_for_agency``, else 404. With the shared cache on, the answer
    (the circular with its agency, or none) is read from it (#18): it depends on the
    circulars, their addresses and reach (policy version) and on the agency and its
    parents (access version), and any change to either is stale at once."""
    if not settings.CACHE_FIGURES or in_service_transaction():
        return get_in_scope(circulars_for_agency(agency).select_related("agency"), circular_id)
    number = parse_id(circular_id)
    if number is None:
        raise Http404
    circular = versioned_by(
        [POLICY_VERSION_KEY, ACCESS_VERSION_KEY],
        f"wfa:monitoring:circular-of:{agency.pk}:{number}",
        lambda: circulars_for_agency(agency).select_related("agency").filter(pk=number).first(),
        POLICY_CACHE_SECONDS,
    )
    if circular is None:
        raise Http404
    return circular


def opds_for_monitoring(user: User) -> QuerySet[Unit]:
    """OPDs whose rosters this login may read here: the agency's watchers, and the
    OPD's own head and operators."""
    actor = get_actor(user)
    if actor.is_superuser:
        return Unit.objects.opds()
    return Unit.objects.opds().filter(
        Q(agency_id__in=actor.oversight_agency_ids) | Q(pk__in=actor.roster_unit_ids)
    )


def opd_for_monitoring(user: User, unit_id: object) -> Unit:
    return get_in_scope(opds_for_monitoring(user).select_related("agency"), unit_id)


def opd_of_agency(agency: Agency, unit_id: object) -> Unit:
    return get_in_scope(Unit.objects.opds().filter(agency=agency), unit_id)


def check_of_agency(agency: Agency, check_id: object) -> AttendanceCheck:
    return get_in_scope(
        AttendanceCheck.objects.filter(unit__agency=agency).select_related("unit", "checked_by"),
        check_id,
    )


def import_of_agency(agency: Agency, import_id: object) -> AttendanceImport:
    return get_in_scope(AttendanceImport.objects.filter(agency=agency), import_id)
