"""Who may see and change rosters: the one scoping helper for the resource.

Heads and operators fill the rosters of their OPDs; BKPSDM admins oversee the
rosters of their agency's OPDs. Anything outside a login's scope answers 404.
Pages and the API ask the same functions.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from organizations.access import get_actor, get_in_scope
from organizations.models import Unit, User

from ..models import Roster


def roster_opds_for(user: User) -> QuerySet[Unit]:
    """OPDs whose weekly rosters this login fills (head or operator)."""
    actor = get_actor(user)
    if actor.is_superuser:
        return Unit.objects.opds()
    return Unit.objects.opds().filter(pk__in=actor.roster_unit_ids)


def roster_opd_for(user: User, unit_id: object) -> Unit:
    """The OPD, if this login fills its rosters; else 404."""
    return get_in_scope(roster_opds_for(user).select_related("agency"), unit_id)


def can_oversee_rosters(user: User) -> bool:
    actor = get_actor(user)
    return actor.is_superuser or actor.is_admin


def may_oversee_opd(user: User, opd: Unit) -> bool:
    """Whether this login decides on the OPD's rosters (BKPSDM admin of its agency)."""
    actor = get_actor(user)
    return actor.is_superuser or opd.agency_id in actor.admin_agency_ids


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


def roster_week_for_oversight(user: User, unit_id: object, week_start: date) -> Roster:
    """The week of an OPD this BKPSDM admin decides on; else 404."""
    roster = (
        rosters_for_oversight(user)
        .select_related("unit", "unit__agency")
        .filter(unit_id=unit_id, week_start=week_start)
        .first()
    )
    if roster is None:
        raise Http404
    return roster


def opd_for_roster_reading(user: User, unit_id: object, week_start: date) -> Unit:
    """The OPD if this login fills its rosters, or oversees this week of it; else 404."""
    try:
        return roster_opd_for(user, unit_id)
    except Http404:
        return roster_week_for_oversight(user, unit_id, week_start).unit


def opds_for_head_or_admin(user: User) -> QuerySet[Unit]:
    """OPDs this login fills (head or operator), or of the agencies it administers
    (BKPSDM); not inspectors, not other OPDs. Reading and sharing a roster, the
    acknowledgements of its staff, and their revocations are theirs."""
    actor = get_actor(user)
    if actor.is_superuser:
        return Unit.objects.opds()
    return Unit.objects.opds().filter(
        Q(pk__in=actor.roster_unit_ids) | Q(agency_id__in=actor.admin_agency_ids)
    )


def opd_for_head_or_admin(user: User, unit_id: object) -> Unit:
    """The OPD, if this login fills it or administers its agency; else 404."""
    return get_in_scope(opds_for_head_or_admin(user).select_related("agency"), unit_id)
