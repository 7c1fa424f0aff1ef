"""Who may see and change rosters: the one scoping helper for the resource.

Heads and operators fill the rosters of their OPDs; BKPSDM admins oversee the
rosters of their agency's OPDs. Anything outside a login's scope answers 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from organizations.access import get_actor, get_in_scope, opd_for_roster, opds_for_roster
from organizations.models import Unit, User

from .models import Roster


def roster_opds_for(user: User) -> QuerySet[Unit]:
    """OPDs whose weekly rosters this login fills (head or operator)."""
    return opds_for_roster(user)


def roster_opd_for(user: User, unit_id: object) -> Unit:
    """The OPD, if this login fills its rosters; else 404."""
    return opd_for_roster(user, unit_id)


def can_oversee_rosters(user: User) -> bool:
    actor = get_actor(user)
    return actor.is_superuser or actor.is_admin


def rosters_for_oversight(user: User) -> QuerySet[Roster]:
    """Rosters a BKPSDM admin decides on: those of their agency's OPDs."""
    actor = get_actor(user)
    if actor.is_superuser:
        return Roster.objects.all()
    return Roster.objects.filter(unit__agency_id__in=actor.admin_agency_ids)


def roster_for_oversight(user: User, roster_id: object) -> Roster:
    return get_in_scope(
        rosters_for_oversight(user).select_related("unit", "unit__agency"), roster_id
    )


def opds_for_sharing(user: User) -> QuerySet[Unit]:
    """OPDs whose roster this login may read and share: the OPD's own head and operators,
    and the BKPSDM admins of its agency (not inspectors, not other OPDs)."""
    actor = get_actor(user)
    if actor.is_superuser:
        return Unit.objects.opds()
    return Unit.objects.opds().filter(
        Q(pk__in=actor.roster_unit_ids) | Q(agency_id__in=actor.admin_agency_ids)
    )


def opd_for_sharing(user: User, unit_id: object) -> Unit:
    """The OPD, if this login may share its roster; else 404."""
    return get_in_scope(opds_for_sharing(user).select_related("agency"), unit_id)
